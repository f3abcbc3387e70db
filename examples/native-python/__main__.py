"""Smile Links with the native smileid provider, from the SDK generated into sdks/python.

In a folder holding this file, Pulumi.yaml and requirements.txt:

    npm install pulumi-smile-links
    pulumi package gen-sdk ./node_modules/pulumi-smile-links/bin/pulumi-resource-smileid \
        --language python --out sdks
    python3 -m venv venv
    venv/bin/pip install -r requirements.txt
    pulumi stack init dev
    pulumi config set smileid:partnerId <partner ID>
    pulumi config set --secret smileid:apiKey
    pulumi up --yes
    pulumi destroy --yes

The program runs in the virtualenv that Pulumi.yaml names: there is nothing to activate. With a
clone of pulumi-smile-links rather than an official Pulumi install, `pulumi` is
`npm --prefix <clone> run --silent pulumi --`, run in this folder
(test/engine/python-steps.test.ts runs these steps so).

Credentials are stack config (smileid:partnerId, smileid:apiKey as a secret) or SMILE_ID_*
environment variables; what differs between stacks comes from stack config under `acme:`.
"""

import pulumi
import smileid_pulumi as smileid

config = pulumi.Config("acme")

onboarding = smileid.SmileLink(
    "onboarding",
    name=config.get("onboardingName") or "Customer onboarding",
    company_name="Acme",
    id_types=config.get_object("onboardingIdTypes")
    or [
        smileid.IdTypeArgs(country="NG", id_type="BVN", verification_method="enhanced_kyc"),
        smileid.IdTypeArgs(country="KE", id_type="NATIONAL_ID", verification_method="biometric_kyc"),
    ],
    callback_url="https://acme.example/smile/callback",
    data_privacy_policy_url="https://acme.example/privacy",
)

vip = smileid.SmileLink(
    "vip-customer",
    name="Re-verify a customer",
    company_name="Acme",
    id_types=[smileid.IdTypeArgs(country="NG", id_type="NIN_V2", verification_method="biometric_kyc")],
    callback_url="https://acme.example/smile/callback",
    data_privacy_policy_url="https://acme.example/privacy",
    is_single_use=True,
    user_id="customer-1042",
    expires_at="2030-12-31T23:59:59Z",
)

pulumi.export("onboardingUrl", onboarding.url)
pulumi.export("onboardingRefId", onboarding.ref_id)
# Secret: whoever holds a single-use link can verify as that customer.
pulumi.export("vipUrl", vip.url)
pulumi.export("vipRefId", vip.ref_id)
