import * as pulumi from "@pulumi/pulumi";
import { SmileLink, type IdTypeArgs } from "pulumi-smile-links";

// A multi-use onboarding link, and a single-use link for one known customer. Credentials come
// from `smileid:partnerId` and `smileid:apiKey` (secret) in stack config, or from
// SMILE_ID_PARTNER_ID and SMILE_ID_API_KEY. What may differ between stacks (the ID types the
// onboarding link accepts, the customer) comes from stack config under `acme:`.
const config = new pulumi.Config("acme");

const onboarding = new SmileLink("onboarding", {
  name: "Customer onboarding",
  companyName: "Acme",
  idTypes: config.getObject<IdTypeArgs[]>("onboardingIdTypes") ?? [
    { country: "NG", idType: "BVN", verificationMethod: "enhanced_kyc" },
    { country: "KE", idType: "NATIONAL_ID", verificationMethod: "biometric_kyc" },
  ],
  callbackUrl: "https://acme.example/smile/callback",
  dataPrivacyPolicyUrl: "https://acme.example/privacy",
  logoUrl: "https://acme.example/logo.svg",
});

const vip = new SmileLink("vip-customer", {
  name: "Re-verify a customer",
  companyName: "Acme",
  idTypes: [{ country: "NG", idType: "NIN_V2", verificationMethod: "biometric_kyc" }],
  callbackUrl: "https://acme.example/smile/callback",
  dataPrivacyPolicyUrl: "https://acme.example/privacy",
  isSingleUse: true,
  // A single-use link belongs to one user: another user makes a new link.
  userId: config.get("vipUserId") ?? "customer-1042",
  expiresAt: "2030-12-31T23:59:59Z",
});

export const onboardingUrl = onboarding.url;
export const onboardingRefId = onboarding.refId;
// Secret: whoever holds a single-use link can verify as that customer.
export const vipUrl = vip.url;
export const vipRefId = vip.refId;
