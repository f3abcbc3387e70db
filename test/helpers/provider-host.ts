// Drives Pulumi's real dynamic-provider host (`@pulumi/pulumi/cmd/dynamic-provider`, the program
// behind `pulumi-resource-pulumi-nodejs`) over gRPC, the way the engine does, without the engine.
import { spawn, type ChildProcess } from "node:child_process";
import * as path from "node:path";
import * as grpc from "@grpc/grpc-js";
import { ResourceProviderClient } from "@pulumi/pulumi/proto/provider_grpc_pb";
import * as provproto from "@pulumi/pulumi/proto/provider_pb";
import { fromStruct, toStruct, unary, type Props } from "./host-rpc";

export { HostCallError, isHostCallError, type InitFailed } from "./host-rpc";

/** The property holding the serialized provider; callers put it in properties and news. */
export const providerKey = "__provider";

/** The string the engine sends in place of a value that is unknown during preview. */
export const unknownValue = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

const repoRoot = path.resolve(__dirname, "..", "..");
const startTimeoutMs = 30_000;

export interface ProviderHost {
  /** Sends the stack config (namespaced keys like `smileid:apiKey`, string values). */
  configure(config: Record<string, string>): Promise<void>;
  check(
    urn: string,
    olds: object,
    news: object,
  ): Promise<{ inputs: Props; failures: { property: string; reason: string }[] }>;
  diff(
    urn: string,
    id: string,
    olds: object,
    news: object,
  ): Promise<{
    changes: "none" | "some" | "unknown";
    replaces: string[];
    deleteBeforeReplace: boolean;
  }>;
  create(urn: string, properties: object): Promise<{ id: string; properties: Props }>;
  /** `id` is empty when the provider reported the resource gone; `inputs` only when it sent them. */
  read(
    urn: string,
    id: string,
    properties: object,
    inputs?: object,
  ): Promise<{ id: string; properties: Props; inputs: Props | undefined }>;
  update(urn: string, id: string, olds: object, news: object): Promise<{ properties: Props }>;
  delete(urn: string, id: string, properties: object): Promise<void>;
  /** Everything the host printed to stderr so far. */
  stderr(): string;
  /** Everything the host printed to stdout so far (its first line is its port). */
  stdout(): string;
  /** Closes the channel and stops the host process. */
  close(): Promise<void>;
}

export interface ProviderHostOptions {
  /** The host's working directory: `require` in provider code resolves from here (default: the repository root). */
  cwd?: string;
  /** The host's environment (default: this process's). */
  env?: NodeJS.ProcessEnv;
}

/** A URN as the engine would send it for a resource of `type` named `name`. */
export function resourceUrn(
  name: string,
  type = "pulumi-nodejs:dynamic/smileid:SmileLink",
): string {
  return `urn:pulumi:test::pulumi-smile-links::${type}::${name}`;
}

/**
 * Starts the dynamic-provider host with the Node running this process, waits for the port it
 * prints and connects to it.
 */
export async function startProviderHost(options: ProviderHostOptions = {}): Promise<ProviderHost> {
  const script = require.resolve("@pulumi/pulumi/cmd/dynamic-provider/index.js", {
    paths: [repoRoot],
  });
  // The argument is the engine's address; the host never calls it.
  const child = spawn(process.execPath, [script, "127.0.0.1:1"], {
    cwd: options.cwd ?? repoRoot,
    env: options.env ?? process.env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const killOnExit = () => child.kill("SIGKILL");
  process.once("exit", killOnExit);

  let stdout = "";
  let stderr = "";
  child.stdout?.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
  child.stderr?.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));

  let client: ResourceProviderClient | undefined;
  try {
    const port = await waitForPort(
      child,
      () => stdout,
      () => stderr,
    );
    client = new ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
    await new Promise<void>((resolve, reject) =>
      client?.waitForReady(Date.now() + startTimeoutMs, (error) =>
        error ? reject(error) : resolve(),
      ),
    );
  } catch (error) {
    client?.close();
    process.off("exit", killOnExit);
    await stop(child);
    throw error;
  }
  const rpc = client;

  return {
    async configure(config) {
      const request = new provproto.ConfigureRequest();
      request.setArgs(toStruct(config));
      for (const [key, value] of Object.entries(config)) {
        request.getVariablesMap().set(key, value);
      }
      request.setAcceptsecrets(true);
      request.setAcceptresources(true);
      await unary("configure", rpc.configure.bind(rpc), request);
    },

    async check(urn, olds, news) {
      const request = new provproto.CheckRequest();
      request.setUrn(urn);
      request.setOlds(toStruct(olds));
      request.setNews(toStruct(news));
      const response = await unary("check", rpc.check.bind(rpc), request);
      return {
        inputs: fromStruct(response.getInputs()),
        failures: response
          .getFailuresList()
          .map((failure) => ({ property: failure.getProperty(), reason: failure.getReason() })),
      };
    },

    async diff(urn, id, olds, news) {
      const request = new provproto.DiffRequest();
      request.setUrn(urn);
      request.setId(id);
      request.setOlds(toStruct(olds));
      request.setNews(toStruct(news));
      const response = await unary("diff", rpc.diff.bind(rpc), request);
      const { DiffChanges } = provproto.DiffResponse;
      const changes = response.getChanges();
      return {
        changes:
          changes === DiffChanges.DIFF_SOME
            ? "some"
            : changes === DiffChanges.DIFF_NONE
              ? "none"
              : "unknown",
        replaces: response.getReplacesList(),
        deleteBeforeReplace: response.getDeletebeforereplace(),
      };
    },

    async create(urn, properties) {
      const request = new provproto.CreateRequest();
      request.setUrn(urn);
      request.setProperties(toStruct(properties));
      const response = await unary("create", rpc.create.bind(rpc), request);
      return { id: response.getId(), properties: fromStruct(response.getProperties()) };
    },

    async read(urn, id, properties, inputs) {
      const request = new provproto.ReadRequest();
      request.setUrn(urn);
      request.setId(id);
      request.setProperties(toStruct(properties));
      if (inputs !== undefined) {
        request.setInputs(toStruct(inputs));
      }
      const response = await unary("read", rpc.read.bind(rpc), request);
      const responseInputs = response.getInputs();
      return {
        id: response.getId(),
        properties: fromStruct(response.getProperties()),
        inputs: responseInputs ? fromStruct(responseInputs) : undefined,
      };
    },

    async update(urn, id, olds, news) {
      const request = new provproto.UpdateRequest();
      request.setUrn(urn);
      request.setId(id);
      request.setOlds(toStruct(olds));
      request.setNews(toStruct(news));
      const response = await unary("update", rpc.update.bind(rpc), request);
      return { properties: fromStruct(response.getProperties()) };
    },

    async delete(urn, id, properties) {
      const request = new provproto.DeleteRequest();
      request.setUrn(urn);
      request.setId(id);
      request.setProperties(toStruct(properties));
      await unary("delete", rpc.delete.bind(rpc), request);
    },

    stderr: () => stderr,
    stdout: () => stdout,

    async close() {
      rpc.close();
      process.off("exit", killOnExit);
      await stop(child);
    },
  };
}

/** Resolves with the port the host prints as its first stdout line. */
function waitForPort(
  child: ChildProcess,
  stdout: () => string,
  stderr: () => string,
): Promise<number> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () =>
        finish(new Error(`The dynamic-provider host printed no port within ${startTimeoutMs} ms.`)),
      startTimeoutMs,
    );
    const onData = () => {
      const text = stdout();
      const newline = text.indexOf("\n");
      if (newline === -1) return;
      const line = text.slice(0, newline).trim();
      const port = Number(line);
      if (Number.isInteger(port) && port > 0) {
        finish(undefined, port);
      } else {
        finish(new Error(`The dynamic-provider host printed ${JSON.stringify(line)}, not a port.`));
      }
    };
    const onExit = (code: number | null, signal: NodeJS.Signals | null) =>
      finish(
        new Error(
          `The dynamic-provider host exited (${signal ?? `code ${code}`}) before printing its port:\n${stderr()}`,
        ),
      );
    const onError = (error: Error) => finish(error);
    const finish = (error: Error | undefined, port?: number) => {
      clearTimeout(timer);
      child.stdout?.off("data", onData);
      child.off("exit", onExit);
      child.off("error", onError);
      if (error) reject(error);
      else resolve(port as number);
    };
    // Listeners added after the accumulating one, so stdout() already holds the chunk.
    child.stdout?.on("data", onData);
    child.once("exit", onExit);
    child.once("error", onError);
  });
}

/** Stops the host and waits for it to exit. */
function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) {
    return Promise.resolve();
  }
  return new Promise((resolve) => {
    child.once("exit", () => resolve());
    child.kill("SIGTERM");
  });
}
