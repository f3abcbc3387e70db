// Cold start of the provider in Pulumi's real dynamic-provider host (the program behind
// `pulumi-resource-pulumi-nodejs`): in a host that is already listening, the time from sending
// the first Check to its answer. That Check deserializes `__provider`, calls its `configure`
// and loads our implementation from the installed package; the engine sends the same.
import { createRequire } from "node:module";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { repoRoot } from "../ensure-pulumi.mjs";
import { spawnPlugin } from "./plugin-process.mjs";

/** The gRPC client side, from this repository's dependencies. */
const require = createRequire(path.join(repoRoot, "package.json"));

/**
 * @typedef {object} ColdStart
 * @property {number} startMs spawning the host until its port is printed and connectable
 * @property {number} firstCheckMs the first Check: deserialize, configure, load, check
 * @property {number} secondCheckMs a second Check in the same host, for comparison
 */

/**
 * Runs `runs` fresh hosts one after another, each with cwd at the project (where the engine
 * starts it, and where `pulumi-smile-links` resolves), from the project's `@pulumi/pulumi`.
 *
 * @param {object} options
 * @param {string} options.providerText the `__provider` string, as stored in state
 * @param {Record<string, unknown>} options.inputs a link's inputs (without `__provider`)
 * @param {Record<string, string>} options.env the host's environment
 * @param {string} options.cwd the project's directory
 * @param {number} options.runs
 * @param {(line: string) => void} options.log
 * @returns {Promise<ColdStart[]>}
 */
export async function measureColdStarts({ providerText, inputs, env, cwd, runs, log }) {
  const results = [];
  for (let run = 1; run <= runs; run++) {
    const result = await coldStart({ providerText, inputs, env, cwd });
    log(`cold start ${run}/${runs}: first Check ${result.firstCheckMs.toFixed(1)} ms`);
    results.push(result);
  }
  return results;
}

/**
 * @param {{ providerText: string; inputs: Record<string, unknown>; env: Record<string, string>;
 *   cwd: string }} options
 * @returns {Promise<ColdStart>}
 */
async function coldStart({ providerText, inputs, env, cwd }) {
  const provproto = require("@pulumi/pulumi/proto/provider_pb");
  const { Struct } = require("google-protobuf/google/protobuf/struct_pb");
  const script = createRequire(path.join(cwd, "package.json")).resolve(
    "@pulumi/pulumi/cmd/dynamic-provider/index.js",
  );

  const started = performance.now();
  const host = spawnPlugin(process.execPath, [script], { cwd, env, name: "the provider host" });
  try {
    await host.port();
    await host.ready();
    const startMs = performance.now() - started;

    // The engine configures the provider before its first Check; the host only stores the
    // config then, and passes it to the provider's `configure` on the first CRUD call.
    const configure = new provproto.ConfigureRequest();
    configure.setArgs(Struct.fromJavaScript({}));
    configure.setAcceptsecrets(true);
    configure.setAcceptresources(true);
    await host.call("configure", configure);

    const check = new provproto.CheckRequest();
    check.setUrn(
      "urn:pulumi:bench::smile-links-bench::pulumi-nodejs:dynamic/smileid:SmileLink::cold",
    );
    check.setOlds(Struct.fromJavaScript({}));
    check.setNews(Struct.fromJavaScript({ ...inputs, __provider: providerText }));

    const first = performance.now();
    const response = await host.call("check", check);
    const firstCheckMs = performance.now() - first;
    const failures = response.getFailuresList();
    if (failures.length > 0) {
      const reasons = failures.map((f) => `${f.getProperty()}: ${f.getReason()}`).join("; ");
      throw new Error(`the cold-start Check failed validation: ${reasons}`);
    }
    const second = performance.now();
    await host.call("check", check);
    const secondCheckMs = performance.now() - second;
    return { startMs, firstCheckMs, secondCheckMs };
  } finally {
    await host.stop();
  }
}
