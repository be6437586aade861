package auth

import (
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/tidwall/gjson"

	"github.com/edgeward/edgeward/policies"
)

// minHMACSecret is the shortest accepted HMAC secret (RFC 7518 §3.2: at least the hash size).
const minHMACSecret = 32

// auth is the compiled "auth" section.
type auth struct {
	cfg       *AuthConfig
	mode      policies.Mode
	providers []*provider
	byIssuer  map[string]*provider
	rules     []compiledAuthRule
	strip     []policies.HeaderOp // removal of every client-sent copy of the forwarded headers
	remotes   []*remoteKeys
	slot      int // the Tx slot of authTxState
	// startEvents are what starting the remote key sets logged; the first Tick returns them.
	startEvents []policies.Event
}

// provider is a ProviderConfig with its HMAC secret loaded.
type provider struct {
	*ProviderConfig
	secret []byte
	remote *remoteKeys // remote_jwks, nil without
}

type compiledAuthRule struct {
	*AuthRule
	allowed map[*provider]bool // nil: every provider
}

// authTxState is the per-request token state.
type authTxState struct {
	// Provider names the provider that verified the token ("" when none did).
	Provider string
	// pending is the verdict on the token, given in Admit.
	pending *policies.Decision
}

// newAuth compiles the auth section and loads HMAC secrets from the environment. A missing or
// short secret is an error naming its config path: the plugin must not start half-configured.
func newAuth(c *policies.Config, getenv func(string) string) (*auth, error) {
	ac := ConfigOf(c)
	a := &auth{cfg: ac, mode: ac.Mode, byIssuer: map[string]*provider{}}
	if ac.InheritMode {
		a.mode = c.Mode
	}
	var errs []error
	for i := range ac.Providers {
		pc := &ac.Providers[i]
		p := &provider{ProviderConfig: pc}
		if pc.SecretEnv != "" {
			s, err := loadSecret(getenv(pc.SecretEnv), pc.SecretEnv, pc.SecretEncoding)
			if err != nil {
				errs = append(errs, fmt.Errorf("%s.secret_env: %w", pc.path, err))
			}
			p.secret = s
		}
		a.providers = append(a.providers, p)
		for _, iss := range pc.Issuers {
			a.byIssuer[iss] = p
		}
	}
	for i := range ac.Rules {
		r := compiledAuthRule{AuthRule: &ac.Rules[i]}
		if len(r.Providers) > 0 {
			r.allowed = map[*provider]bool{}
			for _, name := range r.Providers {
				for _, p := range a.providers {
					if p.Name == name {
						r.allowed[p] = true
					}
				}
			}
		}
		a.rules = append(a.rules, r)
	}
	for _, ch := range ac.Forward.Claims {
		a.strip = append(a.strip, policies.HeaderOp{Kind: policies.RemoveHeader, Name: ch.Header})
	}
	if h := ac.Forward.PayloadHeader; h != "" {
		a.strip = append(a.strip, policies.HeaderOp{Kind: policies.RemoveHeader, Name: h})
	}
	if len(errs) > 0 {
		return a, errors.Join(errs...)
	}
	return a, nil
}

// loadSecret decodes and checks an HMAC secret from the environment.
func loadSecret(raw, env, encoding string) ([]byte, error) {
	if raw == "" {
		return nil, fmt.Errorf("environment variable %s is not set", env)
	}
	var s []byte
	switch encoding {
	case "base64":
		b, err := base64.StdEncoding.DecodeString(raw)
		if err != nil {
			return nil, fmt.Errorf("environment variable %s is not valid base64", env)
		}
		s = b
	case "base64url":
		b, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(raw, "="))
		if err != nil {
			return nil, fmt.Errorf("environment variable %s is not valid base64url", env)
		}
		s = b
	default:
		s = []byte(raw)
	}
	if len(s) < minHMACSecret {
		return nil, fmt.Errorf("environment variable %s holds %d bytes; an HMAC secret needs at least %d", env, len(s), minHMACSecret)
	}
	if strings.Contains(string(s), "-----BEGIN") {
		return nil, fmt.Errorf("environment variable %s holds a PEM key; an HMAC secret must be random bytes, never a public key", env)
	}
	return s, nil
}

// stripSpoofed removes every client-sent copy of the claim-forwarding headers. The engine calls
// it first on every request, whether or not a token is required.
func (a *auth) stripSpoofed() []policies.HeaderOp {
	if a == nil {
		return nil
	}
	return a.strip
}

// verify applies the first auth rule matching the request: it verifies the token, sets
// tx.Claims, queues the forwarded claim headers, and returns the 401/403 decision (nil when the
// request may pass). The engine applies the decision after rate limiting.
func (a *auth) verify(tx *policies.Tx) *policies.Decision {
	if a == nil || len(a.rules) == 0 {
		return nil
	}
	var rule *compiledAuthRule
	for i := range a.rules {
		if a.rules[i].Matches(tx.Req.Method, tx.Path) {
			rule = &a.rules[i]
			break
		}
	}
	if rule == nil || rule.Token == TokenOff {
		return nil
	}
	tok, src, reason := extractToken(tx.Req.Headers, a.cfg.Sources)
	if reason != "" {
		return a.fail(tx, authFailure{reason: reason})
	}
	if tok == "" {
		if rule.Token == TokenOptional {
			return nil
		}
		return a.fail(tx, authFailure{reason: "missing"})
	}
	claims, p, f := a.check(tok, rule.allowed, tx.Now)
	if p.keysMissing(f) {
		return a.keysUnavailable(tx, p, *f)
	}
	if f != nil {
		return a.fail(tx, *f)
	}
	for _, cr := range rule.Claims {
		if !cr.satisfiedBy(claims) {
			return a.fail(tx, authFailure{reason: "insufficient_scope", provider: p.Name, claim: strings.Join(cr.Path, "."), scope: cr.scopeHint()})
		}
	}
	a.accept(tx, tok, src, claims, p)
	return nil
}

// accept records a verified token: claims on the Tx, headers for the upstream.
func (a *auth) accept(tx *policies.Tx, tok string, src tokenSource, claims jwt.MapClaims, p *provider) {
	tx.Claims = map[string]any(claims)
	a.state(tx).Provider = p.Name
	for _, ch := range a.cfg.Forward.Claims {
		v, ok := claims[ch.Claim]
		if !ok || v == nil {
			continue
		}
		if s := claimHeaderValue(v); s != "" {
			tx.AddRequestHeaderOps(policies.HeaderOp{Kind: policies.SetHeader, Name: ch.Header, Value: s})
		}
	}
	if h := a.cfg.Forward.PayloadHeader; h != "" {
		if _, rest, ok := strings.Cut(tok, "."); ok {
			if payload, _, ok := strings.Cut(rest, "."); ok {
				tx.AddRequestHeaderOps(policies.HeaderOp{Kind: policies.SetHeader, Name: h, Value: payload})
			}
		}
	}
	if a.cfg.Forward.StripAuthorization {
		switch src {
		case srcBearer:
			tx.AddRequestHeaderOps(policies.HeaderOp{Kind: policies.RemoveHeader, Name: "authorization"})
		case srcHeader:
			tx.AddRequestHeaderOps(policies.HeaderOp{Kind: policies.RemoveHeader, Name: a.cfg.Sources.Header})
		}
	}
}

// check verifies tok against the provider its issuer names (among allowed; nil means any) and
// that provider's rules. It returns the verified claims or why they were refused.
func (a *auth) check(tok string, allowed map[*provider]bool, now time.Time) (jwt.MapClaims, *provider, *authFailure) {
	if len(tok) > a.cfg.MaxTokenBytes {
		return nil, nil, &authFailure{reason: "too_large"}
	}
	if strings.Count(tok, ".") != 2 {
		return nil, nil, &authFailure{reason: "malformed"}
	}
	p, reason := a.pickProvider(tok, allowed)
	if p == nil {
		return nil, nil, &authFailure{reason: reason}
	}
	opts := []jwt.ParserOption{
		jwt.WithValidMethods(p.Algorithms),
		jwt.WithJSONNumber(),
		jwt.WithLeeway(p.Leeway),
		jwt.WithTimeFunc(func() time.Time { return now }),
	}
	if p.RejectFutureIat {
		opts = append(opts, jwt.WithIssuedAt())
	}
	if p.RequireExp {
		opts = append(opts, jwt.WithExpirationRequired())
	}
	claims := jwt.MapClaims{}
	token, err := jwt.NewParser(opts...).ParseWithClaims(tok, claims, p.keyFunc)
	if err != nil {
		f := classify(err, token, p)
		return nil, p, &f
	}
	if f := p.checkClaims(token, claims); f != nil {
		return nil, p, f
	}
	return claims, p, nil
}

// pickProvider selects the provider by the token's unverified iss. The choice only decides which
// keys to try: the verified iss is checked again by checkClaims. A header or payload that repeats
// a member name in one object (`iss` twice, `sub` twice, `roles` twice inside `realm_access`) is
// refused whatever the claim: parsers disagree on which copy counts (gjson reads the first,
// encoding/json and JSON.parse the last), so no reading of it is safe.
func (a *auth) pickProvider(tok string, allowed map[*provider]bool) (*provider, string) {
	head, rest, _ := strings.Cut(tok, ".")
	payload, _, _ := strings.Cut(rest, ".")
	b, err := base64.RawURLEncoding.DecodeString(payload)
	if err != nil || !policies.ValidJSON(b) {
		return nil, "malformed"
	}
	v := gjson.ParseBytes(b)
	if !v.IsObject() {
		return nil, "malformed"
	}
	if hasDuplicateNames(v) {
		return nil, "duplicate_claim"
	}
	if hb, err := base64.RawURLEncoding.DecodeString(head); err == nil && policies.ValidJSON(hb) && hasDuplicateNames(gjson.ParseBytes(hb)) {
		return nil, "duplicate_claim"
	}
	iss := v.Get("iss")
	if iss.Type != gjson.String {
		return nil, "wrong_issuer"
	}
	p := a.byIssuer[iss.Str]
	if p == nil || allowed != nil && !allowed[p] {
		return nil, "wrong_issuer"
	}
	return p, ""
}

// hasDuplicateNames reports whether any object in v (valid JSON, nesting bounded by validJSON)
// holds one member name twice, names compared after unescaping ("sub" and "s\u0075b" are one).
func hasDuplicateNames(v gjson.Result) bool {
	dup := false
	switch {
	case v.IsObject():
		var names []string
		var seen map[string]bool // past a few members, so that the check stays linear
		v.ForEach(func(k, val gjson.Result) bool {
			name := k.String()
			if seen == nil && len(names) == 16 {
				seen = make(map[string]bool, 32)
				for _, n := range names {
					seen[n] = true
				}
			}
			if seen != nil {
				if seen[name] {
					dup = true
					return false
				}
				seen[name] = true
			} else {
				for _, n := range names {
					if n == name {
						dup = true
						return false
					}
				}
				names = append(names, name)
			}
			if hasDuplicateNames(val) {
				dup = true
				return false
			}
			return true
		})
	case v.IsArray():
		v.ForEach(func(_, val gjson.Result) bool {
			if hasDuplicateNames(val) {
				dup = true
				return false
			}
			return true
		})
	}
	return dup
}

var errUnknownKey = errors.New("no key for this token's kid and algorithm")

// keyFunc returns the keys that may verify t: the HMAC secret for HS*, else the public keys
// bound to t's algorithm family (and curve), narrowed by kid. A key without kid is a candidate
// for any token; a token without kid tries every key of its algorithm.
func (p *provider) keyFunc(t *jwt.Token) (any, error) {
	alg := t.Method.Alg()
	if !p.allows(alg) { // WithValidMethods already refused it; belt and braces
		return nil, errUnknownKey
	}
	if isHMACAlg(alg) {
		if len(p.secret) == 0 {
			return nil, errUnknownKey
		}
		return p.secret, nil
	}
	kid := ""
	if k, ok := t.Header["kid"]; ok {
		s, isStr := k.(string)
		if !isStr {
			return nil, errUnknownKey
		}
		kid = s
	}
	var set jwt.VerificationKeySet
	keys := p.verifyKeys()
	named := false // a key carries the token's kid
	for i := range keys {
		k := &keys[i]
		if !k.usableFor(alg) || kid != "" && k.kid != "" && k.kid != kid {
			continue
		}
		named = named || kid != "" && k.kid == kid
		set.Keys = append(set.Keys, k.pub)
	}
	if kid != "" && !named {
		p.noKeyFor()
	}
	if len(set.Keys) == 0 {
		return nil, errUnknownKey
	}
	return set, nil
}

func (p *provider) allows(alg string) bool {
	for _, a := range p.Algorithms {
		if a == alg {
			return true
		}
	}
	return false
}

// checkClaims applies the provider's own rules to a token whose signature and times are valid:
// issuer (again, verified this time), audience, token type and required claims.
func (p *provider) checkClaims(t *jwt.Token, claims jwt.MapClaims) *authFailure {
	fail := func(reason string) *authFailure {
		return &authFailure{reason: reason, provider: p.Name, alg: t.Method.Alg()}
	}
	if _, ok := t.Header["crit"]; ok {
		// RFC 7515 §4.1.11: extensions listed in crit must be understood; none are.
		return fail("unsupported_header")
	}
	iss, _ := claims["iss"].(string)
	if !containsString(p.Issuers, iss) {
		return fail("wrong_issuer")
	}
	if len(p.Audiences) > 0 {
		ok := false
		switch aud := claims["aud"].(type) {
		case string:
			ok = containsString(p.Audiences, aud)
		case []any:
			for _, x := range aud {
				if s, isStr := x.(string); isStr && containsString(p.Audiences, s) {
					ok = true
					break
				}
			}
		}
		if !ok {
			return fail("wrong_audience")
		}
	}
	if len(p.HeaderTyp) > 0 {
		typ, _ := t.Header["typ"].(string)
		if !containsString(p.HeaderTyp, normalizeTyp(typ)) {
			return fail("wrong_type")
		}
	}
	if p.TypeClaim != "" {
		v, _ := claims[p.TypeClaim].(string)
		if !containsString(p.TypeValues, v) {
			return fail("wrong_type")
		}
	}
	for _, c := range p.RequiredClaims {
		if v, ok := claims[c]; !ok || v == nil {
			return fail("missing_claim")
		}
	}
	return nil
}

// classify turns a jwt/v5 error into a reason. Order matters: a forged token is reported as a
// signature failure even if it is also expired (the library checks the signature first).
func classify(err error, t *jwt.Token, p *provider) authFailure {
	f := authFailure{provider: p.Name}
	if t != nil {
		f.alg, _ = t.Header["alg"].(string)
		f.kid, _ = t.Header["kid"].(string)
	}
	switch {
	case errors.Is(err, jwt.ErrTokenMalformed):
		f.reason = "malformed"
	case t == nil:
		f.reason = "malformed"
	case !p.allows(f.alg):
		// "none", an unknown alg, or one this provider does not accept (HS256 at an RS256 provider).
		f.reason = "bad_algorithm"
	case errors.Is(err, errUnknownKey):
		f.reason = "unknown_key"
	case errors.Is(err, jwt.ErrTokenSignatureInvalid), errors.Is(err, jwt.ErrTokenUnverifiable):
		f.reason = "bad_signature"
	case errors.Is(err, jwt.ErrTokenExpired):
		f.reason = "expired"
	case errors.Is(err, jwt.ErrTokenNotValidYet):
		f.reason = "not_yet_valid"
	case errors.Is(err, jwt.ErrTokenUsedBeforeIssued):
		f.reason = "issued_in_future"
	case errors.Is(err, jwt.ErrTokenRequiredClaimMissing):
		f.reason = "missing_claim"
	default:
		f.reason = "invalid_claims"
	}
	return f
}

func containsString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
