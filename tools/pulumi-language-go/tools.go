//go:build tools

// Package tools pins Pulumi's Go language host (pulumi-language-go) to one version of sdk/v3.
package tools

import _ "github.com/pulumi/pulumi/sdk/v3/go/pulumi-language-go"
