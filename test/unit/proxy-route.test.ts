import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { SmileLinksClient } from "../../provider/client/client";
import { proxyRoute } from "../../provider/client/proxy";
import { SmileLinksError } from "../../provider/errors";
import { startConnectProxy } from "../helpers/connect-proxy";
import { API_KEY, PARTNER_ID } from "../helpers/emulator";

/**
 * The proxy route as HTTPS_PROXY gives it, in this process: what a value that cannot work says,
 * and what the route keeps of its credentials. proxy.test.ts runs the command through real
 * proxies.
 */
const API_URL = "https://api.example.test/v1";

beforeEach(() => {
  for (const name of ["https_proxy", "http_proxy", "all_proxy", "ALL_PROXY", "no_proxy"]) {
    vi.stubEnv(name, "");
  }
  vi.stubEnv("NO_PROXY", "");
});
afterEach(() => {
  vi.unstubAllEnvs();
});

/** The config error proxyRoute throws for HTTPS_PROXY=`value`. */
function configError(value: string): SmileLinksError {
  vi.stubEnv("HTTPS_PROXY", value);
  try {
    proxyRoute(API_URL);
  } catch (error) {
    expect(error).toBeInstanceOf(SmileLinksError);
    return error as SmileLinksError;
  }
  throw new Error(`HTTPS_PROXY=${value} was accepted`);
}

describe("a proxy URL that cannot be parsed", () => {
  it.each([
    ["a / in the password", "http://user:pa/ss@proxy:3128", "http://****@proxy:3128"],
    ["a / and an @ in the password", "http://user:pa/s@s@proxy:3128", "http://****@proxy:3128"],
    ["a ? and a / in the password", "http://user:p?a/ss@proxy:3128", "http://****@proxy:3128"],
    ["another scheme", "socks5://user:pa/ss@proxy:1080", "socks5://****@proxy:1080"],
  ])("hides the credentials with %s, up to the last @", (_case, value, hidden) => {
    const error = configError(value);
    expect(error.message).toBe(
      "HTTPS_PROXY must be the URL of an http or https proxy, such as " +
        "http://proxy.example:3128 or http://user:password@proxy.example:3128; got " +
        `"${hidden}".`,
    );
    expect(error.message.split("; got ")[1]).not.toMatch(/user|pa\/s|p\?a/);
  });
});

describe("proxy credentials that are not valid percent-encoding", () => {
  it("are used as given (100% stays 100%), never a URIError", async () => {
    const proxy = await startConnectProxy("407");
    try {
      const url = proxy.url.replace("//", "//ci-bot:100%@");
      vi.stubEnv("HTTPS_PROXY", url);
      expect(proxyRoute(API_URL)?.secrets).toContain("100%");
      const client = new SmileLinksClient({
        apiUrl: "https://localhost:9/v1",
        partnerId: PARTNER_ID,
        apiKey: API_KEY,
        retry: { maxAttempts: 1 },
      });
      const error = await client.list().then(
        () => undefined,
        (e: unknown) => e as Error,
      );
      expect(proxy.authorizations).toEqual(["ci-bot:100%"]);
      expect(error).toBeInstanceOf(SmileLinksError);
      expect(error?.message).toContain("answered 407 Proxy Authentication Required");
      expect(error?.message).not.toContain("100%");
    } finally {
      await proxy.close();
    }
  });
});
