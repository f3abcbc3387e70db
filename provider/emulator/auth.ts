import { timingSafeEqual } from "node:crypto";
import { HttpError } from "./http-error";
import { expectedSignature } from "./signature";

export interface Credentials {
  partnerId: string;
  apiKey: string;
  /** How far a request's timestamp may be from now, either way. */
  signatureWindowMs: number;
}

/**
 * The credentials the emulator takes when none are given. Kept here, apart from the server, so
 * that the command line can name them without loading the emulator.
 */
export const EMULATOR_CREDENTIALS = Object.freeze({
  partnerId: "emulator-partner",
  apiKey: "emulator-api-key",
} as const);

/** An ISO 8601 date-time with a time zone, as `new Date().toISOString()` writes it. */
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/;

function unauthorized(code: string, message: string): HttpError {
  return new HttpError(401, code, message);
}

function requiredText(body: Record<string, unknown>, field: string): string {
  const value = body[field];
  if (typeof value !== "string" || value === "") {
    throw unauthorized("missing_credentials", `${field} is required as a non-empty string`);
  }
  return value;
}

/** Compares in constant time so the answer's timing reveals nothing about the expected value. */
function sameText(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Checks the signed fields of a request body (API docs, "Signing your API Request"): the
 * partner, a fresh timestamp (so that a captured request cannot be replayed later) and the
 * HMAC signature. Throws a 401 whose message never contains the expected signature or the key.
 */
export function verifySignedBody(
  body: Record<string, unknown>,
  credentials: Credentials,
  now: number,
): void {
  const partnerId = requiredText(body, "partner_id");
  const timestamp = requiredText(body, "timestamp");
  const signature = requiredText(body, "signature");
  if (!sameText(partnerId, credentials.partnerId)) {
    throw unauthorized("unknown_partner", "partner_id is not the partner this API serves");
  }
  const at = Date.parse(timestamp);
  if (!ISO_DATE_TIME.test(timestamp) || Number.isNaN(at)) {
    throw unauthorized(
      "invalid_timestamp",
      "timestamp must be an ISO 8601 date-time such as 2024-02-29T16:13:40.813Z",
    );
  }
  if (Math.abs(now - at) > credentials.signatureWindowMs) {
    const seconds = Math.round(credentials.signatureWindowMs / 1000);
    throw unauthorized(
      "stale_timestamp",
      `timestamp ${timestamp} is more than ${seconds} s from the server time; sign each request afresh`,
    );
  }
  const expected = expectedSignature(credentials.apiKey, partnerId, timestamp);
  if (!sameText(signature, expected)) {
    throw unauthorized(
      "invalid_signature",
      "signature does not match partner_id and timestamp for this partner's API key",
    );
  }
}
