import { isAxiosError } from "axios";
import { SmileLinksError } from "../errors";

/** Network codes that prove the request never reached the API. */
const NOT_SENT_CODES = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN"]);

/** Network codes worth retrying for requests that are safe to repeat. */
const TRANSIENT_CODES = new Set([
  "ECONNRESET",
  "ECONNREFUSED",
  "ECONNABORTED",
  "ETIMEDOUT",
  "EPIPE",
  "ERR_SOCKET_CONNECTION_TIMEOUT",
]);

export interface FailureFacts {
  status?: number;
  code?: string;
}

/** What an axios failure says, without anything from the request (whose body is signed). */
export function failureFacts(error: unknown): FailureFacts {
  if (!isAxiosError(error)) return {};
  return { status: error.response?.status, code: error.code };
}

/** Safe to retry any request: the API asked us to wait, failed, or the connection broke. */
export function isTransient({ status, code }: FailureFacts): boolean {
  if (status !== undefined) return status === 429 || status >= 500;
  return code !== undefined && TRANSIENT_CODES.has(code);
}

/** Safe to retry a create: the API provably did not process it. */
export function provablyNotProcessed({ status, code }: FailureFacts): boolean {
  if (status !== undefined) return status === 429;
  return code !== undefined && NOT_SENT_CODES.has(code);
}

function apiMessage(data: unknown): string | undefined {
  if (typeof data === "string") return data.trim().slice(0, 300) || undefined;
  if (data && typeof data === "object") {
    const record = data as Record<string, unknown>;
    for (const key of ["error", "message", "detail"]) {
      if (typeof record[key] === "string") return record[key];
    }
  }
  return undefined;
}

/**
 * The one place axios errors become SmileLinksErrors: "create link "x": HTTP 400 from
 * POST .../smile_links: callback_url is required". `redact` removes any secret that an
 * API message might echo back.
 */
export function toSmileLinksError(
  error: unknown,
  what: string,
  request: string,
  redact: (text: string) => string,
): SmileLinksError {
  if (!isAxiosError(error)) {
    const message = error instanceof Error ? error.message : String(error);
    return new SmileLinksError("network", redact(`${what}: ${request} failed: ${message}`));
  }
  const { status, code } = failureFacts(error);
  if (status !== undefined) {
    const message = apiMessage(error.response?.data);
    return new SmileLinksError(
      "api",
      redact(`${what}: HTTP ${status} from ${request}${message ? `: ${message}` : ""}`),
      { status },
    );
  }
  const reason = code === "ECONNABORTED" ? "timed out" : `no answer (${code ?? error.message})`;
  return new SmileLinksError("network", redact(`${what}: ${request} ${reason}`), {
    code,
    ambiguous: !NOT_SENT_CODES.has(code ?? ""),
  });
}
