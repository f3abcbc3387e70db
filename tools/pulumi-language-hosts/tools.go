//go:build tools

// Package tools pins Pulumi's language hosts (pulumi-language-nodejs, pulumi-language-python) to
// one version of sdk/v3.
package tools

import (
	_ "github.com/pulumi/pulumi/sdk/v3/nodejs/cmd/pulumi-language-nodejs"
	_ "github.com/pulumi/pulumi/sdk/v3/python/cmd/pulumi-language-python"
)
