import { catalogProblems, type CatalogMode } from "./catalog";
import { diffLink } from "./diff";
import { containsUnknown, PROVIDER_KEY } from "./engine-values";
import { defaultIssueMessage, issuesToFailures, type Failure } from "./messages";
import { idTypeSchema, LINK_FIELDS, linkSchema, type LinkField } from "./schema";
import type { Environment, IdType, SmileLinkInputs } from "./types";

export interface CheckContext {
  environment: Environment;
  /** True when the link does not exist yet: the expiry must then lie in the future. */
  creating: boolean;
  /**
   * The inputs of the existing link (check's olds), when the caller knows them: a change to an
   * input that forces a replacement creates a link too, so the expiry rule applies then as well.
   */
  olds?: Record<string, unknown>;
  /** Smile ID's ID-type catalog: its problems fail (default), warn, or are not looked for. */
  catalog?: CatalogMode;
  now?: Date;
}

export type CheckOutcome =
  | { ok: true; inputs: SmileLinkInputs; unknownFields: LinkField[]; warnings: Failure[] }
  | { ok: false; failures: Failure[] };

const RELAX_HINT = " (if Smile ID supports it already, set smileid:idTypeCatalog to warn or off)";

const ID_TYPE_KEYS = Object.keys(idTypeSchema.shape);

/**
 * Validates and normalizes a link's inputs without any I/O. Inputs not known yet (preview)
 * are passed through untouched and their rules are checked once they are known.
 */
export function checkLinkInputs(raw: unknown, context: CheckContext): CheckOutcome {
  if (!raw || typeof raw !== "object" || Array.isArray(raw)) {
    return { ok: false, failures: [{ property: "", reason: "inputs must be an object" }] };
  }
  // Without a prototype, a `__proto__` key is an ordinary (and so unknown) property.
  const known: Record<string, unknown> = Object.create(null);
  const unknown: Record<string, unknown> = Object.create(null);
  for (const [key, value] of Object.entries(raw)) {
    if (key === PROVIDER_KEY || key === "resourceKey") continue;
    (containsUnknown(value) && (LINK_FIELDS as string[]).includes(key) ? unknown : known)[key] =
      value;
  }
  const reserved = reservedKeyFailures(known);
  if (reserved.length > 0) return { ok: false, failures: reserved };
  const unknownFields = Object.keys(unknown) as LinkField[];
  // Only a preview with unknown values needs a schema of its own.
  const omitted = Object.fromEntries(unknownFields.map((key) => [key, true] as const));
  const schema =
    unknownFields.length === 0
      ? linkSchema
      : linkSchema.omit(omitted as Partial<Record<LinkField, true>>);
  const parsed = schema.safeParse(known, { error: defaultIssueMessage });
  if (!parsed.success) {
    const allowedKeysAt = (path: readonly PropertyKey[]) =>
      path.length === 0 ? LINK_FIELDS : ID_TYPE_KEYS;
    return { ok: false, failures: issuesToFailures(parsed.error.issues, allowedKeysAt) };
  }
  const inputs = { ...parsed.data, ...unknown } as unknown as SmileLinkInputs;
  if (typeof (raw as { resourceKey?: unknown }).resourceKey === "string") {
    inputs.resourceKey = (raw as { resourceKey: string }).resourceKey;
  }
  const failures = crossFieldFailures(inputs, new Set(unknownFields), context);
  const mode = context.catalog ?? "strict";
  const catalog = mode === "off" || unknown.idTypes ? [] : catalogProblems(inputs.idTypes);
  if (mode === "strict") {
    failures.push(
      ...catalog.map((problem) => ({ ...problem, reason: problem.reason + RELAX_HINT })),
    );
  }
  if (failures.length > 0) return { ok: false, failures };
  return { ok: true, inputs, unknownFields, warnings: mode === "warn" ? catalog : [] };
}

/** Zod drops a map's `__proto__` key without a word; it is refused here instead. */
function reservedKeyFailures(known: Record<string, unknown>): Failure[] {
  const params = known.partnerParams;
  const hasProtoKey =
    typeof params === "object" && params !== null && Object.hasOwn(params, "__proto__");
  return hasProtoKey
    ? [{ property: "partnerParams.__proto__", reason: "is not allowed as a key" }]
    : [];
}

function crossFieldFailures(
  inputs: SmileLinkInputs,
  unknown: ReadonlySet<string>,
  { environment, creating, olds, now = new Date() }: CheckContext,
): Failure[] {
  const failures: Failure[] = [];
  // A replacement creates a link; a value not known yet does not count as a change here, as
  // the up's own check sees it known.
  const replacedBy =
    olds === undefined
      ? []
      : diffLink(olds, inputs as unknown as Record<string, unknown>).replaces.filter(
          (field) => !unknown.has(field),
        );
  if (!unknown.has("idTypes")) failures.push(...duplicateIdTypes(inputs.idTypes));
  if (environment === "production") {
    for (const field of [
      "callbackUrl",
      "dataPrivacyPolicyUrl",
      "logoUrl",
      "redirectUrl",
    ] as const) {
      const url = inputs[field];
      if (!unknown.has(field) && url && !url.startsWith("https:")) {
        failures.push({ property: field, reason: "must use https in production" });
      }
    }
  }
  const createsLink = creating || replacedBy.length > 0;
  if (createsLink && inputs.expiresAt && !unknown.has("expiresAt")) {
    if (new Date(inputs.expiresAt) <= now) {
      const why = creating ? "" : ` (the change to ${replacedBy.join(", ")} replaces it)`;
      failures.push({
        property: "expiresAt",
        reason: `must be in the future when the link is created${why}; got ${inputs.expiresAt}`,
      });
    }
  }
  if (inputs.userId && !unknown.has("userId") && !unknown.has("isSingleUse")) {
    if (!inputs.isSingleUse) {
      failures.push({
        property: "userId",
        reason: "is allowed only on single-use links (isSingleUse: true)",
      });
    }
  }
  return failures;
}

function duplicateIdTypes(idTypes: readonly IdType[]): Failure[] {
  const firstIndex = new Map<string, number>();
  const failures: Failure[] = [];
  idTypes.forEach(({ country, idType }, index) => {
    const key = `${country}/${idType}`;
    const first = firstIndex.get(key);
    if (first === undefined) firstIndex.set(key, index);
    else {
      failures.push({
        property: `idTypes[${index}]`,
        reason: `repeats ${country} ${idType} from idTypes[${first}]: one verification method per (country, idType)`,
      });
    }
  });
  return failures;
}
