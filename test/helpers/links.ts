import type { SmileLinkInputs } from "../../provider/link/types";

/** A valid link's raw inputs, as a program would give them; override what a test is about. */
export function linkArgs(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: "Customer onboarding",
    companyName: "Acme",
    idTypes: [
      { country: "NG", idType: "BVN", verificationMethod: "enhanced_kyc" },
      { country: "KE", idType: "NATIONAL_ID", verificationMethod: "biometric_kyc" },
    ],
    callbackUrl: "https://acme.example/smile/callback",
    dataPrivacyPolicyUrl: "https://acme.example/privacy",
    ...overrides,
  };
}

/** The same link after check: normalized, defaults filled in. */
export function linkInputs(overrides: Partial<SmileLinkInputs> = {}): SmileLinkInputs {
  return {
    ...(linkArgs() as unknown as SmileLinkInputs),
    isSingleUse: false,
    isDisabled: false,
    ...overrides,
  };
}
