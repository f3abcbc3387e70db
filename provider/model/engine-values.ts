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
