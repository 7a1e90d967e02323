// Command coredns: upstream CoreDNS with its default plugin set (core/plugin), built from the
// module proxy at the version go.mod pins.
package main

import (
	_ "github.com/coredns/coredns/core/plugin"
	"github.com/coredns/coredns/coremain"
)

func main() { coremain.Run() }
