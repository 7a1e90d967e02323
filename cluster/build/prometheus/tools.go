//go:build tools

// Keeps the command's dependencies in go.mod.
package tools

import _ "github.com/prometheus/prometheus/cmd/prometheus"
