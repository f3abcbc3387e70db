import { isPlainObject } from "../link/plain-object";
import { LINK_FIELDS } from "../link/fields";
import { closestMatch } from "../link/suggest";
import type { YamlPath } from "./locate";

/** The inputs a links file's `defaults` may give: every input but `adoptRefId`. */
const DEFAULTABLE_FIELDS = LINK_FIELDS.filter((field) => field !== "adoptRefId");

type Inputs = Record<string, unknown>;

/**
 * The inputs `defaults` gives every link, and the inputs its misspelled keys were meant to
 * give. Each misspelled key is reported once, here; the links go on without it.
 */
export function readDefaults(
  given: unknown,
  report: (path: YamlPath, message: string) => void,
): { known: Inputs; meant: Set<string> } {
  const known: Inputs = {};
  const meant = new Set<string>();
  if (!isPlainObject(given)) {
    report(["defaults"], "defaults: must be a map of link inputs");
    return { known, meant };
  }
  for (const [key, value] of Object.entries(given)) {
    if ((DEFAULTABLE_FIELDS as string[]).includes(key)) known[key] = value;
    else {
      report(["defaults", key], `defaults.${key}: ${unknownKey(key, DEFAULTABLE_FIELDS)}`);
      const suggestion = closestMatch(key, DEFAULTABLE_FIELDS);
      if (suggestion) meant.add(suggestion);
    }
  }
  return { known, meant };
}

/** An unknown key's message: the key meant, or the keys allowed. */
export function unknownKey(key: string, allowed: readonly string[]): string {
  const suggestion = closestMatch(key, allowed);
  return suggestion
    ? `"${key}" is not a known key; did you mean "${suggestion}"?`
    : `"${key}" is not a known key; allowed: ${allowed.join(", ")}`;
}
