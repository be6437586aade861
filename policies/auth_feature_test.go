package policies

// authOf is e's auth feature.
func authOf(e *Engine) *auth { return e.Feature("auth").(*auth) }
