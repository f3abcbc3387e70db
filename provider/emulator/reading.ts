import { z } from "zod";

/**
 * The ways the API docs can be read where they leave things open (docs/emulator.md, "The
 * API's open questions"). The emulator plays one reading, chosen when it starts and fixed for
 * its lifetime, as a real API would be.
 */

export const LIST_PATH_READINGS = [":list", "list", "both"] as const;
export const PARTNER_PARAMS_READINGS = ["list-and-get", "get", "list", "none"] as const;
export const ERROR_SHAPES = ["words", "smile"] as const;
export const CREATE_STATUSES = [200, 201, 202] as const;
export const REF_ID_STYLES = ["hex", "uuid"] as const;

/** Where the list endpoint answers: the docs' literal `/smile_links/:list`, `/smile_links/list`, or both. */
export type ListPathReading = (typeof LIST_PATH_READINGS)[number];
/** Which answers carry a link's `partner_params` field at all. */
export type PartnerParamsReading = (typeof PARTNER_PARAMS_READINGS)[number];
/**
 * "words": today's `{ error, code: "<word>" }` with 401 for bad credentials; "smile": Smile's
 * own `{ code: "<4 digits>", error }`, HTTP 400 for refused credentials.
 */
export type ErrorShape = (typeof ERROR_SHAPES)[number];
/** The HTTP status of a successful create. */
export type CreateStatus = (typeof CREATE_STATUSES)[number];
/**
 * "hex": today's 16-hex ids and `{origin}/links/{id}` URLs; "uuid": UUID ref ids and hosted
 * URLs `{origin}/{partnerId}/{uuid}`, as links[.sandbox].usesmileid.com/{partner_id}/{uuid}.
 */
export type RefIdStyle = (typeof REF_ID_STYLES)[number];

export interface ApiReading {
  listPath: ListPathReading;
  partnerParams: PartnerParamsReading;
  errorShape: ErrorShape;
  createStatus: CreateStatus;
  refIds: RefIdStyle;
}

/** The docs taken at their word: what the emulator plays unless told otherwise. */
export const DOCUMENTED_READING: Readonly<ApiReading> = Object.freeze({
  listPath: ":list",
  partnerParams: "list-and-get",
  errorShape: "words",
  createStatus: 200,
  refIds: "hex",
});

const CHOICES: { [Field in keyof ApiReading]: readonly ApiReading[Field][] } = {
  listPath: LIST_PATH_READINGS,
  partnerParams: PARTNER_PARAMS_READINGS,
  errorShape: ERROR_SHAPES,
  createStatus: CREATE_STATUSES,
  refIds: REF_ID_STYLES,
};

const readingSchema = z.strictObject({
  listPath: z.enum(LIST_PATH_READINGS).default(DOCUMENTED_READING.listPath),
  partnerParams: z.enum(PARTNER_PARAMS_READINGS).default(DOCUMENTED_READING.partnerParams),
  errorShape: z.enum(ERROR_SHAPES).default(DOCUMENTED_READING.errorShape),
  createStatus: z.literal(CREATE_STATUSES).default(DOCUMENTED_READING.createStatus),
  refIds: z.enum(REF_ID_STYLES).default(DOCUMENTED_READING.refIds),
});

function isField(name: string): name is keyof ApiReading {
  return Object.hasOwn(CHOICES, name);
}

function problem(value: unknown, issue: z.core.$ZodIssue | undefined): string {
  const fields = Object.keys(CHOICES).join(", ");
  if (issue?.code === "unrecognized_keys") {
    return `reading has no field ${JSON.stringify(issue.keys[0])}; its fields are ${fields}`;
  }
  const field = String(issue?.path[0] ?? "");
  if (!isField(field)) return `reading must be an object with some of ${fields}`;
  const allowed = CHOICES[field].map((choice) => JSON.stringify(choice)).join(", ");
  const given = JSON.stringify((value as Record<string, unknown>)[field]);
  return `reading.${field} must be one of ${allowed} (got ${given})`;
}

/**
 * A reading from a partial one, the documented choice filling each field not given. A bad
 * value throws a RangeError naming the field, the value given and the values allowed.
 */
export function parseReading(value: unknown): ApiReading {
  const parsed = readingSchema.safeParse(value);
  if (!parsed.success) throw new RangeError(problem(value, parsed.error.issues[0]));
  return parsed.data;
}

/** Whether the get-one (`"get"`) or list (`"list"`) answer carries `partner_params`. */
export function carriesPartnerParams(
  reading: PartnerParamsReading,
  answer: "get" | "list",
): boolean {
  return reading === "list-and-get" || reading === answer;
}
