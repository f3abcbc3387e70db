import { z } from "zod";
import { splitCreateMarker, withCreateMarker } from "./create-marker";
import { LINK_FIELDS, type LinkField } from "./fields";
import type { IdType, LiveLink, SmileLinkInputs, VerificationMethod } from "./types";

/**
 * The mapping between the model's camelCase and the API's snake_case (API docs, "Endpoints").
 * Answers are validated loosely: fields the docs mark as returned are checked for shape,
 * unknown extra fields are ignored, and placeholders such as numbers sent as strings are
 * accepted, so an unexpected answer becomes a clear error instead of `undefined` in state.
 */

/** An ID type as the API's bodies and answers carry it. */
export interface WireIdType {
  country: string;
  id_type: string;
  verification_method: string;
}

export function idTypesToWire(idTypes: readonly IdType[]): WireIdType[] {
  return idTypes.map(({ country, idType, verificationMethod }) => ({
    country,
    id_type: idType,
    verification_method: verificationMethod,
  }));
}

/** A field's name in the API's bodies and answers: its camelCase name in snake_case. */
export function wireName(field: string): string {
  return field.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
}

/**
 * Inputs a create does not send: the create body has no disabled flag (an update sets it),
 * and `adoptRefId` is the provider's own.
 */
export const NOT_SENT_ON_CREATE = ["isDisabled", "adoptRefId"] as const satisfies LinkField[];

const CREATE_FIELDS = LINK_FIELDS.filter(
  (field) => !(NOT_SENT_ON_CREATE as readonly LinkField[]).includes(field),
);

/**
 * The body of `POST /v1/smile_links`, less the signature fields: every input a create sends,
 * under its wire name; `createMarker` goes into the partner params (see create-marker.ts).
 */
export function toCreateBody(
  inputs: SmileLinkInputs,
  createMarker?: string,
): Record<string, unknown> {
  const values: Partial<Record<LinkField, unknown>> = {
    ...inputs,
    idTypes: idTypesToWire(inputs.idTypes),
    partnerParams: createMarker
      ? withCreateMarker(inputs.partnerParams, createMarker)
      : inputs.partnerParams,
  };
  return Object.fromEntries(
    CREATE_FIELDS.filter((field) => values[field] !== undefined).map((field) => [
      wireName(field),
      values[field],
    ]),
  );
}

export interface LinkChanges {
  idTypes?: readonly IdType[];
  isDisabled?: boolean;
}

/** The body of `PUT /v1/smile_links/:ref_id`, less the signature fields. */
export function toUpdateBody(changes: LinkChanges): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  if (changes.idTypes) body.id_types = idTypesToWire(changes.idTypes);
  if (changes.isDisabled !== undefined) body.is_disabled = changes.isDisabled;
  return body;
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

/** A link as get, update and list answers carry it (not a link's inputs: see schema.ts). */
export const wireLinkSchema = z.looseObject({
  ref_id: optionalText,
  link_id: optionalText,
  link_url: optionalText,
  link: optionalText,
  name: optionalText,
  company_name: optionalText,
  id_types: z.array(wireIdType),
  is_single_use: flag,
  callback_url: optionalText,
  data_privacy_policy_url: optionalText,
  logo_url: optionalText,
  user_id: optionalText,
  user_ids: z.array(z.string()).nullish(),
  expires_at: dateTime,
  partner_params: params,
  redirect_url: optionalText,
  partner_id: optionalText,
  created_at: dateTime,
  updated_at: dateTime,
  disabled_at: dateTime,
  is_disabled: flag,
  total_jobs: count,
  successful_jobs: count,
  failed_jobs: count,
});

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

export type WireLink = z.infer<typeof wireLinkSchema>;

const stringRecord = (value: Record<string, unknown>): Record<string, string> =>
  Object.fromEntries(Object.entries(value).map(([key, v]) => [key, String(v)]));

/** Maps a validated get, update or list answer to the model; `refId` fills a missing `ref_id`. */
export function fromWireLink(wire: WireLink, refId: string): LiveLink {
  const { partnerParams, marker } = splitCreateMarker(
    wire.partner_params ? stringRecord(wire.partner_params) : wire.partner_params,
  );
  return {
    refId: wire.ref_id ?? wire.link_id ?? refId,
    url: wire.link_url ?? wire.link ?? "",
    name: wire.name ?? undefined,
    companyName: wire.company_name ?? undefined,
    idTypes: wire.id_types.map((entry) => ({
      country: entry.country.toUpperCase(),
      idType: entry.id_type,
      verificationMethod: entry.verification_method as VerificationMethod,
    })),
    callbackUrl: wire.callback_url ?? undefined,
    dataPrivacyPolicyUrl: wire.data_privacy_policy_url ?? undefined,
    logoUrl: wire.logo_url,
    isSingleUse: wire.is_single_use ?? undefined,
    // Multi-use links carry auto-generated user ids; only a single-use link's is an input.
    userId: wire.is_single_use ? (wire.user_id ?? wire.user_ids?.[0] ?? null) : undefined,
    expiresAt: wire.expires_at,
    partnerParams,
    createMarker: marker,
    paramsShown:
      wire.partner_params === undefined ? "absent" : wire.partner_params ? "object" : "null",
    redirectUrl: wire.redirect_url,
    partnerId: wire.partner_id ?? undefined,
    createdAt: wire.created_at,
    updatedAt: wire.updated_at,
    disabledAt: wire.disabled_at,
    isDisabled: wire.is_disabled ?? Boolean(wire.disabled_at),
    totalJobs: wire.total_jobs ?? undefined,
    successfulJobs: wire.successful_jobs ?? undefined,
    failedJobs: wire.failed_jobs ?? undefined,
  };
}
