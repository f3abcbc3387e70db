import * as grpc from "@grpc/grpc-js";
import { EngineClient } from "@pulumi/pulumi/proto/engine_grpc_pb";
import { LogRequest, LogSeverity } from "@pulumi/pulumi/proto/engine_pb";
import { stderrNotify, type Notify } from "../link/lifecycle";

/**
 * The plugin's warnings and notices, sent to the engine's Log service, which the Pulumi CLI shows
 * among a deployment's diagnostics (under the resource when there is one). A plugin's stderr
 * reaches only the engine's debug log, so without this a native provider's warnings were never
 * seen. The engine gives its address as the plugin's first argument; without one (the plugin
 * driven by hand), or when the engine does not take the message, it goes to stderr.
 */
export function engineNotify(engineAddress: string | undefined): Notify {
  if (!engineAddress) return stderrNotify;
  let engine: EngineClient | undefined;
  return (severity, message, urn) => {
    engine ??= new EngineClient(engineAddress, grpc.credentials.createInsecure());
    const request = new LogRequest()
      .setSeverity(severity === "warning" ? LogSeverity.WARNING : LogSeverity.INFO)
      .setMessage(message)
      .setUrn(urn ?? "");
    engine.log(request, (error) => {
      if (error) stderrNotify(severity, message, urn);
    });
  };
}
