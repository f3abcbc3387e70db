// The machine a benchmark ran on, for the table (the JSON line has exactly the result's keys).
import { execFile } from "node:child_process";
import { readFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { repoRoot } from "../ensure-pulumi.mjs";
import { formatNumber } from "./table.mjs";

/**
 * OS, CPUs, memory, Node, the Pulumi CLI, SDK and default `up --parallel`, and the load.
 *
 * @param {string} binary the `pulumi` binary the benchmark runs
 * @returns {Promise<Record<string, string>>}
 */
export async function describeMachine(binary) {
  const cpus = os.cpus();
  const run = (/** @type {string[]} */ args) =>
    promisify(execFile)(binary, args, {
      env: { ...process.env, PULUMI_SKIP_UPDATE_CHECK: "true" },
    }).then(({ stdout }) => stdout);
  const version = (await run(["version"])).trim();
  // `pulumi up` runs this many resource operations at once unless told otherwise.
  const parallel = /--parallel\b.*\(default (\d+)\)/.exec(await run(["up", "--help"]))?.[1];
  const sdkManifest = path.join(repoRoot, "node_modules", "@pulumi", "pulumi", "package.json");
  const sdk = JSON.parse(await readFile(sdkManifest, "utf8"));
  return {
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    cpus: `${cpus.length} × ${cpus[0]?.model.trim() ?? "unknown"}`,
    memory: `${formatNumber(os.totalmem() / 2 ** 30, 1)} GiB`,
    node: process.version,
    pulumi: `CLI ${version}, @pulumi/pulumi ${sdk.version}, up --parallel ${parallel ?? "?"} (default)`,
    // Other work on the machine slows every kind alike, but shows in the times.
    load: `load average ${os
      .loadavg()
      .map((value) => formatNumber(value, 2))
      .join(", ")} (1, 5, 15 min) at the end`,
  };
}
