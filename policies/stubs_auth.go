package policies

// STUB: replaced by the token engineer.

type AuthConfig struct{}
type auth struct{}
type authTxState struct{}

func parseAuth(n node) AuthConfig                                  { n.Object(); return AuthConfig{} }
func newAuth(c *Config, getenv func(string) string) (*auth, error) { return &auth{}, nil }
func (a *auth) stripSpoofed() []HeaderOp                           { return nil }
func (a *auth) verify(tx *Tx) *Decision                            { return nil }
