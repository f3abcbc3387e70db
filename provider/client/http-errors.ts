import { isAxiosError } from "axios";
import { parseRetryAfter } from "./retry-timing";

/**
 * What a failed attempt says, and what may be done about it: whether the API may have got the
 * request, and whether it may be sent again. Messages are failure-messages.ts's job.
 */

/** Network codes that prove the request never reached the API: no connection was made. */
const NOT_SENT_CODES = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  ...[
    "CERT_HAS_EXPIRED",
    "DEPTH_ZERO_SELF_SIGNED_CERT",
    "SELF_SIGNED_CERT_IN_CHAIN",
    "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
    "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
    "ERR_TLS_CERT_ALTNAME_INVALID",
  ],
]);

/** TLS codes of a certificate this machine does not trust (Node's and OpenSSL's names). */
export const UNTRUSTED_CERT_CODES = new Set([...NOT_SENT_CODES].filter((c) => /CERT/.test(c)));

/** Network codes worth retrying for requests that are safe to repeat. */
const TRANSIENT_CODES = new Set([
  "ECONNRESET",
  "ECONNREFUSED",
  "ECONNABORTED",
  "ETIMEDOUT",
  "EPIPE",
  "EAI_AGAIN",
  "ERR_SOCKET_CONNECTION_TIMEOUT",
]);

/** A failure at the proxy, before the API got the request: what the proxy answered, if it did. */
export interface ProxyStageFailure {
  status?: number;
  statusText?: string;
}

/** Attempts that the proxy, not the API, failed (http.ts marks them as they end). */
const atProxy = new WeakMap<object, ProxyStageFailure>();

export function markProxyFailure(error: object, failure: ProxyStageFailure): void {
  atProxy.set(error, failure);
}

export interface FailureFacts {
  /** The API's HTTP status; a proxy's answer is `proxy.status` instead. */
  status?: number;
  code?: string;
  /** The answer's `x-request-id` or `smileid-request-id`, as Smile's SDKs read it. */
  requestId?: string;
  /** The answer's Retry-After, in milliseconds. */
  retryAfterMs?: number;
  /** The header as given, for messages. */
  retryAfter?: string;
  proxy?: ProxyStageFailure;
}

/** The request id of an answer's headers, as Smile's SDKs read it; undefined without one. */
export function requestIdOf(headers: unknown): string | undefined {
  if (!headers || typeof headers !== "object") return undefined;
  const record = headers as Record<string, unknown>;
  for (const name of ["x-request-id", "smileid-request-id"]) {
    const value = record[name];
    if (typeof value === "string" && value.trim() !== "") return value.trim().slice(0, 200);
  }
  return undefined;
}

/** What an axios failure says, without anything from the request (whose body is signed). */
export function failureFacts(error: unknown): FailureFacts {
  if (!isAxiosError(error)) return {};
  const proxy = atProxy.get(error);
  const headers = error.response?.headers;
  const retryAfter = headers?.["retry-after"];
  return {
    ...(proxy ? { proxy } : { status: error.response?.status }),
    code: error.code,
    ...(!proxy && { requestId: requestIdOf(headers) }),
    ...(!proxy &&
      typeof retryAfter === "string" && {
        retryAfter,
        retryAfterMs: parseRetryAfter(retryAfter),
      }),
  };
}

/**
 * Safe to send again if the request is: the API asked us to wait (429), timed out waiting for it
 * (408) or failed (5xx), the connection broke, or the proxy failed for want of the API (not for
 * want of credentials, 407).
 */
export function isTransient({ status, code, proxy }: FailureFacts): boolean {
  if (proxy) return proxy.status !== 407;
  if (status !== undefined) return status === 408 || status === 429 || status >= 500;
  return code !== undefined && TRANSIENT_CODES.has(code);
}

/** The API provably did not process it: a 429, no connection made, or the proxy stopped it. */
export function provablyNotProcessed({ status, code, proxy }: FailureFacts): boolean {
  if (proxy) return true;
  if (status !== undefined) return status === 429;
  return code !== undefined && NOT_SENT_CODES.has(code);
}

/** What an error answer's body says: Smile's `{ code, error }`, or another service's words. */
export interface ApiAnswer {
  code?: string;
  text?: string;
  field?: string;
}

function firstText(record: Record<string, unknown>, keys: string[]): string | undefined {
  for (const key of keys) {
    const value = record[key];
    if (typeof value === "string" && value.trim() !== "") return value.trim();
    if (typeof value === "number") return String(value);
  }
  return undefined;
}

/**
 * Reads an error answer's body. Smile's services answer `{ "code": "2205", "error": "You are
 * not authorized to do that." }`; other callers have seen `message`, `detail` and a `field`.
 */
export function readApiAnswer(data: unknown): ApiAnswer {
  if (typeof data === "string") return { text: data.trim().slice(0, 300) || undefined };
  if (!data || typeof data !== "object" || Array.isArray(data)) return {};
  const record = data as Record<string, unknown>;
  return {
    code: firstText(record, ["code", "error_code"]),
    text: firstText(record, ["error", "message", "error_message", "detail"]),
    field: firstText(record, ["field", "rejected_field", "parameter"]),
  };
}

/** Smile's codes for a request whose credentials it refused (error codes page, troubleshooting). */
const REFUSAL_CODES = new Set(["2205", "2405"]);

/**
 * True when the API refused the request's credentials rather than its content. Smile's docs
 * disagree on 2204: its troubleshooting page and SDK fixtures pair it with "unauthorized", its
 * error-codes table says "wrong data type"; it counts as a refusal only when its text says so
 * (docs/reliability.md, before your first deploy).
 */
export function isCredentialRefusal(status: number, answer: ApiAnswer): boolean {
  if (status === 401 || status === 403 || REFUSAL_CODES.has(answer.code ?? "")) return true;
  return answer.code === "2204" && /authori[sz]/i.test(answer.text ?? "");
}
