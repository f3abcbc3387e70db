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
 * `message` says what was wrong and what is allowed, and never carries a secret.
 */
export class HttpError extends Error {
  override name = "HttpError";

  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
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

/** The one place errors become answers: `{ "error": message, "code": code }`. */
export function errorResponse(error: unknown): EmulatorResponse {
  if (error instanceof HttpError) {
    return jsonResponse(error.status, { error: error.message, code: error.code }, error.headers);
  }
  // A bug in the emulator must not take the server down; the test that hit it sees a 500.
  const message = error instanceof Error ? error.message : String(error);
  return jsonResponse(500, { error: `internal emulator error: ${message}`, code: "internal" });
}
