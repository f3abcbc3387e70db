import { Struct, type JavaScriptValue } from "google-protobuf/google/protobuf/struct_pb";

/**
 * Property values as the engine and a provider exchange them in gRPC Structs. The provider says
 * it accepts secrets, so a secret arrives as an object carrying Pulumi's secret signature, and a
 * secret output is sent back the same way.
 */

/** The key and value that mark an object as a Pulumi special value (sdk/go/common/resource/sig). */
const SIGNATURE_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIGNATURE = "1b47061264138c4ac30d75fd1eb44270";

export type Props = Record<string, unknown>;

function isSecret(value: unknown): value is { value: unknown } {
  return (
    typeof value === "object" &&
    value !== null &&
    (value as Record<string, unknown>)[SIGNATURE_KEY] === SECRET_SIGNATURE
  );
}

/** `value` marked secret. */
export function secret(value: unknown): Props {
  return isSecret(value) ? value : { [SIGNATURE_KEY]: SECRET_SIGNATURE, value };
}

/** `value` with every secret replaced by what it holds: the implementation sees plain values. */
export function reveal(value: unknown): unknown {
  if (isSecret(value)) return reveal(value.value);
  if (Array.isArray(value)) return value.map(reveal);
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, reveal(item)]));
  }
  return value;
}

function containsSecret(value: unknown): boolean {
  if (isSecret(value)) return true;
  if (typeof value !== "object" || value === null) return false;
  return Object.values(value).some(containsSecret);
}

/**
 * `outs` with each property that was secret (or held a secret) in `ins` marked secret again, as
 * the engine does for providers that do not accept secrets: a secret input stays secret in the
 * outputs and in the inputs that check or read return.
 */
export function keepSecrets(outs: Props, ...ins: (Props | undefined)[]): Props {
  const result: Props = { ...outs };
  for (const source of ins) {
    for (const [key, value] of Object.entries(source ?? {})) {
      if (key in result && containsSecret(value)) result[key] = secret(reveal(result[key]));
    }
  }
  return result;
}

/** A Struct from a plain object; `undefined` values are left out (a Struct cannot hold them). */
export function toStruct(value: object): Struct {
  return Struct.fromJavaScript(
    JSON.parse(JSON.stringify(value)) as Record<string, JavaScriptValue>,
  );
}

/** The plain object of a Struct, secrets still marked. */
export function fromStruct(struct: Struct | undefined): Props {
  return struct ? (struct.toJavaScript() as Props) : {};
}
