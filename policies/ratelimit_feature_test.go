package policies

// limiterOf is e's ratelimit feature.
func limiterOf(e *Engine) *limiter { return e.Feature("ratelimit").(*limiter) }
