// A Pulumi plugin process as the engine runs one: spawned with the engine's address, it prints
// its gRPC port as the first stdout line, answers calls there, and stops on SIGTERM. The cold
// starts of the dynamic-provider host and of the native plugin both measure it this way.
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import path from "node:path";
import { clearTimeout, setTimeout } from "node:timers";
import { repoRoot } from "../ensure-pulumi.mjs";

/** The gRPC client side, from this repository's dependencies. */
const require = createRequire(path.join(repoRoot, "package.json"));
const timeoutMs = 30_000;

/**
 * @typedef {object} PluginProcess
 * @property {() => Promise<number>} port resolves with the port the plugin printed
 * @property {() => Promise<void>} ready resolves when that port accepts the client, after `port`
 * @property {(method: string, request: unknown) => Promise<any>} call a unary call on the
 *   ResourceProvider service, after `port`
 * @property {() => Promise<void>} stop closes the client, stops the plugin and waits for its exit
 */

/**
 * Spawns `command args` as the engine does. The engine's address given is never called before
 * the plugin is asked to.
 *
 * @param {string} command
 * @param {string[]} args
 * @param {{ cwd?: string; env: Record<string, string | undefined>; name: string }} options
 *   `name` says what the plugin is in errors
 * @returns {PluginProcess}
 */
export function spawnPlugin(command, args, { cwd, env, name }) {
  const grpc = require("@grpc/grpc-js");
  const { ResourceProviderClient } = require("@pulumi/pulumi/proto/provider_grpc_pb");
  const child = spawn(command, [...args, "127.0.0.1:1"], {
    cwd,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr.setEncoding("utf8").on("data", (chunk) => (stderr += chunk));
  /** @type {any} */
  let client;
  return {
    port: async () => {
      const port = await portLine(child, name, () => stderr);
      client = new ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
      return port;
    },
    ready: () =>
      new Promise((resolve, reject) =>
        client.waitForReady(Date.now() + timeoutMs, (/** @type {Error | undefined} */ error) =>
          error ? reject(error) : resolve(undefined),
        ),
      ),
    call: (method, request) =>
      new Promise((resolve, reject) =>
        client[method](
          request,
          new grpc.Metadata(),
          { deadline: Date.now() + timeoutMs },
          (/** @type {Error | null} */ error, /** @type {unknown} */ response) =>
            error ? reject(new Error(`${method}: ${error.message}\n${stderr}`)) : resolve(response),
        ),
      ),
    stop: async () => {
      client?.close();
      if (child.exitCode !== null || child.signalCode !== null) return;
      await new Promise((resolve) => {
        child.once("exit", () => resolve(undefined));
        child.kill("SIGTERM");
      });
    },
  };
}

/**
 * Resolves with the port the plugin prints as its first stdout line.
 *
 * @param {import("node:child_process").ChildProcessWithoutNullStreams} child
 * @param {string} name
 * @param {() => string} stderr
 * @returns {Promise<number>}
 */
function portLine(child, name, stderr) {
  return new Promise((resolve, reject) => {
    let stdout = "";
    const timer = setTimeout(
      () => finish(new Error(`${name} printed no port within ${timeoutMs} ms`)),
      timeoutMs,
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
      finish(new Error(`${name} exited (code ${code}) before its port:\n${stderr()}`));
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
