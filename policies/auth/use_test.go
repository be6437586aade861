package auth

import (
	"github.com/edgeward/edgeward/policies"
	"github.com/edgeward/edgeward/policies/contract"
	"github.com/edgeward/edgeward/policies/harden"
	"github.com/edgeward/edgeward/policies/injection"
	"github.com/edgeward/edgeward/policies/ratelimit"
)

// The tests parse whole configurations (the shipped examples among them), so they run with every
// feature, in the order of policies/features (TestFeatureTestsKeepTheOrder checks it).
func init() { policies.Use(Spec, ratelimit.Spec, harden.Spec, contract.Spec, injection.Spec) }
