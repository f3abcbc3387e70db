/**
 * The API URL a user gives (`smileid:apiUrl`, `SMILE_ID_API_URL`, `--api-url`): what makes it
 * unusable, checked before any request, and what makes it likely wrong, said as a warning.
 */

/** Smile ID's API roots end in this segment (API docs: every endpoint is under `/v1`). */
export const API_VERSION_SEGMENT = "/v1";

const EXAMPLE = "https://testapi.smileidentity.com/v1";

/** Why `value` cannot be the API URL, as a clause after "got ..."; undefined when it can. */
export function apiUrlProblem(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return `it is not an absolute URL; give one such as ${EXAMPLE}`;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    return `its scheme is ${url.protocol.slice(0, -1)}, and only https (or http for a local emulator) works, as in ${EXAMPLE}`;
  }
  if (url.hostname === "") return `it names no host; give one such as ${EXAMPLE}`;
  if (url.search !== "" || url.hash !== "") {
    const extra = url.search !== "" ? `a query (${url.search})` : `a fragment (${url.hash})`;
    return `it has ${extra}, which every request would carry; give the API root alone, such as ${EXAMPLE}`;
  }
  return undefined;
}

/** True for a host name that stays on this machine. */
export function isLoopback(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, "").toLowerCase();
  return (
    host === "localhost" ||
    host.endsWith(".localhost") ||
    host === "::1" ||
    /^127(\.\d{1,3}){3}$/.test(host)
  );
}

/** Whether the path of a usable API URL ends in the version segment. */
export function hasVersionSegment(apiUrl: string): boolean {
  return new URL(apiUrl).pathname.replace(/\/+$/, "").endsWith(API_VERSION_SEGMENT);
}

/** The URL with the version segment added to its path: the likely intended API root. */
export function withVersionSegment(apiUrl: string): string {
  return `${apiUrl.replace(/\/+$/, "")}${API_VERSION_SEGMENT}`;
}

/**
 * What is likely wrong with a usable API URL, each a sentence naming `source` (where the value
 * came from): a path without the version segment, and plain http to another machine.
 */
export function apiUrlWarnings(apiUrl: string, source: string): string[] {
  const url = new URL(apiUrl);
  const warnings: string[] = [];
  if (!hasVersionSegment(apiUrl)) {
    warnings.push(
      `${source} is ${apiUrl}, whose path does not end in ${API_VERSION_SEGMENT}, the API's ` +
        `version segment, so the API will answer 404: did you mean ${withVersionSegment(apiUrl)}?`,
    );
  }
  if (url.protocol === "http:" && !isLoopback(url.hostname)) {
    warnings.push(
      `${source} is ${apiUrl}: plain http to another machine sends every request unencrypted ` +
        "(the API key itself never leaves this machine, but each request's signature, which " +
        "anyone who reads it can replay, and the links' data would travel in clear); use https.",
    );
  }
  return warnings;
}
