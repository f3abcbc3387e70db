/**
 * The SmileLink resource's description in the package schema: what a docs page shows and each
 * SDK's doc comment carries. Code generators keep the fence of their own language from the
 * examples block and drop the others, so each example is written for the generated SDK's names.
 * The engine tests run the Python example, type-check the TypeScript one against the generated
 * SDK, and compare the YAML one with examples/native-yaml.
 */

const TYPESCRIPT = `import * as smileid from "@pulumi-smile-links/smileid";

const onboarding = new smileid.SmileLink("onboarding", {
  name: "Customer onboarding",
  companyName: "Acme",
  idTypes: [{ country: "NG", idType: "BVN", verificationMethod: "enhanced_kyc" }],
  callbackUrl: "https://acme.example/smile/callback",
  dataPrivacyPolicyUrl: "https://acme.example/privacy",
});

export const url = onboarding.url;`;

const PYTHON = `import pulumi
import smileid_pulumi as smileid

onboarding = smileid.SmileLink(
    "onboarding",
    name="Customer onboarding",
    company_name="Acme",
    id_types=[smileid.IdTypeArgs(country="NG", id_type="BVN", verification_method="enhanced_kyc")],
    callback_url="https://acme.example/smile/callback",
    data_privacy_policy_url="https://acme.example/privacy",
)

pulumi.export("url", onboarding.url)`;

const GO = `package main

import (
	"github.com/pulumi-smile-links/pulumi-smile-links/sdk/go/smileid"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

func main() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		onboarding, err := smileid.NewSmileLink(ctx, "onboarding", &smileid.SmileLinkArgs{
			Name:        pulumi.String("Customer onboarding"),
			CompanyName: pulumi.String("Acme"),
			IdTypes: smileid.IdTypeArray{
				&smileid.IdTypeArgs{
					Country:            pulumi.String("NG"),
					IdType:             pulumi.String("BVN"),
					VerificationMethod: pulumi.String("enhanced_kyc"),
				},
			},
			CallbackUrl:          pulumi.String("https://acme.example/smile/callback"),
			DataPrivacyPolicyUrl: pulumi.String("https://acme.example/privacy"),
		})
		if err != nil {
			return err
		}
		ctx.Export("url", onboarding.Url)
		return nil
	})
}`;

const CSHARP = `using System.Collections.Generic;
using Pulumi;
using Smileid = PulumiSmileLinks.Smileid;

return await Deployment.RunAsync(() =>
{
    var onboarding = new Smileid.SmileLink("onboarding", new()
    {
        Name = "Customer onboarding",
        CompanyName = "Acme",
        IdTypes = new[]
        {
            new Smileid.Inputs.IdTypeArgs
            {
                Country = "NG",
                IdType = "BVN",
                VerificationMethod = "enhanced_kyc",
            },
        },
        CallbackUrl = "https://acme.example/smile/callback",
        DataPrivacyPolicyUrl = "https://acme.example/privacy",
    });

    return new Dictionary<string, object?>
    {
        ["url"] = onboarding.Url,
    };
});`;

const YAML = `resources:
  onboarding:
    type: smileid:SmileLink
    properties:
      name: Customer onboarding
      companyName: Acme
      idTypes:
        - country: NG
          idType: BVN
          verificationMethod: enhanced_kyc
      callbackUrl: https://acme.example/smile/callback
      dataPrivacyPolicyUrl: https://acme.example/privacy
outputs:
  url: \${onboarding.url}`;

/** The examples by their fence's language, in the order a docs page shows them. */
export const LINK_EXAMPLES = {
  typescript: TYPESCRIPT,
  python: PYTHON,
  go: GO,
  csharp: CSHARP,
  yaml: YAML,
};

const fence = (language: string, code: string) => `\`\`\`${language}\n${code}\n\`\`\``;

export const LINK_DESCRIPTION = [
  "A Smile Link: Smile ID's hosted verification page. Deleting it disables the link; " +
    "only `idTypes` and `isDisabled` change in place, any other change replaces the link.",
  "{{% examples %}}\n## Example Usage\n{{% example %}}\n### A reusable link",
  ...Object.entries(LINK_EXAMPLES).map(([language, code]) => fence(language, code)),
  "{{% /example %}}\n{{% /examples %}}",
  "## Import\n\nAn existing link is imported by its `ref_id` (the `refId` output):",
  fence("sh", "$ pulumi import smileid:index:SmileLink <name> <refId>"),
].join("\n\n");
