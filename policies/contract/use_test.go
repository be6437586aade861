package contract

import (
	"github.com/edgeward/edgeward/policies"
	"github.com/edgeward/edgeward/policies/auth"
	"github.com/edgeward/edgeward/policies/harden"
	"github.com/edgeward/edgeward/policies/injection"
	"github.com/edgeward/edgeward/policies/ratelimit"
)

// The tests parse whole configurations and check that the injection detectors spare what the
// contract proves, so they run with every feature, in the order of policies/features
// (TestFeatureTestsKeepTheOrder checks it).
func init() { policies.Use(auth.Spec, ratelimit.Spec, harden.Spec, Spec, injection.Spec) }
