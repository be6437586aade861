package policies

import "time"

// AuthSpec declares the auth feature: "auth".
var AuthSpec = &Spec{
	Name: "auth",
	Keys: []string{"auth"},
	Parse: func(root obj, c *Config) any {
		ac := parseAuth(root.Get("auth"))
		return &ac
	},
	New: func(c *Config, env Env) (Feature, error) {
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
func authConfigOf(c *Config) *AuthConfig {
	if ac, ok := c.Part("auth").(*AuthConfig); ok {
		return ac
	}
	ac := parseAuth(missingNode())
	return &ac
}

// state is the request's token state.
func (a *auth) state(tx *Tx) *authTxState {
	p := tx.Slot(a.slot)
	if *p == nil {
		*p = &authTxState{}
	}
	return (*p).(*authTxState)
}

// Run strips the spoofed claim headers (Arrive), verifies the token (Identify) and gives its
// verdict once the rate limits have counted the request (Admit).
func (a *auth) Run(p Phase, tx *Tx) *Decision {
	switch p {
	case Arrive:
		tx.AddRequestHeaderOps(a.stripSpoofed()...)
	case Identify:
		if d := a.verify(tx); d != nil {
			a.state(tx).pending = d
		}
	case Admit:
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
func (a *auth) Tick(now time.Time) (fetches []*KeyFetch, ev []Event) {
	ev = a.startEvents
	a.startEvents = nil
	for _, r := range a.remotes {
		if f := r.tick(&ev, now); f != nil {
			fetches = append(fetches, f)
		}
	}
	return fetches, ev
}
