import { changeOf, diffLink } from "../link/diff";
import { LINK_FIELDS, type ChangeKind, type LinkField } from "../link/fields";
import type { SmileLinkInputs } from "../link/types";
import type { LinksFileEntry } from "./load";

/**
 * What a merge would do to each link of a links file, from the files alone: the provider's
 * own diff rules (link/diff.ts) applied to the base file's links as the stack holds them and
 * the head file's as `check` passes them to diff. It assumes the stack is what the base file
 * says (no drift, no link changed in the portal): only a `pulumi preview` reads the state.
 */
export const LINK_ACTIONS = [
  "created",
  "adopted",
  "updated",
  "replaced",
  "disabled",
  "unchanged",
] as const;

export type LinkAction = (typeof LINK_ACTIONS)[number];

/** The step `pulumi preview` shows for each action: removing a link deletes it, and delete disables. */
export const PREVIEW_OPS = {
  created: "create",
  adopted: "create",
  updated: "update",
  replaced: "replace",
  disabled: "delete",
  unchanged: "same",
} as const satisfies Record<LinkAction, string>;

export interface FieldChange {
  field: LinkField;
  /** How the provider applies it: a PUT, or a new link that replaces the old one. */
  change: Exclude<ChangeKind, "none">;
  /** The value in the base file; undefined where it sets none. */
  old: unknown;
  /** The value in the head file; undefined where it sets none. */
  new: unknown;
}

export interface LinkPlan {
  /** The link's key under `links`: its Pulumi resource name. */
  name: string;
  action: LinkAction;
  /** Each input that changes (updated, replaced), in the order of the link's fields. */
  changes: FieldChange[];
  /** The inputs that force a replacement (replaced). */
  replacedBy: LinkField[];
  /** The existing link that create takes over (adopted). */
  adoptRefId?: string;
  /** The inputs of a new link (created, adopted), or of the link that is disabled. */
  inputs?: SmileLinkInputs;
}

/**
 * Every link of either file, in the head file's order, then the links only the base file
 * holds. A link in both is compared as the engine compares it: `diffLink` between the base
 * inputs (what create stored) and the head inputs (what `check` passes on for an existing
 * link). Adoption happens once, at create: `adoptRefId` on an existing link changes nothing,
 * and a replacement makes a new link.
 */
export function planLinks(
  base: readonly LinksFileEntry[],
  head: readonly LinksFileEntry[],
): LinkPlan[] {
  const before = new Map(base.map((entry) => [entry.name, entry.inputs]));
  const kept = new Set(head.map((entry) => entry.name));
  const plans = head.map(({ name, inputs }) => {
    const old = before.get(name);
    return old ? planExisting(name, old, inputs) : planNew(name, inputs);
  });
  const removed = base
    .filter((entry) => !kept.has(entry.name))
    .map(({ name, inputs }): LinkPlan => ({ ...noChange(name, "disabled"), inputs }));
  return [...plans, ...removed];
}

/** How many links each action touches. */
export function countActions(plans: readonly LinkPlan[]): Record<LinkAction, number> {
  const counts = Object.fromEntries(LINK_ACTIONS.map((action) => [action, 0])) as Record<
    LinkAction,
    number
  >;
  for (const plan of plans) counts[plan.action] += 1;
  return counts;
}

/** True when a merge would change any link. */
export function hasChanges(plans: readonly LinkPlan[]): boolean {
  return plans.some((plan) => plan.action !== "unchanged");
}

function planNew(name: string, inputs: SmileLinkInputs): LinkPlan {
  const { adoptRefId } = inputs;
  return adoptRefId
    ? { ...noChange(name, "adopted"), adoptRefId, inputs }
    : { ...noChange(name, "created"), inputs };
}

function planExisting(name: string, old: SmileLinkInputs, news: SmileLinkInputs): LinkPlan {
  const { replaces, updates } = diffLink(old, news);
  const changed = new Set<LinkField>([...replaces, ...updates]);
  const changes = LINK_FIELDS.filter((field) => changed.has(field)).map((field) => ({
    field,
    change: changeOf(field) as FieldChange["change"],
    old: old[field],
    new: news[field],
  }));
  const action = replaces.length > 0 ? "replaced" : updates.length > 0 ? "updated" : "unchanged";
  return { name, action, changes, replacedBy: replaces };
}

function noChange(name: string, action: LinkAction): LinkPlan {
  return { name, action, changes: [], replacedBy: [] };
}
