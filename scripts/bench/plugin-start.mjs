// Cold start of the native `smileid` plugin as the engine starts it: from spawning the
// executable to the answer of the first gRPC call the engine makes (GetPluginInfo), for the
// release's standalone executable (built here for this machine, scripts/release/) and for the
// npm package's launcher (`bin/pulumi-resource-smileid`, which runs Node.js on dist/).
import { mkdtemp, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { extract } from "tar";
import { repoRoot } from "../ensure-pulumi.mjs";
import { buildPluginArchive } from "../release/plugin.mjs";
import { servedSchema } from "../release/schema.mjs";
import { executableName, hostTarget } from "../release/targets.mjs";
import { spawnPlugin } from "./plugin-process.mjs";
import { median } from "./stats.mjs";
import { formatNumber } from "./table.mjs";

const require = createRequire(path.join(repoRoot, "package.json"));

/**
 * @typedef {object} PluginStart
 * @property {number} portMs spawning the plugin until it prints its port
 * @property {number} firstAnswerMs spawning the plugin until GetPluginInfo is answered
 */

/**
 * @typedef {object} PluginStarts
 * @property {string} version the version GetPluginInfo answered
 * @property {PluginStart[]} standalone the release's single executable
 * @property {PluginStart[]} launcher the npm package's launcher on Node.js
 */

/**
 * Starts each plugin `runs` times, taking turns, and stops it after its first answer.
 *
 * @param {object} options
 * @param {string} options.launcher the package's `bin/pulumi-resource-smileid`, as installed
 * @param {Record<string, string | undefined>} options.env the launcher's environment (its Node.js
 *   on PATH); the standalone executable gets a PATH of its own folder only
 * @param {number} options.runs
 * @param {(line: string) => void} options.log
 * @returns {Promise<PluginStarts>}
 */
export async function measurePluginStarts({ launcher, env, runs, log }) {
  const target = hostTarget();
  if (!target) throw new Error(`no release target for ${process.platform}-${process.arch}`);
  const dir = await mkdtemp(path.join(tmpdir(), "smile-links-plugin-start-"));
  try {
    log("plugin start: building the standalone plugin for this machine");
    const archive = await buildPluginArchive({ target, outDir: dir, log });
    await extract({ file: archive, cwd: dir });
    const standalone = path.join(dir, executableName(servedSchema().name, target));
    const results = { version: "", standalone: [], launcher: [] };
    for (let run = 1; run <= runs; run++) {
      const alone = await pluginStart(standalone, { PATH: dir });
      const launched = await pluginStart(launcher, env);
      log(
        `plugin start ${run}/${runs}: standalone ${alone.timing.firstAnswerMs.toFixed(1)} ms, ` +
          `launcher ${launched.timing.firstAnswerMs.toFixed(1)} ms`,
      );
      results.version = alone.version;
      results.standalone.push(alone.timing);
      results.launcher.push(launched.timing);
    }
    return results;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * The report's rows and section for the plugin's cold start, and its keys in the JSON result.
 *
 * @param {PluginStarts} starts
 */
export function pluginStartReport(starts) {
  const kinds = /** @type {const} */ ({
    standalone: "the release's single executable (Node.js SEA, code cache), no Node.js on PATH",
    launcher: "bin/pulumi-resource-smileid of the installed npm package, Node.js on dist/",
  });
  const medians = Object.fromEntries(
    Object.keys(kinds).map((kind) => [
      kind,
      Math.round(median(starts[kind].map((run) => run.firstAnswerMs)) * 10) / 10,
    ]),
  );
  return {
    result: { pluginStartMs: medians },
    rows: Object.entries(kinds).map(([kind, what]) => ({
      metric: `pluginStartMs.${kind}`,
      value: medians[kind],
      shown: formatNumber(medians[kind], 1),
      max: undefined,
      how: `spawn to the first GetPluginInfo answer, ${what}, median of ${starts[kind].length}`,
    })),
    section: {
      title: `Native plugin cold start (smileid ${starts.version})`,
      headers: [
        "run",
        "standalone port ms",
        "standalone answer ms",
        "launcher port ms",
        "launcher answer ms",
      ],
      rows: starts.standalone.map((alone, index) => [
        String(index + 1),
        formatNumber(alone.portMs, 1),
        formatNumber(alone.firstAnswerMs, 1),
        formatNumber(starts.launcher[index].portMs, 1),
        formatNumber(starts.launcher[index].firstAnswerMs, 1),
      ]),
    },
  };
}

/**
 * @param {string} executable
 * @param {Record<string, string | undefined>} env
 * @returns {Promise<{ version: string; timing: PluginStart }>}
 */
async function pluginStart(executable, env) {
  const { Empty } = require("google-protobuf/google/protobuf/empty_pb");

  const started = performance.now();
  const plugin = spawnPlugin(executable, [], { env, name: "the plugin" });
  try {
    await plugin.port();
    const portMs = performance.now() - started;
    const info = await plugin.call("getPluginInfo", new Empty());
    const firstAnswerMs = performance.now() - started;
    return { version: info.getVersion(), timing: { portMs, firstAnswerMs } };
  } finally {
    await plugin.stop();
  }
}
