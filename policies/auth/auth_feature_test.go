package auth

import (
	"github.com/edgeward/edgeward/policies"
)

// authOf is e's auth feature.
func authOf(e *policies.Engine) *auth { return e.Feature("auth").(*auth) }
