import { Document, isMap, isSeq, visit } from "yaml";
import { isPlainObject } from "../link/plain-object";
import { fieldsWhere, INPUT_FIELDS, LINK_FIELDS, linkFields, type LinkField } from "../link/fields";
import type { LiveLink } from "../link/types";

export interface ExportOptions {
  /** Keep disabled links (as `isDisabled: true`); default false. */
  includeDisabled?: boolean;
  /** A first comment line, such as where the links came from. */
  header?: string;
}

/** Inputs worth sharing through `defaults` when every exported link has the same value. */
const SHARABLE = fieldsWhere(INPUT_FIELDS, (spec) => spec.companyWide === true);

/** Resource names from link names: lower-case words joined by dashes, unique. */
function resourceNames(links: readonly LiveLink[]): string[] {
  const used = new Set<string>();
  return links.map((link) => {
    const base =
      (link.name ?? "")
        .toLowerCase()
        .normalize("NFKD")
        .replace(/[^a-z0-9]+/g, "-")
        .replace(/^-+|-+$/g, "")
        .slice(0, 60) || `link-${link.refId}`;
    let name = base;
    for (let n = 2; used.has(name); n++) name = `${base}-${n}`;
    used.add(name);
    return name;
  });
}

/** Each input's default (false for the flags), or undefined when it has none. */
const DEFAULTS = Object.fromEntries(
  LINK_FIELDS.map((field) => [field, linkFields[field].safeParse(undefined).data]),
) as Record<LinkField, unknown>;

/** Values a links file need not spell out: absent, a default, or an empty map. */
function goesWithoutSaying(field: LinkField, value: unknown): boolean {
  if (value === undefined || value === null || value === DEFAULTS[field]) return true;
  return isPlainObject(value) && Object.keys(value).length === 0;
}

/** A live link as links-file inputs, with `adoptRefId` so that `pulumi up` adopts it. */
function linkEntry(link: LiveLink): Record<string, unknown> {
  const inputs = LINK_FIELDS.filter((field) => field !== "adoptRefId")
    .filter((field) => !goesWithoutSaying(field, link[field]))
    .map((field) => [field, link[field]]);
  return { adoptRefId: link.refId, ...Object.fromEntries(inputs) };
}

/**
 * The account's links as a links file that `pulumi up` adopts without change: each link
 * with its `adoptRefId`, values shared by every link moved into `defaults`.
 */
export function linksToLinksFile(all: readonly LiveLink[], options: ExportOptions = {}): string {
  const links = all.filter((link) => options.includeDisabled || !link.isDisabled);
  const entries = links.map(linkEntry);
  const defaults: Record<string, unknown> = {};
  if (entries.length > 1) {
    for (const field of SHARABLE) {
      const values = new Set(entries.map((entry) => entry[field]));
      const [only] = values;
      if (values.size === 1 && only !== undefined) {
        defaults[field] = only;
        for (const entry of entries) delete entry[field];
      }
    }
  }
  const names = resourceNames(links);
  const content: Record<string, unknown> = {};
  if (Object.keys(defaults).length > 0) content.defaults = defaults;
  content.links = Object.fromEntries(names.map((name, i) => [name, entries[i]]));
  const doc = new Document(content);
  // One ID type per line, as in the contract's example.
  visit(doc, {
    Pair(_, pair) {
      if (String((pair.key as { value?: unknown })?.value) !== "idTypes" || !isSeq(pair.value))
        return;
      for (const item of pair.value.items) if (isMap(item)) item.flow = true;
    },
  });
  if (options.header) doc.commentBefore = ` ${options.header}`;
  return doc.toString({ lineWidth: 0 });
}
