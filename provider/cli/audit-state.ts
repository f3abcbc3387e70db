import { LINK_FIELDS, type LinkField } from "../link/fields";
import { UsageError } from "./usage-error";
import { LINK_TYPES } from "../link/type-tokens";

/** How a `pulumi stack export` marks a secret value (sdk/go/common/resource/sig). */
export const SECRET_SIGNATURE_KEY = "4dabf18193072939515e22adb298388d";

/** A link that a stack holds, as its state records it. */
export interface HeldLink {
  stack: string;
  /** The resource name: the last `::` part of its URN. */
  resource: string;
  type: string;
  refId: string;
  /**
   * The link's inputs as its outputs record them. Fields stored as secrets are left out: their
   * value is never read, so it can be neither compared nor shown.
   */
  inputs: Partial<Record<LinkField, unknown>>;
  /** Inputs stored as secrets, left out of `inputs`. */
  secretFields: LinkField[];
  /** Where the link lives; undefined when the state does not say (or says it as a secret). */
  apiUrl?: string;
  partnerId?: string;
}

/** True when a value, or anything inside it, is a secret of a stack export. */
export function containsSecret(value: unknown): boolean {
  if (!value || typeof value !== "object") return false;
  if (SECRET_SIGNATURE_KEY in value) return true;
  return Object.values(value).some(containsSecret);
}

/** The stack name in a resource URN, `urn:pulumi:STACK::PROJECT::TYPE::NAME`. */
function urnStack(urn: string): string | undefined {
  return /^urn:pulumi:([^:]+)::/.exec(urn)?.[1];
}

interface ExportedResource {
  type?: unknown;
  id?: unknown;
  urn?: unknown;
  outputs?: unknown;
  delete?: unknown;
}

/**
 * The links that one `pulumi stack export` holds. `source` names the export in messages;
 * `stack` is the stack's name when the caller knows it (`--stack`), else each link's URN
 * says it, else `fallbackStack` does (a state file's name). Resources left pending deletion
 * by a replacement are not held.
 */
export function heldLinks(
  document: unknown,
  source: string,
  stack?: string,
  fallbackStack: string = source,
): HeldLink[] {
  const deployment = (document as { deployment?: unknown } | null)?.deployment;
  if (!deployment || typeof deployment !== "object") {
    throw new UsageError(
      `${source}: not a stack export (no "deployment" object); write one with pulumi stack export`,
    );
  }
  const resources = (deployment as { resources?: unknown }).resources ?? [];
  if (!Array.isArray(resources)) {
    throw new UsageError(`${source}: deployment.resources must be a list`);
  }
  return (resources as ExportedResource[])
    .filter((resource) => typeof resource?.type === "string" && LINK_TYPES.includes(resource.type))
    .filter((resource) => resource.delete !== true)
    .map((resource) => toHeldLink(resource, source, stack, fallbackStack));
}

function toHeldLink(
  resource: ExportedResource,
  source: string,
  stack: string | undefined,
  fallbackStack: string,
): HeldLink {
  const urn = typeof resource.urn === "string" ? resource.urn : "";
  const outputs = (resource.outputs ?? {}) as Record<string, unknown>;
  const refId = typeof resource.id === "string" && resource.id ? resource.id : outputs.refId;
  if (typeof refId !== "string" || refId === "") {
    throw new UsageError(`${source}: resource ${urn || "(no urn)"} has no id`);
  }
  const inputs: HeldLink["inputs"] = {};
  const secretFields: LinkField[] = [];
  for (const field of LINK_FIELDS) {
    const value = outputs[field];
    if (containsSecret(value)) secretFields.push(field);
    else if (value !== undefined && value !== null) inputs[field] = value;
  }
  const plain = (value: unknown) => (typeof value === "string" && value !== "" ? value : undefined);
  return {
    stack: stack ?? urnStack(urn) ?? fallbackStack,
    resource: urn.split("::").pop() || refId,
    type: String(resource.type),
    refId,
    inputs,
    secretFields,
    apiUrl: plain(outputs.apiUrl),
    partnerId: plain(outputs.partnerId),
  };
}
