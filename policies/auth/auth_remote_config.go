package auth

import (
	"net/url"
	"strings"
	"time"

	"github.com/edgeward/edgeward/policies"
)

// RemoteJWKSConfig is "providers[i].remote_jwks": the provider's public keys fetched from its
// identity provider through an Envoy cluster (the Wasm sandbox reaches the network only through
// proxy_http_call), kept in shared data for every VM of the Envoy and refreshed on a timer.
type RemoteJWKSConfig struct {
	// URL: "url", the JWK Set document, e.g. "https://idp.example.com/.well-known/jwks.json".
	// Exactly one of url and issuer.
	URL string
	// Issuer: "issuer", an OIDC issuer: its "/.well-known/openid-configuration" names the JWK Set
	// (jwks_uri), and its "issuer" member must be this value (OIDC Discovery §4.3). It must be one
	// of the provider's issuers.
	Issuer string
	// Cluster: "cluster", required: the Envoy cluster that reaches the URL (and jwks_uri); its
	// TLS settings are the cluster's. The module cannot check that it exists: edgeward-validate
	// checks it in the Envoy config.
	Cluster string
	// Timeout: "timeout", default "5s" (100ms..60s): each HTTP call.
	Timeout time.Duration
	// Refresh: "refresh", default from the response's Cache-Control max-age, else 10m; bounded
	// to 5m..24h either way.
	Refresh time.Duration
	// OnFailure: "on_failure", what a token of this provider gets while no good key set was ever
	// fetched: "unavailable" (default: 503), "unauthorized" (401 invalid_token) or "fail_mode"
	// (as the top-level fail_mode: closed 503, open the request passes unverified).
	OnFailure string
	// MaxBytes: "max_bytes", default 65536 (1024..1048576): a larger answer is a failed fetch.
	MaxBytes int
}

// defaultRemoteRefresh is the refresh interval when refresh is not set and the answer names no
// max-age (refresh's declaration says so in its meaning: its default depends on the answer).
const defaultRemoteRefresh = 10 * time.Minute

// minRemoteRefresh and maxRemoteRefresh bound refresh, and a max-age read from an answer.
var minRemoteRefresh, maxRemoteRefresh, _ = policies.Declared("auth.providers[].remote_jwks", "refresh").Dur.Bounds()

// parseRemoteJWKS reads "providers[i].remote_jwks"; issuers are the provider's accepted issuers.
func parseRemoteJWKS(n policies.Node, issuers []string) *RemoteJWKSConfig {
	const key = "auth.providers[].remote_jwks"
	r := &RemoteJWKSConfig{Timeout: policies.Declared(key, "timeout").DefaultDuration(), OnFailure: policies.Declared(key, "on_failure").DefaultString(),
		MaxBytes: int(policies.Declared(key, "max_bytes").DefaultInt())}
	o, ok := n.Section(key)
	if !ok {
		if n.Exists() {
			return r // Object recorded the problem
		}
		return nil
	}
	un, in := o.Get("url"), o.Get("issuer")
	switch {
	case un.Exists() && in.Exists():
		n.Errorf("set url or issuer, not both")
	case !un.Exists() && !in.Exists():
		n.Errorf("required: url (the JWK Set) or issuer (OIDC discovery)")
	}
	if un.Exists() {
		r.URL = parseFetchURL(un)
	}
	if in.Exists() {
		r.Issuer = parseFetchURL(in)
		if r.Issuer != "" && issuers != nil && !containsString(issuers, r.Issuer) {
			in.Errorf("%q is not among the provider's issuers", r.Issuer)
		}
	}
	cn := o.Get("cluster")
	r.Cluster = cn.NonEmptyString("")
	switch {
	case !cn.Exists():
		cn.Errorf("required: the Envoy cluster that reaches the key server")
	case r.Cluster != "" && !printableASCII(r.Cluster):
		cn.Errorf("must be printable ASCII, got %q", r.Cluster)
	}
	r.Timeout = o.Duration("timeout")
	r.Refresh = o.Duration("refresh")
	r.OnFailure = o.Enum("on_failure", "")
	r.MaxBytes = int(o.Int("max_bytes"))
	return r
}

// parseFetchURL reads an absolute http(s) URL without user info or fragment.
func parseFetchURL(n policies.Node) string {
	s := n.NonEmptyString("")
	if s == "" {
		return ""
	}
	if _, _, err := splitFetchURL(s); err != "" {
		n.Errorf("%s, got %q", err, s)
		return ""
	}
	return s
}

// splitFetchURL returns the :authority and :path of an absolute http(s) URL, or why it is not one.
func splitFetchURL(s string) (authority, path, problem string) {
	u, err := url.Parse(s)
	switch {
	case err != nil || !printableASCII(s):
		return "", "", "must be an absolute http(s) URL"
	case u.Scheme != "https" && u.Scheme != "http":
		return "", "", "must be an absolute http(s) URL"
	case u.Host == "" || u.Opaque != "":
		return "", "", "must be an absolute http(s) URL with a host"
	case u.User != nil:
		return "", "", "must not hold user info (credentials)"
	case u.Fragment != "" || strings.Contains(s, "#"):
		return "", "", "must not hold a fragment"
	}
	path = u.EscapedPath()
	if path == "" {
		path = "/"
	}
	if u.RawQuery != "" {
		path += "?" + u.RawQuery
	}
	return u.Host, path, ""
}

func printableASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c <= 0x20 || c >= 0x7f {
			return false
		}
	}
	return true
}
