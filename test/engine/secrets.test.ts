import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { inspect } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SmileLinkArgs } from "../../provider";
import { SmileLinksClient } from "../../provider/client/client";
import { API_KEY, PARTNER_ID, clientFor, useEmulator } from "../helpers/emulator";
import { engineStack, type EngineStack } from "../helpers/engine";
import { linkArgs, linkInputs } from "../helpers/links";
import { configureStack } from "../helpers/provider";
import { serializedProvider } from "../helpers/serialized-provider";

/**
 * The API key is a secret wherever it travels: in state, in the stack's files, in the
 * serialized provider, in error messages, and in Pulumi's most verbose logs; a single-use
 * link's URL is stored only as ciphertext.
 */
const emulator = useEmulator();

/** Distinctive, like API_KEY: a key the API does not accept. */
const WRONG_KEY = "sk-test-0a1b2c3d4e5f-WRONG-DO-NOT-LEAK";

const args = (overrides: Record<string, unknown> = {}) =>
  linkArgs(overrides) as unknown as SmileLinkArgs;

/** Every byte Pulumi printed, at verbosity 9 with logs, debug output and plugin logs on stderr. */
interface Transcript {
  text: string;
  failure?: string;
}

async function verboseUp(engine: EngineStack): Promise<Transcript> {
  let text = "";
  const collect = (chunk: string) => (text += chunk);
  try {
    const result = await engine.stack.up({
      logVerbosity: 9,
      logToStdErr: true,
      logFlow: true,
      debug: true,
      onOutput: collect,
      onError: collect,
    });
    return { text: text + result.stdout + result.stderr };
  } catch (error) {
    return { text, failure: error instanceof Error ? error.message : String(error) };
  }
}

/** The text of every file under `dir`: the backend's checkpoints, history and locks, or a workspace. */
async function filesUnder(dir: string): Promise<string> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const texts = await Promise.all(
    entries
      .filter((entry) => entry.isFile())
      .map((entry) => readFile(path.join(entry.parentPath, entry.name), "utf8")),
  );
  return texts.join("\n");
}

/**
 * What the CLI wrote to PULUMI_HOME/logs on its own (it logs every command there, encrypted
 * with the stack's secrets provider), as `pulumi logs decrypt` shows it.
 */
async function automaticLogs(engine: EngineStack): Promise<string> {
  const dir = path.join(engine.pulumiHome!, "logs");
  const files = (await readdir(dir)).filter((file) => file.includes("+test-"));
  expect(files.length).toBeGreaterThan(0);
  const decrypted = await Promise.all(
    files.map((file) =>
      engine.cli(["logs", "decrypt", path.join(dir, file), "--stack", engine.stack.name]),
    ),
  );
  return decrypted.join("\n");
}

function singleUseRefId(name: string): string {
  return emulator()
    .store.list()
    .find((link) => link.name === name)!.ref_id;
}

describe.each([
  ["secret stack config", "config" as const],
  ["an environment variable", "env" as const],
])("with the API key in %s", (_source, credentials) => {
  const name = `Single use via ${credentials}`;
  let engine: EngineStack;
  let transcript: Transcript;
  let logs: string;
  beforeAll(async () => {
    engine = await engineStack(
      emulator(),
      { single: args({ name, isSingleUse: true, userId: "user-7" }) },
      { credentials, ownPulumiHome: true },
    );
    if (credentials === "config") {
      await engine.stack.setConfig("smileid:apiKey", { value: API_KEY, secret: true });
    }
    transcript = await verboseUp(engine);
    logs = await automaticLogs(engine);
  });
  afterAll(() => engine?.remove());

  it("deploys, with Pulumi logging at verbosity 9", () => {
    expect(transcript.failure).toBeUndefined();
    // The logs are really there: the engine's calls to the provider, configure included.
    expect(transcript.text).toMatch(/Provider\[0x[0-9a-f]+\]\.Configure\(\) executing/);
    expect(transcript.text).toMatch(/debug: RegisterResource RPC finished/);
  });

  it("keeps the key out of Pulumi's output and verbose logs", () => {
    expect(transcript.text).not.toContain(API_KEY);
  });

  it("keeps the key out of Pulumi's automatic logs, decrypted", async () => {
    // The logs are really there: the engine's calls to the provider, configure included.
    expect(logs).toMatch(/Provider\[0x[0-9a-f]+\]\.Configure\(\) executing/);
    expect(logs).not.toContain(API_KEY);
  });

  it("keeps the key out of pulumi stack export", async () => {
    expect(await engine.exportText()).not.toContain(API_KEY);
  });

  it("keeps the key out of every file of the backend and the workspace", async () => {
    expect(await filesUnder(engine.backendDir)).not.toContain(API_KEY);
    expect(await filesUnder(engine.stack.workspace.workDir)).not.toContain(API_KEY);
  });

  // Upstream, not ours: with --debug, or -v=3 and above, the Node.js SDK logs each
  // RegisterResource response with secret outputs in plain text (@pulumi/pulumi
  // runtime/resource.js, "RegisterResource RPC finished"). docs/troubleshooting.md warns; this test
  // fails, and should then be turned around, once Pulumi stops doing it.
  it("shows the single-use link's URL in Pulumi's debug output, as the Node.js SDK logs it", () => {
    expect(transcript.text).toContain(`/links/${singleUseRefId(name)}`);
  });

  // Upstream too: the CLI keeps every command's logs in PULUMI_HOME/logs, the Node.js SDK's
  // debug messages included, encrypted with the stack's secrets provider; `pulumi logs
  // decrypt` shows them and `pulumi logs share` sends them to Pulumi support.
  // docs/troubleshooting.md warns.
  it("shows the single-use link's URL in Pulumi's automatic logs, decrypted, as the Node.js SDK logs it", async () => {
    expect(logs).toContain(`/links/${singleUseRefId(name)}`);
  });

  it("stores the single-use link's URL only as ciphertext", async () => {
    const refId = singleUseRefId(name);
    const text = await engine.exportText();
    expect(text).not.toContain(`/links/${refId}`);
    expect(await filesUnder(engine.backendDir)).not.toContain(`/links/${refId}`);
    const state = JSON.parse(text);
    const link = state.deployment.resources.find((r: { id?: string }) => r.id === refId);
    expect(link.outputs.url).toMatchObject({ ciphertext: expect.any(String) });
  });
});

describe("with a key the API refuses", () => {
  let engine: EngineStack;
  let transcript: Transcript;
  beforeAll(async () => {
    engine = await engineStack(
      emulator(),
      { refused: args({ name: "Refused" }) },
      { credentials: "config" },
    );
    await engine.stack.setConfig("smileid:apiKey", { value: WRONG_KEY, secret: true });
    transcript = await verboseUp(engine);
  });
  afterAll(() => engine?.remove());

  it("fails the up with the API's 401", () => {
    expect(transcript.failure).toMatch(/HTTP 401 from POST .*signature does not match/);
  });

  it("keeps the key out of the error and the verbose logs", () => {
    expect(transcript.failure).not.toContain(WRONG_KEY);
    expect(transcript.text).not.toContain(WRONG_KEY);
  });
});

describe("the serialized provider", () => {
  it("captures no key, even after configure has seen one", async () => {
    await configureStack({ "smileid:partnerId": PARTNER_ID, "smileid:apiKey": API_KEY });
    expect(await serializedProvider()).not.toContain(API_KEY);
  });
});

describe("the client", () => {
  /** An API that answers every request 500 with the key in its message, as a broken proxy might. */
  let echo: Server;
  let echoUrl: string;
  beforeAll(async () => {
    echo = createServer((_req, res) => {
      res.writeHead(500, { "content-type": "application/json" });
      res.end(JSON.stringify({ error: `upstream rejected key ${API_KEY}` }));
    });
    await new Promise<void>((resolve) => echo.listen(0, "127.0.0.1", resolve));
    echoUrl = `http://127.0.0.1:${(echo.address() as AddressInfo).port}/v1`;
  });
  afterAll(() => new Promise<void>((resolve) => echo.close(() => resolve())));

  it("redacts the key from an API message that echoes it", async () => {
    const client = new SmileLinksClient({
      apiUrl: echoUrl,
      partnerId: PARTNER_ID,
      apiKey: API_KEY,
      retry: { maxAttempts: 1 },
    });
    const error: unknown = await client.get("abc").catch((caught: unknown) => caught);
    expect(String(error)).toMatch(/HTTP 500 .*upstream rejected key \[redacted\]/);
    expect(inspect(error, { depth: 10 })).not.toContain(API_KEY);
    expect(JSON.stringify(error)).not.toContain(API_KEY);
  });

  it("never shows the key when inspected", () => {
    const client = clientFor(emulator());
    expect(inspect(client, { depth: 10, showHidden: true })).not.toContain(API_KEY);
    expect(JSON.stringify(client)).not.toContain(API_KEY);
  });

  it("keeps the key out of a failed request's error, signature included", async () => {
    const client = clientFor(emulator(), { apiKey: WRONG_KEY });
    const error: unknown = await client.create(linkInputs()).catch((caught: unknown) => caught);
    const shown = inspect(error, { depth: 10, showHidden: true });
    expect(shown).toMatch(/HTTP 401/);
    expect(shown).not.toContain(WRONG_KEY);
    // Nothing of the signed request (axios keeps it in `config`) travels with the error.
    expect(shown).not.toMatch(/partner_id["']?:|signature["']?:/);
    expect(error).not.toHaveProperty("config");
    expect(error).not.toHaveProperty("cause");
  });
});
