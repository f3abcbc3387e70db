import { isAxiosError } from "axios";
import { messageOf, SmileLinksError } from "../errors";
import { SETTING_SOURCES } from "../settings";

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
const REFUSAL_CODES = new Set(["2204", "2205", "2405"]);

/** True when the API refused the request's credentials rather than its content. */
export function isCredentialRefusal(status: number, answer: ApiAnswer): boolean {
  return status === 401 || status === 403 || REFUSAL_CODES.has(answer.code ?? "");
}

/** "2413 NIN_SLIP is not enabled ... (field id_types)": the code and the text, as given. */
function describeAnswer({ code, text, field }: ApiAnswer): string | undefined {
  const said = [code, text].filter(Boolean).join(" ");
  if (!said) return undefined;
  return field && !said.includes(field) ? `${said} (field ${field})` : said;
}

/** What to check when Smile ID refuses the credentials, for the API at `apiUrl`. */
export function refusalHint(apiUrl: string): string {
  const { partnerId, apiKey, environment, apiUrl: url } = SETTING_SOURCES;
  return (
    `Smile ID refused this request's credentials. Check the partner id (${partnerId.config} ` +
    `or ${partnerId.env}); the API key (${apiKey.config} or ${apiKey.env}); that the ` +
    `environment or API URL is the one the key was issued for (${environment.config}, ` +
    `${url.config}; this request went to ${apiUrl}, and sandbox keys do not work in ` +
    "production); and this machine's clock, since every request is signed with the current time."
  );
}

/**
 * The one place axios errors become SmileLinksErrors: "create link "x": HTTP 400 from
 * POST .../smile_links: 2213 A required parameter is missing (field callback_url)", with what
 * to check after a refusal of the credentials. `redact` removes any secret that an API message
 * might echo back.
 */
export function toSmileLinksError(
  error: unknown,
  what: string,
  request: string,
  apiUrl: string,
  redact: (text: string) => string,
): SmileLinksError {
  if (!isAxiosError(error)) {
    const message = messageOf(error);
    return new SmileLinksError("network", redact(`${what}: ${request} failed: ${message}`));
  }
  const { status, code } = failureFacts(error);
  if (status !== undefined) {
    const answer = readApiAnswer(error.response?.data);
    const said = describeAnswer(answer);
    const refused = isCredentialRefusal(status, answer);
    const message =
      `${what}: HTTP ${status} from ${request}${said ? `: ${said}` : ""}` +
      (refused ? `. ${refusalHint(apiUrl)}` : "");
    return new SmileLinksError("api", redact(message), {
      status,
      ...(answer.code !== undefined && { apiCode: redact(answer.code) }),
      ...(answer.text !== undefined && { apiText: redact(answer.text) }),
      ...(refused && { refused }),
    });
  }
  const reason = code === "ECONNABORTED" ? "timed out" : `no answer (${code ?? error.message})`;
  return new SmileLinksError("network", redact(`${what}: ${request} ${reason}`), {
    code,
    ambiguous: !NOT_SENT_CODES.has(code ?? ""),
  });
}
