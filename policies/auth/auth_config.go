package auth

import (
	"strings"
	"time"

	"github.com/tidwall/gjson"

	"github.com/edgeward/edgeward/policies"
)

// AuthConfig is the "auth" section: which routes need a token, who may issue it, how it is
// verified and which verified claims go upstream.
type AuthConfig struct {
	// Mode: "mode", "enforce" or "detect"; default the top-level mode. In detect mode a failed
	// check is logged and counted and the request passes (without forwarded claims).
	Mode policies.Mode
	// InheritMode is true when "mode" is absent (the top-level mode applies).
	InheritMode bool
	// Realm: "realm", default "edgeward": the realm in WWW-Authenticate.
	Realm string
	// MaxTokenBytes: "max_token_bytes", default 8192 (512..65536): longer tokens are refused
	// before any decoding.
	MaxTokenBytes int
	// Sources: "token", where the token is read from.
	Sources TokenSources
	// Providers: "providers", the token issuers and how their tokens are verified.
	Providers []ProviderConfig
	// Rules: "rules", per-route requirements; the first matching rule wins; a request that
	// matches no rule is not checked.
	Rules []AuthRule
	// Forward: "forward", verified claims sent upstream as headers.
	Forward ForwardConfig
}

// TokenSources says where a token may be sent. A request carrying different tokens in two
// places is refused (RFC 6750 §2: one method per request).
type TokenSources struct {
	// Bearer: "bearer", default true: `Authorization: Bearer <token>` (scheme case-insensitive,
	// exactly one Authorization header).
	Bearer bool
	// Header: "header", default none: a header holding the bare token (e.g. "x-access-token").
	Header string
	// Cookie: "cookie", default none: a cookie holding the bare token (e.g. "access_token").
	Cookie string
}

// ProviderConfig is one token issuer.
type ProviderConfig struct {
	// Name: "name", default "providers[i]"; rules refer to providers by it; it is logged.
	Name string
	// Issuers: "issuers", required, non-empty: accepted `iss` values (exact match). The unverified
	// `iss` picks the provider; the verified one is checked again.
	Issuers []string
	// Audiences: "audiences", required: accepted `aud` values (any one must be present); an
	// explicit [] accepts any audience.
	Audiences []string
	// Algorithms: "algorithms", required: the accepted `alg` values among HS256 HS384 HS512
	// RS256 RS384 RS512 PS256 PS384 PS512 ES256 ES384 ES512 EdDSA ("none" never).
	Algorithms []string
	// SecretEnv: "secret_env": the environment variable holding the HMAC secret (required with
	// an HS algorithm, refused without one). At start the secret must be set and at least 32 bytes.
	SecretEnv string
	// SecretEncoding: "secret_encoding", "raw" (default), "base64" or "base64url".
	SecretEncoding string
	// Leeway: "leeway", default "60s" (0..10m): clock skew allowed on exp, nbf and iat.
	Leeway time.Duration
	// RequireExp: "require_exp", default true: a token without `exp` is refused.
	RequireExp bool
	// RejectFutureIat: "reject_future_iat", default true: a token whose `iat` is later than now
	// plus the leeway is refused (issued_in_future). RFC 7519 does not ask for this check (nor
	// does jsonwebtoken); false turns it off.
	RejectFutureIat bool
	// HeaderTyp: "token_type.header_typ", default not checked: accepted JOSE `typ` header values
	// (case-insensitive; "application/" optional, so "at+jwt" matches "application/at+jwt").
	HeaderTyp []string
	// TypeClaim: "token_type.claim", default none: a claim naming the token's type (e.g.
	// "token_use", "typ", "type"); its value must be among TypeValues ("token_type.values").
	TypeClaim  string
	TypeValues []string
	// RequiredClaims: "required_claims", default none: claims every token must carry (401).
	RequiredClaims []string
	// RemoteJWKS: "remote_jwks", default none: keys fetched from the identity provider and
	// refreshed (see RemoteJWKSConfig); inline jwks/pem keys, when also given, stay pinned.
	RemoteJWKS *RemoteJWKSConfig

	path string      // config path, for start-up errors
	keys []verifyKey // from "jwks" and "pem"
}

// TokenRequirement says what a rule asks of a request.
type TokenRequirement int

const (
	// TokenRequired: a valid token must be present ("required", the default of a rule).
	TokenRequired TokenRequirement = iota
	// TokenOptional: a token, if present, must be valid ("optional").
	TokenOptional
	// TokenOff: no check ("off"), e.g. to exempt a path before a broader rule.
	TokenOff
)

// AuthRule is one entry of "rules": a route and what it requires.
type AuthRule struct {
	policies.Route
	// Token: "token", "required" (default), "optional" or "off".
	Token TokenRequirement
	// Providers: "providers", default all: names of the providers whose tokens are accepted.
	Providers []string
	// Claims: "claims", default none: claim rules a token must satisfy (403 otherwise).
	Claims []ClaimRule
}

// ForwardConfig sends verified claims upstream. Every header named here is removed from every
// request first, token or not, so a client can never forge it.
type ForwardConfig struct {
	// Claims: "claims", default none: claim name -> upstream header, e.g. {"sub": "x-user-id"}.
	// String claims are sent as they are, other claims JSON-encoded; CR, LF, NUL and other
	// control characters are removed.
	Claims []ClaimHeader
	// PayloadHeader: "payload_header", default none: a header receiving the verified payload
	// (base64url, as in the token).
	PayloadHeader string
	// StripAuthorization: "strip_authorization", default false: remove the header that carried
	// a verified token (Authorization or token.header) before the request goes upstream.
	StripAuthorization bool
}

// ClaimHeader forwards one claim.
type ClaimHeader struct {
	Claim  string
	Header string
}

const (
	maxAuthProviders = 16
	maxAuthRules     = 256
	maxProviderKeys  = 32
	maxClaimRules    = 32
)

// parseAuth reads the "auth" section. Keys in "jwks" and "pem" are parsed here; the HMAC secret
// is read from the environment by newAuth.
func parseAuth(n policies.Node) AuthConfig {
	c := AuthConfig{InheritMode: true, Realm: policies.Declared("auth", "realm").DefaultString(),
		MaxTokenBytes: int(policies.Declared("auth", "max_token_bytes").DefaultInt()),
		Sources:       TokenSources{Bearer: policies.Declared("auth.token", "bearer").DefaultBool()}}
	o, ok := n.Section("auth")
	if !ok {
		return c
	}
	if m := o.Get("mode"); m.Exists() {
		c.Mode = policies.ParseMode(m, policies.Enforce)
		c.InheritMode = false
	}
	rn := o.Get("realm")
	c.Realm = o.NonEmptyString("realm")
	if !quotableASCII(c.Realm) {
		rn.Errorf("must be printable ASCII without '\"' or '\\'")
	}
	c.MaxTokenBytes = int(o.Int("max_token_bytes"))

	so, _ := o.Get("token").Section("auth.token")
	c.Sources.Bearer = so.Bool("bearer")
	if hn := so.Get("header"); hn.Exists() {
		c.Sources.Header = parseHeaderName(hn, "")
		if c.Sources.Header == "authorization" {
			hn.Errorf("use token.bearer for the Authorization header")
		}
	}
	if cn := so.Get("cookie"); cn.Exists() {
		c.Sources.Cookie = cn.NonEmptyString("")
		if !policies.IsToken(c.Sources.Cookie) {
			cn.Errorf("must be a cookie name (RFC 6265 token), got %q", c.Sources.Cookie)
		}
	}
	if !c.Sources.Bearer && c.Sources.Header == "" && c.Sources.Cookie == "" {
		so.Node().Errorf("no token source left: enable bearer or set header or cookie")
	}

	pn := o.Get("providers")
	byIssuer := map[string]string{}
	byName := map[string]bool{}
	for i, p := range pn.Array() {
		if i == maxAuthProviders {
			pn.Errorf("at most %d providers", maxAuthProviders)
			break
		}
		pc := parseProvider(p, i)
		if byName[pc.Name] {
			p.Child("name").Errorf("duplicate provider name %q", pc.Name)
		}
		byName[pc.Name] = true
		for _, iss := range pc.Issuers {
			if other, dup := byIssuer[iss]; dup {
				p.Child("issuers").Errorf("issuer %q is already used by provider %q", iss, other)
			}
			byIssuer[iss] = pc.Name
		}
		c.Providers = append(c.Providers, pc)
	}

	rules := o.Get("rules")
	for i, r := range rules.Array() {
		if i == maxAuthRules {
			rules.Errorf("at most %d rules", maxAuthRules)
			break
		}
		c.Rules = append(c.Rules, parseAuthRule(r, c.Providers))
	}
	if len(c.Rules) > 0 && len(c.Providers) == 0 {
		rules.Errorf("rules need at least one entry in auth.providers")
	}

	c.Forward = parseForward(o.Get("forward"))
	return c
}

func parseProvider(n policies.Node, i int) ProviderConfig {
	p := ProviderConfig{Name: "providers[" + policies.Itoa(i) + "]", path: n.Path(),
		Leeway:          policies.Declared("auth.providers[]", "leeway").DefaultDuration(),
		RequireExp:      policies.Declared("auth.providers[]", "require_exp").DefaultBool(),
		RejectFutureIat: policies.Declared("auth.providers[]", "reject_future_iat").DefaultBool(),
		SecretEncoding:  policies.Declared("auth.providers[]", "secret_encoding").DefaultString()}
	o, ok := n.Section("auth.providers[]")
	if !ok {
		return p // Object recorded the problem
	}
	p.Name = o.Get("name").NonEmptyString(p.Name)

	in := o.Get("issuers")
	p.Issuers = nonEmptyStrings(in)
	if len(p.Issuers) == 0 {
		in.Errorf("required: at least one accepted issuer (iss)")
	}
	an := o.Get("audiences")
	if !an.Exists() {
		an.Errorf("required: the accepted audiences (aud), or [] to accept any")
	}
	p.Audiences = nonEmptyStrings(an)

	algn := o.Get("algorithms")
	if !algn.Exists() {
		algn.Errorf("required: the accepted algorithms, e.g. [\"RS256\"]")
	}
	hasHS, hasAsym := false, false
	seen := map[string]bool{}
	for _, a := range algn.Array() {
		s := a.NonEmptyString("")
		switch {
		case s == "":
			continue
		case strings.EqualFold(s, "none"):
			a.Errorf("alg \"none\" (unsigned tokens) is never accepted")
			continue
		case !knownAlg(s):
			a.Errorf("unknown algorithm %q (allowed: %s)", s, strings.Join(allAlgs, ", "))
			continue
		case seen[s]:
			a.Errorf("duplicate algorithm %q", s)
			continue
		}
		seen[s] = true
		p.Algorithms = append(p.Algorithms, s)
		if isHMACAlg(s) {
			hasHS = true
		} else {
			hasAsym = true
		}
	}
	if algn.Value().IsArray() && len(algn.Value().Array()) == 0 {
		algn.Errorf("must not be empty")
	}

	sn := o.Get("secret_env")
	p.SecretEnv = sn.NonEmptyString("")
	p.SecretEncoding = o.Enum("secret_encoding", "")
	if p.SecretEnv != "" && !hasHS {
		sn.Errorf("set, but no HS algorithm is in algorithms")
	}
	if hasHS && !sn.Exists() {
		sn.Errorf("required with an HS algorithm: the environment variable holding the HMAC secret")
	}

	if j := o.Get("jwks"); j.Exists() {
		p.keys = append(p.keys, parseJWKS(j)...)
	}
	if pm := o.Get("pem"); pm.Exists() {
		p.keys = append(p.keys, parsePEMKeys(pm)...)
	}
	if len(p.keys) > maxProviderKeys {
		n.Errorf("at most %d keys per provider, got %d", maxProviderKeys, len(p.keys))
	}
	rn := o.Get("remote_jwks")
	p.RemoteJWKS = parseRemoteJWKS(rn, p.Issuers)
	if hasAsym && len(p.keys) == 0 && !o.Get("jwks").Exists() && !o.Get("pem").Exists() && !rn.Exists() {
		n.Errorf("an RS/PS/ES/EdDSA algorithm needs public keys in jwks, pem or remote_jwks")
	}
	if len(p.keys) > 0 && !hasAsym && algn.Exists() {
		n.Errorf("jwks/pem keys given, but no RS/PS/ES/EdDSA algorithm is in algorithms")
	}
	if rn.Exists() && !hasAsym && algn.Exists() {
		rn.Errorf("given, but no RS/PS/ES/EdDSA algorithm is in algorithms")
	}
	// Every asymmetric algorithm needs a key that can verify it, and every key must serve one.
	// With remote_jwks, the fetched keys may serve the algorithms the inline ones do not.
	for _, a := range p.Algorithms {
		if isHMACAlg(a) || len(p.keys) == 0 || p.RemoteJWKS != nil {
			continue
		}
		found := false
		for i := range p.keys {
			if p.keys[i].usableFor(a) {
				found = true
				break
			}
		}
		if !found {
			algn.Errorf("no key in jwks or pem can verify %s", a)
		}
	}
	for i := range p.keys {
		usable := false
		for _, a := range p.Algorithms {
			if p.keys[i].usableFor(a) {
				usable = true
				break
			}
		}
		if !usable && len(p.Algorithms) > 0 {
			n.Errorf("key %s cannot verify any of algorithms %s", p.keys[i].describe(), strings.Join(p.Algorithms, ", "))
		}
	}

	p.Leeway = o.Duration("leeway")
	p.RequireExp = o.Bool("require_exp")
	p.RejectFutureIat = o.Bool("reject_future_iat")

	tt, _ := o.Get("token_type").Section("auth.providers[].token_type")
	for _, t := range nonEmptyStrings(tt.Get("header_typ")) {
		p.HeaderTyp = append(p.HeaderTyp, normalizeTyp(t))
	}
	p.TypeClaim = tt.Get("claim").NonEmptyString("")
	p.TypeValues = nonEmptyStrings(tt.Get("values"))
	if p.TypeClaim != "" && len(p.TypeValues) == 0 {
		tt.Get("values").Errorf("required with token_type.claim: the accepted types, e.g. [\"access\"]")
	}
	if p.TypeClaim == "" && tt.Get("values").Exists() {
		tt.Get("claim").Errorf("required with token_type.values")
	}
	p.RequiredClaims = nonEmptyStrings(o.Get("required_claims"))
	return p
}

func parseAuthRule(n policies.Node, providers []ProviderConfig) AuthRule {
	o, _ := n.Section("auth.rules[]")
	r := AuthRule{Route: policies.ParseRoute(o)} // parseRoute lower-cases paths, as requests are matched
	switch o.Enum("token", "") {
	case "optional":
		r.Token = TokenOptional
	case "off":
		r.Token = TokenOff
	}
	pn := o.Get("providers")
	r.Providers = nonEmptyStrings(pn)
	for _, name := range r.Providers {
		found := false
		for i := range providers {
			if providers[i].Name == name {
				found = true
			}
		}
		if !found {
			pn.Errorf("unknown provider %q", name)
		}
	}
	cn := o.Get("claims")
	for i, c := range cn.Array() {
		if i == maxClaimRules {
			cn.Errorf("at most %d claim rules", maxClaimRules)
			break
		}
		r.Claims = append(r.Claims, parseClaimRule(c))
	}
	if len(r.Claims) > 0 && r.Token != TokenRequired {
		cn.Errorf("claim rules need token \"required\"")
	}
	return r
}

func parseForward(n policies.Node) ForwardConfig {
	var f ForwardConfig
	o, ok := n.Section("auth.forward")
	if !ok {
		return f
	}
	seen := map[string]bool{}
	for _, kv := range o.Get("claims").Map() {
		h := parseHeaderName(kv.Node, "")
		if kv.Key == "" {
			kv.Errorf("claim name must not be empty")
		}
		if h != "" && seen[h] {
			kv.Errorf("header %q is already forwarded", h)
		}
		seen[h] = true
		f.Claims = append(f.Claims, ClaimHeader{Claim: kv.Key, Header: h})
	}
	if pn := o.Get("payload_header"); pn.Exists() {
		f.PayloadHeader = parseHeaderName(pn, "")
		if seen[f.PayloadHeader] {
			pn.Errorf("header %q is already forwarded", f.PayloadHeader)
		}
	}
	f.StripAuthorization = o.Bool("strip_authorization")
	return f
}

// reservedForwardHeaders are headers a claim must never overwrite: framing, routing and the
// credentials themselves.
var reservedForwardHeaders = map[string]bool{"host": true, "authorization": true, "cookie": true,
	"content-length": true, "content-type": true, "transfer-encoding": true, "connection": true, "te": true,
	"upgrade": true, "keep-alive": true, "proxy-authorization": true, "x-forwarded-for": true,
	"x-forwarded-proto": true, "x-forwarded-host": true, "x-envoy-original-path": true, "x-request-id": true}

// parseHeaderName reads a header name for forwarding, lower-cased.
func parseHeaderName(n policies.Node, def string) string {
	s := policies.LowerASCII(n.NonEmptyString(def))
	if s == "" {
		return s
	}
	if !policies.IsToken(s) {
		n.Errorf("must be a header name (RFC 9110 token), got %q", s)
		return ""
	}
	if reservedForwardHeaders[s] || strings.HasPrefix(s, "x-envoy-") {
		n.Errorf("header %q is reserved and cannot carry a claim", s)
	}
	return s
}

// parseClaimRule reads {"claim": name or [path...], one operator}.
func parseClaimRule(n policies.Node) ClaimRule {
	o, _ := n.Section("auth.rules[].claims[]")
	var r ClaimRule
	cn := o.Get("claim")
	switch {
	case !cn.Exists():
		cn.Errorf("required: the claim name, or an array naming a nested claim")
	case cn.Value().Type == gjson.String:
		if s := cn.NonEmptyString(""); s != "" {
			r.Path = []string{s}
		}
	default:
		r.Path = nonEmptyStrings(cn)
		if cn.Value().IsArray() && len(r.Path) == 0 {
			cn.Errorf("must not be empty")
		}
	}
	ops := 0
	if v := o.Get("contains"); v.Exists() {
		ops++
		r.Op, r.Values = claimContainsAll, stringOrList(v)
	}
	if v := o.Get("contains_any"); v.Exists() {
		ops++
		r.Op, r.Values = claimContainsAny, stringOrList(v)
	}
	if v := o.Get("one_of"); v.Exists() {
		ops++
		r.Op, r.Values = claimOneOf, stringOrList(v)
	}
	if v := o.Get("equals"); v.Exists() {
		ops++
		r.Op = claimEquals
		switch v.Value().Type {
		case gjson.String:
			r.Equal = v.Value().Str
		case gjson.True, gjson.False:
			r.Equal = v.Value().Type == gjson.True
		case gjson.Number:
			r.Equal = v.Value().Num
		default:
			v.Errorf("must be a string, number or boolean, got %s", policies.Kind(v.Value()))
		}
	}
	if ops > 1 {
		n.Errorf("use one of contains, contains_any, equals, one_of per claim rule")
	}
	if (r.Op == claimContainsAll || r.Op == claimContainsAny || r.Op == claimOneOf) && len(r.Values) == 0 && ops == 1 {
		n.Errorf("the value list must not be empty")
	}
	return r
}

// stringOrList accepts "x" or ["x", "y"].
func stringOrList(n policies.Node) []string {
	if n.Value().Type == gjson.String {
		if s := n.NonEmptyString(""); s != "" {
			return []string{s}
		}
		return nil
	}
	return nonEmptyStrings(n)
}

// nonEmptyStrings reads a string list, refusing empty strings.
func nonEmptyStrings(n policies.Node) []string {
	var out []string
	for _, e := range n.Array() {
		if s := e.NonEmptyString(""); s != "" {
			out = append(out, s)
		}
	}
	if n.Value().IsArray() && out == nil {
		out = []string{}
	}
	return out
}

var allAlgs = []string{"HS256", "HS384", "HS512", "RS256", "RS384", "RS512", "PS256", "PS384", "PS512",
	"ES256", "ES384", "ES512", "EdDSA"}

func knownAlg(a string) bool {
	for _, x := range allAlgs {
		if x == a {
			return true
		}
	}
	return false
}

func isHMACAlg(a string) bool { return a == "HS256" || a == "HS384" || a == "HS512" }

// quotableASCII reports whether s can sit inside an RFC 9110 quoted-string without escapes.
func quotableASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c > 0x7e || c == '"' || c == '\\' {
			return false
		}
	}
	return true
}

// normalizeTyp lower-cases a JOSE typ value and drops "application/" (RFC 7515 §4.1.9).
func normalizeTyp(t string) string {
	t = strings.ToLower(strings.TrimSpace(t))
	return strings.TrimPrefix(t, "application/")
}
