import { SmileLink } from "pulumi-smile-links";

/**
 * The root project's program: a few example links. `npm run up` runs it through the
 * Automation API; a Pulumi CLI with the Node.js language host runs it as `main`.
 */
export default async function program() {
  const common = {
    companyName: "Acme",
    callbackUrl: "https://acme.example/smile/callback",
    dataPrivacyPolicyUrl: "https://acme.example/privacy",
    logoUrl: "https://acme.example/logo.png",
  };
  const onboarding = new SmileLink("onboarding", {
    ...common,
    name: "Customer onboarding",
    idTypes: [
      { country: "NG", idType: "BVN", verificationMethod: "enhanced_kyc" },
      { country: "KE", idType: "NATIONAL_ID", verificationMethod: "biometric_kyc" },
      { country: "GH", idType: "PASSPORT", verificationMethod: "doc_verification" },
    ],
    redirectUrl: "https://acme.example/onboarding/done",
    partnerParams: { channel: "web" },
  });
  const reverification = new SmileLink("reverification", {
    ...common,
    name: "Annual re-verification",
    idTypes: [{ country: "ZA", idType: "NATIONAL_ID", verificationMethod: "enhanced_kyc" }],
  });
  return {
    onboardingUrl: onboarding.url,
    reverificationUrl: reverification.url,
  };
}
