// Cold start of the native plugins as the engine starts them: from spawning the executable to
// the answer of the first gRPC call the engine makes (GetPluginInfo), and on to the answer of
// the first Check of a link after the provider's CheckConfig and Configure (by when the plugin
// has loaded what a resource needs), for the release's
// standalone executable (as `pulumi plugin install --file` installed it) and for the npm
// package's launcher (`bin/pulumi-resource-smileid`, which runs Node.js on dist/); and the same
// for the native floor `floorid`, the least a plugin of this gRPC surface takes to start.
import { createRequire } from "node:module";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { repoRoot } from "../ensure-pulumi.mjs";
import { benchLinks } from "./links.mjs";
import { spawnPlugin } from "./plugin-process.mjs";
import { median } from "./stats.mjs";
import { formatNumber } from "./table.mjs";

const require = createRequire(path.join(repoRoot, "package.json"));

/** The plugin's start targets, ms to the first answer (docs/performance.md). */
const PLUGIN_START_MAX = { standalone: 150, launcher: 200 };

/**
 * @typedef {object} PluginStart
 * @property {number} portMs spawning the plugin until it prints its port
 * @property {number} firstAnswerMs spawning the plugin until GetPluginInfo is answered
 * @property {number} firstCheckMs spawning the plugin until the first Check is answered
 */

/** @typedef {"standalone" | "launcher" | "floorStandalone" | "floorLauncher"} Start */

/**
 * @typedef {object} PluginStarts
 * @property {string} version the version smileid's GetPluginInfo answered
 * @property {Record<Start, PluginStart[]>} runs
 */

/**
 * Starts each plugin `runs` times, taking turns, and stops it after its first answer.
 *
 * @param {object} options
 * @param {Record<Start, string>} options.executables each plugin as installed: the standalone
 *   executables in PULUMI_HOME, the launchers in the project's node_modules
 * @param {Record<string, string | undefined>} options.env the launchers' environment (Node.js
 *   on PATH); a standalone executable gets a PATH of its own folder only
 * @param {number} options.runs
 * @param {(line: string) => void} options.log
 * @returns {Promise<PluginStarts>}
 */
export async function measurePluginStarts({ executables, env, runs, log }) {
  const starts = /** @type {Start[]} */ (Object.keys(executables));
  /** @type {PluginStarts} */
  const results = {
    version: "",
    runs: /** @type {Record<Start, PluginStart[]>} */ (
      Object.fromEntries(starts.map((start) => [start, []]))
    ),
  };
  for (let run = 1; run <= runs; run++) {
    const line = [];
    for (const start of starts) {
      const executable = executables[start];
      const alone = start === "standalone" || start === "floorStandalone";
      const settings = Object.fromEntries(
        Object.entries(env).filter(([name]) => name.startsWith("SMILE_ID_")),
      );
      const { version, timing } = await pluginStart(
        executable,
        alone ? { PATH: path.dirname(executable), ...settings } : env,
        start.startsWith("floor") ? "floorid:index:ShapeLink" : "smileid:index:SmileLink",
      );
      if (start === "standalone") results.version = version;
      results.runs[start].push(timing);
      line.push(`${start} ${timing.firstAnswerMs.toFixed(1)} ms`);
    }
    log(`plugin start ${run}/${runs}: ${line.join(", ")}`);
  }
  return results;
}

/**
 * The report's rows and section for the plugins' cold start, and their keys in the JSON result
 * (`pluginStartMs` for smileid, `floorPluginStartMs` for the native floor).
 *
 * @param {PluginStarts} starts
 */
export function pluginStartReport(starts) {
  const kinds = /** @type {const} */ ({
    standalone: "the release's single executable (Node.js SEA, code cache), no Node.js on PATH",
    launcher: "bin/pulumi-resource-smileid of the installed npm package, Node.js on dist/",
  });
  const medianOf = (/** @type {Start} */ start) =>
    Math.round(median(starts.runs[start].map((run) => run.firstAnswerMs)) * 10) / 10;
  const ours = { standalone: medianOf("standalone"), launcher: medianOf("launcher") };
  const floor = { standalone: medianOf("floorStandalone"), launcher: medianOf("floorLauncher") };
  const checkOf = (/** @type {Start} */ start) =>
    Math.round(median(starts.runs[start].map((run) => run.firstCheckMs)) * 10) / 10;
  const ms = (/** @type {number} */ value) => formatNumber(value, 1);
  return {
    result: {
      pluginStartMs: ours,
      floorPluginStartMs: floor,
      pluginFirstCheckMs: { standalone: checkOf("standalone"), launcher: checkOf("launcher") },
      floorPluginFirstCheckMs: {
        standalone: checkOf("floorStandalone"),
        launcher: checkOf("floorLauncher"),
      },
    },
    rows: /** @type {(keyof typeof kinds)[]} */ (Object.keys(kinds)).map((kind) => ({
      metric: `pluginStartMs.${kind}`,
      value: ours[kind],
      shown: ms(ours[kind]),
      max: PLUGIN_START_MAX[kind],
      how:
        `spawn to the first GetPluginInfo answer, ${kinds[kind]}, median of ` +
        `${starts.runs[kind].length}; the native floor's ${ms(floor[kind])} ms; to the first ` +
        `Check answered ${ms(checkOf(kind))} ms (the floor's ` +
        `${ms(checkOf(kind === "standalone" ? "floorStandalone" : "floorLauncher"))} ms)`,
    })),
    section: {
      title: `Native plugin cold start, ms to the port / the first answer / the first Check (smileid ${starts.version}, the floor floorid)`,
      headers: ["run", "standalone", "launcher", "floor standalone", "floor launcher"],
      rows: starts.runs.standalone.map((_, index) => [
        String(index + 1),
        .../** @type {Start[]} */ ([
          "standalone",
          "launcher",
          "floorStandalone",
          "floorLauncher",
        ]).map((start) => {
          const run = starts.runs[start][index];
          return `${ms(run.portMs)} / ${ms(run.firstAnswerMs)} / ${ms(run.firstCheckMs)}`;
        }),
      ]),
    },
  };
}

/** A link's inputs as the Node.js SDK sends them, its defaults filled in. */
const LINK = { isDisabled: false, isSingleUse: false, ...Object.values(benchLinks(1))[0] };

/**
 * @param {string} executable
 * @param {Record<string, string | undefined>} env
 * @param {string} type the resource type of the Check
 * @returns {Promise<{ version: string; timing: PluginStart }>}
 */
async function pluginStart(executable, env, type) {
  const { Empty } = require("google-protobuf/google/protobuf/empty_pb");
  const { Struct } = require("google-protobuf/google/protobuf/struct_pb");
  const provproto = require("@pulumi/pulumi/proto/provider_pb");

  const started = performance.now();
  const plugin = spawnPlugin(executable, [], { env, name: "the plugin" });
  try {
    await plugin.port();
    const portMs = performance.now() - started;
    const info = await plugin.call("getPluginInfo", new Empty());
    const firstAnswerMs = performance.now() - started;
    // The engine's next calls for a default provider and its first resource.
    const checkConfig = new provproto.CheckRequest();
    checkConfig.setOlds(Struct.fromJavaScript({}));
    checkConfig.setNews(Struct.fromJavaScript({}));
    await plugin.call("checkConfig", checkConfig);
    const configure = new provproto.ConfigureRequest();
    configure.setArgs(Struct.fromJavaScript({}));
    configure.setAcceptsecrets(true);
    await plugin.call("configure", configure);
    const check = new provproto.CheckRequest();
    check.setUrn(`urn:pulumi:bench::smile-links-bench::${type}::start`);
    check.setOlds(Struct.fromJavaScript({}));
    check.setNews(Struct.fromJavaScript(LINK));
    const checked = await plugin.call("check", check);
    const firstCheckMs = performance.now() - started;
    if (checked.getFailuresList().length > 0) {
      throw new Error(`${executable} failed the first Check of a bench link`);
    }
    return { version: info.getVersion(), timing: { portMs, firstAnswerMs, firstCheckMs } };
  } finally {
    await plugin.stop();
  }
}
