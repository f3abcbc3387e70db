// Stacks of SmileLinks run by the real Pulumi CLI through the Automation API (inline programs,
// as the engine tests run them) on a throwaway file backend, against the emulator. Every CLI call
// is timed, so `pulumi up` itself can be told apart from the Automation API's follow-up calls
// (`stack output`, `stack history`).
import { execFile } from "node:child_process";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { LocalWorkspace, PulumiCommand } from "@pulumi/pulumi/automation/index.js";
import { pulumiEnv } from "../ensure-pulumi.mjs";

const execFileAsync = promisify(execFile);

/**
 * @typedef {object} OpResult
 * @property {number} seconds wall time of the CLI command itself (`pulumi up`, `pulumi refresh`...)
 * @property {number} totalSeconds wall time of the Automation API call, follow-up calls included
 * @property {Record<string, number>} changes resource changes by kind, the stack included
 */

/**
 * A directory holding the file backend and the stacks' work directories, and the environment
 * the CLI and the provider host run with (the emulator's URL and credentials).
 *
 * @param {{ binary: string; apiUrl: string; partnerId: string; apiKey: string }} options
 */
export async function createBackend({ binary, apiUrl, partnerId, apiKey }) {
  const dir = await mkdtemp(path.join(tmpdir(), "smile-links-bench-"));
  const env = definedOnly(
    pulumiEnv(
      {
        PULUMI_BACKEND_URL: pathToFileURL(dir).href, // state in <dir>/.pulumi
        PULUMI_CONFIG_PASSPHRASE: "bench-passphrase",
        SMILE_ID_API_URL: apiUrl,
        SMILE_ID_PARTNER_ID: partnerId,
        SMILE_ID_API_KEY: apiKey,
      },
      binary,
    ),
  );
  return {
    dir,
    env,
    /**
     * A new stack whose program declares `links` (by resource name); assign `stack.links`
     * to change the program between operations.
     *
     * @param {string} stackName
     * @param {Record<string, Record<string, unknown>>} links
     */
    openStack: (stackName, links) => openStack({ binary, dir, env, stackName, links }),
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}

/**
 * @param {{ binary: string; dir: string; env: Record<string, string>; stackName: string;
 *   links: Record<string, Record<string, unknown>> }} options
 */
async function openStack({ binary, dir, env, stackName, links }) {
  // The program's directory, and so the provider host's working directory, is this process's
  // cwd (the repository root, where `pulumi-smile-links/implementation` resolves).
  const { SmileLink } = createRequire(import.meta.url)("../../dist/index.js");
  const workDir = path.join(dir, stackName);
  await mkdir(workDir);
  /** @type {{ command: string; ms: number }[]} */
  const calls = [];
  const pulumiCommand = timeCalls(
    await PulumiCommand.get({ root: path.dirname(path.dirname(binary)), skipVersionCheck: true }),
    calls,
  );
  const handle = {
    links,
    async program() {
      for (const [name, args] of Object.entries(handle.links)) {
        new SmileLink(name, args);
      }
    },
  };
  const stack = await LocalWorkspace.createOrSelectStack(
    { stackName, projectName: "smile-links-bench", program: () => handle.program() },
    { workDir, pulumiCommand, envVars: env },
  );

  /**
   * @param {string} command the CLI command the Automation API call runs
   * @param {() => Promise<Record<string, number> | undefined>} operation
   * @returns {Promise<OpResult>}
   */
  async function timed(command, operation) {
    const from = calls.length;
    const started = performance.now();
    const changes = (await operation()) ?? {};
    const totalSeconds = (performance.now() - started) / 1000;
    const call = calls.slice(from).find((entry) => entry.command === command);
    return { seconds: (call?.ms ?? NaN) / 1000, totalSeconds, changes };
  }

  return Object.assign(handle, {
    /** @param {import("@pulumi/pulumi/automation").UpOptions} [options] e.g. `{ parallel }` */
    up: (options) => timed("up", async () => (await stack.up(options)).summary.resourceChanges),
    preview: () => timed("preview", async () => (await stack.preview()).changeSummary),
    refresh: () => timed("refresh", async () => (await stack.refresh()).summary.resourceChanges),
    destroy: () => timed("destroy", async () => (await stack.destroy()).summary.resourceChanges),
    /** `pulumi stack export` as the CLI prints it (secrets stay encrypted). */
    async exportText() {
      const { stdout } = await execFileAsync(binary, ["stack", "export", "--stack", stackName], {
        cwd: workDir,
        env,
        maxBuffer: 256 * 1024 * 1024,
      });
      return stdout;
    },
  });
}

/**
 * Wraps `command.run` to record how long each CLI call takes.
 *
 * @param {PulumiCommand} command
 * @param {{ command: string; ms: number }[]} calls
 */
function timeCalls(command, calls) {
  const run = command.run.bind(command);
  command.run = async (args, ...rest) => {
    const started = performance.now();
    try {
      return await run(args, ...rest);
    } finally {
      calls.push({ command: args[0], ms: performance.now() - started });
    }
  };
  return command;
}

/**
 * @param {Record<string, string | undefined>} env
 * @returns {Record<string, string>}
 */
function definedOnly(env) {
  return Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined));
}
