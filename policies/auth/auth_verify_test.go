package auth

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/tidwall/gjson"

	"github.com/edgeward/edgeward/policies"
)

const authSecretEnv = "EDGEWARD_JWT_SECRET"

// hsProviderCfg is an HMAC provider reading jwtTestKeys().hmac from authSecretEnv.
func hsProviderCfg(algs ...string) map[string]any {
	return map[string]any{"name": "hs", "issuers": []string{authIss}, "audiences": []string{authAud},
		"algorithms": algs, "secret_env": authSecretEnv}
}

// pkProviderCfg is a public-key provider with the given jwks.
func pkProviderCfg(jwksDoc any, algs ...string) map[string]any {
	return map[string]any{"name": "pk", "issuers": []string{authIss}, "audiences": []string{authAud},
		"algorithms": algs, "jwks": jwksDoc}
}

func withKV(m map[string]any, kv ...any) map[string]any {
	out := map[string]any{}
	for k, v := range m {
		out[k] = v
	}
	for i := 0; i+1 < len(kv); i += 2 {
		out[kv[i].(string)] = kv[i+1]
	}
	return out
}

// apiAuthCfg wraps providers into the jwt.json shape: token required under /api/ except /api/public/,
// sub forwarded as x-user-id.
func apiAuthCfg(providers ...map[string]any) map[string]any {
	return map[string]any{
		"providers": providers,
		"rules":     []any{map[string]any{"path_prefix": "/api/", "except": []string{"/api/public/"}}},
		"forward":   map[string]any{"claims": map[string]string{"sub": "x-user-id"}},
	}
}

func authEnv(t testing.TB) map[string]string {
	return map[string]string{authSecretEnv: string(jwtTestKeys(t).hmac)}
}

// TestAuthAlgorithms signs a valid token with every supported algorithm and checks that the
// right provider accepts it and forwards sub.
func TestAuthAlgorithms(t *testing.T) {
	k := jwtTestKeys(t)
	rsaJWKS := testJWKS(testJWK(t, &k.rsa.PublicKey, "r1", ""))
	tests := []struct {
		name     string
		provider map[string]any
		method   jwt.SigningMethod
		key      any
	}{
		{"HS256", hsProviderCfg("HS256"), jwt.SigningMethodHS256, k.hmac},
		{"HS384", hsProviderCfg("HS384"), jwt.SigningMethodHS384, k.hmac},
		{"HS512", hsProviderCfg("HS512"), jwt.SigningMethodHS512, k.hmac},
		{"RS256", pkProviderCfg(rsaJWKS, "RS256"), jwt.SigningMethodRS256, k.rsa},
		{"RS384", pkProviderCfg(rsaJWKS, "RS384"), jwt.SigningMethodRS384, k.rsa},
		{"RS512", pkProviderCfg(rsaJWKS, "RS512"), jwt.SigningMethodRS512, k.rsa},
		{"PS256", pkProviderCfg(rsaJWKS, "PS256"), jwt.SigningMethodPS256, k.rsa},
		{"PS384", pkProviderCfg(rsaJWKS, "PS384"), jwt.SigningMethodPS384, k.rsa},
		{"PS512", pkProviderCfg(rsaJWKS, "PS512"), jwt.SigningMethodPS512, k.rsa},
		{"ES256", pkProviderCfg(testJWKS(testJWK(t, &k.p256.PublicKey, "e1", "ES256")), "ES256"), jwt.SigningMethodES256, k.p256},
		{"ES384", pkProviderCfg(testJWKS(testJWK(t, &k.p384.PublicKey, "e2", "")), "ES384"), jwt.SigningMethodES384, k.p384},
		{"ES512", pkProviderCfg(testJWKS(testJWK(t, &k.p521.PublicKey, "", "")), "ES512"), jwt.SigningMethodES512, k.p521},
		{"EdDSA", pkProviderCfg(testJWKS(testJWK(t, k.ed.Public(), "ed", "EdDSA")), "EdDSA"), jwt.SigningMethodEdDSA, k.ed},
		{"JWKS as string", pkProviderCfg(authJSON(t, rsaJWKS), "RS256"), jwt.SigningMethodRS256, k.rsa},
		{"RS256 PEM", withKV(pkProviderCfg(nil, "RS256"), "jwks", nil, "pem", pemPublicKey(t, &k.rsa.PublicKey)), jwt.SigningMethodRS256, k.rsa},
		{"ES256 PEM", withKV(pkProviderCfg(nil, "ES256"), "jwks", nil, "pem", pemPublicKey(t, &k.p256.PublicKey)), jwt.SigningMethodES256, k.p256},
		{"EdDSA PEM", withKV(pkProviderCfg(nil, "EdDSA"), "jwks", nil, "pem", pemPublicKey(t, k.ed.Public())), jwt.SigningMethodEdDSA, k.ed},
		{"PEM and JWKS", withKV(pkProviderCfg(testJWKS(testJWK(t, &k.p256.PublicKey, "", "")), "RS256", "ES256"), "pem", pemPublicKey(t, &k.rsa.PublicKey)), jwt.SigningMethodRS256, k.rsa},
		{"mixed HS and RS provider, HS token", withKV(pkProviderCfg(rsaJWKS, "RS256", "HS256"), "secret_env", authSecretEnv), jwt.SigningMethodHS256, k.hmac},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := tt.provider
			if p["jwks"] == nil {
				delete(p, "jwks")
			}
			e := authEngine(t, apiAuthCfg(p), authEnv(t))
			tok := jwtSign(t, tt.method, tt.key, nil, authClaims(nil))
			d, tx := authTx(e, "GET", "/api/orders", bearerHdr(tok), authNow)
			if d != nil {
				t.Fatalf("got %d %s (%s), want pass", d.Status, d.Rule, lastAuthMetric(tx))
			}
			if got := tx.Claims["sub"]; got != "user-42" {
				t.Errorf("Claims[sub] = %v, want user-42", got)
			}
			if got := policies.Headers(nil).Apply(tx.PendingRequestHeaderOps()).Get("x-user-id"); got != "user-42" {
				t.Errorf("x-user-id = %q, want user-42", got)
			}
		})
	}
}

// TestAuthRefusals covers every reason a token is refused.
func TestAuthRefusals(t *testing.T) {
	k := jwtTestKeys(t)
	rsaPEM := pemPublicKey(t, &k.rsa.PublicKey)
	rsProv := pkProviderCfg(testJWKS(testJWK(t, &k.rsa.PublicKey, "", "")), "RS256")
	hsProv := hsProviderCfg("HS256")
	twoKids := pkProviderCfg(testJWKS(testJWK(t, &k.rsa.PublicKey, "a", ""), testJWK(t, &k.rsa2.PublicKey, "b", "")), "RS256")
	hs := func(claims jwt.MapClaims) string { return jwtSign(t, jwt.SigningMethodHS256, k.hmac, nil, claims) }
	hsHdr := func(h map[string]any, claims jwt.MapClaims) string {
		return jwtSign(t, jwt.SigningMethodHS256, k.hmac, h, claims)
	}
	rs := func(key any, h map[string]any) string {
		return jwtSign(t, jwt.SigningMethodRS256, key, h, authClaims(nil))
	}
	at := func(d time.Duration) int64 { return authNow.Add(d).Unix() }
	validHS := hs(authClaims(nil))
	parts := strings.Split(validHS, ".")
	claimsJSON := authJSON(t, authClaims(nil))
	hsRaw := func(header, payload string) string {
		enc := b64url([]byte(header)) + "." + b64url([]byte(payload))
		sig, err := jwt.SigningMethodHS256.Sign(enc, k.hmac)
		if err != nil {
			t.Fatal(err)
		}
		return enc + "." + b64url(sig)
	}

	tests := []struct {
		name     string
		provider map[string]any
		headers  policies.Headers
		now      time.Time // zero: authNow
		wantCode int       // 0: pass
		want     string    // metric
	}{
		// Algorithm attacks.
		{"alg none", hsProv, bearerHdr(rawToken(`{"alg":"none","typ":"JWT"}`, claimsJSON, nil)), time.Time{}, 401, "auth.bad_algorithm"},
		{"alg None", rsProv, bearerHdr(rawToken(`{"alg":"None"}`, claimsJSON, nil)), time.Time{}, 401, "auth.bad_algorithm"},
		{"alg none with signature", hsProv, bearerHdr(rawToken(`{"alg":"none"}`, claimsJSON, []byte("x"))), time.Time{}, 401, "auth.bad_algorithm"},
		{"alg missing", hsProv, bearerHdr(rawToken(`{"typ":"JWT"}`, claimsJSON, []byte("x"))), time.Time{}, 401, "auth.bad_algorithm"},
		{"alg unknown", hsProv, bearerHdr(rawToken(`{"alg":"HS1"}`, claimsJSON, []byte("x"))), time.Time{}, 401, "auth.bad_algorithm"},
		{"HS256 signed with RSA public PEM at RS256 provider", withKV(rsProv, "pem", rsaPEM, "jwks", nil),
			bearerHdr(jwtSign(t, jwt.SigningMethodHS256, []byte(rsaPEM), nil, authClaims(nil))), time.Time{}, 401, "auth.bad_algorithm"},
		{"HS256 signed with RSA public PEM at HS256+RS256 provider", withKV(rsProv, "pem", rsaPEM, "jwks", nil, "algorithms", []string{"RS256", "HS256"}, "secret_env", authSecretEnv),
			bearerHdr(jwtSign(t, jwt.SigningMethodHS256, []byte(rsaPEM), nil, authClaims(nil))), time.Time{}, 401, "auth.bad_signature"},
		{"RS256 token at HS256 provider", hsProv, bearerHdr(rs(k.rsa, nil)), time.Time{}, 401, "auth.bad_algorithm"},
		{"ES384 token at ES256 provider", pkProviderCfg(testJWKS(testJWK(t, &k.p256.PublicKey, "", "")), "ES256"),
			bearerHdr(jwtSign(t, jwt.SigningMethodES384, k.p384, nil, authClaims(nil))), time.Time{}, 401, "auth.bad_algorithm"},
		{"ES384 token whose kid names a P-256 key", pkProviderCfg(testJWKS(testJWK(t, &k.p256.PublicKey, "a", ""), testJWK(t, &k.p384.PublicKey, "b", "")), "ES256", "ES384"),
			bearerHdr(jwtSign(t, jwt.SigningMethodES384, k.p384, map[string]any{"kid": "a"}, authClaims(nil))), time.Time{}, 401, "auth.unknown_key"},
		{"ES384 token whose kid names the P-384 key", pkProviderCfg(testJWKS(testJWK(t, &k.p256.PublicKey, "a", ""), testJWK(t, &k.p384.PublicKey, "b", "")), "ES256", "ES384"),
			bearerHdr(jwtSign(t, jwt.SigningMethodES384, k.p384, map[string]any{"kid": "b"}, authClaims(nil))), time.Time{}, 0, ""},
		{"JWK alg pins RS256, PS256 token names it", pkProviderCfg(testJWKS(testJWK(t, &k.rsa.PublicKey, "r", "RS256"), testJWK(t, &k.rsa2.PublicKey, "p", "PS256")), "RS256", "PS256"),
			bearerHdr(jwtSign(t, jwt.SigningMethodPS256, k.rsa, map[string]any{"kid": "r"}, authClaims(nil))), time.Time{}, 401, "auth.unknown_key"},
		{"JWK alg pins, no kid: only the PS256 key is tried", pkProviderCfg(testJWKS(testJWK(t, &k.rsa.PublicKey, "r", "RS256"), testJWK(t, &k.rsa2.PublicKey, "p", "PS256")), "RS256", "PS256"),
			bearerHdr(jwtSign(t, jwt.SigningMethodPS256, k.rsa, nil, authClaims(nil))), time.Time{}, 401, "auth.bad_signature"},

		// Signatures.
		{"signed by another RSA key", rsProv, bearerHdr(rs(k.rsa2, nil)), time.Time{}, 401, "auth.bad_signature"},
		{"wrong HMAC secret", hsProv, bearerHdr(jwtSign(t, jwt.SigningMethodHS256, []byte(strings.Repeat("x", 64)), nil, authClaims(nil))), time.Time{}, 401, "auth.bad_signature"},
		{"payload tampered", hsProv, bearerHdr(parts[0] + "." + b64url([]byte(authJSON(t, authClaims(map[string]any{"sub": "admin"})))) + "." + parts[2]), time.Time{}, 401, "auth.bad_signature"},
		{"signature stripped", hsProv, bearerHdr(parts[0] + "." + parts[1] + "."), time.Time{}, 401, "auth.bad_signature"},
		{"expired and forged: signature first", hsProv, bearerHdr(jwtSign(t, jwt.SigningMethodHS256, []byte(strings.Repeat("x", 64)), nil, authClaims(map[string]any{"exp": at(-time.Hour)}))), time.Time{}, 401, "auth.bad_signature"},

		{"embedded jwk header is never trusted", rsProv, bearerHdr(rs(k.rsa2, map[string]any{"jwk": testJWK(t, &k.rsa2.PublicKey, "", "")})), time.Time{}, 401, "auth.bad_signature"},
		{"crit header refused", hsProv, bearerHdr(hsHdr(map[string]any{"crit": []string{"b64"}, "b64": false}, authClaims(nil))), time.Time{}, 401, "auth.unsupported_header"},

		// Key selection.
		{"kid selects key b", twoKids, bearerHdr(rs(k.rsa2, map[string]any{"kid": "b"})), time.Time{}, 0, ""},
		{"kid a with key b's signature", twoKids, bearerHdr(rs(k.rsa2, map[string]any{"kid": "a"})), time.Time{}, 401, "auth.bad_signature"},
		{"unknown kid", twoKids, bearerHdr(rs(k.rsa, map[string]any{"kid": "zzz"})), time.Time{}, 401, "auth.unknown_key"},
		{"no kid tries every key", twoKids, bearerHdr(rs(k.rsa2, nil)), time.Time{}, 0, ""},
		{"missing kid with one key", rsProv, bearerHdr(rs(k.rsa, nil)), time.Time{}, 0, ""},
		{"kid on token, key without kid", rsProv, bearerHdr(rs(k.rsa, map[string]any{"kid": "whatever"})), time.Time{}, 0, ""},
		{"kid not a string", twoKids, bearerHdr(rs(k.rsa, map[string]any{"kid": 7})), time.Time{}, 401, "auth.unknown_key"},

		// Times (leeway 60s).
		{"expired", hsProv, bearerHdr(hs(authClaims(map[string]any{"exp": at(-2 * time.Hour), "iat": at(-3 * time.Hour)}))), time.Time{}, 401, "auth.expired"},
		{"exp within leeway", hsProv, bearerHdr(hs(authClaims(map[string]any{"exp": at(-59 * time.Second)}))), time.Time{}, 0, ""},
		{"exp at leeway boundary", hsProv, bearerHdr(hs(authClaims(map[string]any{"exp": at(-60 * time.Second)}))), time.Time{}, 401, "auth.expired"},
		{"exp leeway 0, exp == now", withKV(hsProv, "leeway", "0s"), bearerHdr(hs(authClaims(map[string]any{"exp": at(0)}))), time.Time{}, 401, "auth.expired"},
		{"exp leeway 0, exp == now+1s", withKV(hsProv, "leeway", "0s"), bearerHdr(hs(authClaims(map[string]any{"exp": at(time.Second)}))), time.Time{}, 0, ""},
		{"exp missing", hsProv, bearerHdr(hs(authClaims(map[string]any{"exp": nil}))), time.Time{}, 401, "auth.missing_claim"},
		{"exp missing, require_exp false", withKV(hsProv, "require_exp", false), bearerHdr(hs(authClaims(map[string]any{"exp": nil}))), time.Time{}, 0, ""},
		{"exp not a number", hsProv, bearerHdr(hs(authClaims(map[string]any{"exp": "tomorrow"}))), time.Time{}, 401, "auth.invalid_claims"},
		{"nbf in future", hsProv, bearerHdr(hs(authClaims(map[string]any{"nbf": at(2 * time.Hour)}))), time.Time{}, 401, "auth.not_yet_valid"},
		{"nbf within leeway", hsProv, bearerHdr(hs(authClaims(map[string]any{"nbf": at(60 * time.Second)}))), time.Time{}, 0, ""},
		{"nbf past leeway", hsProv, bearerHdr(hs(authClaims(map[string]any{"nbf": at(61 * time.Second)}))), time.Time{}, 401, "auth.not_yet_valid"},
		{"nbf leeway 5m", withKV(hsProv, "leeway", "5m"), bearerHdr(hs(authClaims(map[string]any{"nbf": at(4 * time.Minute)}))), time.Time{}, 0, ""},
		{"iat in future", hsProv, bearerHdr(hs(authClaims(map[string]any{"iat": at(2 * time.Hour)}))), time.Time{}, 401, "auth.issued_in_future"},
		{"iat in future, reject_future_iat off", withKV(hsProv, "reject_future_iat", false), bearerHdr(hs(authClaims(map[string]any{"iat": at(2 * time.Hour)}))), time.Time{}, 0, ""},
		{"iat in future, reject_future_iat on", withKV(hsProv, "reject_future_iat", true), bearerHdr(hs(authClaims(map[string]any{"iat": at(2 * time.Hour)}))), time.Time{}, 401, "auth.issued_in_future"},
		{"expired, reject_future_iat off", withKV(hsProv, "reject_future_iat", false), bearerHdr(hs(authClaims(map[string]any{"exp": at(-2 * time.Hour)}))), time.Time{}, 401, "auth.expired"},
		{"iat within leeway", hsProv, bearerHdr(hs(authClaims(map[string]any{"iat": at(60 * time.Second)}))), time.Time{}, 0, ""},
		{"iat past leeway", hsProv, bearerHdr(hs(authClaims(map[string]any{"iat": at(61 * time.Second)}))), time.Time{}, 401, "auth.issued_in_future"},
		{"clock from tx.Now: valid token, later now", hsProv, bearerHdr(validHS), authNow.Add(2 * time.Hour), 401, "auth.expired"},

		// Issuer and audience.
		{"wrong issuer", hsProv, bearerHdr(hs(authClaims(map[string]any{"iss": "https://evil.example"}))), time.Time{}, 401, "auth.wrong_issuer"},
		{"issuer missing", hsProv, bearerHdr(hs(authClaims(map[string]any{"iss": nil}))), time.Time{}, 401, "auth.wrong_issuer"},
		{"issuer not a string", hsProv, bearerHdr(hs(authClaims(map[string]any{"iss": []string{authIss}}))), time.Time{}, 401, "auth.wrong_issuer"},
		{"duplicate iss", hsProv, bearerHdr(hsRaw(`{"alg":"HS256","typ":"JWT"}`,
			`{"iss":"`+authIss+`","aud":"`+authAud+`","exp":`+policies.Itoa(int(at(time.Hour)))+`,"iss":"https://evil.example"}`)), time.Time{}, 401, "auth.duplicate_claim"},
		{"duplicate iss, same value", hsProv, bearerHdr(hsRaw(`{"alg":"HS256","typ":"JWT"}`,
			`{"iss":"`+authIss+`","aud":"`+authAud+`","exp":`+policies.Itoa(int(at(time.Hour)))+`,"iss":"`+authIss+`"}`)), time.Time{}, 401, "auth.duplicate_claim"},
		{"duplicate exp (last one expired)", hsProv, bearerHdr(hsRaw(`{"alg":"HS256","typ":"JWT"}`,
			`{"iss":"`+authIss+`","aud":"`+authAud+`","exp":`+policies.Itoa(int(at(time.Hour)))+`,"exp":`+policies.Itoa(int(at(-time.Hour)))+`}`)), time.Time{}, 401, "auth.duplicate_claim"},
		{"duplicate exp (last one valid)", hsProv, bearerHdr(hsRaw(`{"alg":"HS256","typ":"JWT"}`,
			`{"iss":"`+authIss+`","aud":"`+authAud+`","exp":`+policies.Itoa(int(at(-time.Hour)))+`,"exp":`+policies.Itoa(int(at(time.Hour)))+`}`)), time.Time{}, 401, "auth.duplicate_claim"},
		{"duplicate sub", hsProv, bearerHdr(hsRaw(`{"alg":"HS256","typ":"JWT"}`,
			`{"iss":"`+authIss+`","aud":"`+authAud+`","exp":`+policies.Itoa(int(at(time.Hour)))+`,"sub":"alice","sub":"admin"}`)), time.Time{}, 401, "auth.duplicate_claim"},
		{"duplicate claim spelled with an escape", hsProv, bearerHdr(hsRaw(`{"alg":"HS256","typ":"JWT"}`,
			`{"iss":"`+authIss+`","aud":"`+authAud+`","exp":`+policies.Itoa(int(at(time.Hour)))+`,"sub":"alice","s\u0075b":"admin"}`)), time.Time{}, 401, "auth.duplicate_claim"},
		{"duplicate nested claim", hsProv, bearerHdr(hsRaw(`{"alg":"HS256","typ":"JWT"}`,
			`{"iss":"`+authIss+`","aud":"`+authAud+`","exp":`+policies.Itoa(int(at(time.Hour)))+`,"realm_access":{"roles":["user"],"roles":["admin"]}}`)), time.Time{}, 401, "auth.duplicate_claim"},
		{"duplicate header parameter", hsProv, bearerHdr(hsRaw(`{"alg":"HS256","typ":"JWT","typ":"at+jwt"}`, claimsJSON)), time.Time{}, 401, "auth.duplicate_claim"},
		{"same name in different objects is fine", hsProv, bearerHdr(hsRaw(`{"alg":"HS256","typ":"JWT"}`,
			`{"iss":"`+authIss+`","aud":"`+authAud+`","exp":`+policies.Itoa(int(at(time.Hour)))+`,"a":{"iss":"x"},"b":[{"iss":"y"},{"iss":"z"}]}`)), time.Time{}, 0, ""},
		{"wrong audience", hsProv, bearerHdr(hs(authClaims(map[string]any{"aud": "other.example.com"}))), time.Time{}, 401, "auth.wrong_audience"},
		{"audience missing", hsProv, bearerHdr(hs(authClaims(map[string]any{"aud": nil}))), time.Time{}, 401, "auth.wrong_audience"},
		{"audience list contains ours", hsProv, bearerHdr(hs(authClaims(map[string]any{"aud": []string{"x", authAud}}))), time.Time{}, 0, ""},
		{"audience list without ours", hsProv, bearerHdr(hs(authClaims(map[string]any{"aud": []string{"x", "y"}}))), time.Time{}, 401, "auth.wrong_audience"},
		{"audiences [] accepts any", withKV(hsProv, "audiences", []string{}), bearerHdr(hs(authClaims(map[string]any{"aud": "x"}))), time.Time{}, 0, ""},
		{"one of several audiences", withKV(hsProv, "audiences", []string{"a", "b"}), bearerHdr(hs(authClaims(map[string]any{"aud": "b"}))), time.Time{}, 0, ""},

		// Token type: a refresh token is not an access token.
		{"typ at+jwt accepted", withKV(hsProv, "token_type", map[string]any{"header_typ": []string{"at+jwt"}}), bearerHdr(hsHdr(map[string]any{"typ": "at+jwt"}, authClaims(nil))), time.Time{}, 0, ""},
		{"typ application/at+jwt accepted", withKV(hsProv, "token_type", map[string]any{"header_typ": []string{"at+jwt"}}), bearerHdr(hsHdr(map[string]any{"typ": "Application/AT+JWT"}, authClaims(nil))), time.Time{}, 0, ""},
		{"typ JWT refused", withKV(hsProv, "token_type", map[string]any{"header_typ": []string{"at+jwt"}}), bearerHdr(hsHdr(map[string]any{"typ": "JWT"}, authClaims(nil))), time.Time{}, 401, "auth.wrong_type"},
		{"typ missing refused", withKV(hsProv, "token_type", map[string]any{"header_typ": []string{"at+jwt"}}), bearerHdr(hsHdr(map[string]any{"typ": nil}, authClaims(nil))), time.Time{}, 401, "auth.wrong_type"},
		{"token_use access", withKV(hsProv, "token_type", map[string]any{"claim": "token_use", "values": []string{"access"}}), bearerHdr(hs(authClaims(map[string]any{"token_use": "access"}))), time.Time{}, 0, ""},
		{"token_use refresh refused", withKV(hsProv, "token_type", map[string]any{"claim": "token_use", "values": []string{"access"}}), bearerHdr(hs(authClaims(map[string]any{"token_use": "refresh"}))), time.Time{}, 401, "auth.wrong_type"},
		{"token_use missing refused", withKV(hsProv, "token_type", map[string]any{"claim": "token_use", "values": []string{"access"}}), bearerHdr(hs(authClaims(nil))), time.Time{}, 401, "auth.wrong_type"},
		{"typ claim Refresh refused", withKV(hsProv, "token_type", map[string]any{"claim": "typ", "values": []string{"Bearer"}}), bearerHdr(hs(authClaims(map[string]any{"typ": "Refresh"}))), time.Time{}, 401, "auth.wrong_type"},
		{"required claim missing", withKV(hsProv, "required_claims", []string{"sub", "email"}), bearerHdr(validHS), time.Time{}, 401, "auth.missing_claim"},
		{"required claims present", withKV(hsProv, "required_claims", []string{"sub"}), bearerHdr(validHS), time.Time{}, 0, ""},

		// Transport.
		{"no token", hsProv, nil, time.Time{}, 401, "auth.missing"},
		{"Basic is no token", hsProv, policies.Headers{{Name: "authorization", Value: "Basic dTpw"}}, time.Time{}, 401, "auth.missing"},
		{"lower-case scheme", hsProv, policies.Headers{{Name: "authorization", Value: "bearer " + validHS}}, time.Time{}, 0, ""},
		{"upper-case scheme, extra spaces", hsProv, policies.Headers{{Name: "authorization", Value: "  BEARER   " + validHS + " "}}, time.Time{}, 0, ""},
		{"scheme only", hsProv, policies.Headers{{Name: "authorization", Value: "Bearer"}}, time.Time{}, 400, "auth.malformed_header"},
		{"scheme and a space, no token", hsProv, policies.Headers{{Name: "authorization", Value: "Bearer "}}, time.Time{}, 400, "auth.malformed_header"},
		{"two tokens in one header", hsProv, policies.Headers{{Name: "authorization", Value: "Bearer " + validHS + " " + validHS}}, time.Time{}, 400, "auth.malformed_header"},
		{"two Authorization headers", hsProv, append(bearerHdr(validHS), bearerHdr(validHS)...), time.Time{}, 400, "auth.multiple_tokens"},
		{"Bearer plus Basic", hsProv, append(bearerHdr(validHS), policies.Header{Name: "authorization", Value: "Basic dTpw"}), time.Time{}, 400, "auth.multiple_tokens"},
		{"not a JWT", hsProv, bearerHdr("abc"), time.Time{}, 401, "auth.malformed"},
		{"three garbage segments", hsProv, bearerHdr("abc.def.ghi"), time.Time{}, 401, "auth.malformed"},
		{"four segments", hsProv, bearerHdr(validHS + ".x"), time.Time{}, 401, "auth.malformed"},
		{"payload not an object", hsProv, bearerHdr(rawToken(`{"alg":"HS256"}`, `[1]`, []byte("x"))), time.Time{}, 401, "auth.malformed"},
		{"too large", hsProv, bearerHdr(hs(authClaims(map[string]any{"pad": strings.Repeat("A", 9000)}))), time.Time{}, 401, "auth.too_large"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := tt.provider
			if v, ok := p["jwks"]; ok && v == nil {
				p = withKV(p)
				delete(p, "jwks")
			}
			e := authEngine(t, apiAuthCfg(p), authEnv(t))
			now := tt.now
			if now.IsZero() {
				now = authNow
			}
			d, tx := authTx(e, "GET", "/api/orders", tt.headers, now)
			gotCode := 0
			if d != nil {
				gotCode = d.Status
			}
			if gotCode != tt.wantCode || lastAuthMetric(tx) != tt.want {
				t.Fatalf("got status %d metric %q, want %d %q", gotCode, lastAuthMetric(tx), tt.wantCode, tt.want)
			}
			if tt.wantCode != 0 && tx.Claims != nil {
				t.Errorf("claims set on a refused token: %v", tx.Claims)
			}
			for _, h := range tt.headers {
				for _, ev := range tx.Logged() {
					if len(h.Value) > 20 && strings.Contains(string(ev.JSON), strings.TrimSpace(strings.TrimPrefix(h.Value, "Bearer "))) {
						t.Errorf("event logs the token: %s", ev.JSON)
					}
				}
				if d != nil && len(h.Value) > 20 && strings.Contains(string(d.Body), h.Value[10:20]) {
					t.Errorf("response body echoes the token: %s", d.Body)
				}
			}
		})
	}
}

// TestAuthChallenge checks the RFC 6750 answers.
func TestAuthChallenge(t *testing.T) {
	k := jwtTestKeys(t)
	e := authEngine(t, withKV(apiAuthCfg(hsProviderCfg("HS256")), "realm", "orders"), authEnv(t))
	expired := jwtSign(t, jwt.SigningMethodHS256, k.hmac, nil, authClaims(map[string]any{"exp": authNow.Add(-time.Hour).Unix()}))
	tests := []struct {
		name       string
		headers    policies.Headers
		wantStatus int
		wantAuth   string
		wantRule   string
	}{
		{"missing", nil, 401, `Bearer realm="orders"`, "jwt.missing"},
		{"expired", bearerHdr(expired), 401, `Bearer realm="orders", error="invalid_token", error_description="the token has expired"`, "jwt.expired"},
		{"malformed", bearerHdr("x.y.z"), 401, `Bearer realm="orders", error="invalid_token", error_description="the token is malformed"`, "jwt.malformed"},
		{"iat in the future says it is a policy", bearerHdr(jwtSign(t, jwt.SigningMethodHS256, k.hmac, nil, authClaims(map[string]any{"iat": authNow.Add(time.Hour).Unix()}))), 401,
			`Bearer realm="orders", error="invalid_token", error_description="the token iat is in the future (refused by policy reject_future_iat, not by RFC 7519)"`, "jwt.issued_in_future"},
		{"two Authorization headers", append(bearerHdr(expired), bearerHdr(expired)...), 400,
			`Bearer realm="orders", error="invalid_request", error_description="more than one token was sent"`, "jwt.multiple_tokens"},
		{"Bearer with no token", policies.Headers{{Name: "authorization", Value: "Bearer "}}, 400,
			`Bearer realm="orders", error="invalid_request", error_description="the Authorization header is malformed"`, "jwt.malformed_header"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, _ := authTx(e, "POST", "/api/x", tt.headers, authNow)
			if d == nil {
				t.Fatal("got pass, want deny")
			}
			if d.Action != policies.Deny || d.Status != tt.wantStatus || d.Rule != tt.wantRule {
				t.Errorf("got %v %d %s, want deny %d %s", d.Action, d.Status, d.Rule, tt.wantStatus, tt.wantRule)
			}
			if got := d.Headers.Get("www-authenticate"); got != tt.wantAuth {
				t.Errorf("www-authenticate = %q, want %q", got, tt.wantAuth)
			}
			if got := d.Headers.Get("content-type"); got != "application/json" {
				t.Errorf("content-type = %q", got)
			}
			var body map[string]string
			want := "unauthorized"
			if tt.wantStatus == 400 {
				want = "bad request"
			}
			if err := json.Unmarshal(d.Body, &body); err != nil || body["error"] != want || len(body) != 2 {
				t.Errorf("body = %s (%v), want {error: %s, request_id}", d.Body, err, want)
			}
		})
	}
}

// TestAuthRoutes covers rule matching: first match wins, exceptions, methods, optional, off.
func TestAuthRoutes(t *testing.T) {
	k := jwtTestKeys(t)
	valid := jwtSign(t, jwt.SigningMethodHS256, k.hmac, nil, authClaims(nil))
	bad := valid[:len(valid)-4] + "AAAA"
	cfg := map[string]any{
		"providers": []any{hsProviderCfg("HS256")},
		"rules": []any{
			map[string]any{"path": "/api/health", "token": "off"},
			map[string]any{"path_prefix": "/api/", "except": []string{"/api/public/"}, "methods": []string{"POST", "PUT", "DELETE"}},
			map[string]any{"path_prefix": "/api/"},
			map[string]any{"path_prefix": "/", "token": "optional"},
		},
	}
	e := authEngine(t, cfg, authEnv(t))
	tests := []struct {
		method, path string
		headers      policies.Headers
		wantStatus   int
		wantClaims   bool
	}{
		{"GET", "/api/health", nil, 0, false},
		{"GET", "/api/health", bearerHdr(bad), 0, false}, // off: not even looked at
		{"POST", "/api/orders", nil, 401, false},
		{"POST", "/api/orders", bearerHdr(valid), 0, true},
		{"POST", "/api/public/signup", nil, 401, false}, // excepted from rule 2, caught by rule 3
		{"GET", "/api/orders", nil, 401, false},
		{"GET", "/API/Orders", nil, 401, false},            // paths are matched lower-cased
		{"GET", "/api/%2e%2e/api/orders", nil, 401, false}, // normalised
		{"GET", "/public/../api/x", nil, 401, false},
		{"GET", "/index.html", nil, 0, false}, // optional, absent
		{"GET", "/index.html", bearerHdr(valid), 0, true},
		{"GET", "/index.html", bearerHdr(bad), 401, false}, // optional, present but invalid
	}
	for _, tt := range tests {
		t.Run(tt.method+" "+tt.path, func(t *testing.T) {
			d, tx := authTx(e, tt.method, tt.path, tt.headers, authNow)
			got := 0
			if d != nil {
				got = d.Status
			}
			if got != tt.wantStatus || (tx.Claims != nil) != tt.wantClaims {
				t.Errorf("got %d claims=%v, want %d claims=%v", got, tx.Claims != nil, tt.wantStatus, tt.wantClaims)
			}
		})
	}
}

// TestAuthNoRules: with no rules nothing is checked, but spoofed headers are still removed.
func TestAuthNoRules(t *testing.T) {
	e := authEngine(t, map[string]any{"providers": []any{hsProviderCfg("HS256")},
		"forward": map[string]any{"claims": map[string]string{"sub": "x-user-id"}}}, authEnv(t))
	d, tx := authTx(e, "GET", "/api/x", policies.Headers{{Name: "x-user-id", Value: "admin"}}, authNow)
	if d != nil {
		t.Fatalf("got %d, want pass", d.Status)
	}
	if got := (policies.Headers{{Name: "x-user-id", Value: "admin"}}).Apply(tx.PendingRequestHeaderOps()); got.Has("x-user-id") {
		t.Errorf("spoofed x-user-id survived: %v", got)
	}
}

// TestAuthProviders: the unverified iss picks the provider, rules narrow the accepted providers.
func TestAuthProviders(t *testing.T) {
	k := jwtTestKeys(t)
	const otherIss = "https://login.partner.example"
	hsP := hsProviderCfg("HS256")
	rsP := withKV(pkProviderCfg(testJWKS(testJWK(t, &k.rsa.PublicKey, "", "")), "RS256"), "name", "partner", "issuers", []string{otherIss})
	cfg := map[string]any{
		"providers": []any{hsP, rsP},
		"rules": []any{
			map[string]any{"path_prefix": "/internal/", "providers": []string{"hs"}},
			map[string]any{"path_prefix": "/"},
		},
	}
	e := authEngine(t, cfg, authEnv(t))
	hsTok := jwtSign(t, jwt.SigningMethodHS256, k.hmac, nil, authClaims(nil))
	rsTok := jwtSign(t, jwt.SigningMethodRS256, k.rsa, nil, authClaims(map[string]any{"iss": otherIss}))
	rsAsHS := jwtSign(t, jwt.SigningMethodRS256, k.rsa, nil, authClaims(nil))
	hsAsRS := jwtSign(t, jwt.SigningMethodHS256, k.hmac, nil, authClaims(map[string]any{"iss": otherIss}))
	tests := []struct {
		name, path, tok string
		want            string
	}{
		{"hs token", "/x", hsTok, ""},
		{"partner token", "/x", rsTok, ""},
		{"RS256 token claiming the HS issuer", "/x", rsAsHS, "auth.bad_algorithm"},
		{"HS256 token claiming the RS issuer", "/x", hsAsRS, "auth.bad_algorithm"},
		{"partner token on hs-only route", "/internal/x", rsTok, "auth.wrong_issuer"},
		{"hs token on hs-only route", "/internal/x", hsTok, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, tx := authTx(e, "GET", tt.path, bearerHdr(tt.tok), authNow)
			if got := lastAuthMetric(tx); got != tt.want {
				t.Errorf("metric = %q, want %q", got, tt.want)
			}
		})
	}
}

// TestAuthDetectMode: failures are counted but pass, without claims.
func TestAuthDetectMode(t *testing.T) {
	e := authEngine(t, withKV(apiAuthCfg(hsProviderCfg("HS256")), "mode", "detect"), authEnv(t))
	d, tx := authTx(e, "GET", "/api/x", bearerHdr("a.b.c"), authNow)
	if d != nil {
		t.Fatalf("detect mode denied: %d", d.Status)
	}
	if tx.Claims != nil || lastAuthMetric(tx) != "auth.malformed" {
		t.Errorf("claims=%v metric=%q, want nil auth.malformed", tx.Claims, lastAuthMetric(tx))
	}
	var ev map[string]any
	if err := json.Unmarshal(tx.Logged()[len(tx.Logged())-1].JSON, &ev); err != nil || ev["mode"] != "detect" {
		t.Errorf("event %s: want mode detect", tx.Logged()[len(tx.Logged())-1].JSON)
	}
}

// TestAuthInheritsTopLevelMode: auth.mode absent follows the top-level mode.
func TestAuthInheritsTopLevelMode(t *testing.T) {
	cfg, err := policies.ParseConfig([]byte(`{"mode":"detect","auth":` + authJSON(t, apiAuthCfg(hsProviderCfg("HS256"))) + `}`))
	if err != nil {
		t.Fatal(err)
	}
	e, err := policies.NewEngine(cfg, policies.Options{Getenv: func(string) string { return string(jwtTestKeys(t).hmac) }})
	if err != nil {
		t.Fatal(err)
	}
	if d, _ := authTx(e, "GET", "/api/x", nil, authNow); d != nil {
		t.Errorf("got %d, want pass in detect mode", d.Status)
	}
}

// TestAuthEngineOrder runs the whole header phase: the token verdict is a Deny decision.
func TestAuthEngineOrder(t *testing.T) {
	e := authEngine(t, apiAuthCfg(hsProviderCfg("HS256")), authEnv(t))
	tx := e.NewTx(&policies.Request{Method: "GET", Path: "/api/x", SourceAddress: "192.0.2.1:1"}, authNow)
	d := tx.RequestHeaders()
	if d.Action != policies.Deny || d.Status != 401 {
		t.Errorf("got %v %d, want deny 401", d.Action, d.Status)
	}
}

func TestHasDuplicateNames(t *testing.T) {
	many := func(extra string) string {
		var b strings.Builder
		b.WriteString("{")
		for i := 0; i < 40; i++ {
			b.WriteString(`"k` + policies.Itoa(i) + `":` + policies.Itoa(i) + ",")
		}
		return b.String() + extra + "}"
	}
	for _, tc := range []struct {
		doc  string
		want bool
	}{
		{`{"a":1,"b":2}`, false},
		{`{"a":1,"a":2}`, true},
		{`{"a":{"b":1},"c":{"b":2}}`, false},
		{`{"a":[{"b":1,"b":2}]}`, true},
		{`{"a":"x","\u0061":"y"}`, true},
		{many(`"z":1`), false},
		{many(`"k3":1`), true},
		{many(`"k39":1`), true},
	} {
		if got := hasDuplicateNames(gjson.Parse(tc.doc)); got != tc.want {
			t.Errorf("hasDuplicateNames(%s) = %v, want %v", tc.doc, got, tc.want)
		}
	}
}
