package auth

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/tidwall/gjson"

	"github.com/edgeward/edgeward/policies"
)

// authReadExample parses envoy/examples/<name>.
func authReadExample(t *testing.T, name string) *policies.Config {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "envoy", "examples", name))
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := policies.ParseConfig(b)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return cfg
}

func TestParseAuthDefaults(t *testing.T) {
	cfg, err := policies.ParseConfig([]byte(`{"auth":{"providers":[{"issuers":["i"],"audiences":["a"],"algorithms":["HS256"],"secret_env":"S"}],
		"rules":[{"path_prefix":"/api/"}]}}`))
	if err != nil {
		t.Fatal(err)
	}
	a := ConfigOf(cfg)
	p := a.Providers[0]
	checks := []struct {
		name      string
		got, want any
	}{
		{"realm", a.Realm, "edgeward"},
		{"max_token_bytes", a.MaxTokenBytes, 8192},
		{"bearer", a.Sources.Bearer, true},
		{"inherit mode", a.InheritMode, true},
		{"provider name", p.Name, "providers[0]"},
		{"leeway", p.Leeway, 60 * time.Second},
		{"require_exp", p.RequireExp, true},
		{"secret_encoding", p.SecretEncoding, "raw"},
		{"rule token", a.Rules[0].Token, TokenRequired},
		{"strip_authorization", a.Forward.StripAuthorization, false},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s = %v, want %v", c.name, c.got, c.want)
		}
	}
	empty, err := policies.ParseConfig([]byte(`{}`))
	if err != nil || len(ConfigOf(empty).Rules) != 0 || ConfigOf(empty).Realm != "edgeward" {
		t.Errorf("empty config: %v %+v", err, ConfigOf(empty))
	}
}

func TestParseAuthErrors(t *testing.T) {
	k := jwtTestKeys(t)
	small, err := rsa.GenerateKey(rand.Reader, 1024)
	if err != nil {
		t.Fatal(err)
	}
	privDER, _ := x509.MarshalPKCS8PrivateKey(k.p256)
	privPEM := string(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: privDER}))
	p224, _ := ecdsa.GenerateKey(elliptic.P224(), rand.Reader)
	privJWK := testJWK(t, &k.p256.PublicKey, "", "")
	privJWK["d"] = "AAAA"
	hs := `"issuers":["i"],"audiences":["a"],"algorithms":["HS256"],"secret_env":"S"`
	rsJWKS := authJSON(t, testJWKS(testJWK(t, &k.rsa.PublicKey, "k1", "")))
	tests := []struct {
		name string
		auth string
		want string // substring of the error
	}{
		{"auth not an object", `[]`, "auth: must be an object"},
		{"unknown key", `{"providers":[],"rulez":[]}`, `auth.rulez: unknown key (did you mean "rules"?)`},
		{"alg none", `{"providers":[{"issuers":["i"],"audiences":[],"algorithms":["none"]}]}`, `auth.providers[0].algorithms[0]: alg "none" (unsigned tokens) is never accepted`},
		{"alg NONE", `{"providers":[{"issuers":["i"],"audiences":[],"algorithms":["NONE"]}]}`, `is never accepted`},
		{"unknown alg", `{"providers":[{"issuers":["i"],"audiences":[],"algorithms":["HS1"]}]}`, `auth.providers[0].algorithms[0]: unknown algorithm "HS1"`},
		{"duplicate alg", `{"providers":[{` + hs[:len(hs)-len(`"algorithms":["HS256"],"secret_env":"S"`)] + `"algorithms":["HS256","HS256"],"secret_env":"S"}]}`, `duplicate algorithm`},
		{"algorithms missing", `{"providers":[{"issuers":["i"],"audiences":[]}]}`, `auth.providers[0].algorithms: required`},
		{"algorithms empty", `{"providers":[{"issuers":["i"],"audiences":[],"algorithms":[]}]}`, `auth.providers[0].algorithms: must not be empty`},
		{"issuers missing", `{"providers":[{"audiences":[],"algorithms":["HS256"],"secret_env":"S"}]}`, `auth.providers[0].issuers: required`},
		{"issuers empty", `{"providers":[{"issuers":[],"audiences":[],"algorithms":["HS256"],"secret_env":"S"}]}`, `auth.providers[0].issuers: required`},
		{"audiences missing", `{"providers":[{"issuers":["i"],"algorithms":["HS256"],"secret_env":"S"}]}`, `auth.providers[0].audiences: required`},
		{"HS without secret_env", `{"providers":[{"issuers":["i"],"audiences":[],"algorithms":["HS256"]}]}`, `auth.providers[0].secret_env: required with an HS algorithm`},
		{"secret_env without HS", `{"providers":[{"issuers":["i"],"audiences":[],"algorithms":["RS256"],"jwks":` + rsJWKS + `,"secret_env":"S"}]}`, `secret_env: set, but no HS algorithm`},
		{"RS without keys", `{"providers":[{"issuers":["i"],"audiences":[],"algorithms":["RS256"]}]}`, `needs public keys in jwks, pem or remote_jwks`},
		{"keys without RS", `{"providers":[{` + hs + `,"jwks":` + rsJWKS + `}]}`, `no RS/PS/ES/EdDSA algorithm`},
		{"no key for ES256", `{"providers":[{"issuers":["i"],"audiences":[],"algorithms":["RS256","ES256"],"jwks":` + rsJWKS + `}]}`, `no key in jwks or pem can verify ES256`},
		{"key unusable", `{"providers":[{"issuers":["i"],"audiences":[],"algorithms":["ES256"],"jwks":` + authJSON(t, testJWKS(testJWK(t, &k.p256.PublicKey, "", ""), testJWK(t, &k.rsa.PublicKey, "r", ""))) + `}]}`, `cannot verify any of algorithms ES256`},
		{"jwks private key", `{"providers":[{"issuers":["i"],"audiences":[],"algorithms":["ES256"],"jwks":` + authJSON(t, testJWKS(privJWK)) + `}]}`, `auth.providers[0].jwks.keys[0]: holds private key material`},
		{"jwks oct key", `{"providers":[{"issuers":["i"],"audiences":[],"algorithms":["HS256"],"secret_env":"S","jwks":{"keys":[{"kty":"oct","k":"c2VjcmV0"}]}}]}`, `symmetric (kty "oct") keys are not accepted`},
		{"jwks small RSA", `{"providers":[{"issuers":["i"],"audiences":[],"algorithms":["RS256"],"jwks":` + authJSON(t, testJWKS(testJWK(t, &small.PublicKey, "", ""))) + `}]}`, `RSA key of 1024 bits`},
		{"jwks bad string", `{"providers":[{"issuers":["i"],"audiences":[],"algorithms":["RS256"],"jwks":"{not json"}]}`, `auth.providers[0].jwks: not a valid JSON JWK Set`},
		{"jwks no keys", `{"providers":[{"issuers":["i"],"audiences":[],"algorithms":["RS256"],"jwks":{}}]}`, `auth.providers[0].jwks.keys: required`},
		{"jwk alg mismatch", `{"providers":[{"issuers":["i"],"audiences":[],"algorithms":["RS256"],"jwks":` + authJSON(t, testJWKS(testJWK(t, &k.rsa.PublicKey, "", "ES256"))) + `}]}`, `ES256 does not fit a RSA key`},
		{"jwk use enc", `{"providers":[{"issuers":["i"],"audiences":[],"algorithms":["RS256"],"jwks":{"keys":[{"kty":"RSA","use":"enc","n":"AQAB","e":"AQAB"}]}}]}`, `must be "sig"`},
		{"jwk bad curve point", `{"providers":[{"issuers":["i"],"audiences":[],"algorithms":["ES256"],"jwks":{"keys":[{"kty":"EC","crv":"P-256","x":"` + b64url(make([]byte, 32)) + `","y":"` + b64url(make([]byte, 32)) + `"}]}}]}`, `invalid P-256 point`},
		{"jwk duplicate kid", `{"providers":[{"issuers":["i"],"audiences":[],"algorithms":["RS256"],"jwks":` + authJSON(t, testJWKS(testJWK(t, &k.rsa.PublicKey, "a", ""), testJWK(t, &k.rsa2.PublicKey, "a", ""))) + `}]}`, `duplicate kid "a"`},
		{"pem private key", `{"providers":[{"issuers":["i"],"audiences":[],"algorithms":["ES256"],"pem":` + authJSON(t, privPEM) + `}]}`, `is a private key`},
		{"pem garbage", `{"providers":[{"issuers":["i"],"audiences":[],"algorithms":["ES256"],"pem":"hello"}]}`, `no PEM block found`},
		{"pem P-224", `{"providers":[{"issuers":["i"],"audiences":[],"algorithms":["ES256"],"pem":` + authJSON(t, pemPublicKey(t, &p224.PublicKey)) + `}]}`, `unsupported curve`},
		{"duplicate issuer", `{"providers":[{"name":"a",` + hs + `},{"name":"b",` + hs + `}]}`, `issuer "i" is already used by provider "a"`},
		{"duplicate name", `{"providers":[{"name":"a",` + hs + `},{"name":"a","issuers":["j"],"audiences":[],"algorithms":["HS256"],"secret_env":"S"}]}`, `duplicate provider name "a"`},
		{"leeway too long", `{"providers":[{` + hs + `,"leeway":"1h"}]}`, `auth.providers[0].leeway: must be between`},
		{"type claim without values", `{"providers":[{` + hs + `,"token_type":{"claim":"token_use"}}]}`, `token_type.values: required`},
		{"rules without providers", `{"rules":[{"path_prefix":"/api/"}]}`, `auth.rules: rules need at least one entry in auth.providers`},
		{"rule unknown provider", `{"providers":[{` + hs + `}],"rules":[{"path_prefix":"/","providers":["x"]}]}`, `auth.rules[0].providers: unknown provider "x"`},
		{"rule bad token", `{"providers":[{` + hs + `}],"rules":[{"token":"maybe"}]}`, `auth.rules[0].token: must be one of`},
		{"claims need required", `{"providers":[{` + hs + `}],"rules":[{"token":"optional","claims":[{"claim":"scope","contains":"a"}]}]}`, `claim rules need token "required"`},
		{"claim rule two operators", `{"providers":[{` + hs + `}],"rules":[{"claims":[{"claim":"a","equals":"x","one_of":["y"]}]}]}`, `use one of contains`},
		{"claim rule no claim", `{"providers":[{` + hs + `}],"rules":[{"claims":[{"contains":"x"}]}]}`, `auth.rules[0].claims[0].claim: required`},
		{"claim rule equals object", `{"providers":[{` + hs + `}],"rules":[{"claims":[{"claim":"a","equals":{}}]}]}`, `equals: must be a string, number or boolean`},
		{"forward reserved header", `{"forward":{"claims":{"sub":"authorization"}}}`, `auth.forward.claims.sub: header "authorization" is reserved`},
		{"forward envoy header", `{"forward":{"claims":{"sub":"x-envoy-foo"}}}`, `is reserved`},
		{"forward bad header name", `{"forward":{"claims":{"sub":"x user"}}}`, `must be a header name`},
		{"forward duplicate header", `{"forward":{"claims":{"sub":"x-u","uid":"X-U"}}}`, `header "x-u" is already forwarded`},
		{"realm with quote", `{"realm":"a\"b"}`, `auth.realm: must be printable ASCII`},
		{"no token source", `{"token":{"bearer":false}}`, `no token source left`},
		{"cookie name", `{"token":{"cookie":"a b"}}`, `must be a cookie name`},
		{"token header authorization", `{"token":{"header":"Authorization"}}`, `use token.bearer`},
		{"max_token_bytes", `{"max_token_bytes":10}`, `auth.max_token_bytes: must be between 512 and 65536`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := policies.ParseConfig([]byte(`{"auth":` + tt.auth + `}`))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got %v, want error containing %q", err, tt.want)
			}
		})
	}
}

// TestNewAuthSecret: the plugin refuses to start without a usable HMAC secret, naming the field.
func TestNewAuthSecret(t *testing.T) {
	cfgJSON := func(enc string) string {
		e := ""
		if enc != "" {
			e = `,"secret_encoding":"` + enc + `"`
		}
		return `{"auth":{"providers":[{"issuers":["i"],"audiences":[],"algorithms":["HS256"],"secret_env":"EDGEWARD_JWT_SECRET"` + e + `}]}}`
	}
	k := jwtTestKeys(t)
	tests := []struct {
		name, enc, secret, want string
	}{
		{"missing", "", "", "auth.providers[0].secret_env: environment variable EDGEWARD_JWT_SECRET is not set"},
		{"short", "", strings.Repeat("x", 31), "auth.providers[0].secret_env: environment variable EDGEWARD_JWT_SECRET holds 31 bytes; an HMAC secret needs at least 32"},
		{"32 bytes", "", strings.Repeat("x", 32), ""},
		{"PEM public key", "", pemPublicKey(t, &k.rsa.PublicKey), "holds a PEM key"},
		{"base64 ok", "base64", "c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0", ""},
		{"base64 short", "base64", "c2VjcmV0", "holds 6 bytes"},
		{"base64 invalid", "base64", "!!!!", "not valid base64"},
		{"base64url ok", "base64url", b64url([]byte(strings.Repeat("\xff", 40))), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg, err := policies.ParseConfig([]byte(cfgJSON(tt.enc)))
			if err != nil {
				t.Fatal(err)
			}
			_, err = policies.NewEngine(cfg, policies.Options{Getenv: func(k string) string {
				if k == "EDGEWARD_JWT_SECRET" {
					return tt.secret
				}
				return ""
			}})
			switch {
			case tt.want == "" && err != nil:
				t.Errorf("got %v, want success", err)
			case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
				t.Errorf("got %v, want error containing %q", err, tt.want)
			}
		})
	}
}

// TestExampleJWTConfig checks envoy/examples/jwt.json against the contract.
func TestExampleJWTConfig(t *testing.T) {
	cfg := authReadExample(t, "jwt.json")
	a := ConfigOf(cfg)
	if len(a.Providers) != 1 || a.Providers[0].SecretEnv != "EDGEWARD_JWT_SECRET" ||
		!authEqualStrings(a.Providers[0].Issuers, []string{"https://auth.example.com"}) ||
		!authEqualStrings(a.Providers[0].Audiences, []string{"api.example.com"}) ||
		!authEqualStrings(a.Providers[0].Algorithms, []string{"HS256"}) {
		t.Errorf("providers = %+v", a.Providers)
	}
	if len(a.Forward.Claims) != 1 || a.Forward.Claims[0] != (ClaimHeader{"sub", "x-user-id"}) {
		t.Errorf("forward = %+v", a.Forward)
	}
	if _, err := policies.NewEngine(cfg, policies.Options{}); err == nil || !strings.Contains(err.Error(), "EDGEWARD_JWT_SECRET is not set") {
		t.Errorf("NewEngine without the secret: %v", err)
	}
	e, err := policies.NewEngine(cfg, policies.Options{Getenv: func(string) string { return string(jwtTestKeys(t).hmac) }})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		path string
		want bool // token required
	}{{"/api/orders", true}, {"/api/", true}, {"/api/public/x", false}, {"/API/x", true}, {"/", false}, {"/apix", false}} {
		d, _ := authTx(e, "GET", c.path, nil, authNow)
		if (d != nil) != c.want {
			t.Errorf("%s: denied=%v, want %v", c.path, d != nil, c.want)
		}
	}
}

func authEqualStrings(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func FuzzParseAuthConfig(f *testing.F) {
	f.Add(`{"providers":[{"issuers":["i"],"audiences":[],"algorithms":["HS256"],"secret_env":"S"}],"rules":[{"path_prefix":"/api/"}]}`)
	f.Add(`{"providers":[{"issuers":["i"],"audiences":[],"algorithms":["RS256"],"jwks":"{\"keys\":[{\"kty\":\"RSA\",\"n\":\"AQAB\",\"e\":\"AQAB\"}]}"}]}`)
	f.Add(`{"providers":[{"issuers":["i"],"audiences":[],"algorithms":["ES256"],"jwks":{"keys":[{"kty":"EC","crv":"P-256","x":"AA","y":"AA"}]}}]}`)
	f.Add(`{"providers":[{"issuers":["i"],"audiences":[],"algorithms":["EdDSA"],"pem":"-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n"}]}`)
	f.Add(`{"forward":{"claims":{"sub":"x-user-id"}},"token":{"cookie":"at"}}`)
	f.Add(`{"rules":[{"claims":[{"claim":["a","b"],"contains":"x"}]}]}`)
	f.Fuzz(func(t *testing.T, auth string) {
		cfg, err := policies.ParseConfig([]byte(`{"auth":` + auth + `}`))
		if err != nil {
			return
		}
		e, err := policies.NewEngine(cfg, policies.Options{Getenv: func(string) string { return strings.Repeat("k", 32) }})
		if err != nil {
			return
		}
		authTx(e, "GET", "/api/x", bearerHdr("a.b.c"), authNow)
	})
}

// FuzzAuthVerify throws arbitrary tokens at a provider of every family: never a panic, never a
// pass without a valid signature.
func FuzzAuthVerify(f *testing.F) {
	k := jwtTestKeys(f)
	p := withKV(pkProviderCfg(testJWKS(testJWK(f, &k.rsa.PublicKey, "r", ""), testJWK(f, &k.p256.PublicKey, "e", ""), testJWK(f, k.ed.Public(), "d", "")),
		"RS256", "PS256", "ES256", "EdDSA", "HS256"), "secret_env", authSecretEnv)
	e := authEngine(f, apiAuthCfg(p), authEnv(f))
	claims := authJSON(f, authClaims(nil))
	for _, s := range []string{"a.b.c", "", "....", rawToken(`{"alg":"none"}`, claims, nil),
		rawToken(`{"alg":"RS256","kid":"r"}`, claims, []byte("sig")), rawToken(`{"alg":"HS256"}`, claims, make([]byte, 32)),
		rawToken(`{"alg":"ES256"}`, claims, make([]byte, 64)), rawToken(`{"alg":"EdDSA"}`, claims, make([]byte, 64))} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, tok string) {
		d, tx := authTx(e, "GET", "/api/x", bearerHdr(tok), authNow)
		if d == nil || tx.Claims != nil {
			t.Errorf("token %q accepted", tok)
		}
	})
}

func FuzzParseJWKS(f *testing.F) {
	k := jwtTestKeys(f)
	f.Add(authJSON(f, testJWKS(testJWK(f, &k.rsa.PublicKey, "a", "RS256"))))
	f.Add(authJSON(f, testJWKS(testJWK(f, &k.p384.PublicKey, "", ""))))
	f.Add(authJSON(f, testJWKS(testJWK(f, k.ed.Public(), "x", "EdDSA"))))
	f.Add(`{"keys":[{"kty":"RSA","n":"AQAB","e":"AAAAAAAB"}]}`)
	f.Fuzz(func(t *testing.T, s string) {
		var errs []error
		n := policies.NewNode(gjson.Parse(s), "jwks", &errs)
		keys := parseJWKS(n)
		if len(keys) > maxProviderKeys {
			t.Errorf("%d keys", len(keys))
		}
		for i := range keys {
			for _, a := range allAlgs {
				keys[i].usableFor(a)
			}
		}
	})
}

// authTestES256Key loads the committed TEST key whose public half is in the recommended
// production config's JWKS (testdata/auth/edgeward-auth.json, envoy/edgeward.json).
func authTestES256Key(t *testing.T) any {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "testdata", "auth", "edgeward-test-es256.key.pem"))
	if err != nil {
		t.Fatal(err)
	}
	blk, _ := pem.Decode(b)
	if blk == nil {
		t.Fatal("no PEM block in the test key file")
	}
	k, err := x509.ParsePKCS8PrivateKey(blk.Bytes)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// TestProductionAuthBlock: the auth block proposed for envoy/edgeward.json starts with no
// environment and accepts tokens minted with the test key; envoy/edgeward.json, once it holds an
// auth section, must behave the same.
func TestProductionAuthBlock(t *testing.T) {
	key := authTestES256Key(t)
	files := []string{filepath.Join("..", "testdata", "auth", "edgeward-auth.json")}
	if b, err := os.ReadFile(filepath.Join("..", "..", "envoy", "edgeward.json")); err == nil && gjson.GetBytes(b, "auth").Exists() {
		files = append(files, filepath.Join("..", "..", "envoy", "edgeward.json"))
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			cfg, err := policies.ParseConfig(b)
			if err != nil {
				t.Fatal(err)
			}
			e, err := policies.NewEngine(cfg, policies.Options{}) // no environment at all
			if err != nil {
				t.Fatalf("NewEngine with no environment: %v", err)
			}
			tok := jwtSign(t, jwt.SigningMethodES256, key, map[string]any{"kid": "edgeward-test-es256"}, authClaims(nil))
			if d, tx := authTx(e, "GET", "/api/orders", bearerHdr(tok), authNow); d != nil {
				t.Errorf("test-key token refused: %s", lastAuthMetric(tx))
			}
			if d, _ := authTx(e, "GET", "/api/orders", nil, authNow); d == nil || d.Status != 401 {
				t.Errorf("no token under /api/: got %+v, want 401", d)
			}
			if d, _ := authTx(e, "GET", "/api/public/x", nil, authNow); d != nil {
				t.Errorf("/api/public/ refused: %d", d.Status)
			}
		})
	}
}
