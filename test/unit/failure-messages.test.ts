import { AxiosError } from "axios";
import { describe, expect, it } from "vitest";
import { toSmileLinksError } from "../../provider/client/failure-messages";
import { DEFAULT_RETRY_POLICY } from "../../provider/client/retry-timing";
import { PULUMI_SETTING_NAMES } from "../../provider/settings";

/**
 * The messages of failures without an answer, from synthetic axios errors: codes that a test
 * cannot cheaply get from a real connection (no route to a host or network), beside the refused
 * connection whose advice they share.
 */
function failure(code: string, apiUrl: string) {
  const error = new AxiosError(`connect ${code} 10.255.255.1:443`, code);
  return toSmileLinksError(error, {
    what: "list links",
    request: `POST ${apiUrl}/smile_links/list`,
    apiUrl,
    names: PULUMI_SETTING_NAMES,
    timeoutMs: 30_000,
    policy: DEFAULT_RETRY_POLICY,
    redact: (text) => text,
  });
}

describe("an API this machine cannot connect to", () => {
  it.each([
    ["ECONNREFUSED", "the connection was refused"],
    ["EHOSTUNREACH", "the host is unreachable"],
    ["ENETUNREACH", "the network is unreachable"],
  ])("(%s) names the URL, says nothing reached the API, and how to fix it", (code, why) => {
    const error = failure(code, "https://api.example.test/v1");
    expect(error.message).toBe(
      `list links: could not connect to https://api.example.test/v1: ${why} (${code}), so ` +
        "nothing reached the API. Check the API URL (smileid:apiUrl or SMILE_ID_API_URL); if " +
        "this machine reaches the internet through a proxy, set HTTPS_PROXY (and NO_PROXY for " +
        "hosts it should reach directly).",
    );
    expect(error.details).toMatchObject({ code, ambiguous: false });
  });
});
