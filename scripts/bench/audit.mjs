// `smile-links audit` of an account of 1,000 links against 10 stacks (docs/audit.md): wall time
// of the whole command, Node's start included, and the API calls it made, counted by the
// emulator. The stacks are exports in `pulumi stack export`'s shape, their outputs written by
// the provider's own `toOutputs`, half dynamic and half native resources; each holds one link
// the account does not know (one get each) and the account has links no stack holds. Runs
// alone too: `npm run build && node scripts/bench/audit.mjs`.
import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";
import { repoRoot } from "../ensure-pulumi.mjs";
import { DEFAULTS, idTypesFor } from "./links.mjs";
import { median } from "./stats.mjs";

const require = createRequire(import.meta.url);
const cli = path.join(repoRoot, "dist", "cli", "main.js");
const PARTNER_ID = "bench-audit-partner";
const API_KEY = "bench-audit-api-key";
const TYPES = ["pulumi-nodejs:dynamic/smileid:SmileLink", "smileid:index:SmileLink"];

/**
 * @typedef {object} AuditTiming
 * @property {number} links the account's links
 * @property {number} stacks
 * @property {number} seconds median wall time of `smile-links audit --state ... --json`
 * @property {number[]} runsSeconds
 * @property {number} apiCalls requests the emulator answered in one audit
 * @property {string} requests what they were
 * @property {Record<string, number>} counts findings by kind
 */

/**
 * @param {{ dir: string; links: number; stacks: number; runs: number; log: (line: string) => void }} options
 * @returns {Promise<AuditTiming>}
 */
export async function measureAudit({ dir, links, stacks, runs, log }) {
  const { startEmulator, SmileLinksClient } = require(path.join(repoRoot, "dist", "index.js"));
  const { toOutputs } = require(path.join(repoRoot, "dist", "link", "outputs.js"));
  const emulator = await startEmulator({ partnerId: PARTNER_ID, apiKey: API_KEY });
  try {
    const client = new SmileLinksClient({
      apiUrl: emulator.url,
      partnerId: PARTNER_ID,
      apiKey: API_KEY,
    });
    const location = { apiUrl: emulator.url, partnerId: PARTNER_ID };
    log(`audit: creating ${links} links`);
    const made = await Promise.all(
      Array.from({ length: links }, async (_, index) => {
        const inputs = {
          ...DEFAULTS,
          name: `Audit link ${index + 1}`,
          idTypes: idTypesFor(index),
          isSingleUse: false,
          isDisabled: false,
        };
        const { refId, url } = await client.create(inputs);
        return { inputs, refId, url };
      }),
    );
    // Every stack holds an equal share of all but the last `stacks` links (left unmanaged),
    // plus one link the account does not know.
    const held = made.slice(0, links - stacks);
    const files = [];
    for (let s = 0; s < stacks; s++) {
      const type = TYPES[s % TYPES.length];
      const name = `stack-${s + 1}`;
      const mine = held.filter((_, index) => index % stacks === s);
      const gone = { inputs: mine[0].inputs, refId: `gone${String(s).padStart(12, "0")}`, url: "" };
      const resources = [...mine, gone].map((link, index) => ({
        urn: `urn:pulumi:${name}::bench::${type}::link-${index + 1}`,
        custom: true,
        type,
        id: link.refId,
        outputs: toOutputs(link.inputs, { refId: link.refId, url: link.url }, location),
      }));
      const file = path.join(dir, `${name}.json`);
      await writeFile(file, JSON.stringify({ version: 3, deployment: { resources } }));
      files.push(file);
    }
    const env = {
      ...process.env,
      SMILE_ID_API_URL: emulator.url,
      SMILE_ID_PARTNER_ID: PARTNER_ID,
      SMILE_ID_API_KEY: API_KEY,
    };
    const runsSeconds = [];
    /** @type {any} */
    let report;
    /** @type {{ method: string; path: string }[]} */
    let requests = [];
    for (let run = 1; run <= runs; run++) {
      emulator.clearRequests();
      const started = performance.now();
      const { code, stdout, stderr } = await runNode(
        [cli, "audit", "--json", "--state", ...files],
        env,
      );
      const seconds = (performance.now() - started) / 1000;
      if (code !== 1)
        throw new Error(`audit exited ${code} (expected 1, with findings): ${stderr}`);
      report = JSON.parse(stdout);
      requests = [...emulator.requests];
      log(`audit: ${links} links, ${stacks} stacks ${run}/${runs}: ${seconds.toFixed(2)} s`);
      runsSeconds.push(seconds);
    }
    const lists = requests.filter((r) => r.path.endsWith(":list")).length;
    return {
      links,
      stacks,
      seconds: median(runsSeconds),
      runsSeconds,
      apiCalls: requests.length,
      requests: `${lists} list pages, ${requests.length - lists} gets (the CLI counted ${report.apiCalls})`,
      counts: Object.fromEntries(Object.entries(report.counts).filter(([, n]) => n > 0)),
    };
  } finally {
    await emulator.close();
  }
}

/**
 * @param {string[]} args
 * @param {NodeJS.ProcessEnv} env
 * @returns {Promise<{ code: number; stdout: string; stderr: string }>}
 */
function runNode(args, env) {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      args,
      { cwd: repoRoot, env, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) =>
        resolve({
          code: !error ? 0 : typeof error.code === "number" ? error.code : 1,
          stdout,
          stderr,
        }),
    );
  });
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const dir = await mkdtemp(path.join(tmpdir(), "smile-links-bench-audit-"));
  try {
    const log = (/** @type {string} */ line) => process.stderr.write(`bench: ${line}\n`);
    const timing = await measureAudit({ dir, links: 1000, stacks: 10, runs: 3, log });
    process.stdout.write(`${JSON.stringify(timing)}\n`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
