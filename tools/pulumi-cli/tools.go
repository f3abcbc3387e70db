//go:build tools

// Package tools pins the Pulumi CLI (pkg/v3/cmd/pulumi) to one version of pkg/v3 and sdk/v3.
package tools

import _ "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi"
