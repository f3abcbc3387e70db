import { HttpError } from "./http-error";
import type { EmulatorRequest } from "./read-body";

/** What every route checks the same way: the method, a link id in the path, a missing thing. */

/** Ids the emulator makes are hex or UUIDs; this also refuses path tricks such as `../` or `%2F`. */
const REF_ID = /^[A-Za-z0-9_-]{1,128}$/;

export function notFound(what: string): HttpError {
  return new HttpError(404, "not_found", `${what} not found`);
}

export function allowMethods(request: EmulatorRequest, allowed: string[]): void {
  if (!allowed.includes(request.method)) {
    throw new HttpError(
      405,
      "method_not_allowed",
      `${request.method} is not allowed here; use ${allowed.join(" or ")}`,
      { allow: allowed.join(", ") },
    );
  }
}

/** A path segment decoded and checked as a link id, so no trick reaches the store. */
export function refIdFrom(segment: string): string {
  let decoded: string;
  try {
    decoded = decodeURIComponent(segment);
  } catch {
    decoded = segment;
  }
  if (!REF_ID.test(decoded)) {
    throw new HttpError(
      400,
      "invalid_ref_id",
      "ref_id in the path must be 1 to 128 letters, digits, '_' or '-'",
    );
  }
  return decoded;
}
