// Cold start of the provider in Pulumi's real dynamic-provider host (the program behind
// `pulumi-resource-pulumi-nodejs`): in a host that is already listening, the time from sending
// the first Check to its answer. That Check deserializes `__provider`, calls its `configure`
// and loads our implementation from the installed package; the engine sends the same.
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { clearTimeout, setTimeout } from "node:timers";
import { repoRoot } from "../ensure-pulumi.mjs";

/** The gRPC client side, from this repository's dependencies. */
const require = createRequire(path.join(repoRoot, "package.json"));
const startTimeoutMs = 30_000;
const callDeadlineMs = 30_000;

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
  const grpc = require("@grpc/grpc-js");
  const { ResourceProviderClient } = require("@pulumi/pulumi/proto/provider_grpc_pb");
  const provproto = require("@pulumi/pulumi/proto/provider_pb");
  const { Struct } = require("google-protobuf/google/protobuf/struct_pb");
  const script = createRequire(path.join(cwd, "package.json")).resolve(
    "@pulumi/pulumi/cmd/dynamic-provider/index.js",
  );

  const started = performance.now();
  // The argument is the engine's address; the host never calls it.
  const child = spawn(process.execPath, [script, "127.0.0.1:1"], {
    cwd,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr.setEncoding("utf8").on("data", (chunk) => (stderr += chunk));
  let client;
  try {
    const port = await firstLine(child, () => stderr);
    client = new ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
    const rpc = client;
    await new Promise((resolve, reject) =>
      rpc.waitForReady(Date.now() + startTimeoutMs, (error) => (error ? reject(error) : resolve())),
    );
    const startMs = performance.now() - started;

    /** @param {string} method @param {unknown} request */
    const call = (method, request) =>
      new Promise((resolve, reject) =>
        rpc[method](
          request,
          new grpc.Metadata(),
          { deadline: Date.now() + callDeadlineMs },
          (/** @type {Error | null} */ error, /** @type {unknown} */ response) =>
            error ? reject(new Error(`${method}: ${error.message}\n${stderr}`)) : resolve(response),
        ),
      );

    // The engine configures the provider before its first Check; the host only stores the
    // config then, and passes it to the provider's `configure` on the first CRUD call.
    const configure = new provproto.ConfigureRequest();
    configure.setArgs(Struct.fromJavaScript({}));
    configure.setAcceptsecrets(true);
    configure.setAcceptresources(true);
    await call("configure", configure);

    const check = new provproto.CheckRequest();
    check.setUrn(
      "urn:pulumi:bench::smile-links-bench::pulumi-nodejs:dynamic/smileid:SmileLink::cold",
    );
    check.setOlds(Struct.fromJavaScript({}));
    check.setNews(Struct.fromJavaScript({ ...inputs, __provider: providerText }));

    const first = performance.now();
    const response = /** @type {any} */ (await call("check", check));
    const firstCheckMs = performance.now() - first;
    const failures = response.getFailuresList();
    if (failures.length > 0) {
      const reasons = failures.map((f) => `${f.getProperty()}: ${f.getReason()}`).join("; ");
      throw new Error(`the cold-start Check failed validation: ${reasons}`);
    }
    const second = performance.now();
    await call("check", check);
    const secondCheckMs = performance.now() - second;
    return { startMs, firstCheckMs, secondCheckMs };
  } finally {
    client?.close();
    await stop(child);
  }
}

/**
 * Resolves with the port the host prints as its first stdout line.
 *
 * @param {import("node:child_process").ChildProcessWithoutNullStreams} child
 * @param {() => string} stderr
 * @returns {Promise<number>}
 */
function firstLine(child, stderr) {
  return new Promise((resolve, reject) => {
    let stdout = "";
    const timer = setTimeout(
      () => finish(new Error(`the provider host printed no port within ${startTimeoutMs} ms`)),
      startTimeoutMs,
    );
    /** @param {string} chunk */
    const onData = (chunk) => {
      stdout += chunk;
      const newline = stdout.indexOf("\n");
      if (newline === -1) return;
      const port = Number(stdout.slice(0, newline).trim());
      finish(
        Number.isInteger(port) && port > 0 ? undefined : new Error(`not a port: ${stdout}`),
        port,
      );
    };
    /** @param {number | null} code */
    const onExit = (code) =>
      finish(new Error(`the provider host exited (code ${code}) before its port:\n${stderr()}`));
    /**
     * @param {Error | undefined} error
     * @param {number} [port]
     */
    const finish = (error, port) => {
      clearTimeout(timer);
      child.stdout.off("data", onData);
      child.off("exit", onExit);
      if (error) reject(error);
      else resolve(/** @type {number} */ (port));
    };
    child.stdout.setEncoding("utf8").on("data", onData);
    child.once("exit", onExit);
  });
}

/**
 * Stops the host and waits for it to exit.
 *
 * @param {import("node:child_process").ChildProcess} child
 * @returns {Promise<void>}
 */
function stop(child) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once("exit", () => resolve());
    child.kill("SIGTERM");
  });
}
