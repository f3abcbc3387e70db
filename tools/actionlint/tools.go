//go:build tools

// Package tools pins actionlint, the linter of GitHub Actions workflows, to one version.
package tools

import _ "github.com/rhysd/actionlint/cmd/actionlint"
