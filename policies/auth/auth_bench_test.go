package auth

import (
	"testing"

	"github.com/golang-jwt/jwt/v5"
)

// BenchmarkAuthVerify measures the token check of one request (extraction, provider choice,
// signature, claims, forwarding), natively, per algorithm; BenchmarkAuthNoRule is the cost on a
// path no rule covers (the spoofed-header strip only).
func BenchmarkAuthVerify(b *testing.B) {
	k := jwtTestKeys(b)
	cases := []struct {
		name     string
		provider map[string]any
		method   jwt.SigningMethod
		key      any
	}{
		{"HS256", hsProviderCfg("HS256"), jwt.SigningMethodHS256, k.hmac},
		{"RS256", pkProviderCfg(testJWKS(testJWK(b, &k.rsa.PublicKey, "r", "")), "RS256"), jwt.SigningMethodRS256, k.rsa},
		{"ES256", pkProviderCfg(testJWKS(testJWK(b, &k.p256.PublicKey, "e", "")), "ES256"), jwt.SigningMethodES256, k.p256},
		{"EdDSA", pkProviderCfg(testJWKS(testJWK(b, k.ed.Public(), "d", "")), "EdDSA"), jwt.SigningMethodEdDSA, k.ed},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			e := authEngine(b, apiAuthCfg(c.provider), authEnv(b))
			h := bearerHdr(jwtSign(b, c.method, c.key, nil, authClaims(nil)))
			b.ReportAllocs()
			for b.Loop() {
				if d, tx := authTx(e, "GET", "/api/orders", h, authNow); d != nil {
					b.Fatalf("denied: %s", lastAuthMetric(tx))
				}
			}
		})
	}
}

func BenchmarkAuthNoRule(b *testing.B) {
	e := authEngine(b, apiAuthCfg(hsProviderCfg("HS256")), authEnv(b))
	b.ReportAllocs()
	for b.Loop() {
		authTx(e, "GET", "/static/app.js", nil, authNow)
	}
}
