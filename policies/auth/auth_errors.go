package auth

import (
	"github.com/edgeward/edgeward/policies"
)

// authFailure is why a request's token was refused. Nothing in it comes from the token's
// payload except the (truncated) alg and kid header values, and never the token itself.
type authFailure struct {
	reason   string // key of authReasons
	provider string
	alg, kid string
	claim    string // the claim rule that failed, for insufficient_scope
	scope    string // scope="..." hint for insufficient_scope
}

// authReason is how a failure is answered, logged and counted ("auth.<reason>").
type authReason struct {
	status int
	// code is the RFC 6750 error code; "" for a request that sent no token (§3.1: no error code).
	code string
	desc string // error_description: fixed text, never client input
}

var authReasons = map[string]authReason{
	"missing":            {401, "", "a bearer token is required"},
	"malformed_header":   {400, "invalid_request", "the Authorization header is malformed"},
	"multiple_tokens":    {400, "invalid_request", "more than one token was sent"},
	"malformed":          {401, "invalid_token", "the token is malformed"},
	"too_large":          {401, "invalid_token", "the token is too large"},
	"duplicate_claim":    {401, "invalid_token", "the token repeats a claim or header name"},
	"bad_algorithm":      {401, "invalid_token", "the token algorithm is not accepted"},
	"unknown_key":        {401, "invalid_token", "the token signing key is unknown"},
	"bad_signature":      {401, "invalid_token", "the token signature is invalid"},
	"expired":            {401, "invalid_token", "the token has expired"},
	"not_yet_valid":      {401, "invalid_token", "the token is not valid yet"},
	"issued_in_future":   {401, "invalid_token", "the token iat is in the future (refused by policy reject_future_iat, not by RFC 7519)"},
	"wrong_issuer":       {401, "invalid_token", "the token issuer is not accepted"},
	"wrong_audience":     {401, "invalid_token", "the token audience is not accepted"},
	"wrong_type":         {401, "invalid_token", "the token type is not accepted"},
	"missing_claim":      {401, "invalid_token", "the token lacks a required claim"},
	"invalid_claims":     {401, "invalid_token", "the token claims are invalid"},
	"unsupported_header": {401, "invalid_token", "the token uses an unsupported critical header"},
	"insufficient_scope": {403, "insufficient_scope", "the token does not grant access to this resource"},
	"keys_unavailable":   {401, "invalid_token", "the token signing keys are not available yet"},
}

// fail logs and counts f, and returns the decision: a 401/403 in enforce mode, nil in detect.
func (a *auth) fail(tx *policies.Tx, f authFailure) *policies.Decision {
	r, ok := authReasons[f.reason]
	if !ok {
		r = authReasons["invalid_claims"]
	}
	fields := map[string]any{"reason": f.reason, "status": r.status, "mode": a.mode.String()}
	if f.provider != "" {
		fields["provider"] = f.provider
	}
	if f.alg != "" {
		fields["alg"] = policies.Truncate(f.alg, 32)
	}
	if f.kid != "" {
		fields["kid"] = policies.Truncate(f.kid, 64)
	}
	if f.claim != "" {
		fields["claim"] = f.claim
	}
	level := policies.LogWarn
	if f.reason == "missing" {
		level = policies.LogInfo
	}
	tx.Event(level, "auth."+f.reason, fields)
	if a.mode == policies.Detect {
		return nil
	}
	d := authDecision(r, a.cfg.Realm, f.scope, f.reason, tx.Req.ID)
	return &d
}

// authDecision builds the RFC 6750 challenge and a short generic JSON body.
func authDecision(r authReason, realm, scope, reason, requestID string) policies.Decision {
	ch := `Bearer realm="` + realm + `"`
	if r.code != "" {
		ch += `, error="` + r.code + `", error_description="` + r.desc + `"`
	}
	if scope != "" {
		ch += `, scope="` + scope + `"`
	}
	msg := "unauthorized"
	switch r.status {
	case 400:
		msg = "bad request"
	case 403:
		msg = "forbidden"
	}
	return policies.JSONDeny(r.status, "jwt."+reason, map[string]string{"error": msg, "request_id": requestID},
		policies.Header{Name: "www-authenticate", Value: ch})
}
