// Smile Links with the native smileid provider, from Go, with the SDK module of a release.
//
// In a folder holding this file, go.mod and Pulumi.yaml, with Go 1.26 and a Pulumi CLI:
//
//	tar -xzf smileid-go-sdk-v0.1.0.tar.gz   # the SDK module, into ./sdk (go.mod's replace)
//	go mod tidy                              # its dependencies, from the Go module proxy
//	pulumi stack init dev
//	pulumi config set smileid:partnerId <partner ID>
//	pulumi config set --secret smileid:apiKey
//	pulumi up --yes
//	pulumi destroy --yes
//
// The first `pulumi up` downloads the plugin from the release; `pulumi plugin install resource
// smileid 0.1.0 --file pulumi-resource-smileid-v0.1.0-linux-amd64.tar.gz` installs it ahead.
// With a clone of pulumi-smile-links rather than an official Pulumi install, `pulumi` is
// `npm --prefix <clone> run --silent pulumi --`, run in this folder: it builds the Go language
// host the first time (test/engine/native-go.test.ts runs these steps so).
//
// Credentials are stack config (smileid:partnerId, smileid:apiKey as a secret) or SMILE_ID_*
// environment variables; what differs between stacks comes from stack config under `acme:`.
package main

import (
	"github.com/pulumi-smile-links/pulumi-smile-links/sdk/go/smileid"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/config"
)

// idType is one entry of the acme:onboardingIdTypes stack config, a JSON list.
type idType struct {
	Country            string `json:"country"`
	IdType             string `json:"idType"`
	VerificationMethod string `json:"verificationMethod"`
}

func main() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		cfg := config.New(ctx, "acme")
		name := cfg.Get("onboardingName")
		if name == "" {
			name = "Customer onboarding"
		}
		idTypes := smileid.IdTypeArray{
			&smileid.IdTypeArgs{
				Country:            pulumi.String("NG"),
				IdType:             pulumi.String("BVN"),
				VerificationMethod: pulumi.String("enhanced_kyc"),
			},
			&smileid.IdTypeArgs{
				Country:            pulumi.String("KE"),
				IdType:             pulumi.String("NATIONAL_ID"),
				VerificationMethod: pulumi.String("biometric_kyc"),
			},
		}
		var configured []idType
		if err := cfg.GetObject("onboardingIdTypes", &configured); err != nil {
			return err
		}
		if configured != nil {
			idTypes = smileid.IdTypeArray{}
			for _, entry := range configured {
				idTypes = append(idTypes, &smileid.IdTypeArgs{
					Country:            pulumi.String(entry.Country),
					IdType:             pulumi.String(entry.IdType),
					VerificationMethod: pulumi.String(entry.VerificationMethod),
				})
			}
		}

		onboarding, err := smileid.NewSmileLink(ctx, "onboarding", &smileid.SmileLinkArgs{
			Name:                 pulumi.String(name),
			CompanyName:          pulumi.String("Acme"),
			IdTypes:              idTypes,
			CallbackUrl:          pulumi.String("https://acme.example/smile/callback"),
			DataPrivacyPolicyUrl: pulumi.String("https://acme.example/privacy"),
		})
		if err != nil {
			return err
		}

		ctx.Export("refId", onboarding.RefId)
		ctx.Export("url", onboarding.Url)
		return nil
	})
}
