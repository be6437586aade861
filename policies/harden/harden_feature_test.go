package harden

import (
	"github.com/edgeward/edgeward/policies"
)

// hardOf is e's harden feature.
func hardOf(e *policies.Engine) *hardening { return e.Feature("harden").(*hardening) }
