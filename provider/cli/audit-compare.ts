import { canonical, diffLink } from "../link/diff";
import type { LinkLocation } from "../link/location";
import { inputsFromLive } from "../link/outputs";
import type { LinkField } from "../link/fields";
import type { IdType, LiveLink, SmileLinkInputs } from "../link/types";
import type { HeldLink } from "./audit-state";

/** The kinds of finding, in the order a report lists them (docs/audit.md). */
export const FINDING_KINDS = [
  "unmanaged",
  "disabled",
  "missing",
  "drifted",
  "expired",
  "elsewhere",
] as const;

export type FindingKind = (typeof FINDING_KINDS)[number];

export interface Finding {
  kind: FindingKind;
  refId: string;
  /** The stack and resource that hold the link; null for a link no stack holds. */
  stack: string | null;
  resource: string | null;
  detail: string;
}

export interface AuditSubject {
  /** The account's links: its listing, plus the held links a get found beyond it. */
  account: readonly LiveLink[];
  held: readonly HeldLink[];
  /** The account audited. */
  location: LinkLocation;
  now: Date;
  /** Report disabled links that no stack holds too. */
  includeDisabled?: boolean;
}

const trimUrl = (url: string) => url.replace(/\/+$/, "");

/**
 * True when a held link lives in the audited account. State that does not record where its
 * link lives (written by an old version) is taken to be here, as the provider takes it.
 */
export function isHeldHere(link: HeldLink, location: LinkLocation): boolean {
  const urlDiffers = link.apiUrl !== undefined && trimUrl(link.apiUrl) !== trimUrl(location.apiUrl);
  const partnerDiffers = link.partnerId !== undefined && link.partnerId !== location.partnerId;
  return !urlDiffers && !partnerDiffers;
}

/**
 * The ref ids to get one by one: held here, not in the listing; each once, however many
 * stacks hold it. Links held elsewhere are never looked up.
 */
export function refIdsToGet(
  listed: readonly LiveLink[],
  held: readonly HeldLink[],
  location: LinkLocation,
): string[] {
  const known = new Set(listed.map((link) => link.refId));
  const wanted = held.filter((link) => isHeldHere(link, location) && !known.has(link.refId));
  return [...new Set(wanted.map((link) => link.refId))];
}

/** Every finding of an account against the links its stacks hold, in report order. */
export function compareAccount(subject: AuditSubject): Finding[] {
  const { account, held, location, now } = subject;
  const live = new Map(account.map((link) => [link.refId, link]));
  const heldHere = new Set<string>();
  const findings: Finding[] = [];
  for (const link of held) {
    const at = { stack: link.stack, resource: link.resource, refId: link.refId };
    if (!isHeldHere(link, location)) {
      findings.push({ kind: "elsewhere", ...at, detail: elsewhereDetail(link, location) });
      continue;
    }
    heldHere.add(link.refId);
    const found = live.get(link.refId);
    if (!found) {
      findings.push({
        kind: "missing",
        ...at,
        detail: `the account (${place(location)}) does not know this link`,
      });
      continue;
    }
    if (found.isDisabled && link.inputs.isDisabled !== true) {
      findings.push({ kind: "disabled", ...at, detail: disabledDetail(found, "the stack") });
    }
    const drift = driftDetail(link, found);
    if (drift) findings.push({ kind: "drifted", ...at, detail: drift });
    const expiry = expiredDetail(found, link.inputs.expiresAt, now);
    if (expiry) findings.push({ kind: "expired", ...at, detail: expiry });
  }
  for (const link of account) {
    if (heldHere.has(link.refId)) continue;
    const at = { stack: null, resource: null, refId: link.refId };
    if (!link.isDisabled || subject.includeDisabled) {
      const state = link.isDisabled ? disabledDetail(link, "no stack") : "enabled";
      findings.push({ kind: "unmanaged", ...at, detail: `${named(link)}${state}, in no stack` });
    }
    const expiry = expiredDetail(link, undefined, now);
    if (expiry) findings.push({ kind: "expired", ...at, detail: `${named(link)}${expiry}` });
  }
  return sortFindings(findings);
}

/** Findings by kind (FINDING_KINDS order), then stack, resource and ref id. */
function sortFindings(findings: Finding[]): Finding[] {
  const key = (f: Finding) => [f.stack ?? "\uffff", f.resource ?? "", f.refId].join("\u0000");
  return findings.sort(
    (a, b) =>
      FINDING_KINDS.indexOf(a.kind) - FINDING_KINDS.indexOf(b.kind) ||
      (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0),
  );
}

/** How many findings of each kind, every kind present. */
export function countFindings(findings: readonly Finding[]): Record<FindingKind, number> {
  const counts = Object.fromEntries(FINDING_KINDS.map((kind) => [kind, 0])) as Record<
    FindingKind,
    number
  >;
  for (const finding of findings) counts[finding.kind] += 1;
  return counts;
}

/**
 * The managed fields whose account value differs from the stack's, as `pulumi refresh` would
 * see them: the stored inputs overlaid with the live link (link/outputs.ts), compared by the
 * provider's own diff (link/diff.ts). A stack's enabled link found disabled is a finding of
 * its own ("disabled"), not drift; fields stored as secrets are not compared.
 */
function driftDetail(link: HeldLink, found: LiveLink): string | undefined {
  // The state's values are what the provider wrote; inputsFromLive reads them as such.
  const stored = link.inputs as Partial<SmileLinkInputs>;
  const refreshed = inputsFromLive(stored, found);
  const { replaces, updates } = diffLink(link.inputs, refreshed);
  const fields = [...replaces, ...updates].filter(
    (field) =>
      !link.secretFields.includes(field) &&
      !(field === "isDisabled" && link.inputs.isDisabled !== true),
  );
  if (fields.length === 0) return undefined;
  return fields
    .map(
      (field) =>
        `${field}: stack ${show(field, link.inputs[field])}, account ${show(field, refreshed[field])}`,
    )
    .join("; ");
}

function expiredDetail(link: LiveLink, storedExpiry: unknown, now: Date): string | undefined {
  if (link.isDisabled) return undefined;
  const expiresAt = link.expiresAt ?? storedExpiry;
  if (typeof expiresAt !== "string") return undefined;
  const time = Date.parse(expiresAt);
  if (Number.isNaN(time) || time > now.getTime()) return undefined;
  return `enabled, expired at ${new Date(time).toISOString()}`;
}

function disabledDetail(link: LiveLink, holder: string): string {
  const since = link.disabledAt ? ` since ${link.disabledAt}` : "";
  return holder === "no stack"
    ? `disabled${since}`
    : `disabled in the account${since}; ${holder} holds it as enabled`;
}

function elsewhereDetail(link: HeldLink, location: LinkLocation): string {
  const at = place({
    apiUrl: link.apiUrl ?? location.apiUrl,
    partnerId: link.partnerId ?? location.partnerId,
  });
  return `lives at ${at}, not in the audited account (${place(location)}); not looked up`;
}

const place = (location: LinkLocation) =>
  `${trimUrl(location.apiUrl)} as partner ${location.partnerId}`;

const named = (link: LiveLink) => (link.name ? `${JSON.stringify(link.name)}: ` : "");

/** A field's value as a reader compares it: ID types as COUNTRY/ID_TYPE/method, sorted. */
function show(field: LinkField, value: unknown): string {
  if (value === undefined || value === null || value === "") return "(none)";
  if (field === "idTypes" && Array.isArray(value)) {
    const entries = (value as Partial<IdType>[]).map(
      (entry) =>
        `${String(entry.country).toUpperCase()}/${entry.idType}/${entry.verificationMethod}`,
    );
    return `[${entries.sort().join(", ")}]`;
  }
  if (field === "expiresAt") return canonical(field, value);
  return JSON.stringify(value);
}
