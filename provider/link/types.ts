import type { z } from "zod";
import type { OutputValues } from "./output-fields";
import type { idTypeSchema, LinkField, linkSchema } from "./fields";

export { VERIFICATION_METHODS, type VerificationMethod } from "./verification-methods";

export type Environment = "sandbox" | "production";

/** One ID type after `check`: the country upper case (ISO 3166-1 alpha-2). */
export type IdType = z.output<typeof idTypeSchema>;

/** A link's own inputs after `check`: validated and normalized (schema.ts). */
export type LinkInputs = z.output<typeof linkSchema>;

/** A link's inputs as a program writes them: defaulted inputs may be left out. */
export type LinkArgs = z.input<typeof linkSchema>;

/** A link's inputs after `check`, with what the engine adds to them. */
export type SmileLinkInputs = LinkInputs & {
  /**
   * Set by `SmileLink`, not by users: `project/stack/name`, from which a create derives its
   * marker (create-marker.ts). Ignored by diff.
   */
  resourceKey?: string;
};

/** A link's outputs: its inputs, then what the API and the provider know (output-fields.ts). */
export type SmileLinkOutputs = SmileLinkInputs & OutputValues;

export type ParamsShown = "absent" | "null" | "object";

/**
 * The inputs an answer carries, typed as the field rules type them; null where the API sent
 * null. `idTypes` and `isDisabled` are always read (LiveLink); `adoptRefId` is the provider's own.
 */
type LiveInputs = {
  [K in Exclude<LinkField, "adoptRefId" | "idTypes" | "isDisabled">]?: LinkInputs[K] | null;
};

/** What the API says about a link; absent fields were not in the answer. */
export interface LiveLink extends LiveInputs {
  refId: string;
  url: string;
  idTypes: IdType[];
  /** The marker this package put on the link when it created it (create-marker.ts). */
  createMarker?: string;
  /**
   * How the answer showed `partner_params`, where the marker is read: not at all ("absent"),
   * as null, or as an object. Undefined when the link did not come from a get or list answer.
   */
  paramsShown?: ParamsShown;
  partnerId?: string;
  createdAt?: string | null;
  updatedAt?: string | null;
  disabledAt?: string | null;
  /** From `is_disabled` when the API sends it, else from `disabled_at`. */
  isDisabled: boolean;
  totalJobs?: number;
  successfulJobs?: number;
  failedJobs?: number;
}
