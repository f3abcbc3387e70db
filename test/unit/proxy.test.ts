import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { smileLinksBinary } from "../helpers/cli";
import { startConnectProxy, type ConnectProxy } from "../helpers/connect-proxy";
import { API_KEY, createLink, PARTNER_ID, useEmulator } from "../helpers/emulator";
import {
  makeCertificate,
  startTlsFront,
  type TestCertificate,
  type TlsFront,
} from "../helpers/tls-front";

/**
 * `smile-links` behind an HTTPS proxy, as pipelines run it: the emulator served over https
 * (a certificate made for this file, trusted through NODE_EXTRA_CA_CERTS), reached through a
 * real CONNECT proxy that tunnels, drops the connection, or answers 407 or 502.
 */
const emulator = useEmulator();
const USER = "ci-bot";
const PASSWORD = "pr0xy-S3cret!";

let certificate: TestCertificate;
let front: TlsFront;
let proxies: Record<"tunnel" | "drop" | "407" | "502", ConnectProxy>;

beforeAll(async () => {
  certificate = await makeCertificate();
  front = await startTlsFront(emulator().url, certificate);
  const credentials = { user: USER, password: PASSWORD };
  proxies = {
    tunnel: await startConnectProxy("tunnel", credentials),
    drop: await startConnectProxy("drop", credentials),
    "407": await startConnectProxy("407", credentials),
    "502": await startConnectProxy("502", credentials),
  };
});
afterAll(async () => {
  await Promise.all(Object.values(proxies ?? {}).map((proxy) => proxy.close()));
  await front?.close();
  await certificate?.remove();
});

/** What a pipeline behind the proxy has: the account, the proxy, the proxy's CA. */
function pipeline(variables: Record<string, string>): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    SMILE_ID_PARTNER_ID: PARTNER_ID,
    SMILE_ID_API_KEY: API_KEY,
    SMILE_ID_API_URL: front.url,
    NODE_EXTRA_CA_CERTS: certificate.certFile,
    ...variables,
  };
}

/** The proxy's URL as messages may show it: without its user and password. */
const shown = (proxy: ConnectProxy) => proxy.url.replace(/\/\/[^@]+@/, "//");

function expectNoCredentials(text: string): void {
  expect(text).not.toContain(PASSWORD);
  expect(text).not.toContain(encodeURIComponent(PASSWORD));
  expect(text).not.toContain(USER);
}

describe("through a proxy that tunnels", () => {
  it("exports the account with the proxy's credentials, which no output shows", async () => {
    const { ref_id } = await createLink(emulator());
    const result = await smileLinksBinary(
      ["export"],
      pipeline({ HTTPS_PROXY: proxies.tunnel.url }),
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`adoptRefId: ${ref_id}`);
    expect(proxies.tunnel.authorizations.at(-1)).toBe(`${USER}:${PASSWORD}`);
    expect(proxies.tunnel.connects.at(-1)).toBe(new URL(front.url).host);
    expectNoCredentials(result.stdout + result.stderr);
  });

  it("reads https_proxy and no_proxy in lower case too: a listed host is reached directly", async () => {
    const result = await smileLinksBinary(
      ["export"],
      pipeline({ https_proxy: proxies.drop.url, no_proxy: "example.org,localhost" }),
    );
    expect(result.code).toBe(0);
    expect(proxies.drop.connects).toEqual([]);
  });
});

describe("a proxy that fails", () => {
  it.each([
    [
      "drop",
      "closed the connection before answering the request to connect to HOST, so nothing " +
        "reached the API. Check HTTPS_PROXY, or list localhost in NO_PROXY to connect directly.",
    ],
    [
      "407",
      "answered 407 Proxy Authentication Required when asked to connect to HOST, so nothing " +
        "reached the API: it wants credentials, and refused the user and password in " +
        "HTTPS_PROXY. Put the proxy's user and password in HTTPS_PROXY as " +
        "http://user:password@host:port (percent-encode special characters).",
    ],
    [
      "502",
      "answered 502 Bad Gateway when asked to connect to HOST, so nothing reached the API: the " +
        "proxy could not reach the API or does not allow it. Check that the proxy lets this " +
        "machine reach HOST, or list localhost in NO_PROXY to connect directly.",
    ],
  ] as const)(
    "that does %s ends export with one line naming the proxy, what it did and the variable",
    async (behaviour, what) => {
      const proxy = proxies[behaviour];
      const result = await smileLinksBinary(["export"], pipeline({ HTTPS_PROXY: proxy.url }));
      expect(result.code).toBe(1);
      expect(result.stdout).toBe("");
      expect(result.stderr).toBe(
        `smile-links: list links: the proxy ${shown(proxy)} (from HTTPS_PROXY) ` +
          `${what.replaceAll("HOST", new URL(front.url).host)}\n`,
      );
      expectNoCredentials(result.stderr);
      expect(emulator().requests).toEqual([]);
    },
  );

  it("that refuses the connection is named, with the variable to check", async () => {
    const closed = await startConnectProxy("drop");
    await closed.close();
    const result = await smileLinksBinary(["export"], pipeline({ HTTPS_PROXY: closed.url }));
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      `smile-links: list links: could not connect to the proxy ${closed.url} (from HTTPS_PROXY): ` +
        "the connection was refused (ECONNREFUSED), so nothing reached the API. Check " +
        "HTTPS_PROXY, or list localhost in NO_PROXY to connect directly.\n",
    );
  });

  it("that never answers fails at the timeout instead of hanging", async () => {
    const silent = await startConnectProxy("silent");
    try {
      const result = await smileLinksBinary(
        ["export", "--timeout", "0.2"],
        pipeline({ HTTPS_PROXY: silent.url }),
      );
      expect(result.code).toBe(1);
      expect(result.stderr).toBe(
        `smile-links: list links: the proxy ${silent.url} (from HTTPS_PROXY) did not answer the ` +
          `request to connect to ${new URL(front.url).host} within 0.2 s, so nothing reached the ` +
          "API. Check HTTPS_PROXY, or list localhost in NO_PROXY to connect directly.\n",
      );
    } finally {
      await silent.close();
    }
  });

  it("ends doctor with exit 1 and the proxy named, never a silent 0", async () => {
    const result = await smileLinksBinary(["doctor"], pipeline({ HTTPS_PROXY: proxies.drop.url }));
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(`the proxy ${shown(proxies.drop)} (from HTTPS_PROXY) closed`);
    expect(result.stdout).toContain("verdict: NOT safe");
    expectNoCredentials(result.stdout + result.stderr);
  });
});

describe("a proxy variable that cannot work", () => {
  it("fails before any request, naming the variable, with the credentials hidden", async () => {
    const socks = `socks5://${USER}:${encodeURIComponent(PASSWORD)}@127.0.0.1:1080`;
    const result = await smileLinksBinary(["export"], pipeline({ HTTPS_PROXY: socks }));
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      "smile-links: HTTPS_PROXY must be the URL of an http or https proxy, such as " +
        "http://proxy.example:3128 or http://user:password@proxy.example:3128; got " +
        '"socks5://****@127.0.0.1:1080".\n',
    );
    expectNoCredentials(result.stderr);
    expect(emulator().requests).toEqual([]);
  });
});

describe("the API's certificate", () => {
  it("is trusted only through NODE_EXTRA_CA_CERTS, and an untrusted one says how to fix it", async () => {
    const env = pipeline({ HTTPS_PROXY: proxies.tunnel.url });
    delete env.NODE_EXTRA_CA_CERTS;
    const result = await smileLinksBinary(["export"], env);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /^smile-links: list links: could not connect to https:\/\/localhost:\d+\/v1: its TLS certificate is not trusted \(DEPTH_ZERO_SELF_SIGNED_CERT: .+\), through the proxy http:\/\/127\.0\.0\.1:\d+ \(from HTTPS_PROXY\), so nothing reached the API\. If a proxy or gateway re-signs TLS traffic, give Node\.js its CA certificate with NODE_EXTRA_CA_CERTS=\/path\/to\/ca\.pem\.\n$/,
    );
    expect(result.stderr).not.toContain("adoptOrphans");
  });
});
