export { createApp, type EmulatorApp } from "./app";
export { EMULATOR_CREDENTIALS } from "./auth";
export type { AppContext, RequestRecord } from "./context";
export {
  decideFault,
  FaultController,
  type FaultAction,
  type FaultDecision,
} from "./fault-decision";
export { NO_FAULTS, type FailNextRule, type FaultConfig, type FaultSettings } from "./faults";
export { HttpError, type EmulatorResponse } from "./http-error";
export type { EmulatorRequest } from "./read-body";
export {
  DOCUMENTED_READING,
  parseReading,
  type ApiReading,
  type CreateStatus,
  type ErrorShape,
  type ListPathReading,
  type PartnerParamsReading,
  type RefIdStyle,
} from "./reading";
export { startEmulator, type EmulatorOptions, type RunningEmulator } from "./server";
export { LinkStore } from "./store";
export type { StoredLink } from "./stored-link";
