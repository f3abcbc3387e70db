import {
  INPUT_FIELDS,
  LINK_FIELDS,
  type ChangeKind,
  type InPlaceField,
  type InputTable,
  type LinkField,
} from "./fields";
import type { IdType, SmileLinkInputs } from "./types";
import type { LinkChanges } from "./wire";
import { UNKNOWN } from "./engine-values";
import { isoInstant } from "./instant";

/**
 * The diff rules of a link, from the field table (fields.ts): the inputs that change in place,
 * and those whose change replaces the link (create the new one, then disable the old one).
 * `adoptRefId` only matters when a link is created and never causes a change.
 */
export const IN_PLACE_FIELDS = LINK_FIELDS.filter(
  (field) => changeOf(field) === "in place",
) as InPlaceField[];

export const REPLACE_FIELDS: readonly LinkField[] = LINK_FIELDS.filter(
  (field) => changeOf(field) === "replace",
);

/** How a change to `field` is applied. */
export function changeOf(field: string, table: InputTable = INPUT_FIELDS): ChangeKind {
  return table[field]?.change ?? "none";
}

/** What the package schema and the TypeScript declarations say a change of an input does. */
export const CHANGE_NOTES: Record<ChangeKind, string> = {
  "in place": "Changes in place.",
  replace: "Changing it replaces the link.",
  none: "",
};

export interface LinkDiff {
  changes: boolean;
  /** Inputs whose change forces a replacement. */
  replaces: LinkField[];
  /** Inputs that change in place. */
  updates: LinkField[];
}

/** Compares the stored outputs (`olds`) with the checked new inputs (`news`). */
export function diffLink(olds: Record<string, unknown>, news: Record<string, unknown>): LinkDiff {
  const changed = (field: LinkField) => !sameValue(field, olds[field], news[field]);
  const replaces = REPLACE_FIELDS.filter(changed);
  const updates = IN_PLACE_FIELDS.filter(changed);
  return { changes: replaces.length + updates.length > 0, replaces, updates };
}

/** What a PUT must send to bring a link's in-place inputs from `from` to `to`. */
export function inPlaceChanges(
  from: Partial<Record<InPlaceField, unknown>>,
  to: SmileLinkInputs,
): LinkChanges {
  const changed = IN_PLACE_FIELDS.filter((field) => !sameValue(field, from[field], to[field]));
  return Object.fromEntries(changed.map((field) => [field, to[field]])) as LinkChanges;
}

/** True when two values of a field mean the same link. */
export function sameValue(field: string, a: unknown, b: unknown): boolean {
  if (a === UNKNOWN || b === UNKNOWN) return false;
  return canonical(field, a) === canonical(field, b);
}

/**
 * A field's value in one canonical text, so that equal meanings compare equal: by the kind of
 * value the field table gives it.
 */
export function canonical(field: string, value: unknown, table: InputTable = INPUT_FIELDS): string {
  switch (table[field]?.answer) {
    case "idTypes":
      return idTypeSetKey(value);
    case "flag":
      return String(value === true);
    case "dateTime":
      return typeof value === "string" ? isoInstant(value) : "";
    case "params":
      return canonicalRecord(value);
    default:
      return value === undefined || value === null ? "" : String(value);
  }
}

/** ID types compare as a set: their order carries no meaning. */
function idTypeSetKey(value: unknown): string {
  if (!Array.isArray(value)) return "";
  return value
    .map((entry: Partial<IdType> | typeof UNKNOWN) =>
      typeof entry === "object" && entry
        ? [String(entry.country).toUpperCase(), entry.idType, entry.verificationMethod].join("|")
        : String(entry),
    )
    .sort()
    .join(";");
}

function canonicalRecord(value: unknown): string {
  if (!value || typeof value !== "object") return "";
  const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return entries.length === 0 ? "" : JSON.stringify(entries);
}
