package auth

import (
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"math/big"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/edgeward/edgeward/policies"
)

// Keys generated once per test binary (RSA generation is slow). Test keys only.
type jwtTestKeySet struct {
	rsa, rsa2 *rsa.PrivateKey
	p256      *ecdsa.PrivateKey
	p384      *ecdsa.PrivateKey
	p521      *ecdsa.PrivateKey
	ed        ed25519.PrivateKey
	hmac      []byte // 64 bytes: long enough for HS512
}

var (
	jwtTestKeysOnce sync.Once
	jwtTestKeysVal  *jwtTestKeySet
)

func jwtTestKeys(t testing.TB) *jwtTestKeySet {
	t.Helper()
	jwtTestKeysOnce.Do(func() {
		k := &jwtTestKeySet{hmac: []byte(strings.Repeat("s3cr3t-hmac-key!", 4))}
		var err error
		must := func(e error) {
			if e != nil && err == nil {
				err = e
			}
		}
		k.rsa, err = rsa.GenerateKey(rand.Reader, 2048)
		var e error
		k.rsa2, e = rsa.GenerateKey(rand.Reader, 2048)
		must(e)
		k.p256, e = ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
		must(e)
		k.p384, e = ecdsa.GenerateKey(elliptic.P384(), rand.Reader)
		must(e)
		k.p521, e = ecdsa.GenerateKey(elliptic.P521(), rand.Reader)
		must(e)
		_, k.ed, e = ed25519.GenerateKey(rand.Reader)
		must(e)
		if err != nil {
			panic(err)
		}
		jwtTestKeysVal = k
	})
	return jwtTestKeysVal
}

// authNow is the fixed clock of the auth tests.
var authNow = time.Date(2030, 1, 2, 3, 4, 5, 0, time.UTC)

const (
	authIss = "https://auth.example.com"
	authAud = "api.example.com"
)

// authClaims are valid claims at authNow; overrides replace or (with nil) delete members.
func authClaims(overrides map[string]any) jwt.MapClaims {
	c := jwt.MapClaims{
		"iss": authIss,
		"aud": authAud,
		"sub": "user-42",
		"iat": authNow.Add(-time.Minute).Unix(),
		"exp": authNow.Add(time.Hour).Unix(),
	}
	for k, v := range overrides {
		if v == nil {
			delete(c, k)
		} else {
			c[k] = v
		}
	}
	return c
}

// sign makes a token with method and key; header members are added (nil deletes, e.g. typ).
func jwtSign(t testing.TB, method jwt.SigningMethod, key any, header map[string]any, claims jwt.MapClaims) string {
	t.Helper()
	tok := jwt.NewWithClaims(method, claims)
	for k, v := range header {
		if v == nil {
			delete(tok.Header, k)
		} else {
			tok.Header[k] = v
		}
	}
	s, err := tok.SignedString(key)
	if err != nil {
		t.Fatalf("sign %s: %v", method.Alg(), err)
	}
	return s
}

// rawToken builds header.payload.signature from raw JSON, for tokens no library would make.
func rawToken(header, payload string, sig []byte) string {
	enc := base64.RawURLEncoding
	return enc.EncodeToString([]byte(header)) + "." + enc.EncodeToString([]byte(payload)) + "." + enc.EncodeToString(sig)
}

func b64url(b []byte) string { return base64.RawURLEncoding.EncodeToString(b) }

// jwk renders a public key as a JWK (kid and alg optional).
func testJWK(t testing.TB, pub any, kid, alg string) map[string]any {
	t.Helper()
	m := map[string]any{}
	switch k := pub.(type) {
	case *rsa.PublicKey:
		m["kty"] = "RSA"
		m["n"] = b64url(k.N.Bytes())
		m["e"] = b64url(big.NewInt(int64(k.E)).Bytes())
	case *ecdsa.PublicKey:
		m["kty"] = "EC"
		m["crv"] = k.Curve.Params().Name
		size := (k.Curve.Params().BitSize + 7) / 8
		b, err := k.Bytes()
		if err != nil {
			t.Fatal(err)
		}
		m["x"] = b64url(b[1 : 1+size])
		m["y"] = b64url(b[1+size:])
	case ed25519.PublicKey:
		m["kty"] = "OKP"
		m["crv"] = "Ed25519"
		m["x"] = b64url(k)
	default:
		t.Fatalf("jwk: unsupported %T", pub)
	}
	if kid != "" {
		m["kid"] = kid
	}
	if alg != "" {
		m["alg"] = alg
	}
	return m
}

func testJWKS(keys ...map[string]any) map[string]any {
	list := make([]any, len(keys))
	for i, k := range keys {
		list[i] = k
	}
	return map[string]any{"keys": list}
}

func pemPublicKey(t testing.TB, pub any) string {
	t.Helper()
	der, err := x509.MarshalPKIXPublicKey(pub)
	if err != nil {
		t.Fatal(err)
	}
	return string(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der}))
}

func authJSON(t testing.TB, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// authEngine parses an {"auth": auth} config and builds an engine with env.
func authEngine(t testing.TB, authCfg map[string]any, env map[string]string) *policies.Engine {
	t.Helper()
	cfg, err := policies.ParseConfig([]byte(authJSON(t, map[string]any{"auth": authCfg})))
	if err != nil {
		t.Fatalf("ParseConfig: %v", err)
	}
	e, err := policies.NewEngine(cfg, policies.Options{Getenv: func(k string) string { return env[k] }})
	if err != nil {
		t.Fatalf("NewEngine: %v", err)
	}
	return e
}

// authTx runs verify for one request and returns the decision and the Tx.
func authTx(e *policies.Engine, method, path string, headers policies.Headers, now time.Time) (*policies.Decision, *policies.Tx) {
	tx := e.NewTx(&policies.Request{Method: method, Path: path, Headers: headers, SourceAddress: "192.0.2.1:5555"}, now)
	tx.AddRequestHeaderOps(authOf(e).stripSpoofed()...)
	d := authOf(e).verify(tx)
	return d, tx
}

func bearerHdr(tok string) policies.Headers {
	return policies.Headers{{Name: "authorization", Value: "Bearer " + tok}}
}

// lastAuthMetric returns the metric of the last auth.* event, or "".
func lastAuthMetric(tx *policies.Tx) string {
	m := ""
	for _, ev := range tx.Logged() {
		if strings.HasPrefix(ev.Metric, "auth.") {
			m = ev.Metric
		}
	}
	return m
}
