// `npm run bench [-- --json]`: measures the provider against the local emulator with the real
// Pulumi engine and prints a table; with --json the last line of stdout is one JSON object.
// Progress goes to stderr. Each measurement lives in scripts/bench/, one job per file.
import { createRequire } from "node:module";
import { performance } from "node:perf_hooks";
import { ensurePulumi, repoRoot } from "./ensure-pulumi.mjs";
import { measureApiCalls } from "./bench/api-calls.mjs";
import { measureColdStarts } from "./bench/cold-start.mjs";
import { createBackend } from "./bench/engine.mjs";
import { benchLinks } from "./bench/links.mjs";
import { describeMachine } from "./bench/machine.mjs";
import { buildReport } from "./bench/report.mjs";
import { measureNativeState } from "./bench/native-state.mjs";
import { measureState } from "./bench/state.mjs";
import { formatReport } from "./bench/table.mjs";
import { measureUpTimes } from "./bench/up-times.mjs";
import { measureValidate } from "./bench/validate.mjs";

const PARTNER_ID = "bench-partner";
const API_KEY = "bench-api-key";
/** Links in the stack whose operations are counted. */
const CALLS_LINKS = 10;
const UP_SIZES = [1, 10, 100];
const UP_LATENCY_MS = 100;
/** Each size runs this many times, taking turns; the median counts. */
const UP_ROUNDS = 3;
const COLD_START_RUNS = 5;
const VALIDATE_LINKS = 1000;
const VALIDATE_RUNS = 3;

const log = (/** @type {string} */ line) => process.stderr.write(`bench: ${line}\n`);

async function main() {
  const json = process.argv.slice(2).includes("--json");
  const started = performance.now();
  // Inline programs run in this process, and the engine starts the provider host in its cwd:
  // the repository root, where `pulumi-smile-links/implementation` resolves.
  process.chdir(repoRoot);
  const binary = await ensurePulumi({ log });
  const { startEmulator } = createRequire(import.meta.url)("../dist/index.js");
  const emulator = await startEmulator({ partnerId: PARTNER_ID, apiKey: API_KEY });
  let backend;
  try {
    backend = await createBackend({
      binary,
      apiUrl: emulator.url,
      partnerId: PARTNER_ID,
      apiKey: API_KEY,
    });
    log(`emulator at ${emulator.url}; state in ${backend.dir}`);
    const calls = await measureApiCalls({ emulator, backend, links: CALLS_LINKS, log });
    const ups = await measureUpTimes({
      emulator,
      backend,
      sizes: UP_SIZES,
      rounds: UP_ROUNDS,
      latencyMs: UP_LATENCY_MS,
      log,
    });
    const largest = ups[ups.length - 1];
    log(`state: exporting the ${largest.links}-link stack`);
    const state = measureState(await largest.stack.exportText());
    const nativeState = await measureNativeState({ binary, backend, count: largest.links, log });
    const coldStarts = await measureColdStarts({
      providerText: state.providerText,
      inputs: Object.values(benchLinks(1))[0],
      env: backend.env,
      runs: COLD_START_RUNS,
      log,
    });
    const validate = await measureValidate({
      dir: backend.dir,
      count: VALIDATE_LINKS,
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
      state,
      nativeState,
      coldStarts,
      validate,
      machine,
      totalSeconds,
    });
    process.stdout.write(`${formatReport(report)}\n`);
    if (json) process.stdout.write(`${JSON.stringify(report.result)}\n`);
  } finally {
    await emulator.close();
    await backend?.remove();
  }
}

main().catch((error) => {
  console.error(
    `bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
  );
  process.exitCode = 1;
});
