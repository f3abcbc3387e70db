// `npm run load`: deploys many links at once with the real Pulumi engine (Automation API,
// inline program, file backend) against the emulator while it injects 5xx answers, 429s with
// Retry-After and random latency, then prints what happened: wall time, requests by status,
// retries, concurrency at the emulator, the links it holds, and what a second run changes.
//
//   npm run load                      200 links, 10% 5xx, 10% 429 (Retry-After 1 s), 0-200 ms
//   npm run load -- --links 40 --json the same with 40 links, figures as JSON
//
// Options: --links N, --error-rate R (503s), --throttle-rate R (429s), --retry-after S,
// --drop-rate R (answers lost after the work is done; default 0), --latency MS, --jitter MS,
// --parallel P (default: the link count), --seed N, --json, --log FILE (the emulator's request
// log of the first up, as JSON). Exits 1 unless every link ends up created once and enabled
// and the second up changes nothing.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { LocalWorkspace, PulumiCommand } from "@pulumi/pulumi/automation/index.js";
import { ensurePulumi, pulumiEnv } from "./ensure-pulumi.mjs";
import { linkFigures, requestFigures } from "./load-figures.mjs";
import { messageOf } from "./errors.mjs";

const CREDENTIALS = { partnerId: "load-partner", apiKey: "load-api-key" };

const { values: options } = parseArgs({
  options: {
    links: { type: "string", default: "200" },
    "error-rate": { type: "string", default: "0.1" },
    "throttle-rate": { type: "string", default: "0.1" },
    "retry-after": { type: "string", default: "1" },
    "drop-rate": { type: "string", default: "0" },
    latency: { type: "string", default: "0" },
    jitter: { type: "string", default: "200" },
    parallel: { type: "string" },
    seed: { type: "string", default: "20240229" },
    json: { type: "boolean", default: false },
    log: { type: "string" },
  },
});

/** @param {number} index */
function linkArgs(index) {
  return {
    name: `Load link ${index}`,
    companyName: "Acme",
    idTypes: [{ country: "NG", idType: "BVN", verificationMethod: "enhanced_kyc" }],
    callbackUrl: "https://acme.example/smile/callback",
    dataPrivacyPolicyUrl: "https://acme.example/privacy",
  };
}

/**
 * A stack of `count` links on a throwaway file backend. The provider host starts in this
 * process's cwd, the repository root, where `pulumi-smile-links/implementation` resolves.
 *
 * @param {string} apiUrl
 * @param {number} count
 */
async function openStack(apiUrl, count) {
  const { SmileLink } = createRequire(import.meta.url)("../dist/index.js");
  const binary = await ensurePulumi();
  const backend = await mkdtemp(path.join(tmpdir(), "smile-links-load-"));
  const env = pulumiEnv(
    {
      PULUMI_BACKEND_URL: pathToFileURL(backend).href,
      PULUMI_CONFIG_PASSPHRASE: "load-passphrase",
      SMILE_ID_API_URL: apiUrl,
      SMILE_ID_PARTNER_ID: CREDENTIALS.partnerId,
      SMILE_ID_API_KEY: CREDENTIALS.apiKey,
    },
    binary,
  );
  const program = async () => {
    for (let i = 0; i < count; i++) new SmileLink(`link${i}`, linkArgs(i));
  };
  const stack = await LocalWorkspace.createOrSelectStack(
    { stackName: "load", projectName: "smile-links-load", program },
    {
      pulumiCommand: await PulumiCommand.get({
        root: path.dirname(path.dirname(binary)),
        skipVersionCheck: true,
      }),
      envVars: Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined)),
    },
  );
  // The Automation API leaves the inline program's project folder behind.
  const remove = () =>
    Promise.all(
      [backend, stack.workspace.workDir].map((dir) => rm(dir, { recursive: true, force: true })),
    );
  return { stack, remove };
}

/** Runs an up, keeping its output for the report when it fails. */
async function timedUp(stack, parallel) {
  let output = "";
  const started = performance.now();
  try {
    const result = await stack.up({ parallel, onOutput: (text) => (output += text) });
    return { ok: true, seconds: (performance.now() - started) / 1000, result, output };
  } catch (error) {
    const message = messageOf(error);
    return { ok: false, seconds: (performance.now() - started) / 1000, error: message, output };
  }
}

async function main() {
  const count = Number(options.links);
  const retryAfterSeconds = Number(options["retry-after"]);
  const faults = {
    errorRate: Number(options["error-rate"]),
    throttleRate: Number(options["throttle-rate"]),
    retryAfterSeconds,
    dropAfterWorkRate: Number(options["drop-rate"]),
    latencyMs: Number(options.latency),
    latencyJitterMs: Number(options.jitter),
    seed: Number(options.seed),
  };
  const { startEmulator } = createRequire(import.meta.url)("../dist/index.js");
  const emulator = await startEmulator({ ...CREDENTIALS, faults });
  const { stack, remove } = await openStack(emulator.url, count);
  try {
    const parallel = Number(options.parallel ?? count);
    const first = await timedUp(stack, parallel);
    const requests = [...emulator.requests];
    emulator.clearRequests();
    if (options.log) await writeFile(options.log, JSON.stringify(requests, null, 1));
    const second = first.ok ? await timedUp(stack, parallel) : undefined;
    const figures = {
      links: count,
      faults,
      parallel,
      up: first.ok
        ? { seconds: round(first.seconds), changes: first.result.summary.resourceChanges }
        : { seconds: round(first.seconds), error: first.error.slice(-2000) },
      requests: requestFigures(requests, { retryAfterSeconds }),
      emulatorLinks: linkFigures(emulator.store.list()),
      secondUp: second && {
        ok: second.ok,
        changes: second.ok ? second.result.summary.resourceChanges : second.error.slice(-500),
        apiRequests: emulator.requests.length,
      },
    };
    print(figures);
    const links = figures.emulatorLinks;
    const changedAgain = Object.keys(figures.secondUp?.changes ?? {}).some((k) => k !== "same");
    if (!first.ok || links.enabled !== count || links.duplicateNames.length > 0 || changedAgain) {
      process.exitCode = 1;
    }
  } finally {
    await emulator.close();
    await stack.workspace.removeStack(stack.name, { force: true }).catch(() => undefined);
    await remove();
  }
}

/** @param {number} value */
function round(value) {
  return Math.round(value * 10) / 10;
}

function print(figures) {
  if (options.json) {
    console.log(JSON.stringify(figures, null, 2));
    return;
  }
  const { requests, emulatorLinks: links, up, secondUp } = figures;
  const f = figures.faults;
  const lines = [
    `links: ${figures.links}, --parallel ${figures.parallel}`,
    `faults: ${f.errorRate * 100}% 503, ${f.throttleRate * 100}% 429 (Retry-After ${f.retryAfterSeconds} s), ` +
      `${f.dropAfterWorkRate * 100}% dropped after the work, ` +
      `latency ${f.latencyMs}-${f.latencyMs + f.latencyJitterMs} ms, seed ${f.seed}`,
    `first up: ${up.error ? `FAILED after ${up.seconds} s` : `${up.seconds} s wall time`}, ` +
      `changes ${JSON.stringify(up.changes ?? {})}`,
    `API requests: ${requests.total} over ${round(requests.apiSeconds)} s`,
    `  by status: ${Object.entries(requests.byStatus)
      .map(([status, n]) => `${status}: ${n}`)
      .join(", ")}`,
    `  by route: ${Object.entries(requests.byRoute)
      .map(([route, n]) => `${route}: ${n}`)
      .join(", ")}`,
    `  retried failures: ${requests.failedAnswers} (ambiguous creates, which look for their link by listing: ${requests.ambiguousCreates})`,
    `  max in flight at the emulator: ${requests.maxInFlight}`,
    `  arrivals while a Retry-After was in force: ${requests.arrivalsDuringRetryAfter}`,
    `emulator links: ${links.count}, enabled ${links.enabled}, distinct names ${links.uniqueNames}, ` +
      `duplicated names ${links.duplicateNames.length}`,
    `second up: ${secondUp ? `${JSON.stringify(secondUp.changes)}, ${secondUp.apiRequests} API requests` : "not run"}`,
  ];
  if (up.error) lines.push("", "first up failed:", up.error);
  console.log(lines.join("\n"));
}

main().catch((error) => {
  console.error(`load: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exitCode = 1;
});
