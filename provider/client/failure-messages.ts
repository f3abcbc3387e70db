import { isAxiosError } from "axios";
import { clause, messageOf, SmileLinksError } from "../errors";
import { hasVersionSegment, isLoopback, withVersionSegment } from "../api-url";
import { howToSet, type SettingNames } from "../settings";
import {
  failureFacts,
  isCredentialRefusal,
  provablyNotProcessed,
  readApiAnswer,
  UNTRUSTED_CERT_CODES,
  type ApiAnswer,
  type FailureFacts,
} from "./http-errors";
import { TIMEOUT_CODE } from "./http";
import { NOT_SENT, type FailureContext } from "./failure-context";
import { proxyMessage } from "./proxy-messages";
import { asksTooLong } from "./retry-timing";

/**
 * The one place axios errors become SmileLinksErrors, each one message that ends with one full
 * stop: what failed, what was answered (with Smile's request id to quote to support), and the way
 * forward, in the names of the settings the caller reads (`names`: the providers' stack config,
 * or a command's flags).
 */

/** " (Smile ID request id 5f2..., quote it to Smile ID support)", or nothing. */
export function requestIdNote(requestId: string | undefined): string {
  return requestId ? ` (Smile ID request id ${requestId}, quote it to Smile ID support)` : "";
}

export function toSmileLinksError(error: unknown, context: FailureContext): SmileLinksError {
  const { what, request, redact } = context;
  if (!isAxiosError(error)) {
    return new SmileLinksError(
      "network",
      redact(`${what}: ${request} failed: ${clause(messageOf(error))}.`),
    );
  }
  const facts = failureFacts(error);
  if (facts.status !== undefined) return answerError(error.response?.data, facts, context);
  const message = facts.proxy
    ? proxyMessage(facts, context)
    : networkMessage(facts, context, error.message);
  return new SmileLinksError("network", redact(message), {
    code: facts.code,
    ambiguous: !provablyNotProcessed(facts),
  });
}

/** "2413 NIN_SLIP is not enabled ... (field id_types)": the code and the text, as given. */
function describeAnswer({ code, text, field }: ApiAnswer): string | undefined {
  const said = [code, text && clause(text)].filter(Boolean).join(" ");
  if (!said) return undefined;
  return field && !said.includes(field) ? `${said} (field ${field})` : said;
}

/** An answer of the API: its status, what it said, its request id, and what to do. */
function answerError(data: unknown, facts: FailureFacts, context: FailureContext) {
  const { what, request, apiUrl, names, policy, proxy, redact } = context;
  const status = facts.status!;
  const answer = readApiAnswer(data);
  const said = describeAnswer(answer);
  const refused = isCredentialRefusal(status, answer);
  const advice = [
    refused && refusalHint(apiUrl, names),
    status === 404 &&
      !hasVersionSegment(apiUrl) &&
      `The API URL ${apiUrl} does not end in /v1, the API's version segment: if ` +
        `${withVersionSegment(apiUrl)} was meant, give it in ${howToSet("apiUrl", names)}.`,
    asksTooLong(facts.retryAfterMs, policy) &&
      `Smile ID asked to wait ${Math.ceil(facts.retryAfterMs! / 1000)} s before trying again ` +
        `(Retry-After: ${facts.retryAfter}), longer than the ${policy.maxRetryAfterMs / 1000} s ` +
        "this client waits, so it did not retry: run it again after that time.",
    proxy &&
      !proxy.tunnel &&
      status >= 500 &&
      `It came through the proxy ${proxy.shown} (from ${proxy.variable}), which may have ` +
        "answered for the API.",
  ].filter((text): text is string => typeof text === "string");
  const message =
    `${what}: HTTP ${status} from ${request}${said ? `: ${said}` : ""}` +
    `${requestIdNote(facts.requestId)}.` +
    advice.map((text) => ` ${text}`).join("");
  return new SmileLinksError("api", redact(message), {
    status,
    ...(answer.code !== undefined && { apiCode: redact(answer.code) }),
    ...(answer.text !== undefined && { apiText: redact(answer.text) }),
    ...(refused && { refused }),
    ...(facts.requestId !== undefined && { requestId: facts.requestId }),
  });
}

/** What to check when Smile ID refuses the credentials, for the API at `apiUrl`. */
export function refusalHint(apiUrl: string, names: SettingNames): string {
  return (
    `Smile ID refused this request's credentials. Check the partner id ` +
    `(${howToSet("partnerId", names)}); the API key (${howToSet("apiKey", names)}); that the ` +
    `environment or API URL is the one the key was issued for (${howToSet("environment", names)}; ` +
    `${howToSet("apiUrl", names)}; this request went to ${apiUrl}, and sandbox keys do not work ` +
    "in production); and this machine's clock, since every request is signed with the current time."
  );
}

/** The way forward when the API cannot be reached directly. */
function unreachableHint(apiUrl: string, names: SettingNames): string {
  const url = howToSet("apiUrl", names);
  if (isLoopback(new URL(apiUrl).hostname)) {
    return (
      `If it is the local emulator, start it with smile-links emulator (it prints its URL); ` +
      `otherwise check the API URL (${url}).`
    );
  }
  return (
    `Check the API URL (${url}); if this machine reaches the internet through a proxy, set ` +
    "HTTPS_PROXY (and NO_PROXY for hosts it should reach directly)."
  );
}

/** What failed, for the codes of a connection that could not be made to a host that resolved. */
const UNREACHABLE = new Map([
  ["ECONNREFUSED", "the connection was refused"],
  ["EHOSTUNREACH", "the host is unreachable"],
  ["ENETUNREACH", "the network is unreachable"],
]);

/** A failure without an answer, on a direct connection or inside a proxy's tunnel. */
function networkMessage(facts: FailureFacts, context: FailureContext, said: string): string {
  const { what, request, apiUrl, names, timeoutMs, proxy } = context;
  const code = facts.code;
  const host = new URL(apiUrl).hostname;
  const through = proxy ? `, through the proxy ${proxy.shown} (from ${proxy.variable})` : "";
  const reach = `${what}: could not connect to ${apiUrl}`;
  const unreachable = code && UNREACHABLE.get(code);
  if (unreachable) {
    return `${reach}: ${unreachable} (${code}), ${NOT_SENT}. ${unreachableHint(apiUrl, names)}`;
  }
  if (code === "ENOTFOUND" || code === "EAI_AGAIN") {
    const why = code === "ENOTFOUND" ? "does not resolve" : "could not be looked up for now";
    return `${reach}: the host name ${host} ${why} (${code}), ${NOT_SENT}. ${unreachableHint(apiUrl, names)}`;
  }
  if (code && UNTRUSTED_CERT_CODES.has(code)) {
    return (
      `${reach}: its TLS certificate is not trusted (${code}: ${clause(said)})${through}, ` +
      `${NOT_SENT}. If a proxy or gateway re-signs TLS traffic, give Node.js its CA certificate ` +
      "with NODE_EXTRA_CA_CERTS=/path/to/ca.pem."
    );
  }
  if (code === TIMEOUT_CODE) {
    return (
      `${what}: ${request} got no answer within ${timeoutMs / 1000} s${through}. If the API is ` +
      `slow rather than unreachable, allow it longer (${howToSet("timeoutSeconds", names)}).`
    );
  }
  if (code === "ECONNRESET" || code === "EPIPE" || /socket hang up/i.test(said)) {
    return `${what}: ${request}: the connection broke before an answer came (${code ?? clause(said)})${through}.`;
  }
  return `${what}: ${request} failed: ${clause(said)}${code ? ` (${code})` : ""}${through}.`;
}
