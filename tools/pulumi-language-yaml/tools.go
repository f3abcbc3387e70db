//go:build tools

// Package tools pins Pulumi's YAML language host (pulumi-language-yaml) to one release of
// pulumi-yaml, which brings its own pkg/v3 and sdk/v3.
package tools

import _ "github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml"
