// `npm run bench [-- --json] [-- --full] [-- --links N]`: measures the provider, dynamic and
// native, against the local emulator with the real Pulumi CLI, on projects that installed the
// package from its npm tarball and the native plugin from the package or from the release as
// users' projects do, and prints a table; with --json the last line of stdout is one JSON
// object. --full adds stacks of 1,000 links, which take most of an hour; --links N measures
// stacks of N (and 10×N) links instead of 100 (and 1,000) (docs/performance.md). Progress goes
// to stderr.
// Each measurement lives in scripts/bench/, one job per file.
import { mkdtemp, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { ensurePulumi } from "./ensure-pulumi.mjs";
import { messageOf } from "./errors.mjs";
import { measureApiCalls } from "./bench/api-calls.mjs";
import { measureAudit } from "./bench/audit.mjs";
import { measureColdStarts } from "./bench/cold-start.mjs";
import { benchEnv } from "./bench/engine.mjs";
import { measureLifecycles } from "./bench/lifecycle.mjs";
import { benchLinks } from "./bench/links.mjs";
import { describeMachine } from "./bench/machine.mjs";
import { nativeBuilds } from "./bench/native-builds.mjs";
import { parseBenchArgs } from "./bench/options.mjs";
import { createBenchProjects } from "./bench/project.mjs";
import { buildReport } from "./bench/report.mjs";
import { measurePluginStarts, pluginStartReport } from "./bench/plugin-start.mjs";
import { measureState, NATIVE_LINK_TYPE } from "./bench/state.mjs";
import { formatReport } from "./bench/table.mjs";
import { measureUpTimes } from "./bench/up-times.mjs";
import { measureValidate } from "./bench/validate.mjs";

const PARTNER_ID = "bench-partner";
const API_KEY = "bench-api-key";
/** Links in the stack whose operations are counted. */
const CALLS_LINKS = 10;
/** Small stacks: the engine's fixed cost. */
const UP_SIZES = [1, 10];
const UP_LATENCY_MS = 100;
/** Each small stack runs this many times, taking turns; the median counts. */
const UP_ROUNDS = 3;
const COLD_START_RUNS = 5;
const VALIDATE_LINKS = 1000;
const VALIDATE_RUNS = 3;
/** `smile-links audit` of an account this large against this many stacks. */
const AUDIT_LINKS = 1000;
const AUDIT_STACKS = 10;

const log = (/** @type {string} */ line) => process.stderr.write(`bench: ${line}\n`);

/**
 * The command line's options; undefined after a usage error, which it reports on one line and
 * answers with exit code 2 (as the CLI does its usage errors), before any work starts.
 *
 * @returns {import("./bench/options.mjs").BenchOptions | undefined}
 */
function parseArgs() {
  try {
    return parseBenchArgs(process.argv.slice(2));
  } catch (error) {
    log(messageOf(error));
    process.exitCode = 2;
    return undefined;
  }
}

/** @param {import("./bench/options.mjs").BenchOptions} options */
async function main({ json, lifecycleSizes }) {
  const started = performance.now();
  const binary = await ensurePulumi({ log });
  const { startEmulator } = createRequire(import.meta.url)("../dist/index.js");
  const emulator = await startEmulator({ partnerId: PARTNER_ID, apiKey: API_KEY });
  const dir = await mkdtemp(path.join(tmpdir(), "smile-links-bench-"));
  try {
    const env = await benchEnv({
      binary,
      dir,
      apiUrl: emulator.url,
      partnerId: PARTNER_ID,
      apiKey: API_KEY,
      latencyMs: UP_LATENCY_MS,
    });
    log(`emulator at ${emulator.url}; projects and state in ${dir}`);
    const builds = await nativeBuilds({ dir, binary, log });
    const projects = await createBenchProjects({ dir, binary, env, builds, log });
    const project = projects.launcher;
    const engine = { binary, project, env, log };
    const calls = await measureApiCalls({ ...engine, emulator, links: CALLS_LINKS });
    emulator.faults.set({ latencyMs: UP_LATENCY_MS });
    const ups = await measureUpTimes({ ...engine, sizes: UP_SIZES, rounds: UP_ROUNDS });
    const lifecycles = await measureLifecycles({
      binary,
      projects,
      env,
      sizes: lifecycleSizes,
      log,
    });
    emulator.faults.reset();
    const largest = lifecycles[lifecycles.length - 1];
    const state = measureState(largest.exportText.ours);
    const nativeState = measureState(largest.exportText.native, NATIVE_LINK_TYPE);
    const coldStarts = await measureColdStarts({
      providerText: state.providerText,
      inputs: Object.values(benchLinks(1))[0],
      env,
      cwd: project,
      runs: COLD_START_RUNS,
      log,
    });
    const installed = (/** @type {"smileid" | "floorid"} */ name) =>
      path.join(
        env.PULUMI_HOME,
        "plugins",
        `resource-${name}-v${builds.plugins[name].version}`,
        `pulumi-resource-${name}`,
      );
    const launcherOf = (/** @type {string} */ name, /** @type {string} */ npmPackage) =>
      path.join(project, "node_modules", npmPackage, "bin", `pulumi-resource-${name}`);
    const pluginStarts = await measurePluginStarts({
      executables: {
        standalone: installed("smileid"),
        launcher: launcherOf("smileid", "pulumi-smile-links"),
        floorStandalone: installed("floorid"),
        floorLauncher: launcherOf("floorid", "smile-links-floor"),
      },
      env,
      runs: COLD_START_RUNS,
      log,
    });
    const validate = await measureValidate({
      dir,
      count: VALIDATE_LINKS,
      runs: VALIDATE_RUNS,
      log,
    });
    const audit = await measureAudit({
      dir,
      links: AUDIT_LINKS,
      stacks: AUDIT_STACKS,
      runs: VALIDATE_RUNS,
      log,
    });
    const machine = await describeMachine(binary);
    const totalSeconds = (performance.now() - started) / 1000;
    const report = buildReport({
      settings: {
        callsLinks: CALLS_LINKS,
        upLatencyMs: UP_LATENCY_MS,
        validateLinks: VALIDATE_LINKS,
      },
      calls,
      ups,
      lifecycles,
      state,
      nativeState,
      coldStarts,
      validate,
      audit,
      machine,
      totalSeconds,
    });
    const plugin = pluginStartReport(pluginStarts);
    const withPlugin = {
      ...report,
      result: { ...report.result, ...plugin.result },
      rows: [...report.rows, ...plugin.rows],
      sections: [...report.sections, plugin.section],
    };
    process.stdout.write(`${formatReport(withPlugin)}\n`);
    if (json) process.stdout.write(`${JSON.stringify(withPlugin.result)}\n`);
  } finally {
    await emulator.close();
    await rm(dir, { recursive: true, force: true });
  }
}

const options = parseArgs();
if (options) {
  main(options).catch((error) => {
    console.error(
      `bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
    );
    process.exitCode = 1;
  });
}
