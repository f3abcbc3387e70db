import * as grpc from "@grpc/grpc-js";
import * as provproto from "@pulumi/pulumi/proto/provider_pb";
import { Status } from "@pulumi/pulumi/proto/status_pb";
import { Any } from "google-protobuf/google/protobuf/any_pb";
import { messageOf } from "../errors";
import { toStruct, type Props } from "./values";

/** A create or update that made (or kept) a resource and then failed (create-errors.ts). */
interface PartialFailure {
  message: string;
  id: string;
  properties?: Props;
  reasons?: string[];
}

function isPartialFailure(error: unknown): error is PartialFailure {
  return error instanceof Error && typeof (error as Partial<PartialFailure>).id === "string";
}

/**
 * The gRPC error the engine gets for a failed call. A failure that carries the id of a resource
 * the API made becomes `ErrorResourceInitFailed` in the status details, so the engine records
 * the resource instead of losing it, and the next `up` updates it (as for the dynamic provider).
 */
export function grpcError(error: unknown): Partial<grpc.StatusObject> {
  const message = messageOf(error);
  const metadata = new grpc.Metadata();
  if (isPartialFailure(error)) {
    const detail = new provproto.ErrorResourceInitFailed();
    detail.setId(error.id);
    detail.setProperties(toStruct(error.properties ?? {}));
    detail.setReasonsList(error.reasons ?? []);
    const any = new Any();
    any.pack(detail.serializeBinary(), "pulumirpc.ErrorResourceInitFailed");
    const status = new Status();
    status.setCode(grpc.status.UNKNOWN);
    status.setMessage(message);
    status.addDetails(any);
    metadata.add("grpc-status-details-bin", Buffer.from(status.serializeBinary()));
  }
  return { code: grpc.status.UNKNOWN, details: message, metadata };
}
