package auth

import (
	"strings"
	"testing"

	"github.com/golang-jwt/jwt/v5"

	"github.com/edgeward/edgeward/policies"
)

// TestAuthClaimRules covers every claim operator, end to end: 403 insufficient_scope when a
// verified token does not satisfy the route.
func TestAuthClaimRules(t *testing.T) {
	k := jwtTestKeys(t)
	tests := []struct {
		name   string
		rule   map[string]any
		claims map[string]any
		want   int // 0 pass, 403
	}{
		{"scope string contains", map[string]any{"claim": "scope", "contains": "orders:write"}, map[string]any{"scope": "orders:read orders:write"}, 0},
		{"scope string lacks", map[string]any{"claim": "scope", "contains": "orders:write"}, map[string]any{"scope": "orders:read"}, 403},
		{"scope substring is no match", map[string]any{"claim": "scope", "contains": "orders:write"}, map[string]any{"scope": "orders:writer"}, 403},
		{"scope array contains", map[string]any{"claim": "scope", "contains": []string{"orders:write"}}, map[string]any{"scope": []string{"orders:write"}}, 0},
		{"scope contains all of two", map[string]any{"claim": "scope", "contains": []string{"a", "b"}}, map[string]any{"scope": "b c a"}, 0},
		{"scope contains only one of two", map[string]any{"claim": "scope", "contains": []string{"a", "b"}}, map[string]any{"scope": "a"}, 403},
		{"scope missing", map[string]any{"claim": "scope", "contains": "a"}, nil, 403},
		{"scope a number", map[string]any{"claim": "scope", "contains": "1"}, map[string]any{"scope": 1}, 403},
		{"roles contains_any hit", map[string]any{"claim": "roles", "contains_any": []string{"admin", "ops"}}, map[string]any{"roles": []string{"user", "ops"}}, 0},
		{"roles contains_any miss", map[string]any{"claim": "roles", "contains_any": []string{"admin", "ops"}}, map[string]any{"roles": []string{"user"}}, 403},
		{"roles array contains admin", map[string]any{"claim": "roles", "contains": "admin"}, map[string]any{"roles": []string{"admin"}}, 0},
		{"roles case matters", map[string]any{"claim": "roles", "contains": "admin"}, map[string]any{"roles": []string{"Admin"}}, 403},
		{"roles with non-strings", map[string]any{"claim": "roles", "contains": "admin"}, map[string]any{"roles": []any{1, true, "admin"}}, 0},
		{"equals string", map[string]any{"claim": "tenant", "equals": "acme"}, map[string]any{"tenant": "acme"}, 0},
		{"equals string differs", map[string]any{"claim": "tenant", "equals": "acme"}, map[string]any{"tenant": "acme2"}, 403},
		{"equals bool", map[string]any{"claim": "email_verified", "equals": true}, map[string]any{"email_verified": true}, 0},
		{"equals bool vs string", map[string]any{"claim": "email_verified", "equals": true}, map[string]any{"email_verified": "true"}, 403},
		{"equals number", map[string]any{"claim": "level", "equals": 3}, map[string]any{"level": 3}, 0},
		{"equals number vs string", map[string]any{"claim": "level", "equals": 3}, map[string]any{"level": "3"}, 403},
		{"one_of hit", map[string]any{"claim": "plan", "one_of": []string{"pro", "enterprise"}}, map[string]any{"plan": "pro"}, 0},
		{"one_of miss", map[string]any{"claim": "plan", "one_of": []string{"pro", "enterprise"}}, map[string]any{"plan": "free"}, 403},
		{"one_of array is no string", map[string]any{"claim": "plan", "one_of": []string{"pro"}}, map[string]any{"plan": []string{"pro"}}, 403},
		{"present", map[string]any{"claim": "email"}, map[string]any{"email": "a@example.com"}, 0},
		{"present but null", map[string]any{"claim": "email"}, map[string]any{"email": nil}, 403},
		{"absent", map[string]any{"claim": "email"}, nil, 403},
		{"nested path", map[string]any{"claim": []string{"realm_access", "roles"}, "contains": "admin"}, map[string]any{"realm_access": map[string]any{"roles": []string{"admin"}}}, 0},
		{"nested path miss", map[string]any{"claim": []string{"realm_access", "roles"}, "contains": "admin"}, map[string]any{"realm_access": "admin"}, 403},
		{"dotted name is one claim", map[string]any{"claim": "https://example.com/roles", "contains": "admin"}, map[string]any{"https://example.com/roles": []string{"admin"}}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := map[string]any{
				"providers": []any{hsProviderCfg("HS256")},
				"rules":     []any{map[string]any{"path_prefix": "/api/", "claims": []any{tt.rule}}},
			}
			e := authEngine(t, cfg, authEnv(t))
			claims := authClaims(nil)
			for kk, v := range tt.claims {
				claims[kk] = v
			}
			if tt.claims != nil {
				if v, ok := tt.claims["email"]; ok && v == nil {
					claims["email"] = nil
				}
			}
			tok := jwtSign(t, jwt.SigningMethodHS256, k.hmac, nil, claims)
			d, tx := authTx(e, "GET", "/api/x", bearerHdr(tok), authNow)
			got := 0
			if d != nil {
				got = d.Status
			}
			if got != tt.want {
				t.Fatalf("got %d (%s), want %d", got, lastAuthMetric(tx), tt.want)
			}
			if got == 403 {
				if lastAuthMetric(tx) != "auth.insufficient_scope" {
					t.Errorf("metric %q", lastAuthMetric(tx))
				}
				if h := d.Headers.Get("www-authenticate"); !strings.Contains(h, `error="insufficient_scope"`) {
					t.Errorf("www-authenticate %q lacks insufficient_scope", h)
				}
				if tx.Claims != nil {
					t.Error("claims set on a refused request")
				}
			}
		})
	}
}

// TestAuthScopeHint: a failed scope rule names the scope in the challenge.
func TestAuthScopeHint(t *testing.T) {
	k := jwtTestKeys(t)
	cfg := map[string]any{
		"providers": []any{hsProviderCfg("HS256")},
		"rules":     []any{map[string]any{"path_prefix": "/", "claims": []any{map[string]any{"claim": "scope", "contains": []string{"orders:write"}}}}},
	}
	e := authEngine(t, cfg, authEnv(t))
	d, _ := authTx(e, "GET", "/x", bearerHdr(jwtSign(t, jwt.SigningMethodHS256, k.hmac, nil, authClaims(map[string]any{"scope": "orders:read"}))), authNow)
	want := `Bearer realm="edgeward", error="insufficient_scope", error_description="the token does not grant access to this resource", scope="orders:write"`
	if d == nil || d.Status != 403 || d.Headers.Get("www-authenticate") != want {
		t.Fatalf("got %+v, want 403 with %s", d, want)
	}
}

// TestAuthForwarding: claims reach upstream headers; client copies never do.
func TestAuthForwarding(t *testing.T) {
	k := jwtTestKeys(t)
	fwd := map[string]any{"claims": map[string]string{"sub": "x-user-id", "groups": "x-user-groups", "n": "x-n",
		"ok": "x-ok", "obj": "x-obj", "absent": "x-absent"}}
	tests := []struct {
		name    string
		forward map[string]any
		claims  map[string]any
		headers policies.Headers // besides Authorization
		path    string
		noToken bool
		want    map[string]string // header -> value; "" means absent
	}{
		{"sub replaces spoofed x-user-id", fwd, nil, policies.Headers{{Name: "x-user-id", Value: "admin"}, {Name: "x-user-id", Value: "root"}}, "/api/x", false,
			map[string]string{"x-user-id": "user-42"}},
		{"spoofed header removed without a token on an unchecked path", fwd, nil, policies.Headers{{Name: "x-user-id", Value: "admin"}, {Name: "x-absent", Value: "1"}}, "/public", true,
			map[string]string{"x-user-id": "", "x-absent": ""}},
		{"absent claim: spoofed header removed, nothing set", fwd, nil, policies.Headers{{Name: "x-absent", Value: "forged"}}, "/api/x", false,
			map[string]string{"x-absent": ""}},
		{"non-string claims JSON-encoded", fwd, map[string]any{"groups": []string{"a", "b"}, "n": 12345678901234567, "ok": true, "obj": map[string]any{"k": "v"}}, nil, "/api/x", false,
			map[string]string{"x-user-groups": `["a","b"]`, "x-n": "12345678901234567", "x-ok": "true", "x-obj": `{"k":"v"}`}},
		{"CR LF NUL removed", fwd, map[string]any{"sub": "u1\r\nx-admin: 1\x00"}, nil, "/api/x", false,
			map[string]string{"x-user-id": "u1x-admin: 1"}},
		{"strip_authorization", map[string]any{"strip_authorization": true}, nil, nil, "/api/x", false,
			map[string]string{"authorization": ""}},
		{"authorization kept by default", map[string]any{}, nil, nil, "/api/x", false,
			map[string]string{"authorization": "*"}},
		{"payload_header", map[string]any{"payload_header": "x-jwt-payload"}, nil, policies.Headers{{Name: "x-jwt-payload", Value: "forged"}}, "/api/x", false,
			map[string]string{"x-jwt-payload": "*payload"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := apiAuthCfg(hsProviderCfg("HS256"))
			cfg["forward"] = tt.forward
			e := authEngine(t, cfg, authEnv(t))
			claims := authClaims(tt.claims)
			tok := jwtSign(t, jwt.SigningMethodHS256, k.hmac, nil, claims)
			in := append(policies.Headers(nil), tt.headers...)
			if !tt.noToken {
				in = append(in, bearerHdr(tok)...)
			}
			d, tx := authTx(e, "GET", tt.path, in, authNow)
			if d != nil {
				t.Fatalf("denied %d %s", d.Status, lastAuthMetric(tx))
			}
			out := in.Apply(tx.RequestHeaderOps())
			for h, want := range tt.want {
				vals := out.Values(h)
				switch want {
				case "":
					if len(vals) != 0 {
						t.Errorf("%s = %q, want absent", h, vals)
					}
				case "*":
					if len(vals) != 1 {
						t.Errorf("%s = %q, want kept", h, vals)
					}
				case "*payload":
					if len(vals) != 1 || vals[0] != strings.Split(tok, ".")[1] {
						t.Errorf("%s = %q, want the token's payload segment", h, vals)
					}
				default:
					if len(vals) != 1 || vals[0] != want {
						t.Errorf("%s = %q, want [%q]", h, vals, want)
					}
				}
			}
		})
	}
}

func TestClaimHeaderValue(t *testing.T) {
	tests := []struct {
		in   any
		want string
	}{
		{"plain", "plain"},
		{" padded\t", "padded"},
		{"a\rb\nc\x00d\x7fe\x1bf", "abcdef"},
		{"tab\tinside", "tab\tinside"},
		{"ünïcode", "ünïcode"},
		{[]any{"a\nb"}, `["a\nb"]`},
		{true, "true"},
		{map[string]any{"x": 1.5}, `{"x":1.5}`},
	}
	for _, tt := range tests {
		if got := claimHeaderValue(tt.in); got != tt.want {
			t.Errorf("claimHeaderValue(%#v) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func FuzzClaimHeaderValue(f *testing.F) {
	for _, s := range []string{"plain", "a\r\nb", "\x00", "ü", " x "} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := claimHeaderValue(s)
		if strings.ContainsAny(got, "\r\n\x00") {
			t.Errorf("claimHeaderValue(%q) = %q keeps CR/LF/NUL", s, got)
		}
		if len(got) > len(s) {
			t.Errorf("grew: %q -> %q", s, got)
		}
	})
}
