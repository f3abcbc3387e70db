import * as pulumi from "@pulumi/pulumi";
import { SmileLink } from "pulumi-smile-links";

// A multi-use onboarding link, and a single-use link for one known customer. Credentials come
// from `smileid:partnerId` and `smileid:apiKey` (secret) in stack config, or from
// SMILE_ID_PARTNER_ID and SMILE_ID_API_KEY.
const config = new pulumi.Config("acme");

const onboarding = new SmileLink("onboarding", {
  name: "Customer onboarding",
  companyName: "Acme",
  idTypes: [
    { country: "NG", idType: "BVN", verificationMethod: "enhanced_kyc" },
    { country: "KE", idType: "NATIONAL_ID", verificationMethod: "biometric_kyc" },
  ],
  callbackUrl: "https://acme.example/smile/callback",
  dataPrivacyPolicyUrl: "https://acme.example/privacy",
  logoUrl: "https://acme.example/logo.svg",
});

const vip = new SmileLink("vip-customer", {
  name: "Re-verify customer 1042",
  companyName: "Acme",
  idTypes: [{ country: "NG", idType: "NIN_V2", verificationMethod: "biometric_kyc" }],
  callbackUrl: "https://acme.example/smile/callback",
  dataPrivacyPolicyUrl: "https://acme.example/privacy",
  isSingleUse: true,
  userId: config.get("vipUserId") ?? "customer-1042",
  expiresAt: "2030-12-31T23:59:59Z",
});

export const onboardingUrl = onboarding.url;
// Secret: whoever holds a single-use link can verify as that customer.
export const vipUrl = vip.url;
export const vipRefId = vip.refId;
