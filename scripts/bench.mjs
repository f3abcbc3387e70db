// `npm run bench [-- --json] [-- --full]`: measures the provider against the local emulator with
// the real Pulumi CLI, on a project that installed the package from its npm tarball as users'
// projects do, and prints a table; with --json the last line of stdout is one JSON object.
// --full adds stacks of 1,000 links, which take about an hour (docs/performance.md). Progress
// goes to stderr.
// Each measurement lives in scripts/bench/, one job per file.
import { mkdtemp, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { ensurePulumi } from "./ensure-pulumi.mjs";
import { measureApiCalls } from "./bench/api-calls.mjs";
import { measureAudit } from "./bench/audit.mjs";
import { measureColdStarts } from "./bench/cold-start.mjs";
import { benchEnv } from "./bench/engine.mjs";
import { measureLifecycles } from "./bench/lifecycle.mjs";
import { benchLinks } from "./bench/links.mjs";
import { describeMachine } from "./bench/machine.mjs";
import { createBenchProject } from "./bench/project.mjs";
import { buildReport } from "./bench/report.mjs";
import { measureNativeState } from "./bench/native-state.mjs";
import { measurePluginStarts, pluginStartReport } from "./bench/plugin-start.mjs";
import { measureState } from "./bench/state.mjs";
import { formatReport } from "./bench/table.mjs";
import { measureUpTimes } from "./bench/up-times.mjs";
import { measureValidate } from "./bench/validate.mjs";

const PARTNER_ID = "bench-partner";
const API_KEY = "bench-api-key";
/** Links in the stack whose operations are counted. */
const CALLS_LINKS = 10;
/** Small stacks: the engine's fixed cost. */
const UP_SIZES = [1, 10];
/** Stacks whose whole life is measured against the floor; --full adds the last. */
const LIFECYCLE_SIZES = [100];
const FULL_LIFECYCLE_SIZES = [100, 1000];
const UP_LATENCY_MS = 100;
/** Each size runs this many times, taking turns; the median counts. */
const UP_ROUNDS = 3;
const COLD_START_RUNS = 5;
const VALIDATE_LINKS = 1000;
const VALIDATE_RUNS = 3;
/** `smile-links audit` of an account this large against this many stacks. */
const AUDIT_LINKS = 1000;
const AUDIT_STACKS = 10;

const log = (/** @type {string} */ line) => process.stderr.write(`bench: ${line}\n`);

async function main() {
  const args = process.argv.slice(2);
  const json = args.includes("--json");
  const lifecycleSizes = args.includes("--full") ? FULL_LIFECYCLE_SIZES : LIFECYCLE_SIZES;
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
    log(`emulator at ${emulator.url}; project and state in ${dir}`);
    const project = await createBenchProject({ dir, env, log });
    const engine = { binary, project, env, log };
    const calls = await measureApiCalls({ ...engine, emulator, links: CALLS_LINKS });
    emulator.faults.set({ latencyMs: UP_LATENCY_MS });
    const ups = await measureUpTimes({ ...engine, sizes: UP_SIZES, rounds: UP_ROUNDS });
    const lifecycles = await measureLifecycles({
      ...engine,
      sizes: lifecycleSizes,
      rounds: UP_ROUNDS,
    });
    emulator.faults.reset();
    const largest = lifecycles[lifecycles.length - 1];
    const state = measureState(largest.exportText.ours);
    const nativeState = await measureNativeState({ binary, dir, env, count: largest.links, log });
    const coldStarts = await measureColdStarts({
      providerText: state.providerText,
      inputs: Object.values(benchLinks(1))[0],
      env,
      cwd: project,
      runs: COLD_START_RUNS,
      log,
    });
    const pluginStarts = await measurePluginStarts({
      launcher: path.join(
        project,
        "node_modules",
        "pulumi-smile-links",
        "bin",
        "pulumi-resource-smileid",
      ),
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

main().catch((error) => {
  console.error(
    `bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
  );
  process.exitCode = 1;
});
