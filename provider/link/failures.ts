import type { z } from "zod";
import { closestMatch } from "./suggest";

/** A rule broken by one property, the shape Pulumi's `check` reports. */
export interface Failure {
  /** Property path such as `idTypes[1].verificationMethod`. */
  property: string;
  reason: string;
}

function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const part of path) {
    if (typeof part === "number") out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out;
}

/**
 * A value as a message shows it: strings quoted (long ones cut), others by kind. Link inputs
 * hold no secret (the API key is provider config, never an input), so values are shown as given.
 */
export function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "string") {
    const shown = value.length > 80 ? `${value.slice(0, 80)}...` : value;
    return JSON.stringify(shown);
  }
  if (typeof value === "object") return "an object";
  return `${typeof value} ${String(value)}`;
}

/** Zod's default message for issues whose schema gave none: what is allowed and what was given. */
export function defaultIssueMessage(issue: z.core.$ZodRawIssue): string {
  switch (issue.code) {
    case "invalid_type":
      return issue.input === undefined
        ? "is required"
        : `must be ${article(issue.expected)}; got ${describe(issue.input)}`;
    case "invalid_value":
      return `must be one of ${issue.values.join(", ")}; got ${describe(issue.input)}`;
    case "too_small":
      return issue.origin === "array"
        ? `must have at least ${issue.minimum} item(s)`
        : `must be at least ${issue.minimum} long`;
    case "too_big":
      return issue.origin === "array"
        ? `must have at most ${issue.maximum} items`
        : `must be at most ${issue.maximum} characters`;
    default:
      return "is not valid";
  }
}

function article(expected: string): string {
  return /^[aeiou]/.test(expected) ? `an ${expected}` : `a ${expected}`;
}

/** The value at a path of the inputs as given; undefined where there is none. */
function valueAt(raw: unknown, path: readonly PropertyKey[]): unknown {
  let value = raw;
  for (const part of path) {
    if (typeof value !== "object" || value === null || !Object.hasOwn(value, part))
      return undefined;
    value = (value as Record<PropertyKey, unknown>)[part];
  }
  return value;
}

/** What was given, for a message that does not say it yet: the value, or its size. */
function given(issue: z.core.$ZodIssue, raw: unknown): string {
  const value = valueAt(raw, issue.path);
  if (value === undefined) return "";
  // "must not be empty" says it all of an empty value.
  if (value === "") return "";
  if (issue.code === "too_big" || issue.code === "too_small") {
    if (typeof value === "string" && issue.code === "too_big") {
      return `; got ${value.length} characters`;
    }
    if (Array.isArray(value)) {
      return value.length === 0 ? "; got an empty list" : `; got ${value.length} item(s)`;
    }
    if (typeof value === "object" && value !== null) {
      return `; got ${Object.keys(value).length} keys`;
    }
  }
  return `; got ${describe(value)}`;
}

/**
 * Turns Zod issues into failures: one per property (a value that breaks two rules, such as a
 * URL with a space in it, gets the first rule's message only), each naming the value given
 * (`raw`, the inputs as the user wrote them); unknown keys get a "did you mean".
 */
export function issuesToFailures(
  issues: readonly z.core.$ZodIssue[],
  allowedKeysAt: (path: readonly PropertyKey[]) => readonly string[],
  raw?: unknown,
): Failure[] {
  const failures: Failure[] = [];
  const seen = new Set<string>();
  for (const issue of issues) {
    if (issue.code !== "unrecognized_keys") {
      const key = formatPath(issue.path);
      if (seen.has(key)) continue;
      seen.add(key);
    }
    if (issue.code === "unrecognized_keys") {
      const allowed = allowedKeysAt(issue.path);
      for (const key of issue.keys) {
        const suggestion = closestMatch(key, allowed);
        failures.push({
          property: formatPath([...issue.path, key]),
          reason: suggestion
            ? `is not a known property; did you mean "${suggestion}"?`
            : `is not a known property; allowed: ${allowed.join(", ")}`,
        });
      }
    } else if (issue.code === "invalid_key") {
      // A bad key of a map is named in the path; an empty one leaves the path at the map.
      const key = String(issue.path.at(-1) ?? "");
      const path = key === "" ? issue.path.slice(0, -1) : issue.path;
      failures.push({
        property: formatPath(path),
        reason: issue.issues[0]?.message ?? issue.message,
      });
    } else {
      const shown = / got /.test(issue.message) ? "" : given(issue, raw);
      failures.push({ property: formatPath(issue.path), reason: issue.message + shown });
    }
  }
  return failures;
}
