package e2e

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/edgeward/edgeward/e2e/devhost"
	"github.com/edgeward/edgeward/e2e/e2etest"
)

// jwtTestSecret is the HS256 secret given to the dev host (against E2E_URL, the deployment must
// have been started with the same EDGEWARD_JWT_SECRET, which this test then reads).
const jwtTestSecret = "e2e-test-secret-0123456789abcdef-0123456789"

func jwtSecret() []byte {
	if s := os.Getenv("EDGEWARD_JWT_SECRET"); s != "" && os.Getenv("E2E_URL") != "" {
		return []byte(s)
	}
	return []byte(jwtTestSecret)
}

func jwtExampleConfig(t *testing.T) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(e2etest.RepoRoot(t), "envoy", "examples", "jwt.json"))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// jwtClaims are valid claims for envoy/examples/jwt.json at now; nil values delete a member.
func jwtClaims(now time.Time, over map[string]any) jwt.MapClaims {
	c := jwt.MapClaims{"iss": "https://auth.example.com", "aud": "api.example.com", "sub": "user-7",
		"iat": now.Add(-time.Minute).Unix(), "exp": now.Add(10 * time.Minute).Unix()}
	for k, v := range over {
		if v == nil {
			delete(c, k)
		} else {
			c[k] = v
		}
	}
	return c
}

func jwtSignE2E(t *testing.T, m jwt.SigningMethod, key any, c jwt.MapClaims) string {
	t.Helper()
	s, err := jwt.NewWithClaims(m, c).SignedString(key)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// jwtEcho is the part of the echo upstream's answer these tests read.
type jwtEcho struct {
	Path    string            `json:"path"`
	Headers map[string]string `json:"headers"`
}

// jwtDo sends a request and returns status, headers and body.
func jwtDo(t *testing.T, base, path string, hdr map[string][]string) (int, http.Header, []byte) {
	t.Helper()
	req, err := http.NewRequest("GET", base+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	for k, vs := range hdr {
		for _, v := range vs {
			req.Header.Add(k, v)
		}
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header, body
}

func TestJWTExample(t *testing.T) {
	base, _ := e2etest.BaseURL(t, e2etest.Options{Config: jwtExampleConfig(t),
		Env: map[string]string{"EDGEWARD_JWT_SECRET": jwtTestSecret}})
	secret := jwtSecret()
	now := time.Now()
	rsaKey, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	der, _ := x509.MarshalPKIXPublicKey(&rsaKey.PublicKey)
	rsaPEM := pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der})
	hs := func(over map[string]any) string {
		return jwtSignE2E(t, jwt.SigningMethodHS256, secret, jwtClaims(now, over))
	}
	valid := hs(nil)
	parts := strings.Split(valid, ".")
	enc := base64.RawURLEncoding
	none := enc.EncodeToString([]byte(`{"alg":"none","typ":"JWT"}`)) + "." + parts[1] + "."
	forged := parts[0] + "." + enc.EncodeToString([]byte(`{"iss":"https://auth.example.com","aud":"api.example.com","sub":"admin","exp":`+
		jwtItoa(now.Add(time.Hour).Unix())+`}`)) + "." + parts[2]
	bearer := func(tok string) map[string][]string { return map[string][]string{"Authorization": {"Bearer " + tok}} }

	tests := []struct {
		name       string
		path       string
		hdr        map[string][]string
		wantStatus int
		wantUser   string // x-user-id upstream, when 200
		wantError  bool   // error="invalid_token" in WWW-Authenticate
	}{
		{"no token under /api/", "/api/orders", nil, 401, "", false},
		{"no token under /api/public/", "/api/public/info", nil, 200, "", false},
		{"no token outside /api/", "/", nil, 200, "", false},
		{"valid HS256", "/api/orders", bearer(valid), 200, "user-7", false},
		{"valid HS256, spoofed x-user-id", "/api/orders", map[string][]string{"Authorization": {"Bearer " + valid}, "X-User-Id": {"admin", "root"}}, 200, "user-7", false},
		{"spoofed x-user-id on a public path", "/api/public/x", map[string][]string{"X-User-Id": {"admin"}}, 200, "", false},
		{"case-insensitive path", "/API/Orders", nil, 401, "", false},
		{"expired", "/api/orders", bearer(hs(map[string]any{"exp": now.Add(-time.Hour).Unix(), "iat": now.Add(-2 * time.Hour).Unix()})), 401, "", true},
		{"not yet valid", "/api/orders", bearer(hs(map[string]any{"nbf": now.Add(time.Hour).Unix()})), 401, "", true},
		{"issued in the future", "/api/orders", bearer(hs(map[string]any{"iat": now.Add(time.Hour).Unix()})), 401, "", true},
		{"wrong issuer", "/api/orders", bearer(hs(map[string]any{"iss": "https://evil.example.com"})), 401, "", true},
		{"wrong audience", "/api/orders", bearer(hs(map[string]any{"aud": "other.example.com"})), 401, "", true},
		{"bad signature", "/api/orders", bearer(jwtSignE2E(t, jwt.SigningMethodHS256, []byte(strings.Repeat("w", 48)), jwtClaims(now, nil))), 401, "", true},
		{"tampered payload", "/api/orders", bearer(forged), 401, "", true},
		{"alg none", "/api/orders", bearer(none), 401, "", true},
		{"HS256 signed with an RSA public key", "/api/orders", bearer(jwtSignE2E(t, jwt.SigningMethodHS256, rsaPEM, jwtClaims(now, nil))), 401, "", true},
		{"RS256 token", "/api/orders", bearer(jwtSignE2E(t, jwt.SigningMethodRS256, rsaKey, jwtClaims(now, nil))), 401, "", true},
		{"garbage", "/api/orders", bearer("not-a-token"), 401, "", true},
		// RFC 6750 §3.1: a malformed request or more than one method is 400 invalid_request (issue 16).
		{"two Authorization headers", "/api/orders", map[string][]string{"Authorization": {"Bearer " + valid, "Bearer " + valid}}, 400, "", false},
		{"Bearer with no token", "/api/orders", map[string][]string{"Authorization": {"Bearer "}}, 400, "", false},
		{"duplicate sub claim", "/api/orders", bearer(hsRawE2E(t, secret, `{"iss":"https://auth.example.com","aud":"api.example.com","sub":"user-7","exp":`+
			jwtItoa(now.Add(time.Hour).Unix())+`,"sub":"admin"}`)), 401, "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, h, body := jwtDo(t, base, tt.path, tt.hdr)
			if status != tt.wantStatus {
				t.Fatalf("status = %d, want %d; body %s", status, tt.wantStatus, body)
			}
			if status == 400 {
				if ch := h.Get("WWW-Authenticate"); !strings.Contains(ch, `error="invalid_request"`) {
					t.Errorf("WWW-Authenticate = %q, want error=\"invalid_request\"", ch)
				}
				return
			}
			if status == 401 {
				ch := h.Get("WWW-Authenticate")
				if !strings.HasPrefix(ch, "Bearer ") || strings.Contains(ch, `error="invalid_token"`) != tt.wantError {
					t.Errorf("WWW-Authenticate = %q, want Bearer challenge (error=invalid_token: %v)", ch, tt.wantError)
				}
				if tok := tt.hdr["Authorization"]; len(tok) > 0 && len(tok[0]) > 30 && strings.Contains(string(body), tok[0][7:30]) {
					t.Errorf("401 body echoes the token: %s", body)
				}
				return
			}
			var echo jwtEcho
			if err := json.Unmarshal(body, &echo); err != nil {
				t.Fatalf("upstream body %s: %v", body, err)
			}
			if got := echo.Headers["x-user-id"]; got != tt.wantUser {
				t.Errorf("upstream x-user-id = %q, want %q", got, tt.wantUser)
			}
		})
	}
}

// TestJWTAlgorithmConfusion: an RS256 provider never accepts an HS256 token whose HMAC key is its
// own public key (the classic alg confusion), while its real RS256 tokens pass.
func TestJWTAlgorithmConfusion(t *testing.T) {
	// This test needs its own config, so it always runs on its own dev host, E2E_URL or not.
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	der, _ := x509.MarshalPKIXPublicKey(&key.PublicKey)
	pubPEM := pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der})
	cfg, _ := json.Marshal(map[string]any{"auth": map[string]any{
		"providers": []any{map[string]any{"issuers": []string{"https://auth.example.com"}, "audiences": []string{"api.example.com"},
			"algorithms": []string{"RS256"}, "pem": string(pubPEM)}},
		"rules":   []any{map[string]any{"path_prefix": "/api/"}},
		"forward": map[string]any{"claims": map[string]string{"sub": "x-user-id"}},
	}})
	base, _ := e2etest.Start(t, e2etest.Options{Config: cfg})
	now := time.Now()
	tests := []struct {
		name string
		tok  string
		want int
	}{
		{"RS256 signed with the private key", jwtSignE2E(t, jwt.SigningMethodRS256, key, jwtClaims(now, nil)), 200},
		{"HS256 signed with the PEM public key", jwtSignE2E(t, jwt.SigningMethodHS256, pubPEM, jwtClaims(now, nil)), 401},
		{"HS256 signed with the DER public key", jwtSignE2E(t, jwt.SigningMethodHS256, der, jwtClaims(now, nil)), 401},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, _, body := jwtDo(t, base, "/api/x", map[string][]string{"Authorization": {"Bearer " + tt.tok}})
			if status != tt.want {
				t.Errorf("status = %d, want %d; body %s", status, tt.want, body)
			}
		})
	}
}

// TestJWTSecretRequired: the module refuses to start without a usable secret, naming the field.
func TestJWTSecretRequired(t *testing.T) {
	wasm := e2etest.Module(t, "")
	cfg := jwtExampleConfig(t)
	tests := []struct {
		name string
		env  map[string]string
		want string
	}{
		{"missing", nil, "environment variable EDGEWARD_JWT_SECRET is not set"},
		{"short", map[string]string{"EDGEWARD_JWT_SECRET": "too-short-secret"}, "EDGEWARD_JWT_SECRET holds 16 bytes"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h, err := devhost.New(context.Background(), devhost.Options{Wasm: wasm, PluginConfig: cfg, Env: tt.env,
				Workers: 1, CompilationCache: e2etest.Cache(t)})
			if err == nil {
				h.Close()
				t.Fatal("the module started; want a refusal")
			}
			if !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), "auth.providers[0].secret_env") {
				t.Errorf("error %q does not name auth.providers[0].secret_env and %q", err, tt.want)
			}
		})
	}
}

func jwtItoa(n int64) string {
	b, _ := json.Marshal(n)
	return string(b)
}

// TestJWTRepoConfig: envoy/edgeward.json (the recommended production config) starts with no
// environment, requires a token under /api/ and accepts one minted with the committed TEST key
// (policies/testdata/auth/edgeward-test-es256.key.pem) whose public JWK it carries.
func TestJWTRepoConfig(t *testing.T) {
	root := e2etest.RepoRoot(t)
	cfg, err := os.ReadFile(filepath.Join(root, "envoy", "edgeward.json"))
	if err != nil {
		t.Fatalf("envoy/edgeward.json: %v", err)
	}
	if !strings.Contains(string(cfg), "edgeward-test-es256") {
		t.Fatal("envoy/edgeward.json has no provider with the test JWK (kid edgeward-test-es256)")
	}
	b, err := os.ReadFile(filepath.Join(root, "policies", "testdata", "auth", "edgeward-test-es256.key.pem"))
	if err != nil {
		t.Fatal(err)
	}
	blk, _ := pem.Decode(b)
	if blk == nil {
		t.Fatal("no PEM block in the test key file")
	}
	key, err := x509.ParsePKCS8PrivateKey(blk.Bytes)
	if err != nil {
		t.Fatal(err)
	}
	base, _ := e2etest.BaseURL(t, e2etest.Options{Config: cfg}) // no environment
	tok, err := jwt.NewWithClaims(jwt.SigningMethodES256, jwtClaims(time.Now(), nil)).SignedString(key)
	if err != nil {
		t.Fatal(err)
	}
	if status, _, body := jwtDo(t, base, "/api/orders", nil); status != 401 {
		t.Errorf("no token: status %d, want 401; body %s", status, body)
	}
	status, _, body := jwtDo(t, base, "/api/orders", map[string][]string{"Authorization": {"Bearer " + tok}, "X-User-Id": {"admin"}})
	if status != 200 {
		t.Fatalf("test-key token: status %d, want 200; body %s", status, body)
	}
	var echo jwtEcho
	if err := json.Unmarshal(body, &echo); err != nil || echo.Headers["x-user-id"] != "user-7" {
		t.Errorf("upstream x-user-id = %q (%v), want user-7", echo.Headers["x-user-id"], err)
	}
}

// hsRawE2E signs a raw JSON payload (which may repeat a member name) with HS256.
func hsRawE2E(t *testing.T, secret []byte, payload string) string {
	t.Helper()
	enc := base64.RawURLEncoding
	in := enc.EncodeToString([]byte(`{"alg":"HS256","typ":"JWT"}`)) + "." + enc.EncodeToString([]byte(payload))
	sig, err := jwt.SigningMethodHS256.Sign(in, secret)
	if err != nil {
		t.Fatal(err)
	}
	return in + "." + enc.EncodeToString(sig)
}
