import * as pulumi from "@pulumi/pulumi";
import * as smileid from "@pulumi-smile-links/smileid";

// The native smileid provider's SmileLink, from the SDK generated into sdks/nodejs:
//   npm install
//   pulumi package gen-sdk ./node_modules/pulumi-smile-links/bin/pulumi-resource-smileid \
//     --language nodejs --local --out sdks
//   npm install ./sdks/nodejs
// Credentials are stack config (smileid:partnerId, smileid:apiKey as a secret) or SMILE_ID_*
// environment variables; what differs between stacks comes from stack config under `acme:`.
const config = new pulumi.Config("acme");

const onboarding = new smileid.SmileLink("onboarding", {
  name: config.get("onboardingName") ?? "Customer onboarding",
  companyName: "Acme",
  idTypes: config.getObject<smileid.types.input.IdTypeArgs[]>("onboardingIdTypes") ?? [
    { country: "NG", idType: "BVN", verificationMethod: "enhanced_kyc" },
    { country: "KE", idType: "NATIONAL_ID", verificationMethod: "biometric_kyc" },
  ],
  callbackUrl: "https://acme.example/smile/callback",
  dataPrivacyPolicyUrl: "https://acme.example/privacy",
});

const vip = new smileid.SmileLink("vip-customer", {
  name: "Re-verify a customer",
  companyName: "Acme",
  idTypes: [{ country: "NG", idType: "NIN_V2", verificationMethod: "biometric_kyc" }],
  callbackUrl: "https://acme.example/smile/callback",
  dataPrivacyPolicyUrl: "https://acme.example/privacy",
  isSingleUse: true,
  userId: "customer-1042",
  expiresAt: "2030-12-31T23:59:59Z",
});

export const onboardingUrl = onboarding.url;
export const onboardingRefId = onboarding.refId;
// Secret: whoever holds a single-use link can verify as that customer.
export const vipUrl = vip.url;
export const vipRefId = vip.refId;
