import { HttpError } from "./http-error";
import { COUNTRY_CODES, isProduct, PRODUCTS, type IdObject } from "./id-object";

/**
 * Field rules shared by the request bodies, each a pure function that returns the valid value
 * or throws a 400 naming the field, e.g. `id_types[1].country must be ...`.
 */

export type Body = Record<string, unknown>;

export function missing(field: string): HttpError {
  return new HttpError(400, "missing_field", `${field} is required`, {}, field);
}

export function invalid(field: string, rule: string, given?: unknown): HttpError {
  const shown = given === undefined ? "" : ` (got ${JSON.stringify(given)?.slice(0, 80)})`;
  return new HttpError(400, "invalid_field", `${field} ${rule}${shown}`, {}, field);
}

export function isPlainObject(value: unknown): value is Body {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A required string with something in it besides blanks. */
export function text(body: Body, field: string, path = field): string {
  const value = body[field];
  if (value === undefined || value === null) throw missing(path);
  if (typeof value !== "string" || value.trim() === "") {
    throw invalid(path, "must be a non-empty string", value);
  }
  return value;
}

/** An absolute http(s) URL; a relative one would mean nothing to the hosted page. */
export function url(body: Body, field: string): string {
  const value = text(body, field);
  let parsed: URL | undefined;
  try {
    parsed = new URL(value);
  } catch {
    parsed = undefined;
  }
  if (!parsed || (parsed.protocol !== "http:" && parsed.protocol !== "https:")) {
    throw invalid(field, "must be an absolute http or https URL", value);
  }
  return value;
}

/** Absent and null both mean "not given" for an optional field. */
export function optional<T>(body: Body, field: string, read: (b: Body, f: string) => T): T | null {
  return body[field] === undefined || body[field] === null ? null : read(body, field);
}

export function flag(body: Body, field: string): boolean {
  const value = body[field];
  if (typeof value !== "boolean") throw invalid(field, "must be true or false", value);
  return value;
}

export function anyString(body: Body, field: string): string {
  const value = body[field];
  if (typeof value !== "string") throw invalid(field, "must be a string", value);
  return value;
}

/** Stored in UTC ISO 8601, the form the API's other date-times take. */
export function dateTime(body: Body, field: string): string {
  const value = text(body, field);
  const at = Date.parse(value);
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(value) || Number.isNaN(at)) {
    throw invalid(field, "must be an ISO 8601 date-time such as 2024-02-29T16:13:40.813Z", value);
  }
  return new Date(at).toISOString();
}

/** API docs: "all details sent in partner params should be wrapped as strings". */
export function stringRecord(body: Body, field: string): Record<string, string> {
  const value = body[field];
  if (!isPlainObject(value)) throw invalid(field, "must be an object of string values", value);
  for (const [key, entry] of Object.entries(value)) {
    if (typeof entry !== "string") {
      throw invalid(`${field}.${key}`, "must be a string (partner params are all strings)", entry);
    }
  }
  return { ...(value as Record<string, string>) };
}

function idType(entry: unknown, path: string): IdObject {
  if (!isPlainObject(entry)) {
    throw invalid(path, "must be an object { country, id_type, verification_method }", entry);
  }
  const country = text(entry, "country", `${path}.country`);
  if (!COUNTRY_CODES.has(country)) {
    throw invalid(`${path}.country`, "must be an upper-case ISO 3166-1 alpha-2 code", country);
  }
  const method = text(entry, "verification_method", `${path}.verification_method`);
  if (!isProduct(method)) {
    throw invalid(`${path}.verification_method`, `must be one of ${PRODUCTS.join(", ")}`, method);
  }
  return {
    country,
    id_type: text(entry, "id_type", `${path}.id_type`),
    verification_method: method,
  };
}

/** API docs: "For each ID type, only one verification method is supported." */
export function idTypes(body: Body, field: string): IdObject[] {
  const value = body[field];
  if (value === undefined || value === null) throw missing(field);
  if (!Array.isArray(value) || value.length === 0) {
    throw invalid(field, "must be a non-empty array of ID types", value);
  }
  const seen = new Map<string, number>();
  return value.map((entry, index) => {
    const parsed = idType(entry, `${field}[${index}]`);
    const key = `${parsed.country}/${parsed.id_type}`;
    const first = seen.get(key);
    if (first !== undefined) {
      throw invalid(
        `${field}[${index}]`,
        `repeats ${key} of ${field}[${first}]; only one verification method per ID type`,
      );
    }
    seen.set(key, index);
    return parsed;
  });
}
