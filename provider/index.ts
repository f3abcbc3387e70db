export { SmileLink, type SmileLinkArgs, type IdTypeArgs } from "./dynamic/smile-link";
export { default as smileLinkProvider } from "./dynamic/provider";
export { SmileLinksClient, type SmileLinksClientOptions, type CreatedLink } from "./client/client";
export { SmileLinksError, isSmileLinksError, type SmileLinksErrorKind } from "./errors";
export {
  startEmulator,
  EMULATOR_CREDENTIALS,
  type EmulatorOptions,
  type RunningEmulator,
} from "./emulator";
export { linksFromFile } from "./dynamic/links-from-file";
export {
  loadLinksFile,
  formatProblem,
  type LinksFileEntry,
  type LinksFileProblem,
  type LinksFileResult,
} from "./links-file/load";
export { linksToLinksFile } from "./links-file/export";
export { linksFileJsonSchema } from "./codegen/links-file-schema";
export type {
  IdType,
  LiveLink,
  SmileLinkInputs,
  SmileLinkOutputs,
  VerificationMethod,
  Environment,
} from "./link/types";
export { VERIFICATION_METHODS } from "./link/types";
