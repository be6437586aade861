package bench

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/hmac"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"time"
)

// JWT benchmark parameters: the HS256 secret travels in this environment variable, as in
// envoy/examples/jwt.json.
const (
	JWTSecretEnv = "EDGEWARD_JWT_SECRET"
	jwtHSIssuer  = "https://auth.example.com"
	jwtPKIssuer  = "https://keys.example.com"
	jwtAudience  = "api.example.com"
)

// JWTFixture holds freshly generated keys, the config that trusts them and signed tokens.
type JWTFixture struct {
	Secret string
	rsaKey *rsa.PrivateKey
	ecKey  *ecdsa.PrivateKey
	tokens map[string]string
}

// NewJWTFixture generates an HMAC secret, an RSA-2048 and a P-256 key, and signs one access
// token per algorithm, valid for six hours from now.
func NewJWTFixture(now time.Time) (*JWTFixture, error) {
	f := &JWTFixture{Secret: "bench-secret-0123456789abcdef0123456789abcdef", tokens: map[string]string{}}
	var err error
	if f.rsaKey, err = rsa.GenerateKey(rand.Reader, 2048); err != nil {
		return nil, fmt.Errorf("rsa key: %w", err)
	}
	if f.ecKey, err = ecdsa.GenerateKey(elliptic.P256(), rand.Reader); err != nil {
		return nil, fmt.Errorf("ec key: %w", err)
	}
	for _, alg := range []string{"HS256", "RS256", "ES256"} {
		iss := jwtPKIssuer
		if alg == "HS256" {
			iss = jwtHSIssuer
		}
		claims := map[string]any{"iss": iss, "aud": jwtAudience, "sub": "user-42", "scope": "orders:read orders:write",
			"iat": now.Unix(), "nbf": now.Unix() - 10, "exp": now.Add(6 * time.Hour).Unix()}
		tok, err := f.sign(alg, claims)
		if err != nil {
			return nil, err
		}
		f.tokens[alg] = tok
	}
	return f, nil
}

// Token returns the signed token for alg (HS256, RS256 or ES256).
func (f *JWTFixture) Token(alg string) string { return f.tokens[alg] }

// Env is the VM environment the config needs.
func (f *JWTFixture) Env() map[string]string { return map[string]string{JWTSecretEnv: f.Secret} }

// Getenv reads Env, for the native engine.
func (f *JWTFixture) Getenv(k string) string { return f.Env()[k] }

// Config returns the plugin config: a token required under /api/, an HS256 provider with the
// secret from the environment and an RS256/ES256 provider with PEM keys; `sub` forwarded as
// x-user-id.
func (f *JWTFixture) Config() []byte {
	rsaDER := x509.MarshalPKCS1PublicKey(&f.rsaKey.PublicKey)
	ecDER, _ := x509.MarshalPKIXPublicKey(&f.ecKey.PublicKey)
	pems := string(pem.EncodeToMemory(&pem.Block{Type: "RSA PUBLIC KEY", Bytes: rsaDER})) +
		string(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: ecDER}))
	cfg := map[string]any{
		"auth": map[string]any{
			"providers": []any{
				map[string]any{"name": "hs", "issuers": []string{jwtHSIssuer}, "audiences": []string{jwtAudience},
					"algorithms": []string{"HS256"}, "secret_env": JWTSecretEnv},
				map[string]any{"name": "pk", "issuers": []string{jwtPKIssuer}, "audiences": []string{jwtAudience},
					"algorithms": []string{"RS256", "ES256"}, "pem": pems},
			},
			"rules":   []any{map[string]any{"path_prefix": "/api/", "except": []string{"/api/public/"}}},
			"forward": map[string]any{"claims": map[string]string{"sub": "x-user-id"}},
		},
	}
	b, _ := json.Marshal(cfg)
	return b
}

func (f *JWTFixture) sign(alg string, claims map[string]any) (string, error) {
	hdr, _ := json.Marshal(map[string]string{"alg": alg, "typ": "JWT"})
	pl, err := json.Marshal(claims)
	if err != nil {
		return "", err
	}
	enc := base64.RawURLEncoding
	input := enc.EncodeToString(hdr) + "." + enc.EncodeToString(pl)
	sum := sha256.Sum256([]byte(input))
	var sig []byte
	switch alg {
	case "HS256":
		m := hmac.New(sha256.New, []byte(f.Secret))
		m.Write([]byte(input))
		sig = m.Sum(nil)
	case "RS256":
		sig, err = rsa.SignPKCS1v15(rand.Reader, f.rsaKey, crypto.SHA256, sum[:])
	case "ES256":
		r, s, e := ecdsa.Sign(rand.Reader, f.ecKey, sum[:])
		err = e
		if err == nil {
			sig = make([]byte, 64)
			r.FillBytes(sig[:32])
			s.FillBytes(sig[32:])
		}
	default:
		return "", fmt.Errorf("unsupported alg %s", alg)
	}
	if err != nil {
		return "", fmt.Errorf("sign %s: %w", alg, err)
	}
	return input + "." + enc.EncodeToString(sig), nil
}
