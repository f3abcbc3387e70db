import { HttpError } from "./http-error";
import { isPlainObject, type Body } from "./validate-fields";

/** Largest request body accepted; the server adapter stops reading past it. */
export const MAX_BODY_BYTES = 1024 * 1024;

/** What the app needs of a request; the server adapter builds it from node:http. */
export interface EmulatorRequest {
  method: string;
  /** The raw request target: path and query, still percent-encoded. */
  path: string;
  /** Header names in lower case, as node:http gives them. */
  headers: Record<string, string | string[] | undefined>;
  body: string;
  /** True when the body passed MAX_BODY_BYTES; `body` is then incomplete. */
  bodyTooLarge?: boolean;
}

function mediaType(headers: EmulatorRequest["headers"]): string {
  const value = headers["content-type"];
  const first = Array.isArray(value) ? value[0] : value;
  return (first ?? "").split(";")[0]!.trim().toLowerCase();
}

/**
 * The request body as a JSON object, or a 415 (not JSON), 413 (too large) or 400 (malformed,
 * or not an object). All the API's bodies are objects, so anything else is refused here.
 */
export function jsonBody(request: EmulatorRequest): Body {
  const type = mediaType(request.headers);
  if (type !== "application/json") {
    throw new HttpError(
      415,
      "unsupported_media_type",
      `Content-Type must be application/json (got ${type ? JSON.stringify(type) : "none"})`,
    );
  }
  if (request.bodyTooLarge || Buffer.byteLength(request.body) > MAX_BODY_BYTES) {
    throw new HttpError(413, "body_too_large", `request body is over ${MAX_BODY_BYTES} bytes`);
  }
  let value: unknown;
  try {
    value = JSON.parse(request.body);
  } catch {
    // JSON.parse's message quotes the body, which may hold a signature: not repeated here.
    throw new HttpError(400, "malformed_json", "body is not valid JSON");
  }
  if (!isPlainObject(value)) {
    throw new HttpError(400, "malformed_json", "body must be a JSON object");
  }
  return value;
}
