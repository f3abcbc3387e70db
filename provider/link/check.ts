import { catalogProblems, type CatalogMode } from "./catalog";
import { diffLink } from "./diff";
import {
  containsUnknown,
  LEGACY_RESOURCE_KEY,
  PROVIDER_KEY,
  RESOURCE_KEY,
  resourceKeyIn,
} from "./engine-values";
import { catalogRelaxHint, type Surface } from "./hints";
import { defaultIssueMessage, describe, issuesToFailures, type Failure } from "./failures";
import {
  idTypeSchema,
  LINK_FIELDS,
  linkFields,
  linkSchema,
  URL_FIELDS,
  type LinkField,
} from "./fields";
import type { Environment, IdType, SmileLinkInputs } from "./types";

export interface CheckContext {
  environment: Environment;
  /**
   * True when the resource holds no link yet: a create makes one, and its expiry must then lie
   * in the future. A create with `adoptRefId` takes over a link that exists, whose expiry may
   * have passed already (an exported account holds such links): that rule does not apply to it.
   */
  creating: boolean;
  /**
   * The inputs of the existing link (check's olds), when the caller knows them: a change to an
   * input that forces a replacement creates a link too, so the expiry rule applies then as well.
   */
  olds?: Record<string, unknown>;
  /** Smile ID's ID-type catalog: its problems fail (default), warn, or are not looked for. */
  catalog?: CatalogMode;
  /** Where the messages are read: hints name a config key in a program (default), a flag on the CLI. */
  surface?: Surface;
  now?: Date;
}

export type CheckOutcome =
  | { ok: true; inputs: SmileLinkInputs; unknownFields: LinkField[]; warnings: Failure[] }
  | { ok: false; failures: Failure[] };

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
    if (key === PROVIDER_KEY || key === RESOURCE_KEY || key === LEGACY_RESOURCE_KEY) continue;
    (containsUnknown(value) && (LINK_FIELDS as string[]).includes(key) ? unknown : known)[key] =
      value;
  }
  const reserved = reservedKeyFailures(known);
  const unknownFields = Object.keys(unknown) as LinkField[];
  // Only a preview with unknown values needs a schema of its own.
  const omitted = Object.fromEntries(unknownFields.map((key) => [key, true] as const));
  const schema =
    unknownFields.length === 0
      ? linkSchema
      : linkSchema.omit(omitted as Partial<Record<LinkField, true>>);
  const parsed = schema.safeParse(known, { error: defaultIssueMessage });
  const allowedKeysAt = (path: readonly PropertyKey[]) =>
    path.length === 0 ? LINK_FIELDS : ID_TYPE_KEYS;
  // Every problem at once: when a field is wrong, the rules between fields still run on the
  // fields that are right, and each ID type is checked on its own.
  const parsedInputs = parsed.success
    ? ({ ...parsed.data, ...unknown } as SmileLinkInputs)
    : undefined;
  const { inputs, invalid, idTypes } = parsedInputs
    ? { inputs: parsedInputs, invalid: new Set<string>(), idTypes: parsedInputs.idTypes }
    : validFields(known, unknown, unknownFields);
  const failures = [
    ...reserved,
    ...(parsed.success ? [] : issuesToFailures(parsed.error.issues, allowedKeysAt, known)),
  ];
  const resourceKey = resourceKeyIn(raw as Record<string, unknown>);
  if (resourceKey !== undefined) inputs.resourceKey = resourceKey;
  const skipped = new Set<string>([...unknownFields, ...invalid]);
  // A list that is wrong as a whole (not a list, too long) is not looked into further.
  const listFails =
    !parsed.success &&
    parsed.error.issues.some((issue) => issue.path.length === 1 && issue.path[0] === "idTypes");
  if (!unknown.idTypes && !listFails) failures.push(...duplicateIdTypes(known.idTypes));
  failures.push(...crossFieldFailures(inputs, skipped, context));
  const mode = context.catalog ?? "strict";
  const catalog = mode === "off" || unknown.idTypes || listFails ? [] : catalogProblems(idTypes);
  if (mode === "strict") {
    failures.push(
      ...catalog.map((problem) => ({
        ...problem,
        reason: problem.reason + catalogRelaxHint(context.surface),
      })),
    );
  }
  if (failures.length > 0) return { ok: false, failures };
  return { ok: true, inputs, unknownFields, warnings: mode === "warn" ? catalog : [] };
}

/**
 * The fields of inputs that failed the schema which pass their own rules, so that the rules
 * between fields can still be checked; `idTypes` entries each on their own (undefined where
 * one fails), at their index.
 */
function validFields(
  known: Record<string, unknown>,
  unknown: Record<string, unknown>,
  unknownFields: readonly LinkField[],
): { inputs: SmileLinkInputs; invalid: Set<string>; idTypes: (IdType | undefined)[] } {
  const inputs: Record<string, unknown> = { ...unknown };
  const invalid = new Set<string>();
  for (const field of LINK_FIELDS) {
    if (unknownFields.includes(field)) continue;
    const result = linkFields[field].safeParse(known[field]);
    if (result.success) {
      if (result.data !== undefined) inputs[field] = result.data;
    } else invalid.add(field);
  }
  const entries = Array.isArray(known.idTypes) ? (known.idTypes as unknown[]) : [];
  const idTypes = entries.map((entry) => {
    const result = idTypeSchema.safeParse(entry);
    return result.success ? result.data : undefined;
  });
  return { inputs: inputs as SmileLinkInputs, invalid, idTypes };
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
      : diffLink(olds, inputs).replaces.filter((field) => !unknown.has(field));
  if (environment === "production") {
    for (const field of URL_FIELDS) {
      const url = inputs[field] as string | undefined;
      if (!unknown.has(field) && url && !url.startsWith("https:")) {
        failures.push({
          property: field,
          reason: `must use https in production; got ${describe(url)}`,
        });
      }
    }
  }
  const createsLink = (creating && !inputs.adoptRefId) || replacedBy.length > 0;
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
        reason: `is allowed only on single-use links (isSingleUse: true); got ${describe(inputs.userId)} on a link with isSingleUse false`,
      });
    }
  }
  return failures;
}

/**
 * One method per (country, idType), read from the entries as given (trimmed, upper-cased), so
 * that a repeat is reported even when another entry or field has a problem of its own.
 */
function duplicateIdTypes(given: unknown): Failure[] {
  const firstIndex = new Map<string, number>();
  const failures: Failure[] = [];
  if (!Array.isArray(given)) return failures;
  given.forEach((entry: unknown, index) => {
    const { country, idType } = (entry ?? {}) as Record<string, unknown>;
    if (typeof country !== "string" || typeof idType !== "string") return;
    const key = `${country.trim().toUpperCase()}/${idType.trim().toUpperCase()}`;
    const first = firstIndex.get(key);
    if (first === undefined) firstIndex.set(key, index);
    else {
      failures.push({
        property: `idTypes[${index}]`,
        reason: `repeats ${key.replace("/", " ")} from idTypes[${first}]: one verification method per (country, idType)`,
      });
    }
  });
  return failures;
}
