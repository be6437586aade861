package parity

import (
	"encoding/json"
	"strings"
	"testing"
)

// jwtCase is one token of testdata/js/jwt.js with jwt.verify's verdict.
type jwtCase struct {
	Name     string `json:"name"`
	Provider string `json:"provider"` // "hs" or "rs": which options and path
	Token    string `json:"token"`
	OK       bool   `json:"ok"`
	Error    string `json:"error"`
}

// jwtConfig is the Edgeward twin of jwt.js's jwt.verify options (HS256 and RS256 providers,
// issuer, audience, leeway 60s = clockTolerance 60, and the app's "type === 'access'" check as a
// token_type rule); extra holds provider options added to both providers.
func jwtConfig(t *testing.T, jwk json.RawMessage, extra string) string {
	t.Helper()
	common := `"audiences":["api.example.com"],"leeway":"60s","token_type":{"claim":"type","values":["access"]}` + extra
	return `{"injection":{"enabled":false},"response":{"enabled":false},"auth":{
	  "providers":[
	    {"name":"hs","issuers":["https://auth.example.com"],"algorithms":["HS256"],"secret_env":"EDGEWARD_JWT_SECRET",` + common + `},
	    {"name":"rs","issuers":["https://rs.example.com"],"algorithms":["RS256"],"jwks":{"keys":[` + string(jwk) + `]},` + common + `}],
	  "rules":[{"path_prefix":"/hs/","providers":["hs"]},{"path_prefix":"/rs/","providers":["rs"]}]}}`
}

// TestParityJWT: tokens signed by jsonwebtoken 9, verified by jwt.verify and by Edgeward with the
// same options; once with Edgeward's defaults and once with require_exp and reject_future_iat off
// (jsonwebtoken's behaviour). Every verdict must agree except the listed differences.
func TestParityJWT(t *testing.T) {
	var js struct {
		Secret string          `json:"secret"`
		JWK    json.RawMessage `json:"rsa_jwk"`
		Cases  []jwtCase       `json:"cases"`
	}
	runNode(t, "jwt.js", &js)
	if len(js.Cases) < 20 {
		t.Fatalf("jwt.js made %d cases", len(js.Cases))
	}
	env := map[string]string{"EDGEWARD_JWT_SECRET": js.Secret}
	// Intended differences: case -> Edgeward's verdict under each config, and why.
	type expect struct {
		defaults, sameOptions bool
		id                    string
	}
	allowed := map[string]expect{
		"duplicate sub claim":                      {false, false, "jwt-duplicate-claims"},
		"duplicate exp claim (the last one valid)": {false, false, "jwt-duplicate-claims"},
		"crit header":                              {false, false, "jwt-crit"},
		"missing exp":                              {false, true, "jwt-require-exp"},
		"iat in the future":                        {false, true, "jwt-future-iat"},
	}
	for _, set := range []struct {
		name, extra string
		sameOptions bool
	}{
		{"edgeward defaults", "", false},
		{"jsonwebtoken's options", `,"require_exp":false,"reject_future_iat":false`, true},
	} {
		t.Run(set.name, func(t *testing.T) {
			edge := edgeward(t, jwtConfig(t, js.JWK, set.extra), "", env, 2)
			for _, c := range js.Cases {
				t.Run(c.Name, func(t *testing.T) {
					r := do(t, "GET", edge+"/"+c.Provider+"/orders", "", "", map[string]string{"Authorization": "Bearer " + c.Token})
					got := r.status == 200
					if !got && r.status != 401 && r.status != 400 {
						t.Fatalf("Edgeward answered %d: %s", r.status, r.body)
					}
					want := c.OK
					if a, ok := allowed[c.Name]; ok {
						d := diff(t, a.id)
						want = a.defaults
						if set.sameOptions {
							want = a.sameOptions
						}
						if want != c.OK {
							t.Logf("intended difference %s: jwt.verify %v (%s), Edgeward %v", d.id, c.OK, c.Error, want)
						}
					}
					if got != want {
						t.Errorf("jwt.verify: %v (%s); Edgeward: %d %s %s", c.OK, c.Error, r.status,
							r.header.Get("WWW-Authenticate"), strings.TrimSpace(string(r.body)))
					}
				})
			}
		})
	}
	// Every listed difference must still be one (else drop it from the table and the page).
	for name, a := range allowed {
		for _, c := range js.Cases {
			if c.Name == name && c.OK == a.defaults && c.OK == a.sameOptions {
				t.Errorf("case %q: listed as difference %s but jwt.verify agrees with Edgeward", name, a.id)
			}
		}
	}
}
