package policies

// hardOf is e's harden feature.
func hardOf(e *Engine) *hardening { return e.Feature("harden").(*hardening) }
