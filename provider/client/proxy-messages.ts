import { NOT_SENT, type FailureContext } from "./failure-context";
import type { FailureFacts } from "./http-errors";
import { TIMEOUT_CODE } from "./http";

/** A failure at the proxy, before the API got the request: what the proxy did, and what to check. */
export function proxyMessage(facts: FailureFacts, context: FailureContext): string {
  const { what, apiUrl, timeoutMs } = context;
  const proxy = context.proxy!;
  const { status, statusText } = facts.proxy!;
  const target = new URL(apiUrl).host;
  const where = `the proxy ${proxy.shown} (from ${proxy.variable})`;
  const check = `Check ${proxy.variable}, or list ${new URL(apiUrl).hostname} in NO_PROXY to connect directly.`;
  if (status === 407) {
    const given = proxy.hasCredentials
      ? `, and refused the user and password in ${proxy.variable}`
      : "";
    return (
      `${what}: ${where} answered 407 Proxy Authentication Required when asked to connect to ` +
      `${target}, ${NOT_SENT}: it wants credentials${given}. Put the proxy's user and password in ` +
      `${proxy.variable} as http://user:password@host:port (percent-encode special characters).`
    );
  }
  if (status !== undefined) {
    const answered = `${status}${statusText ? ` ${statusText}` : ""}`;
    return (
      `${what}: ${where} answered ${answered} when asked to connect to ${target}, ${NOT_SENT}: ` +
      `the proxy could not reach the API or does not allow it. Check that the proxy lets this ` +
      `machine reach ${target}, or list ${new URL(apiUrl).hostname} in NO_PROXY to connect directly.`
    );
  }
  const code = facts.code;
  if (code === "ECONNREFUSED") {
    return `${what}: could not connect to ${where}: the connection was refused (ECONNREFUSED), ${NOT_SENT}. ${check}`;
  }
  if (code === "ENOTFOUND" || code === "EAI_AGAIN") {
    return `${what}: could not connect to ${where}: its host name does not resolve (${code}), ${NOT_SENT}. ${check}`;
  }
  if (code === TIMEOUT_CODE) {
    return (
      `${what}: ${where} did not answer the request to connect to ${target} within ` +
      `${timeoutMs / 1000} s, ${NOT_SENT}. ${check}`
    );
  }
  return (
    `${what}: ${where} closed the connection before answering the request to connect to ` +
    `${target}${code ? ` (${code})` : ""}, ${NOT_SENT}. ${check}`
  );
}
