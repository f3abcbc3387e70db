// Drives the `pulumi-resource-smileid` plugin over gRPC the way the engine does, without the
// engine: the launcher as npm installs it, the calls with Structs.
import { spawn } from "node:child_process";
import path from "node:path";
import * as grpc from "@grpc/grpc-js";
import { ResourceProviderClient } from "@pulumi/pulumi/proto/provider_grpc_pb";
import * as provproto from "@pulumi/pulumi/proto/provider_pb";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { fromStruct, toStruct, unary, type Props } from "./host-rpc";

const launcher = path.resolve(__dirname, "../../bin/pulumi-resource-smileid");

/** How the engine marks a secret value in a Struct (sdk/go/common/resource/sig). */
export function secretValue(value: unknown): Props {
  return { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", value };
}

export function linkUrn(name: string): string {
  return `urn:pulumi:dev::acme::smileid:index:SmileLink::${name}`;
}

export interface NativePlugin {
  client: ResourceProviderClient;
  /** Everything the plugin printed to stderr so far. */
  stderr(): string;
  close(): void;
}

/** Starts the plugin with the Node running this process (22) and connects to its port. */
export async function startNativePlugin(
  env: NodeJS.ProcessEnv = process.env,
): Promise<NativePlugin> {
  const child = spawn(launcher, ["127.0.0.1:1"], {
    env: { ...env, PULUMI_SMILEID_NODE: process.execPath },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      stdout += chunk;
      const line = /^(\d+)\n/.exec(stdout);
      if (line) resolve(Number(line[1]));
    });
    child.on("exit", (code) => reject(new Error(`the plugin exited ${code}: ${stderr}`)));
  });
  const client = new ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
  return {
    client,
    stderr: () => stderr,
    close: () => {
      client.close();
      child.kill();
    },
  };
}

export async function getSchema(plugin: NativePlugin): Promise<Props> {
  const response = await unary(
    "getSchema",
    plugin.client.getSchema.bind(plugin.client),
    new provproto.GetSchemaRequest(),
  );
  return JSON.parse(response.getSchema()) as Props;
}

export async function getVersion(plugin: NativePlugin): Promise<string> {
  const info = await unary(
    "getPluginInfo",
    plugin.client.getPluginInfo.bind(plugin.client),
    new Empty(),
  );
  return info.getVersion();
}

export async function checkConfig(plugin: NativePlugin, news: Props) {
  const request = new provproto.CheckRequest()
    .setUrn("urn:pulumi:dev::acme::pulumi:providers:smileid::default")
    .setOlds(toStruct({}))
    .setNews(toStruct(news));
  const response = await unary(
    "checkConfig",
    plugin.client.checkConfig.bind(plugin.client),
    request,
  );
  return {
    inputs: fromStruct(response.getInputs()),
    failures: response
      .getFailuresList()
      .map((f) => ({ property: f.getProperty(), reason: f.getReason() })),
  };
}

export async function configure(plugin: NativePlugin, args: Props): Promise<void> {
  const request = new provproto.ConfigureRequest().setArgs(toStruct(args)).setAcceptsecrets(true);
  await unary("configure", plugin.client.configure.bind(plugin.client), request);
}

export async function check(plugin: NativePlugin, urn: string, news: Props, olds: Props = {}) {
  const request = new provproto.CheckRequest()
    .setUrn(urn)
    .setOlds(toStruct(olds))
    .setNews(toStruct(news));
  const response = await unary("check", plugin.client.check.bind(plugin.client), request);
  return {
    inputs: fromStruct(response.getInputs()),
    failures: response
      .getFailuresList()
      .map((f) => ({ property: f.getProperty(), reason: f.getReason() })),
  };
}

export async function diff(
  plugin: NativePlugin,
  urn: string,
  id: string,
  olds: Props,
  news: Props,
) {
  const request = new provproto.DiffRequest()
    .setUrn(urn)
    .setId(id)
    .setOlds(toStruct(olds))
    .setNews(toStruct(news));
  const response = await unary("diff", plugin.client.diff.bind(plugin.client), request);
  const detailed: Record<string, provproto.PropertyDiff.Kind> = {};
  response.getDetaileddiffMap().forEach((value, key) => (detailed[key] = value.getKind()));
  return {
    changes: response.getChanges(),
    replaces: response.getReplacesList(),
    diffs: response.getDiffsList(),
    detailed,
  };
}

export async function create(plugin: NativePlugin, urn: string, properties: Props) {
  const request = new provproto.CreateRequest().setUrn(urn).setProperties(toStruct(properties));
  const response = await unary("create", plugin.client.create.bind(plugin.client), request);
  return { id: response.getId(), properties: fromStruct(response.getProperties()) };
}

export async function read(plugin: NativePlugin, urn: string, id: string, properties: Props = {}) {
  const request = new provproto.ReadRequest()
    .setUrn(urn)
    .setId(id)
    .setProperties(toStruct(properties));
  const response = await unary("read", plugin.client.read.bind(plugin.client), request);
  return {
    id: response.getId(),
    properties: fromStruct(response.getProperties()),
    inputs: fromStruct(response.getInputs()),
  };
}
