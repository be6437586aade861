package harden

import (
	"github.com/edgeward/edgeward/policies"
	"github.com/edgeward/edgeward/policies/auth"
	"github.com/edgeward/edgeward/policies/contract"
	"github.com/edgeward/edgeward/policies/injection"
	"github.com/edgeward/edgeward/policies/ratelimit"
)

// The tests parse whole configurations (the shipped examples among them), so they run with every
// feature, in the order of policies/features (TestFeatureTestsKeepTheOrder checks it).
func init() { policies.Use(auth.Spec, ratelimit.Spec, Spec, contract.Spec, injection.Spec) }
