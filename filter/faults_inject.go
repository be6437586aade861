//go:build edgeward_faults

package filter

import "os"

// faultPoint panics at the named phase when the VM's environment variable EDGEWARD_FAULT names it.
// Only built with -tags edgeward_faults, for the fail-mode tests; never in the shipped module.
func faultPoint(phase string) {
	if os.Getenv("EDGEWARD_FAULT") == "panic:"+phase {
		panic("injected fault at " + phase)
	}
}
