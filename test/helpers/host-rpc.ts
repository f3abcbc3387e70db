// The gRPC side of driving the dynamic-provider host: calls with a deadline, Structs, and the
// ErrorResourceInitFailed detail the host attaches to a create that made a resource.
import * as grpc from "@grpc/grpc-js";
import * as provproto from "@pulumi/pulumi/proto/provider_pb";
import { Status } from "@pulumi/pulumi/proto/status_pb";
import { Struct, type JavaScriptValue } from "google-protobuf/google/protobuf/struct_pb";

const initFailedType = "pulumirpc.ErrorResourceInitFailed";
const callDeadlineMs = 30_000;

export type Props = Record<string, unknown>;

/** What a create or update reported about a resource that exists but failed to initialize. */
export interface InitFailed {
  id: string;
  properties: Props;
  reasons: string[];
}

/** A failed call to the host: `message` is the gRPC status details (the provider's message). */
export class HostCallError extends Error {
  override readonly name = "HostCallError";

  constructor(
    /** The gRPC method, e.g. `create`. */
    readonly method: string,
    /** The gRPC status code (`grpc.status.UNKNOWN` for errors thrown by a provider). */
    readonly code: grpc.status,
    details: string,
    /** Present when the provider threw an error carrying `id` (a partially created resource). */
    readonly initFailed?: InitFailed,
    options?: ErrorOptions,
  ) {
    super(details, options);
  }
}

export function isHostCallError(error: unknown): error is HostCallError {
  return error instanceof HostCallError;
}

type Callback<Response> = (error: grpc.ServiceError | null, response: Response) => void;

/** Calls one unary method with a deadline, turning a failure into a HostCallError. */
export function unary<Request, Response>(
  method: string,
  call: (
    request: Request,
    metadata: grpc.Metadata,
    options: Partial<grpc.CallOptions>,
    callback: Callback<Response>,
  ) => unknown,
  request: Request,
): Promise<Response> {
  return new Promise((resolve, reject) => {
    const options = { deadline: Date.now() + callDeadlineMs };
    call(request, new grpc.Metadata(), options, (error, response) => {
      if (error) {
        reject(
          new HostCallError(method, error.code, error.details, initFailedOf(error.metadata), {
            cause: error,
          }),
        );
      } else {
        resolve(response);
      }
    });
  });
}

/**
 * Decodes the `grpc-status-details-bin` trailer (a google.rpc.Status) that the host attaches when
 * a create or update throws an error carrying `id`.
 */
function initFailedOf(metadata: grpc.Metadata | undefined): InitFailed | undefined {
  for (const value of metadata?.get("grpc-status-details-bin") ?? []) {
    if (typeof value === "string") continue;
    for (const detail of Status.deserializeBinary(value).getDetailsList()) {
      if (detail.getTypeName() !== initFailedType) continue;
      const failed = detail.unpack(
        (bytes) => provproto.ErrorResourceInitFailed.deserializeBinary(bytes),
        initFailedType,
      );
      if (failed) {
        return {
          id: failed.getId(),
          properties: fromStruct(failed.getProperties()),
          reasons: failed.getReasonsList(),
        };
      }
    }
  }
  return undefined;
}

export function toStruct(value: object): Struct {
  return Struct.fromJavaScript(value as Record<string, JavaScriptValue>);
}

export function fromStruct(struct: Struct | undefined): Props {
  return struct ? (struct.toJavaScript() as Props) : {};
}
