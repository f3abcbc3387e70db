import type { ErrorShape } from "./reading";

/** What the emulator answers: the app is a function from an `EmulatorRequest` to this. */
export interface EmulatorResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
  /**
   * Set by the drop-after-work fault: the work is done, but the server adapter destroys the
   * socket instead of sending this answer, as when a connection breaks after the API acted.
   */
  drop?: boolean;
}

/**
 * The one error type of the emulator's handlers. `code` is a short machine-readable word;
 * `message` says what was wrong and what is allowed, and never carries a secret. `field`
 * names the request field at fault, where there is one.
 */
export class HttpError extends Error {
  override name = "HttpError";

  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
    readonly field?: string,
  ) {
    super(message);
  }
}

export function jsonResponse(
  status: number,
  value: unknown,
  headers: Record<string, string> = {},
): EmulatorResponse {
  return {
    status,
    headers: { "content-type": "application/json; charset=utf-8", ...headers },
    body: JSON.stringify(value),
  };
}

/** Smile's text for code 2205, word for word as a live API answered it (jaxopay's logs). */
export const NOT_AUTHORIZED = "You are not authorized to do that.";

/**
 * An error as Smile words it, `{ code: "<4 digits>", error }`, with the codes of Smile's
 * "Error codes" page: 2205 for refused credentials, answered 400 without the reason, as Smile
 * gives none; 2213 for a missing or invalid field; 2201 for a system error. A status the page
 * has no code for (404, 405, 413, 415, 429) gets `{ error }` alone.
 */
export function smileError(error: HttpError): { status: number; body: Record<string, string> } {
  // A 401 here is refused credentials (auth.ts, or a fault playing them); Smile says 400 2205.
  if (error.status === 401) return { status: 400, body: { code: "2205", error: NOT_AUTHORIZED } };
  if (error.status === 400) {
    const body: Record<string, string> = { code: "2213", error: error.message };
    if (error.field !== undefined) body.field = error.field;
    return { status: 400, body };
  }
  if (error.status >= 500)
    return { status: error.status, body: { code: "2201", error: error.message } };
  return { status: error.status, body: { error: error.message } };
}

/**
 * The one place errors become answers, in the reading's shape: "words" is
 * `{ "error": message, "code": word }`, "smile" is `smileError`'s.
 */
export function errorResponse(error: unknown, shape: ErrorShape): EmulatorResponse {
  const known = error instanceof HttpError ? error : internalError(error);
  const { status, body } =
    shape === "smile"
      ? smileError(known)
      : { status: known.status, body: { error: known.message, code: known.code } };
  return jsonResponse(status, body, known.headers);
}

/** A bug in the emulator must not take the server down; the test that hit it sees a 500. */
function internalError(error: unknown): HttpError {
  const message = error instanceof Error ? error.message : String(error);
  return new HttpError(500, "internal", `internal emulator error: ${message}`);
}
