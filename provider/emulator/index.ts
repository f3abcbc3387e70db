export { createApp, type EmulatorApp } from "./app";
export type { AppContext, RequestRecord } from "./context";
export {
  decideFault,
  FaultController,
  NO_FAULTS,
  type FailNextRule,
  type FaultAction,
  type FaultConfig,
  type FaultDecision,
  type FaultSettings,
} from "./faults";
export { HttpError, type EmulatorResponse } from "./http-error";
export type { EmulatorRequest } from "./read-body";
export { startEmulator, type EmulatorOptions, type RunningEmulator } from "./server";
export { LinkStore, type StoredLink } from "./store";
