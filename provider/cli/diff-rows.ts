import type { FieldChange, LinkAction, LinkPlan } from "../links-file/plan";
import { canonical } from "../link/diff";
import type { IdType } from "../link/types";

/** One line of a diff's table, as a reviewer reads it: the cells are plain text. */
export interface Row {
  link: string;
  action: LinkAction;
  field: string;
  /** The field's change forces a replacement. */
  replaces: boolean;
  old: string;
  new: string;
}

/** The rows of one link: one per changed field; one for a link created, adopted or disabled. */
export function rowsOf(plan: LinkPlan): Row[] {
  const row = (field: string, old: string, value: string): Row => ({
    link: plan.name,
    action: plan.action,
    field,
    replaces: false,
    old,
    new: value,
  });
  switch (plan.action) {
    case "unchanged":
      return [];
    case "created":
      return [row("name", "-", plan.inputs?.name ?? "-")];
    case "adopted":
      return [row("adoptRefId", "-", plan.adoptRefId ?? "-")];
    case "disabled":
      return [row("name", plan.inputs?.name ?? "-", "-")];
    default:
      return plan.changes.map((change) => ({
        ...row(change.field, ...shown(change)),
        replaces: change.change === "replace",
      }));
  }
}

/** A change's old and new values as a reviewer reads them; ID types as what is removed and added. */
function shown({ field, old, new: value }: FieldChange): [string, string] {
  if (field !== "idTypes") return [valueText(old), valueText(value)];
  const key = (entry: IdType) => canonical("idTypes", [entry]);
  const before = (old as IdType[]) ?? [];
  const after = (value as IdType[]) ?? [];
  const keys = (list: IdType[]) => new Set(list.map(key));
  const [had, has] = [keys(before), keys(after)];
  const removed = before.filter((entry) => !has.has(key(entry)));
  const added = after.filter((entry) => !had.has(key(entry)));
  const list = (label: string, entries: IdType[]) =>
    `${label}: ${entries.length === 0 ? "none" : entries.map(idTypeText).join(", ")}`;
  return [list("removed", removed), list("added", added)];
}

function idTypeText({ country, idType, verificationMethod }: IdType): string {
  return `${country} ${idType} ${verificationMethod}`;
}

function valueText(value: unknown): string {
  if (value === undefined || value === null) return "(not set)";
  return typeof value === "string" ? value : JSON.stringify(value);
}
