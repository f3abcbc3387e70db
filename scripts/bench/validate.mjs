// `smile-links validate` on a generated links file (README, "Links files"): wall time of
// the whole command, Node's start included, as a user or CI runs it.
import { Buffer } from "node:buffer";
import { execFile } from "node:child_process";
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { repoRoot } from "../ensure-pulumi.mjs";
import { DEFAULTS, idTypesFor } from "./links.mjs";
import { median } from "./stats.mjs";

const cli = path.join(repoRoot, "dist", "cli", "main.js");

/**
 * A valid links file of `count` links: `defaults`, then each link with its own name and ID
 * types, and every few links one of the optional inputs.
 *
 * @param {number} count
 * @returns {string}
 */
export function linksFileYaml(count) {
  const expiresAt = new Date(Date.now() + 365 * 24 * 3600 * 1000).toISOString();
  const lines = ["defaults:", ...Object.entries(DEFAULTS).map(([k, v]) => `  ${k}: ${v}`)];
  lines.push("links:");
  for (let index = 0; index < count; index++) {
    lines.push(
      `  link-${String(index + 1).padStart(4, "0")}:`,
      `    name: Bench link ${index + 1}`,
    );
    lines.push("    idTypes:");
    for (const { country, idType, verificationMethod } of idTypesFor(index)) {
      lines.push(
        `      - { country: ${country}, idType: ${idType}, verificationMethod: ${verificationMethod} }`,
      );
    }
    const extra = [
      [],
      ["    logoUrl: https://acme.example/logo.png", "    redirectUrl: https://acme.example/done"],
      ["    isSingleUse: true", `    userId: user-${index + 1}`, `    expiresAt: "${expiresAt}"`],
      ["    partnerParams:", "      team: onboarding", `      batch: "${index % 7}"`],
      ["    isDisabled: true"],
    ][index % 5];
    lines.push(...extra);
  }
  return `${lines.join("\n")}\n`;
}

/**
 * @typedef {object} ValidateTiming
 * @property {number | null} ms median wall time, or null when the command does not exist
 * @property {number[]} runsMs
 * @property {number} fileBytes
 * @property {string} [problem] why there is no measurement
 */

/**
 * Writes a `count`-link file into `dir` and runs `node dist/cli/main.js validate FILE` `runs`
 * times. The file must validate (exit 0); a missing command is reported, not thrown.
 *
 * @param {{ dir: string; count: number; runs: number; log: (line: string) => void }} options
 * @returns {Promise<ValidateTiming>}
 */
export async function measureValidate({ dir, count, runs, log }) {
  const file = path.join(dir, `links-${count}.yaml`);
  const text = linksFileYaml(count);
  await writeFile(file, text);
  const fileBytes = Buffer.byteLength(text);
  const runsMs = [];
  for (let run = 1; run <= runs; run++) {
    const started = performance.now();
    const { code, stdout, stderr } = await runNode([cli, "validate", file]);
    const ms = performance.now() - started;
    const output = `${stdout}${stderr}`.trim();
    if (code === 2 && /unknown command/i.test(output)) {
      return { ms: null, runsMs, fileBytes, problem: `the validate command does not exist yet` };
    }
    if (code !== 0) {
      const shown = output.split("\n").slice(0, 5).join("\n");
      return { ms: null, runsMs, fileBytes, problem: `validate exited ${code}:\n${shown}` };
    }
    log(`validate ${count} links ${run}/${runs}: ${ms.toFixed(0)} ms`);
    runsMs.push(ms);
  }
  return { ms: median(runsMs), runsMs, fileBytes };
}

/**
 * @param {string[]} args
 * @returns {Promise<{ code: number; stdout: string; stderr: string }>}
 */
function runNode(args) {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      args,
      { cwd: repoRoot, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) =>
        resolve({
          code: !error ? 0 : typeof error.code === "number" ? error.code : 1,
          stdout,
          stderr,
        }),
    );
  });
}
