import { z } from "zod";
import { splitCreateMarker, withCreateMarker } from "./create-marker";
import {
  fieldsWhere,
  INPUT_FIELDS,
  type AnswerKind,
  type InputSpec,
  type InputTable,
  type InPlaceField,
} from "./fields";
import { OUTPUT_FIELDS, type OutputSpec } from "./output-fields";
import type { IdType, LinkInputs, LiveLink, SmileLinkInputs, VerificationMethod } from "./types";

/**
 * The mapping between the model's camelCase and the API's snake_case (API docs, "Endpoints"),
 * derived from the field tables (fields.ts, output-fields.ts): each input's and output's wire
 * name, which requests carry it, and how answers carry it. Answers are validated loosely:
 * fields the docs mark as returned are checked for shape, unknown extra fields are ignored,
 * and placeholders such as numbers sent as strings are accepted, so an unexpected answer
 * becomes a clear error instead of `undefined` in state.
 */

/** An ID type's fields by their names on the wire. */
export const ID_TYPE_WIRE_NAMES = {
  country: "country",
  idType: "id_type",
  verificationMethod: "verification_method",
} as const;

/** An ID type as the API's bodies and answers carry it. */
export interface WireIdType {
  country: string;
  id_type: string;
  verification_method: string;
}

function idTypesToWire(idTypes: readonly IdType[]): WireIdType[] {
  return idTypes.map(({ country, idType, verificationMethod }) => ({
    country,
    id_type: idType,
    verification_method: verificationMethod,
  }));
}

/** An input's value as request bodies carry it. */
function valueToWire(kind: AnswerKind, value: unknown): unknown {
  return kind === "idTypes" ? idTypesToWire(value as IdType[]) : value;
}

/** `{ wire name: value }` of the given inputs that have a value. */
function bodyOf(
  fields: readonly string[],
  values: Record<string, unknown>,
  table: InputTable,
): Record<string, unknown> {
  return Object.fromEntries(
    fields
      .filter((field) => values[field] !== undefined)
      .map((field) => {
        const spec = table[field]!;
        return [spec.wire!, valueToWire(spec.answer, values[field])];
      }),
  );
}

/**
 * The body of `POST /v1/smile_links`, less the signature fields: every input a create sends,
 * under its wire name; `createMarker` goes into the partner params (see create-marker.ts).
 */
export function toCreateBody(
  inputs: SmileLinkInputs,
  createMarker?: string,
  table: InputTable = INPUT_FIELDS,
): Record<string, unknown> {
  const values = {
    ...inputs,
    partnerParams: createMarker
      ? withCreateMarker(inputs.partnerParams, createMarker)
      : inputs.partnerParams,
  };
  return bodyOf(
    fieldsWhere(table, (spec) => spec.sentIn === "create"),
    values,
    table,
  );
}

/** What an update changes: the inputs that change in place (the field table says which). */
export type LinkChanges = Partial<Pick<LinkInputs, InPlaceField>>;

/** The body of `PUT /v1/smile_links/:ref_id`, less the signature fields. */
export function toUpdateBody(
  changes: LinkChanges,
  table: InputTable = INPUT_FIELDS,
): Record<string, unknown> {
  return bodyOf(
    fieldsWhere(table, (spec) => spec.change === "in place"),
    changes,
    table,
  );
}

const optionalText = z.string().nullish();
// The docs type these as dateTime; an epoch number (seconds or milliseconds) is read too.
const dateTime = z
  .union([z.string(), z.number()])
  .transform((value) =>
    typeof value === "string" ? value : new Date(value < 1e12 ? value * 1000 : value).toISOString(),
  )
  .nullish();
// The docs' sample shows `"<object>"`: a JSON text in a string is read as the object.
const params = z
  .union([z.record(z.string(), z.unknown()), z.string()])
  .transform((value): Record<string, unknown> | null => {
    if (typeof value !== "string") return value;
    try {
      const parsed: unknown = JSON.parse(value);
      return parsed && typeof parsed === "object" && !Array.isArray(parsed)
        ? (parsed as Record<string, unknown>)
        : null;
    } catch {
      return null;
    }
  })
  .nullish();
const count = z
  .union([z.number(), z.string().regex(/^\d+(\.\d+)?$/)])
  .transform(Number)
  .nullish();
const flag = z
  .union([z.boolean(), z.enum(["true", "false"])])
  .transform((value) => value === true || value === "true")
  .nullish();

const wireIdType = z.looseObject({
  country: z.string(),
  id_type: z.string(),
  verification_method: z.string(),
});

/** The reader of each kind of value in get, update and list answers (the tables' kinds). */
const ANSWER_READERS = {
  text: optionalText,
  flag,
  dateTime,
  params,
  count,
  idTypes: z.array(wireIdType).transform((entries) =>
    entries.map((entry): IdType => ({
      country: entry.country.toUpperCase(),
      idType: entry.id_type,
      verificationMethod: entry.verification_method as VerificationMethod,
    })),
  ),
} satisfies Record<Exclude<AnswerKind, "none"> | "count", z.ZodType>;

/** Names the docs use for a link's id, URL, partner and users, besides the tables' own. */
const OTHER_ANSWER_FIELDS = {
  ref_id: optionalText,
  link_id: optionalText,
  link_url: optionalText,
  link: optionalText,
  partner_id: optionalText,
  user_ids: z.array(z.string()).nullish(),
};

const OUTPUT_ANSWERS = Object.entries(OUTPUT_FIELDS as Record<string, OutputSpec>).flatMap(
  ([output, { answer }]) => (answer ? [{ output, ...answer }] : []),
);

/**
 * A link as get, update and list answers carry it: each input and output the field tables
 * say answers carry, read by its kind, and the other names the docs use.
 */
export function answerSchema(table: InputTable = INPUT_FIELDS) {
  const inputs = Object.values(table).flatMap((spec) =>
    spec.answer === "none" || !spec.wire ? [] : [[spec.wire, ANSWER_READERS[spec.answer]]],
  );
  const outputs = OUTPUT_ANSWERS.map(({ wire, kind }) => [wire, ANSWER_READERS[kind]]);
  return z.looseObject({
    ...(Object.fromEntries([...inputs, ...outputs]) as Record<string, z.ZodType>),
    ...OTHER_ANSWER_FIELDS,
  });
}

export const wireLinkSchema = answerSchema();

/**
 * The create answer: `{ link, ref_id }` as documented, or with `link_url`, the name get and
 * list answers use for the same URL.
 */
export const createdSchema = z
  .looseObject({
    ref_id: z.string().min(1),
    link: z.string().min(1).optional(),
    link_url: z.string().min(1).optional(),
  })
  .refine((answer) => answer.link !== undefined || answer.link_url !== undefined, {
    path: ["link"],
    message: "a created link's URL is missing (neither link nor link_url)",
  })
  .transform((answer) => ({ refId: answer.ref_id, url: (answer.link ?? answer.link_url)! }));

export const listPageSchema = z.looseObject({
  links: z.array(z.unknown()),
  meta: z
    .looseObject({
      currentPage: z.coerce.number().nullish(),
      totalPages: z.coerce.number().nullish(),
      totalCount: z.coerce.number().nullish(),
      limit: z.coerce.number().nullish(),
    })
    .nullish(),
});

export type WireLink = z.output<typeof wireLinkSchema>;

/** Whether an input's rule lets it be absent with no default: then an answer's null means "none". */
function nullMeansNone(spec: InputSpec): boolean {
  const absent = spec.rule.safeParse(undefined);
  return absent.success && absent.data === undefined;
}

/**
 * Maps a validated get, update or list answer to the model; `refId` fills a missing `ref_id`.
 * Each input is read under its wire name. An answer's null means "none" for an optional input
 * (no logo) and says nothing of a required or defaulted one, which is then left out, so that
 * refresh keeps what the stack holds.
 */
export function fromWireLink(
  wire: WireLink,
  refId: string,
  table: InputTable = INPUT_FIELDS,
): LiveLink {
  const inputs = Object.fromEntries(
    Object.entries(table).flatMap(([field, spec]) => {
      if (spec.answer === "none" || !spec.wire) return [];
      const value = wire[spec.wire];
      return [[field, value === null && !nullMeansNone(spec) ? undefined : value]];
    }),
  );
  const outputs = Object.fromEntries(
    OUTPUT_ANSWERS.map(({ output, wire: name, kind }) => {
      const value = wire[name];
      // Counters the answer leaves out (or nulls) keep the stored ones (outputs.ts).
      return [output, kind === "count" ? (value ?? undefined) : value];
    }),
  );
  const { partnerParams, marker } = splitCreateMarker(
    wire.partner_params
      ? stringRecord(wire.partner_params as Record<string, unknown>)
      : (wire.partner_params as null | undefined),
  );
  const isSingleUse = wire.is_single_use === true;
  return {
    ...inputs,
    ...outputs,
    refId: (wire.ref_id ?? wire.link_id ?? refId) as string,
    url: (wire.link_url ?? wire.link ?? "") as string,
    idTypes: wire.id_types as IdType[],
    // Multi-use links carry auto-generated user ids; only a single-use link's is an input.
    userId: isSingleUse ? (wire.user_id ?? wire.user_ids?.[0] ?? null) : undefined,
    partnerParams,
    createMarker: marker,
    paramsShown:
      wire.partner_params === undefined ? "absent" : wire.partner_params ? "object" : "null",
    partnerId: wire.partner_id ?? undefined,
    isDisabled: (wire.is_disabled as boolean | null | undefined) ?? Boolean(wire.disabled_at),
  } as LiveLink;
}

const stringRecord = (value: Record<string, unknown>): Record<string, string> =>
  Object.fromEntries(Object.entries(value).map(([key, v]) => [key, String(v)]));
