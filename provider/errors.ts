/** What went wrong, for callers that branch on it. */
export type SmileLinksErrorKind = "api" | "network" | "response" | "validation" | "config";

/**
 * The one error type of the package. Messages name the operation, the link and what failed;
 * they never carry the API key or a request signature, so the original axios error (whose
 * config holds the signed body) is deliberately not kept as `cause`.
 */
export class SmileLinksError extends Error {
  override name = "SmileLinksError";

  constructor(
    readonly kind: SmileLinksErrorKind,
    message: string,
    readonly details: {
      /** HTTP status, when the API answered. */
      status?: number;
      /** Network error code (ECONNRESET, ECONNREFUSED, ECONNABORTED...). */
      code?: string;
      /** True when the request may have been processed although no answer arrived. */
      ambiguous?: boolean;
      /** Smile ID's own error code from the answer's body, such as "2205". */
      apiCode?: string;
      /** The answer's own text, such as "You are not authorized to do that.". */
      apiText?: string;
      /** True when the API refused the request's credentials (2205, 2405, an "unauthorized" 2204, HTTP 401 or 403). */
      refused?: boolean;
      /** The answer's request id (`x-request-id` or `smileid-request-id`), for Smile ID support. */
      requestId?: string;
      /** The setting a config error is about, such as "environment". */
      setting?: string;
    } = {},
  ) {
    super(message);
  }
}

export function isSmileLinksError(error: unknown): error is SmileLinksError {
  return error instanceof SmileLinksError;
}

/** True for an API answer with this HTTP status. */
export function hasStatus(error: unknown, status: number): boolean {
  return isSmileLinksError(error) && error.details.status === status;
}

/** The message of anything thrown: an Error's own, anything else as text. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** `text` as a sentence: trailing full stops and spaces trimmed, then exactly one full stop. */
export function sentence(text: string): string {
  return `${clause(text)}.`;
}

/** `text` without its closing full stop(s), to quote inside another sentence. */
export function clause(text: string): string {
  return text.trimEnd().replace(/[.\s]+$/, "");
}
