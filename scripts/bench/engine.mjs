// Stacks of the benchmark's project, run by the Pulumi CLI as a user runs it (`pulumi up --yes
// --skip-preview`, `pulumi preview`, `pulumi refresh --yes`, `pulumi destroy --yes`) on a
// throwaway file backend, against the emulator. Each command is timed, and the peak memory and
// CPU time of the CLI and of the processes it starts are sampled while it runs.
import { spawn } from "node:child_process";
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";
import { pulumiEnv } from "../ensure-pulumi.mjs";
import { ROLES, sampleProcesses } from "./processes.mjs";

/** Read by the floors' providers (floor/latency.js), in the processes the CLI starts. */
const LATENCY_VARIABLE = "SMILE_LINKS_BENCH_LATENCY_MS";

/**
 * @typedef {"ours" | "floor" | "shaped" | "native" | "nativeFloor" | "nativeShaped"} Program
 *   the resources a stack's program declares (project/index.js): SmileLinks, native SmileLinks,
 *   or one of the floors' do-nothing resources (floor/)
 * @typedef {object} OpResult
 * @property {number} seconds wall time of the CLI command
 * @property {Record<string, number>} changes the CLI's summary, e.g. `{ create: 11 }`
 * @property {import("./processes.mjs").PeakRss} peakRssMb
 * @property {import("./processes.mjs").CpuSeconds} cpuSeconds
 */

/**
 * Makes the file backend's directory in `dir` and returns the environment the CLI (and so the
 * provider host and the plugins) runs with: that backend, a PULUMI_HOME of the benchmark's own
 * (where the standalone plugins are installed, so the user's own stays untouched), the
 * emulator's URL and credentials, and the floors' latency.
 *
 * @param {{ binary: string; dir: string; apiUrl: string; partnerId: string; apiKey: string;
 *   latencyMs: number }} options
 * @returns {Promise<Record<string, string>>}
 */
export async function benchEnv({ binary, dir, apiUrl, partnerId, apiKey, latencyMs }) {
  const stateDir = path.join(dir, "state");
  await mkdir(stateDir);
  const env = pulumiEnv(
    {
      PULUMI_BACKEND_URL: pathToFileURL(stateDir).href,
      PULUMI_HOME: path.join(dir, "pulumi-home"),
      PULUMI_CONFIG_PASSPHRASE: "bench-passphrase",
      SMILE_ID_API_URL: apiUrl,
      SMILE_ID_PARTNER_ID: partnerId,
      SMILE_ID_API_KEY: apiKey,
      [LATENCY_VARIABLE]: String(latencyMs),
    },
    binary,
  );
  // `npm run bench` hands npm's own settings (npm_config_*) to its children: they would point
  // the project's npm at this repository.
  return Object.fromEntries(
    Object.entries(env).filter(
      ([name, value]) => value !== undefined && !/^(npm_|INIT_CWD$)/i.test(name),
    ),
  );
}

/**
 * A new stack of the project whose program declares `links` (by resource name) as resources of
 * `program`; `setLinks` changes them between operations.
 *
 * @param {{ binary: string; project: string; env: Record<string, string>; stackName: string;
 *   program: Program; links: Record<string, Record<string, unknown>> }} options
 */
export async function openStack({ binary, project, env, stackName, program, links }) {
  const linksDir = path.join(project, "links");
  await mkdir(linksDir, { recursive: true });
  const linksFile = path.join(linksDir, `${stackName}.json`);
  /** @param {string[]} args */
  const cli = (args) => run(binary, [...args, "--stack", stackName], { cwd: project, env });
  const setLinks = (/** @type {Record<string, Record<string, unknown>>} */ next) =>
    writeFile(linksFile, JSON.stringify(next));

  await setLinks(links);
  await run(binary, ["stack", "init", stackName], { cwd: project, env });
  await cli(["config", "set", "kind", program]);
  await cli(["config", "set", "linksFile", linksFile]);

  /** @param {string[]} args @returns {Promise<OpResult>} */
  const operation = async (args) => {
    const { seconds, output, peakRssMb, cpuSeconds } = await cli(args);
    return { seconds, changes: summary(output), peakRssMb, cpuSeconds };
  };
  return {
    setLinks,
    up: () => operation(["up", "--yes", "--skip-preview"]),
    preview: () => operation(["preview"]),
    refresh: () => operation(["refresh", "--yes", "--skip-preview"]),
    destroy: () => operation(["destroy", "--yes", "--skip-preview"]),
    /** `pulumi stack export` as the CLI prints it (secrets stay encrypted). */
    exportText: async () => (await cli(["stack", "export"])).output,
  };
}

/**
 * Runs the CLI; rejects with its output when it fails.
 *
 * @param {string} binary
 * @param {string[]} args
 * @param {{ cwd: string; env: Record<string, string> }} options
 * @returns {Promise<{ seconds: number; output: string } & import("./processes.mjs").ProcessUse>}
 */
function run(binary, args, { cwd, env }) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(binary, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    const processes = child.pid ? sampleProcesses(child.pid) : undefined;
    let output = "";
    child.stdout.setEncoding("utf8").on("data", (chunk) => (output += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk) => (output += chunk));
    child.on("error", reject);
    child.on("close", (code) => {
      const seconds = (performance.now() - started) / 1000;
      const use = processes?.stop() ?? {
        peakRssMb: { cli: null, program: null, providerHost: null, plugin: null },
        cpuSeconds: /** @type {import("./processes.mjs").CpuSeconds} */ (
          Object.fromEntries(ROLES.map((role) => [role, 0]))
        ),
      };
      if (code === 0) resolve({ seconds, output, ...use });
      else reject(new Error(`pulumi ${args.join(" ")} exited ${code}:\n${output.slice(-4000)}`));
    });
  });
}

/** The CLI's words for each kind of change in its "Resources:" summary. */
const CHANGE_WORDS = /** @type {const} */ ([
  [/^(created|to create)$/, "create"],
  [/^(updated|to update)$/, "update"],
  [/^(deleted|to delete)$/, "delete"],
  [/^(replaced|to replace)$/, "replace"],
  [/^unchanged$/, "same"],
]);

/**
 * The changes of the CLI's "Resources:" summary (`+ 11 created`, `10 unchanged`...), the stack
 * resource included.
 *
 * @param {string} output
 * @returns {Record<string, number>}
 */
export function summary(output) {
  const block = output.split(/^Resources:$/m)[1] ?? "";
  /** @type {Record<string, number>} */
  const changes = {};
  for (const line of block.split("\n").slice(1)) {
    const match = /^\s+[-+~±]*\s*(\d+) (.+?)\s*$/.exec(line);
    if (!match) break;
    const kind = CHANGE_WORDS.find(([words]) => words.test(match[2]))?.[1] ?? match[2];
    changes[kind] = (changes[kind] ?? 0) + Number(match[1]);
  }
  return changes;
}
