/** The four products a Smile Link can run for an ID type (API docs, "The ID Object"). */
export const VERIFICATION_METHODS = [
  "biometric_kyc",
  "doc_verification",
  "enhanced_document_verification",
  "enhanced_kyc",
] as const;

export type VerificationMethod = (typeof VERIFICATION_METHODS)[number];

export type Environment = "sandbox" | "production";

export interface IdType {
  /** ISO 3166-1 alpha-2 code, upper case. */
  country: string;
  idType: string;
  verificationMethod: VerificationMethod;
}

/** A link's inputs after `check`: validated and normalized. */
export interface SmileLinkInputs {
  name: string;
  companyName: string;
  idTypes: IdType[];
  callbackUrl: string;
  dataPrivacyPolicyUrl: string;
  logoUrl?: string;
  isSingleUse: boolean;
  userId?: string;
  /** UTC ISO 8601. */
  expiresAt?: string;
  partnerParams?: Record<string, string>;
  redirectUrl?: string;
  isDisabled: boolean;
  adoptRefId?: string;
  /**
   * Set by `SmileLink`, not by users: `project/stack/name`, from which a create derives its
   * marker (create-marker.ts). Ignored by diff.
   */
  resourceKey?: string;
}

export type ParamsShown = "absent" | "null" | "object";

/** What the API says about a link; absent fields were not in the answer. */
export interface LiveLink {
  refId: string;
  url: string;
  name?: string;
  companyName?: string;
  idTypes: IdType[];
  callbackUrl?: string;
  dataPrivacyPolicyUrl?: string;
  logoUrl?: string | null;
  isSingleUse?: boolean;
  userId?: string | null;
  expiresAt?: string | null;
  partnerParams?: Record<string, string> | null;
  /** The marker this package put on the link when it created it (create-marker.ts). */
  createMarker?: string;
  /**
   * How the answer showed `partner_params`, where the marker is read: not at all ("absent"),
   * as null, or as an object. Undefined when the link did not come from a get or list answer.
   */
  paramsShown?: ParamsShown;
  redirectUrl?: string | null;
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

/** A link's outputs: its inputs plus what the API and the provider know about it. */
export interface SmileLinkOutputs extends SmileLinkInputs {
  refId: string;
  url: string;
  createdAt: string | null;
  updatedAt: string | null;
  disabledAt: string | null;
  totalJobs: number;
  successfulJobs: number;
  failedJobs: number;
  apiUrl: string;
  partnerId: string;
}
