package auth

import (
	"strings"
	"testing"
	"time"

	"github.com/edgeward/edgeward/policies"
)

const remoteURL = "https://idp.example.com/keys"

// remoteAuth is an auth section with one RS256 provider fetching remoteURL; over replaces or
// (nil) deletes members of remote_jwks, top-level members of the provider with a "provider."
// prefix.
func remoteAuth(over map[string]any) map[string]any {
	rj := map[string]any{"url": remoteURL, "cluster": "idp"}
	p := map[string]any{"name": "idp", "issuers": []string{authIss}, "audiences": []string{authAud},
		"algorithms": []string{"RS256"}, "remote_jwks": rj}
	for k, v := range over {
		m, key := rj, k
		if after, ok := strings.CutPrefix(k, "provider."); ok {
			m, key = p, after
		}
		if v == nil {
			delete(m, key)
		} else {
			m[key] = v
		}
	}
	return map[string]any{"providers": []any{p}, "rules": []any{map[string]any{"path_prefix": "/api/"}}}
}

func TestParseRemoteJWKS(t *testing.T) {
	cfg, err := policies.ParseConfig([]byte(authJSON(t, map[string]any{"auth": remoteAuth(nil)})))
	if err != nil {
		t.Fatal(err)
	}
	got := ConfigOf(cfg).Providers[0].RemoteJWKS
	want := RemoteJWKSConfig{URL: remoteURL, Cluster: "idp", Timeout: 5 * time.Second, OnFailure: "unavailable", MaxBytes: 65536}
	if got == nil || *got != want {
		t.Fatalf("defaults: got %+v, want %+v", got, want)
	}
	cfg, err = policies.ParseConfig([]byte(authJSON(t, map[string]any{"auth": remoteAuth(map[string]any{
		"url": nil, "issuer": authIss, "timeout": "2s", "refresh": "1h", "on_failure": "fail_mode", "max_bytes": 4096})})))
	if err != nil {
		t.Fatal(err)
	}
	got = ConfigOf(cfg).Providers[0].RemoteJWKS
	want = RemoteJWKSConfig{Issuer: authIss, Cluster: "idp", Timeout: 2 * time.Second, Refresh: time.Hour, OnFailure: "fail_mode", MaxBytes: 4096}
	if *got != want {
		t.Fatalf("set: got %+v, want %+v", got, want)
	}

	tests := []struct {
		name string
		over map[string]any
		want string
	}{
		{"not an object", map[string]any{"provider.remote_jwks": "https://x/keys"}, "auth.providers[0].remote_jwks: must be an object"},
		{"unknown key", map[string]any{"uri": "x"}, `auth.providers[0].remote_jwks.uri: unknown key`},
		{"url and issuer", map[string]any{"issuer": authIss}, "auth.providers[0].remote_jwks: set url or issuer, not both"},
		{"neither", map[string]any{"url": nil}, "auth.providers[0].remote_jwks: required: url (the JWK Set) or issuer"},
		{"url relative", map[string]any{"url": "/keys"}, "auth.providers[0].remote_jwks.url: must be an absolute http(s) URL"},
		{"url ftp", map[string]any{"url": "ftp://idp/keys"}, "remote_jwks.url: must be an absolute http(s) URL"},
		{"url credentials", map[string]any{"url": "https://u:p@idp/keys"}, "remote_jwks.url: must not hold user info"},
		{"url fragment", map[string]any{"url": "https://idp/keys#x"}, "remote_jwks.url: must not hold a fragment"},
		{"url space", map[string]any{"url": "https://idp/a b"}, "remote_jwks.url: must be an absolute http(s) URL"},
		{"url not a string", map[string]any{"url": 1}, "remote_jwks.url: must be a string"},
		{"issuer unknown", map[string]any{"url": nil, "issuer": "https://other.example.com"}, `remote_jwks.issuer: "https://other.example.com" is not among the provider's issuers`},
		{"cluster missing", map[string]any{"cluster": nil}, "auth.providers[0].remote_jwks.cluster: required"},
		{"cluster empty", map[string]any{"cluster": ""}, "remote_jwks.cluster: must not be empty"},
		{"cluster space", map[string]any{"cluster": "a b"}, "remote_jwks.cluster: must be printable ASCII"},
		{"timeout short", map[string]any{"timeout": "10ms"}, "remote_jwks.timeout: must be between 100ms and 1m0s"},
		{"refresh short", map[string]any{"refresh": "1m"}, "remote_jwks.refresh: must be between 5m0s and 24h0m0s"},
		{"refresh long", map[string]any{"refresh": "48h"}, "remote_jwks.refresh: must be between"},
		{"on_failure", map[string]any{"on_failure": "deny"}, `remote_jwks.on_failure: must be one of "unavailable", "unauthorized", "fail_mode"`},
		{"max_bytes", map[string]any{"max_bytes": 100}, "remote_jwks.max_bytes: must be between 1024 and 1048576"},
		{"HS only", map[string]any{"provider.algorithms": []string{"HS256"}, "provider.secret_env": "S"}, "remote_jwks: given, but no RS/PS/ES/EdDSA algorithm"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := policies.ParseConfig([]byte(authJSON(t, map[string]any{"auth": remoteAuth(tt.over)})))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got %v, want an error containing %q", err, tt.want)
			}
		})
	}
}
