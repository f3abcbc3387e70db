// The links the benchmark creates: valid inputs, varied a little from link to link.

/** ID types the emulator and the provider's check accept (see docs/reference.md). */
export const ID_TYPES = [
  { country: "NG", idType: "BVN", verificationMethod: "enhanced_kyc" },
  { country: "KE", idType: "NATIONAL_ID", verificationMethod: "biometric_kyc" },
  { country: "GH", idType: "PASSPORT", verificationMethod: "doc_verification" },
  { country: "ZA", idType: "NATIONAL_ID", verificationMethod: "enhanced_kyc" },
];

/** Inputs shared by every link, like a links file's `defaults`. */
export const DEFAULTS = {
  companyName: "Acme",
  callbackUrl: "https://acme.example/smile/callback",
  dataPrivacyPolicyUrl: "https://acme.example/privacy",
};

/**
 * The ID types of link `index`: two neighbouring entries of ID_TYPES, or, after a change, the
 * next two (so every link's list differs from before and updates in place).
 *
 * @param {number} index
 * @param {number} [shift]
 */
export function idTypesFor(index, shift = 0) {
  const first = (index + shift) % ID_TYPES.length;
  return [ID_TYPES[first], ID_TYPES[(first + 1) % ID_TYPES.length]];
}

/**
 * `count` links for a program, by resource name (`link-001`, ...).
 *
 * @param {number} count
 * @param {number} [shift] 1 gives every link other ID types than 0 does
 * @returns {Record<string, Record<string, unknown>>}
 */
export function benchLinks(count, shift = 0) {
  const width = String(count).length;
  return Object.fromEntries(
    Array.from({ length: count }, (_, index) => [
      `link-${String(index + 1).padStart(width, "0")}`,
      { ...DEFAULTS, name: `Bench link ${index + 1}`, idTypes: idTypesFor(index, shift) },
    ]),
  );
}
