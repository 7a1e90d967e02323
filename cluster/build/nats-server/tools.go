//go:build tools

// Keeps the command's dependencies in go.mod.
package tools

import _ "github.com/nats-io/nats-server/v2"
