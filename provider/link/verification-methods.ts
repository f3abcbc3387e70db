/** The four products a Smile Link can run for an ID type (API docs, "The ID Object"). */
export const VERIFICATION_METHODS = [
  "biometric_kyc",
  "doc_verification",
  "enhanced_document_verification",
  "enhanced_kyc",
] as const;

export type VerificationMethod = (typeof VERIFICATION_METHODS)[number];
