/**
 * Values the Pulumi engine puts among a link's inputs and outputs, beside the link's own.
 */

/** The value Pulumi sends in preview for an input that is not known yet. */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/**
 * The property under which `pulumi.dynamic.Resource` stores the serialized provider, in the
 * inputs and the outputs of every resource; a partially created resource must carry it too.
 */
export const PROVIDER_KEY = "__provider";

/** Pulumi nests inputs only a few levels deep; deeper values are invalid anyway. */
const MAX_UNKNOWN_DEPTH = 8;

/** True when `value` holds Pulumi's placeholder for a value not known yet, at any depth. */
export function containsUnknown(value: unknown, depth = 0): boolean {
  if (value === UNKNOWN) return true;
  if (depth >= MAX_UNKNOWN_DEPTH || !value || typeof value !== "object") return false;
  return Object.values(value).some((item) => containsUnknown(item, depth + 1));
}

/**
 * Where `SmileLink` puts its resource key (`project/stack/name`, from which a create derives
 * its marker) among the inputs. Pulumi treats `__`-prefixed keys as internal and leaves them
 * out of every diff it shows, so the key never appears as a changed property.
 */
export const RESOURCE_KEY = "__resourceKey";

/**
 * The name versions up to 0.1.0 used: their stacks hold it among the stored inputs, and check
 * keeps that name for them, so that the key shows no change either.
 */
export const LEGACY_RESOURCE_KEY = "resourceKey";

/** The resource key among a resource's props, under either name. */
export function resourceKeyIn(props: Record<string, unknown> | undefined): string | undefined {
  const value = props?.[RESOURCE_KEY] ?? props?.[LEGACY_RESOURCE_KEY];
  return typeof value === "string" ? value : undefined;
}

/**
 * Inputs as the engine sends them to create and update, with the resource key under the one
 * name the lifecycle reads (`resourceKey`), whichever name the stack stores it under.
 */
export function withResourceKey<T extends object>(inputs: T): T {
  const { [RESOURCE_KEY]: _internal, ...rest } = inputs as Record<string, unknown>;
  const key = resourceKeyIn(inputs as Record<string, unknown>);
  return (key === undefined ? rest : { ...rest, [LEGACY_RESOURCE_KEY]: key }) as T;
}
