import { z } from "zod";
import { ISO_COUNTRY_CODES } from "./countries";
import { CREATE_MARKER_KEY } from "./create-marker";
import { isoInstant } from "./instant";
import { VERIFICATION_METHODS } from "./verification-methods";

/**
 * The field rules of a link's inputs: the one source of truth for `check`, the links file,
 * `smile-links validate` and the published JSON Schema. Rules that need more than one field
 * or the environment (https in production, expiry in the future, one method per ID type)
 * live in `validate.ts`.
 */

// Names are shown on a hosted page: no control characters, no invisible format characters
// (zero-width spaces, bidirectional overrides that can disguise text), no lone surrogates,
// no line or paragraph separators.
const VISIBLE_TEXT = /^[^\p{Cc}\p{Cf}\p{Cs}\u2028\u2029]*$/u;
// URLs: no whitespace, control or invisible characters at all.
const URL_CHARACTERS = /^[^\s\p{Cc}\p{Cf}\p{Cs}]*$/u;

/** A schema's own message for one kind of issue; others (a missing value) keep the default. */
const onlyFor =
  (code: string, message: string) =>
  (issue: { code?: string }): string | undefined =>
    issue.code === code ? message : undefined;

const text = (max: number) =>
  z
    .string()
    .trim()
    .min(1, { error: "must not be empty" })
    .max(max, { error: `must be at most ${max} characters` })
    .regex(VISIBLE_TEXT, {
      error: "must not contain control, invisible or bidirectional-override characters",
    });

const httpUrl = () =>
  z
    .url({
      protocol: /^https?$/,
      error: onlyFor("invalid_format", "must be an absolute http(s) URL"),
    })
    .max(2048, { error: "must be at most 2048 characters" })
    .regex(URL_CHARACTERS, { error: "must not contain spaces, control or invisible characters" });

export const idTypeSchema = z
  .strictObject({
    country: z
      .string()
      .trim()
      .toUpperCase()
      .refine((code) => ISO_COUNTRY_CODES.has(code), {
        error: "must be an ISO 3166-1 alpha-2 country code such as NG, KE or ZA",
      })
      .describe("ISO 3166-1 alpha-2 country code, such as NG."),
    idType: z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9_]{1,64}$/, {
        error: "must be an ID type name such as NATIONAL_ID (letters, digits and _)",
      })
      .toUpperCase()
      .describe("Smile ID's name of the ID type, such as NATIONAL_ID."),
    verificationMethod: z
      .enum(VERIFICATION_METHODS)
      .describe(`How the ID type is verified: ${VERIFICATION_METHODS.join(", ")}.`),
  })
  .describe("One ID type a link accepts, and how it is verified.");

export const linkFields = {
  name: text(255).describe("The link's name."),
  companyName: text(255).describe("The company name shown on the link's page."),
  idTypes: z
    .array(idTypeSchema)
    .min(1, { error: "must list at least one ID type" })
    .max(500)
    .describe(
      "The ID types the link accepts, one verification method per country and ID type, in any order.",
    ),
  callbackUrl: httpUrl().describe("Absolute URL that receives the job results."),
  dataPrivacyPolicyUrl: httpUrl().describe("Absolute URL of the data privacy policy."),
  logoUrl: httpUrl()
    .regex(/\.(png|svg)([?#].*)?$/i, { error: "must be the URL of a .png or .svg image" })
    .optional()
    .describe("URL of a png or svg logo."),
  isSingleUse: z
    .boolean()
    .default(false)
    .describe("A single-use link verifies one user; its url is a secret output."),
  userId: text(255).optional().describe("The user of a single-use link."),
  expiresAt: z.iso
    .datetime({
      offset: true,
      error: onlyFor(
        "invalid_format",
        "must be an ISO 8601 date-time such as 2030-01-31T12:00:00Z",
      ),
    })
    .transform(isoInstant)
    .optional()
    .describe("ISO 8601 date-time after which the link expires; in the future when created."),
  partnerParams: z
    .record(
      z
        .string()
        .min(1, { error: "keys must not be empty" })
        .max(128)
        .refine((key) => key !== CREATE_MARKER_KEY, {
          error: `${CREATE_MARKER_KEY} is reserved for the provider's create marker`,
        }),
      z
        .string({
          error: onlyFor("invalid_type", "must be a string (wrap numbers and booleans in quotes)"),
        })
        .max(1024),
    )
    .refine((params) => Object.keys(params).length <= 50, { error: "must have at most 50 keys" })
    .optional()
    .describe("String values Smile ID passes back with each job."),
  redirectUrl: httpUrl().optional().describe("Absolute URL the user is sent to at the end."),
  isDisabled: z.boolean().default(false).describe("A disabled link accepts no new jobs."),
  adoptRefId: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,128}$/, {
      error: "must be the ref_id of an existing link (letters, digits, _ and -)",
    })
    .optional()
    .describe("The ref_id of an existing link that create takes over instead of making one."),
};

export type LinkField = keyof typeof linkFields;

export const LINK_FIELDS = Object.keys(linkFields) as LinkField[];

export const linkSchema = z.strictObject(linkFields);

/** The parts of a JSON Schema that the documents generated from the field rules read. */
export interface JsonSchema {
  $schema?: string;
  type?: string;
  format?: string;
  default?: unknown;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  enum?: string[];
  description?: string;
  items?: JsonSchema;
  properties?: Record<string, JsonSchema>;
  propertyNames?: JsonSchema;
  additionalProperties?: JsonSchema | boolean;
  required?: string[];
}

/** The JSON Schema of one link's inputs, as written in a links file. */
export function linkJsonSchema(): JsonSchema {
  return z.toJSONSchema(linkSchema, { io: "input", unrepresentable: "any" }) as JsonSchema;
}
