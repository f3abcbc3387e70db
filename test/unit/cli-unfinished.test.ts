import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { smileLinksBinary } from "../helpers/cli";
import { API_KEY, PARTNER_ID, useEmulator } from "../helpers/emulator";

/**
 * No silent ends: a command whose work is still pending when Node.js has nothing left to wait
 * for exits 1 with one line naming what was left unanswered, never 0 with nothing said.
 */
const emulator = useEmulator();
const LOSE_SOCKETS = path.resolve(__dirname, "../fixtures/requests-lose-their-socket.mjs");
const NO_PROXY_VARIABLES = {
  HTTPS_PROXY: "",
  https_proxy: "",
  HTTP_PROXY: "",
  http_proxy: "",
  NO_PROXY: "",
  no_proxy: "",
};

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "smile-links-unfinished-"));
});

afterAll(() => rm(dir, { recursive: true, force: true }));

function account(apiUrl: string): NodeJS.ProcessEnv {
  return {
    ...process.env,
    ...NO_PROXY_VARIABLES,
    SMILE_ID_API_URL: apiUrl,
    SMILE_ID_PARTNER_ID: PARTNER_ID,
    SMILE_ID_API_KEY: API_KEY,
  };
}

describe("a command whose request is never answered, nor fails", () => {
  /** The built command, with every HTTP request of its process left without a socket. */
  const run = (args: string[]) =>
    smileLinksBinary(args, {
      ...account(emulator().url),
      NODE_OPTIONS:
        `${process.env.NODE_OPTIONS ?? ""} --import ${pathToFileURL(LOSE_SOCKETS).href}`.trim(),
    });

  it.each([
    ["export", "nothing was written"],
    ["doctor", "no verdict was reached, so the provider is not known to be safe here"],
  ])(
    "%s exits 1 naming the request left unanswered and what it left undone",
    async (command, undone) => {
      const result = await run([command]);
      expect(result).toEqual({
        code: 1,
        stdout: "",
        stderr:
          `smile-links ${command}: stopped before the API answered POST ` +
          `${emulator().url}/smile_links/:list; ${undone}. Neither an answer nor an error came ` +
          "back (a proxy that drops the connection can do this): check HTTPS_PROXY, HTTP_PROXY " +
          "and NO_PROXY, then run it again; if it happens without a proxy, please report it.\n",
      });
    },
  );

  it("export --out writes no file", async () => {
    const out = path.join(dir, "never.yaml");
    expect((await run(["export", "--out", out])).code).toBe(1);
    expect(existsSync(out)).toBe(false);
  });
});

describe("behind an HTTPS proxy that closes each CONNECT without answering", () => {
  let proxy: Server;
  let proxyUrl: string;
  beforeAll(async () => {
    proxy = createServer((socket) => socket.once("data", () => socket.end()));
    await new Promise<void>((resolve) => proxy.listen(0, "127.0.0.1", resolve));
    const { port } = proxy.address() as { port: number };
    proxyUrl = `http://proxy-user:proxy-pass-7731@127.0.0.1:${port}`;
  });
  afterAll(() => new Promise<void>((resolve) => proxy.close(() => resolve())));

  it("export exits 1 with one line naming the proxy variable, writes nothing, shows no proxy password", async () => {
    const out = path.join(dir, "behind-proxy.yaml");
    const result = await smileLinksBinary(["export", "--out", out], {
      ...account("https://api.smile-links.test/v1"),
      HTTPS_PROXY: proxyUrl,
    });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe("");
    // The guard's line until the client reads the proxy's drop itself, then the client's.
    expect(result.stderr).toMatch(/^smile-links[ :][^\n]*HTTPS_PROXY[^\n]*\n$/);
    expect(result.stderr).not.toContain("proxy-pass-7731");
    expect(existsSync(out)).toBe(false);
  });
});
