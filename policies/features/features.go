package features

import (
	"github.com/edgeward/edgeward/policies"
	"github.com/edgeward/edgeward/policies/auth"
	"github.com/edgeward/edgeward/policies/contract"
	"github.com/edgeward/edgeward/policies/harden"
	"github.com/edgeward/edgeward/policies/injection"
	"github.com/edgeward/edgeward/policies/ratelimit"
)

// The features and their order: at every phase the engine runs them in this order. Adding a
// feature adds its package and one line here.
func init() {
	policies.Use(
		auth.Spec,      // tokens: strip spoofed claim headers, verify, the verdict after the rate limits
		ratelimit.Spec, // rate limits: local and global, at the headers and on a body field
		harden.Spec,    // HTTPS redirect, CSRF, response headers, cookies, error pages
		contract.Spec,  // the API's contract: undocumented routes, parameters, bodies; proven tokens noted for injection
		injection.Spec, // injection detectors and body schemas
	)
}
