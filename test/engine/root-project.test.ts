import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { API_KEY, PARTNER_ID, requestLines, useEmulator } from "../helpers/emulator";

/**
 * The repository's own Pulumi project (Pulumi.yaml, index.ts, links.yaml) under the Pulumi CLI
 * and its Node.js language host: `npm run pulumi -- preview` and `npm run up` (its script; the
 * suite has built the package already). Each stack lives on a backend of its own, and the
 * emulator on a free port stands for the Smile ID account that the environment names.
 */
const emulator = useEmulator();
const root = path.resolve(__dirname, "../..");
const CLI_TIMEOUT = 120_000;

let backend: string;
/** Everything the scripts printed. */
let printed = "";
beforeAll(async () => {
  backend = await mkdtemp(path.join(tmpdir(), "smile-links-root-"));
});
afterAll(async () => {
  // Removing the stacks also removes their Pulumi.<stack>.yaml from the repository root.
  for (const stack of ["test-root", "test-busy-port"]) {
    await script("pulumi.mjs", ["stack", "rm", "--yes", "--force", "--stack", stack]);
  }
  await rm(backend, { recursive: true, force: true });
});

interface ScriptResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `node scripts/NAME ARGS` in the repository root, as its npm script does. */
function script(
  name: string,
  args: string[],
  env: Record<string, string> = {},
): Promise<ScriptResult> {
  // `npm test` hands its own settings (npm_*) to its children; the scripts run without them.
  const base = Object.fromEntries(
    Object.entries(process.env).filter(([variable]) => !/^(npm_|INIT_CWD$)/i.test(variable)),
  );
  const child = spawn(process.execPath, [path.join("scripts", name), ...args], {
    cwd: root,
    env: {
      ...base,
      PULUMI_BACKEND_URL: pathToFileURL(backend).href,
      PULUMI_CONFIG_PASSPHRASE: "root-project-passphrase",
      SMILE_ID_API_URL: emulator().url,
      SMILE_ID_PARTNER_ID: PARTNER_ID,
      SMILE_ID_API_KEY: API_KEY,
      ...env,
    },
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdin.end();
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code) => {
      printed += stdout + stderr;
      resolve({ code: code ?? 1, stdout, stderr });
    });
  });
}

describe("the root project under the Pulumi CLI", { timeout: CLI_TIMEOUT }, () => {
  const stack = "test-root";

  it("previews the links of links.yaml through npm run pulumi, calling no API", async () => {
    expect((await script("pulumi.mjs", ["stack", "init", stack])).code).toBe(0);
    const preview = await script("pulumi.mjs", ["preview", "--json", "--stack", stack]);
    expect(preview.code).toBe(0);
    const creates = (JSON.parse(preview.stdout).steps as { op: string; urn: string }[])
      .filter((step) => step.urn.includes("SmileLink"))
      .map((step) => `${step.op} ${step.urn.split("::").pop()}`);
    expect(creates.sort()).toEqual(["create onboarding", "create reverification"]);
    expect(emulator().requests).toEqual([]);
  });

  it("deploys them with npm run up and prints each link's URL", async () => {
    const up = await script("up.mjs", [], { SMILE_LINKS_STACK: stack });
    expect(up.code).toBe(0);
    const names = emulator()
      .store.list()
      .map((link) => link.name);
    expect(names.sort()).toEqual(["Annual re-verification", "Customer onboarding"]);
    for (const link of emulator().store.list()) {
      expect(up.stdout).toMatch(new RegExp(`^  \\w+: .*/links/${link.ref_id}$`, "m"));
    }
  });

  it("changes nothing on a second npm run up", async () => {
    const up = await script("up.mjs", [], { SMILE_LINKS_STACK: stack });
    expect(up.code).toBe(0);
    expect(up.stdout).toMatch(/^\s+3 unchanged$/m);
    expect(requestLines(emulator())).toEqual([]);
  });

  it("never printed the API key", () => {
    expect(printed).not.toContain(API_KEY);
  });
});

describe("npm run up without credentials", () => {
  let busy: Server;
  let port: number;
  beforeAll(async () => {
    busy = createServer();
    await new Promise<void>((resolve) => busy.listen(0, "127.0.0.1", resolve));
    port = (busy.address() as { port: number }).port;
  });
  afterAll(() => new Promise<void>((resolve) => busy.close(() => resolve())));

  it("refuses to start its emulator on a busy port, naming the variable that picks another", async () => {
    const up = await script("up.mjs", [], {
      SMILE_LINKS_STACK: "test-busy-port",
      SMILE_LINKS_EMULATOR_PORT: String(port),
      SMILE_ID_API_URL: "",
      SMILE_ID_PARTNER_ID: "",
      SMILE_ID_API_KEY: "",
    });
    expect(up.code).toBe(1);
    expect(up.stderr).toContain(`up: port ${port} of 127.0.0.1 is in use`);
    expect(up.stderr).toContain("set SMILE_LINKS_EMULATOR_PORT to another port");
  });
});
