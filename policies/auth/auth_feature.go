package auth

import (
	"time"

	"github.com/edgeward/edgeward/policies"
)

// AuthSpec declares the auth feature: "auth".
var Spec = &policies.Spec{
	Name: "auth",
	Keys: []string{"auth"},
	Parse: func(root policies.Obj, c *policies.Config) any {
		ac := parseAuth(root.Get("auth"))
		return &ac
	},
	New: func(c *policies.Config, env policies.Env) (policies.Feature, error) {
		a, err := newAuth(c, env.Getenv)
		if err != nil {
			return a, err
		}
		a.slot = env.Slot
		a.startEvents = a.startRemote(env.Store, env.VMID, c.FailMode, env.Now)
		return a, nil
	},
}

// authConfigOf is the "auth" section of c (the defaults when auth is not in use).
func ConfigOf(c *policies.Config) *AuthConfig {
	if ac, ok := c.Part("auth").(*AuthConfig); ok {
		return ac
	}
	ac := parseAuth(policies.MissingNode())
	return &ac
}

// state is the request's token state.
func (a *auth) state(tx *policies.Tx) *authTxState {
	p := tx.Slot(a.slot)
	if *p == nil {
		*p = &authTxState{}
	}
	return (*p).(*authTxState)
}

// Run strips the spoofed claim headers (Arrive), verifies the token (Identify) and gives its
// verdict once the rate limits have counted the request (Admit).
func (a *auth) Run(p policies.Phase, tx *policies.Tx) *policies.Decision {
	switch p {
	case policies.Arrive:
		tx.AddRequestHeaderOps(a.stripSpoofed()...)
	case policies.Identify:
		if d := a.verify(tx); d != nil {
			a.state(tx).pending = d
		}
	case policies.Admit:
		if *tx.Slot(a.slot) != nil {
			return a.state(tx).pending
		}
	}
	return nil
}

// Active reports whether a provider fetches its keys (remote_jwks).
func (a *auth) Active() bool { return len(a.remotes) > 0 }

// Ready reports whether every remote key set has been fetched once.
func (a *auth) Ready() bool {
	for _, r := range a.remotes {
		if !r.ready() {
			return false
		}
	}
	return true
}

// Tick keeps the remote key sets in step with shared data: the fetches to make now, and the
// events of the start on the first tick.
func (a *auth) Tick(now time.Time) (fetches []*policies.KeyFetch, ev []policies.Event) {
	ev = a.startEvents
	a.startEvents = nil
	for _, r := range a.remotes {
		if f := r.tick(&ev, now); f != nil {
			fetches = append(fetches, f)
		}
	}
	return fetches, ev
}
