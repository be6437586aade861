package ratelimit

import (
	"github.com/edgeward/edgeward/policies"
)

// limiterOf is e's ratelimit feature.
func limiterOf(e *policies.Engine) *limiter { return e.Feature("ratelimit").(*limiter) }
