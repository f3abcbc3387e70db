import { createServer, type AddressInfo, type Socket } from "node:net";
import { describe, expect, it } from "vitest";
import { smileLinksBinary } from "../helpers/cli";
import { API_KEY, closedPortUrl, PARTNER_ID, useEmulator } from "../helpers/emulator";

/**
 * The installed `smile-links` command, as its own process, at the edges of the network and of
 * its settings: every failure is one line on stderr, names the flags and variables the command
 * reads (never stack config), and a setting that cannot work fails before any request.
 */
const emulator = useEmulator();

function account(overrides: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    SMILE_ID_PARTNER_ID: PARTNER_ID,
    SMILE_ID_API_KEY: API_KEY,
    SMILE_ID_API_URL: emulator().url,
    ...overrides,
  };
}

/** An API URL whose server takes every connection and never answers; closed after `task`. */
async function withSilentServer<T>(task: (url: string) => Promise<T>): Promise<T> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on("error", () => socket.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  try {
    return await task(`http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`);
  } finally {
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => server.close(resolve));
  }
}

/** The lines of stderr, each checked to be a message of the command and no stack trace. */
function lines(stderr: string): string[] {
  expect(stderr).not.toMatch(/^\s+at /m);
  return stderr.trimEnd().split("\n");
}

describe("a setting that cannot work fails before any request", () => {
  it("names SMILE_ID_API_URL, the value and the fix for a mistyped scheme, at once", async () => {
    const url = emulator().url.replace("http:", "htp:");
    const result = await smileLinksBinary(["export"], account({ SMILE_ID_API_URL: url }));
    expect(result.code).toBe(1);
    expect(lines(result.stderr)).toEqual([
      `smile-links: SMILE_ID_API_URL must be the API's URL; got "${url}": its scheme is htp, ` +
        "and only https (or http for a local emulator) works, as in " +
        "https://testapi.smileidentity.com/v1.",
    ]);
    expect(emulator().requests).toEqual([]);
  });

  it("names doctor's --api-url when the flag gave the value", async () => {
    const url = `${emulator().url}?partner=1`;
    const result = await smileLinksBinary(["doctor", "--api-url", url], account());
    expect(result.code).toBe(1);
    expect(lines(result.stderr)).toEqual([
      expect.stringMatching(
        /^smile-links: --api-url must be the API's URL; got ".+": it has a query \(\?partner=1\)/,
      ),
    ]);
    expect(emulator().requests).toEqual([]);
  });

  it("rejects a --timeout that is not a number of seconds as a usage error", async () => {
    const result = await smileLinksBinary(["export", "--timeout", "soon"], account());
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      '--timeout must be a number of seconds greater than 0 and at most 3600 (default 30); got "soon".',
    );
    expect(emulator().requests).toEqual([]);
  });

  it("warns of an API URL without /v1, and the 404 says what was meant", async () => {
    const url = emulator().url.replace(/\/v1$/, "");
    const result = await smileLinksBinary(["export"], account({ SMILE_ID_API_URL: url }));
    expect(result.code).toBe(1);
    expect(lines(result.stderr)).toEqual([
      `smile-links: warning: SMILE_ID_API_URL is ${url}, whose path does not end in /v1, the ` +
        `API's version segment, so the API will answer 404: did you mean ${url}/v1?`,
      expect.stringMatching(
        new RegExp(
          `^smile-links: list links: HTTP 404 from POST ${url}/smile_links/:list: .+\\. The API URL ${url} does not end in /v1, the API's version segment: if ${url}/v1 was meant, give it in SMILE_ID_API_URL\\.$`,
        ),
      ),
    ]);
  });
});

describe("an API that does not answer", () => {
  it("names the URL and how to start the emulator, in one line, without adoptOrphans", async () => {
    const url = await closedPortUrl();
    const result = await smileLinksBinary(["export"], account({ SMILE_ID_API_URL: url }));
    expect(result.code).toBe(1);
    expect(lines(result.stderr)).toEqual([
      `smile-links: list links: could not connect to ${url}: the connection was refused ` +
        "(ECONNREFUSED), so nothing reached the API. If it is the local emulator, start it with " +
        "smile-links emulator (it prints its URL); otherwise check the API URL (SMILE_ID_API_URL).",
    ]);
  });

  it("fails at --timeout when no answer ever comes, naming the flag and the variable", async () => {
    await withSilentServer(async (url) => {
      const result = await smileLinksBinary(
        ["export", "--timeout", "0.2"],
        account({ SMILE_ID_API_URL: url }),
      );
      expect(result.code).toBe(1);
      expect(lines(result.stderr)).toEqual([
        `smile-links: list links: POST ${url}/smile_links/:list got no answer within 0.2 s. ` +
          "If the API is slow rather than unreachable, allow it longer (--timeout or " +
          "SMILE_ID_TIMEOUT_SECONDS).",
      ]);
    });
  });
});

describe("Smile's answers, as the command shows them", () => {
  it("quotes the answer's request id for Smile ID support", async () => {
    emulator().faults.set({
      requestIdHeader: "smileid-request-id",
      failNext: [{ status: 400, count: 1 }],
    });
    const result = await smileLinksBinary(["export"], account());
    const requestId = emulator().requests[0]?.requestId;
    expect(result.code).toBe(1);
    expect(lines(result.stderr)).toEqual([
      expect.stringMatching(
        new RegExp(
          `^smile-links: list links: HTTP 400 from POST .+ \\(Smile ID request id ${requestId}, quote it to Smile ID support\\)\\.$`,
        ),
      ),
    ]);
  });

  it("says what to check after a refusal in the command's own flags and variables", async () => {
    const result = await smileLinksBinary(["export"], account({ SMILE_ID_API_KEY: "wrong-key" }));
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      "Check the partner id (SMILE_ID_PARTNER_ID); the API key (SMILE_ID_API_KEY); that the " +
        "environment or API URL is the one the key was issued for (SMILE_ID_ENVIRONMENT; " +
        "SMILE_ID_API_URL;",
    );
    expect(result.stderr).not.toContain("smileid:");
  });

  it("gives doctor --json the refusal's request id", async () => {
    emulator().faults.set({ requestIdHeader: "x-request-id" });
    const result = await smileLinksBinary(
      ["doctor", "--json"],
      account({ SMILE_ID_API_KEY: "wrong-key" }),
    );
    const report = JSON.parse(result.stdout);
    const requestId = emulator().requests[0]?.requestId;
    expect(result.code).toBe(1);
    expect(report.auth).toMatchObject({ status: 401, requestId });
    expect(report.findings.join("\n")).toContain(
      `(Smile ID request id ${requestId}, quote it to Smile ID support)`,
    );
  });
});
