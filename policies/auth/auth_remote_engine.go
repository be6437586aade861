package auth

import (
	"time"

	"github.com/edgeward/edgeward/policies"
)

// startRemote attaches a remoteKeys to every provider with remote_jwks and loads what shared
// data already holds.
func (a *auth) startRemote(store policies.Store, vmID string, failMode policies.FailMode, now time.Time) []policies.Event {
	if a == nil {
		return nil
	}
	var ev []policies.Event
	for _, p := range a.providers {
		if p.RemoteJWKS == nil {
			continue
		}
		p.remote = newRemoteKeys(p.ProviderConfig, store, vmID, failMode)
		a.remotes = append(a.remotes, p.remote)
		ev = append(ev, p.remote.start(now)...)
	}
	return ev
}

// verifyKeys are the keys that may verify this provider's tokens: the inline ones, then the
// fetched ones.
func (p *provider) verifyKeys() []verifyKey {
	if p.remote == nil {
		return p.keys
	}
	return p.remote.snap.Load().all
}

// noKeyFor notes a token no key could verify by kid: with remote keys, an early refresh is asked
// for (Tick bounds them).
func (p *provider) noKeyFor() {
	if p.remote != nil {
		p.remote.wantEarly.Store(true)
	}
}

// keysMissing reports whether a token failed for want of keys that were never fetched: no key
// for its kid, or a signature that only kid-less inline keys (PEM keys, say) were tried on. A
// token whose kid an inline key carries is judged by that key: a bad signature stays a 401.
func (p *provider) keysMissing(f *authFailure) bool {
	if f == nil || p == nil || p.remote == nil || p.remote.ready() {
		return false
	}
	switch f.reason {
	case "unknown_key":
		return true
	case "bad_signature":
		for i := range p.keys {
			if f.kid != "" && p.keys[i].kid == f.kid {
				return false
			}
		}
		return true
	}
	return false
}

// keysUnavailable answers a token of a provider whose remote keys were never fetched, as its
// remote_jwks.on_failure says: 401 (unauthorized), 503 (unavailable), or as fail_mode.
func (a *auth) keysUnavailable(tx *policies.Tx, p *provider, f authFailure) *policies.Decision {
	f.reason = "keys_unavailable"
	onFailure := p.RemoteJWKS.OnFailure
	if onFailure == "unauthorized" {
		return a.fail(tx, f)
	}
	open := onFailure == "fail_mode" && tx.Config().FailMode == policies.FailOpen
	status := 503
	if open {
		status = 0
	}
	fields := map[string]any{"reason": f.reason, "provider": p.Name, "on_failure": onFailure, "mode": a.mode.String(), "status": status}
	if f.kid != "" {
		fields["kid"] = policies.Truncate(f.kid, 64)
	}
	if open {
		fields["fail_mode"] = "open"
	}
	tx.Event(policies.LogWarn, "auth.keys_unavailable", fields)
	if open || a.mode == policies.Detect {
		return nil
	}
	d := policies.JSONDeny(503, "jwt.keys_unavailable", map[string]string{"error": "service unavailable", "request_id": tx.Req.ID},
		policies.Header{Name: "retry-after", Value: "1"})
	return &d
}
