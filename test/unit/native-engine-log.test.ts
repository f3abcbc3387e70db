import * as grpc from "@grpc/grpc-js";
import { EngineService } from "@pulumi/pulumi/proto/engine_grpc_pb";
import { LogSeverity, type LogRequest } from "@pulumi/pulumi/proto/engine_pb";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { engineNotify } from "../../provider/native/engine-log";
import { engineAddressOf } from "../../provider/native/plugin-args";

/**
 * The native plugin's warnings go to the engine's Log service, as the Pulumi CLI shows them;
 * here a gRPC Engine server of the test's own takes them (test/engine/native-yaml.test.ts sees
 * them in the CLI's output).
 */
interface Logged {
  severity: number;
  message: string;
  urn: string;
}

let server: grpc.Server;
let address: string;
const logged: Logged[] = [];
let answered: () => void = () => {};

beforeAll(async () => {
  server = new grpc.Server();
  server.addService(EngineService, {
    log: (call: grpc.ServerUnaryCall<LogRequest, Empty>, callback: grpc.sendUnaryData<Empty>) => {
      const request = call.request;
      logged.push({
        severity: request.getSeverity(),
        message: request.getMessage(),
        urn: request.getUrn(),
      });
      callback(null, new Empty());
      answered();
    },
  });
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (error, bound) =>
      error ? reject(error) : resolve(bound),
    ),
  );
  address = `127.0.0.1:${port}`;
});
afterAll(() => server.forceShutdown());

/** Sends one message and waits until the engine has taken it. */
async function notified(...args: Parameters<ReturnType<typeof engineNotify>>): Promise<Logged> {
  const taken = new Promise<void>((resolve) => (answered = resolve));
  engineNotify(address)(...args);
  await taken;
  return logged.at(-1)!;
}

describe("the native plugin's warnings and notices", () => {
  it("reach the engine's Log as warnings, under the resource's URN", async () => {
    const urn = "urn:pulumi:dev::shop::smileid:index:SmileLink::onboarding";
    expect(await notified("warning", "idTypes[0]: not in the catalog", urn)).toEqual({
      severity: LogSeverity.WARNING,
      message: "idTypes[0]: not in the catalog",
      urn,
    });
  });

  it("reach it as information for a notice of what the provider did", async () => {
    expect(await notified("info", "adoptRefId: took over the existing link l-1")).toEqual({
      severity: LogSeverity.INFO,
      message: "adoptRefId: took over the existing link l-1",
      urn: "",
    });
  });
});

describe("the engine's address among the plugin's arguments", () => {
  it.each([
    [["127.0.0.1:4321"], "127.0.0.1:4321"],
    [["--logtostderr", "-v=9", "127.0.0.1:4321"], "127.0.0.1:4321"],
    [["--tracing", "file:/tmp/trace", "127.0.0.1:4321"], "127.0.0.1:4321"],
    [[], undefined],
  ])("is found in %j", (args, expected) => {
    expect(engineAddressOf(args)).toBe(expected);
  });
});
