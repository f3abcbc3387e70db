import { z } from "zod";
import { ISO_COUNTRY_CODES } from "./countries";
import { CREATE_MARKER_KEY } from "./create-marker";
import { isoInstant } from "./instant";
import { VERIFICATION_METHODS } from "./verification-methods";

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

/**
 * How a change to an input reaches the link. The API's PUT changes only the ID types and the
 * disabled flag (API docs, "Updating a Smile Link"): every other input is fixed at create, and
 * changing it replaces the link. "none": read at create only, never a change.
 */
export type ChangeKind = "in place" | "replace" | "none";

/** Which requests carry an input: the create body, updates only, or none (the provider's own). */
export type SentIn = "create" | "update" | "never";

/**
 * How get, update and list answers carry an input, each kind read by one reader (wire.ts);
 * "none" for an input no answer carries.
 */
export type AnswerKind = "text" | "flag" | "dateTime" | "params" | "idTypes" | "none";

/** One input of a link: everything about it, in one entry of the table. */
export interface InputSpec {
  /** Its value's rule: type, limits and default (zod); check, the links file, the schemas. */
  rule: z.ZodType;
  /** What it is: the description in docs, SDKs, schemas and editors. */
  doc: string;
  /** Its name in the API's bodies and answers; none for the provider's own inputs. */
  wire?: string;
  change: ChangeKind;
  sentIn: SentIn;
  answer: AnswerKind;
  /** A URL, which must use https in production (check, and the policy pack's https rule). */
  url?: true;
  /** Usually the same for all of a company's links: export moves a shared value into `defaults`. */
  companyWide?: true;
}

/** Types an entry of the table, keeping its literal values (`change: "in place"`). */
function input<const S extends InputSpec>(spec: S): S {
  return spec;
}

/**
 * A link's inputs: the one table from which check, the diff rules, the wire mapping, the
 * TypeScript declarations, the package and links-file schemas, the reference page and the
 * policy pack's field lists derive (docs/development.md, "Adding a field"). Rules that need
 * more than one field or the environment (https in production, expiry in the future, one
 * method per ID type) live in `check.ts`.
 */
export const INPUT_FIELDS = {
  name: input({
    rule: text(255),
    doc: "The link's name.",
    wire: "name",
    change: "replace",
    sentIn: "create",
    answer: "text",
  }),
  companyName: input({
    rule: text(255),
    doc: "The company name shown on the link's page.",
    wire: "company_name",
    change: "replace",
    sentIn: "create",
    answer: "text",
    companyWide: true,
  }),
  idTypes: input({
    rule: z.array(idTypeSchema).min(1, { error: "must list at least one ID type" }).max(500),
    doc: "The ID types the link accepts, one verification method per country and ID type, in any order.",
    wire: "id_types",
    change: "in place",
    sentIn: "create",
    answer: "idTypes",
  }),
  callbackUrl: input({
    rule: httpUrl(),
    doc: "Absolute URL that receives the job results.",
    wire: "callback_url",
    change: "replace",
    sentIn: "create",
    answer: "text",
    url: true,
    companyWide: true,
  }),
  dataPrivacyPolicyUrl: input({
    rule: httpUrl(),
    doc: "Absolute URL of the data privacy policy.",
    wire: "data_privacy_policy_url",
    change: "replace",
    sentIn: "create",
    answer: "text",
    url: true,
    companyWide: true,
  }),
  logoUrl: input({
    rule: httpUrl()
      .regex(/\.(png|svg)([?#].*)?$/i, { error: "must be the URL of a .png or .svg image" })
      .optional(),
    doc: "URL of a png or svg logo.",
    wire: "logo_url",
    change: "replace",
    sentIn: "create",
    answer: "text",
    url: true,
    companyWide: true,
  }),
  isSingleUse: input({
    rule: z.boolean().default(false),
    doc: "A single-use link verifies one user; its url is a secret output.",
    wire: "is_single_use",
    change: "replace",
    sentIn: "create",
    answer: "flag",
  }),
  userId: input({
    rule: text(255).optional(),
    doc: "The user of a single-use link.",
    wire: "user_id",
    change: "replace",
    sentIn: "create",
    answer: "text",
  }),
  expiresAt: input({
    rule: z.iso
      .datetime({
        offset: true,
        error: onlyFor(
          "invalid_format",
          "must be an ISO 8601 date-time such as 2030-01-31T12:00:00Z",
        ),
      })
      .transform(isoInstant)
      .optional(),
    doc: "ISO 8601 date-time after which the link expires; in the future when created.",
    wire: "expires_at",
    change: "replace",
    sentIn: "create",
    answer: "dateTime",
  }),
  partnerParams: input({
    rule: z
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
            error: onlyFor(
              "invalid_type",
              "must be a string (wrap numbers and booleans in quotes)",
            ),
          })
          .max(1024),
      )
      .refine((params) => Object.keys(params).length <= 50, { error: "must have at most 50 keys" })
      .optional(),
    doc: "String values Smile ID passes back with each job.",
    wire: "partner_params",
    change: "replace",
    sentIn: "create",
    answer: "params",
  }),
  redirectUrl: input({
    rule: httpUrl().optional(),
    doc: "Absolute URL the user is sent to at the end.",
    wire: "redirect_url",
    change: "replace",
    sentIn: "create",
    answer: "text",
    url: true,
  }),
  isDisabled: input({
    rule: z.boolean().default(false),
    doc: "A disabled link accepts no new jobs.",
    wire: "is_disabled",
    change: "in place",
    sentIn: "update",
    answer: "flag",
  }),
  adoptRefId: input({
    rule: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,128}$/, {
        error: "must be the ref_id of an existing link (letters, digits, _ and -)",
      })
      .optional(),
    doc: "The ref_id of an existing link that create takes over instead of making one.",
    change: "none",
    sentIn: "never",
    answer: "none",
  }),
};

/** A table of inputs: `INPUT_FIELDS`, or a copy of it in a test. */
export type InputTable = Readonly<Record<string, InputSpec>>;

export type LinkField = keyof typeof INPUT_FIELDS;

export const LINK_FIELDS = Object.keys(INPUT_FIELDS) as LinkField[];

/** The inputs whose entry in the table says their change is `C`. */
type FieldsChanging<C extends ChangeKind> = {
  [K in LinkField]: (typeof INPUT_FIELDS)[K]["change"] extends C ? K : never;
}[LinkField];

/** The inputs that an update changes in place. */
export type InPlaceField = FieldsChanging<"in place">;

/** The inputs of a table whose entry passes `test`, in the table's order. */
export function fieldsWhere<T extends InputTable>(
  table: T,
  test: (spec: InputSpec) => boolean,
): (keyof T & string)[] {
  return Object.keys(table).filter((field) => test(table[field]!));
}

type Rules<T extends InputTable> = { [K in keyof T]: T[K]["rule"] };

/** Each input's rule, described by its doc (the JSON Schema and the SDKs carry it). */
export function rulesOf<T extends InputTable>(table: T): Rules<T> {
  return Object.fromEntries(
    Object.entries(table).map(([field, spec]) => [field, spec.rule.describe(spec.doc)]),
  ) as Rules<T>;
}

/** The field rules of a link's inputs, by input. */
export const linkFields = rulesOf(INPUT_FIELDS);

/** The URL inputs, which must use https in production. */
export const URL_FIELDS = fieldsWhere(INPUT_FIELDS, (spec) => spec.url === true);

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
export function linkJsonSchema(table: InputTable = INPUT_FIELDS): JsonSchema {
  const schema = z.strictObject(rulesOf(table));
  return z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as JsonSchema;
}
