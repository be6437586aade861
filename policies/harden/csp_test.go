package harden

import (
	"strings"
	"testing"

	"github.com/edgeward/edgeward/policies"
)

const helmetCSPValue = "default-src 'self'; base-uri 'self'; font-src 'self' https: data:; form-action 'self'; " +
	"frame-ancestors 'self'; img-src 'self' data:; object-src 'none'; script-src 'self'; " +
	"script-src-attr 'none'; style-src 'self' https: 'unsafe-inline'; upgrade-insecure-requests"

// hdParse parses a config and fails the test on error.
func hdParse(t testing.TB, js string) *policies.Config {
	t.Helper()
	c, err := policies.ParseConfig([]byte(js))
	if err != nil {
		t.Fatalf("ParseConfig(%s): %v", js, err)
	}
	return c
}

// cspOf returns the CSP rule the config compiles to (name, value), or "", "".
func cspOf(rules []headerRule) (string, string) {
	for _, r := range rules {
		if strings.HasPrefix(r.Name, "content-security-policy") {
			return r.Name, r.Value
		}
	}
	return "", ""
}

var cspCases = []struct {
	name      string
	csp       string // the value of response.csp
	wantName  string
	wantValue string
	wantErr   string
}{
	{name: "default", csp: "", wantName: "content-security-policy", wantValue: helmetCSPValue},
	{name: "off", csp: `false`},
	{name: "enabled false", csp: `{"enabled":false}`},
	{name: "override one directive keeps order", csp: `{"directives":{"script-src":["'self'","https://cdn.example.com"]}}`,
		wantName: "content-security-policy", wantValue: strings.Replace(helmetCSPValue, "script-src 'self';", "script-src 'self' https://cdn.example.com;", 1)},
	{name: "null removes a default", csp: `{"directives":{"upgrade-insecure-requests":null}}`,
		wantName: "content-security-policy", wantValue: strings.TrimSuffix(helmetCSPValue, "; upgrade-insecure-requests")},
	{name: "added directive goes last", csp: `{"directives":{"connect-src":["'self'","wss://ws.example.com"]}}`,
		wantName: "content-security-policy", wantValue: helmetCSPValue + "; connect-src 'self' wss://ws.example.com"},
	{name: "no defaults", csp: `{"use_defaults":false,"directives":{"default-src":["'none'"],"frame-ancestors":["'none'"]}}`,
		wantName: "content-security-policy", wantValue: "default-src 'none'; frame-ancestors 'none'"},
	{name: "report only drops upgrade-insecure-requests", csp: `{"report_only":true,"use_defaults":false,"directives":{"default-src":["'self'"],"upgrade-insecure-requests":[]},"report_uri":["/csp-report"],"report_to":"csp"}`,
		wantName: "content-security-policy-report-only", wantValue: "default-src 'self'; report-uri /csp-report; report-to csp"},
	{name: "duplicate sources collapse", csp: `{"use_defaults":false,"directives":{"img-src":["'self'","data:","'self'"]}}`,
		wantName: "content-security-policy", wantValue: "img-src 'self' data:"},
	{name: "hash source", csp: `{"use_defaults":false,"directives":{"script-src":["'sha256-abc+/=='"]}}`,
		wantName: "content-security-policy", wantValue: "script-src 'sha256-abc+/=='"},
	{name: "upper-case keyword accepted", csp: `{"use_defaults":false,"directives":{"script-src":["'SELF'"]}}`,
		wantName: "content-security-policy", wantValue: "script-src 'SELF'"},
	{name: "sandbox tokens", csp: `{"use_defaults":false,"directives":{"sandbox":["allow-forms","allow-scripts"]}}`,
		wantName: "content-security-policy", wantValue: "sandbox allow-forms allow-scripts"},
	{name: "everything removed sends nothing", csp: `{"use_defaults":false}`},

	{name: "unknown directive", csp: `{"directives":{"scrpt-src":["'self'"]}}`, wantErr: `response.csp.directives.scrpt-src: unknown CSP directive (did you mean "script-src"?)`},
	{name: "camelCase directive hint", csp: `{"directives":{"scriptSrc":["'self'"]}}`, wantErr: `did you mean "script-src"?`},
	{name: "bare keyword", csp: `{"directives":{"script-src":["self"]}}`, wantErr: `keywords must be single-quoted`},
	{name: "semicolon injection", csp: `{"directives":{"script-src":["'self'; script-src *"]}}`, wantErr: `must not contain`},
	{name: "CRLF injection", csp: `{"directives":{"script-src":["a\r\nx-evil: 1"]}}`, wantErr: `must not contain whitespace`},
	{name: "comma", csp: `{"directives":{"img-src":["a,b"]}}`, wantErr: `must not contain ';' or ','`},
	{name: "space inside token", csp: `{"directives":{"img-src":["a b"]}}`, wantErr: `must not contain whitespace`},
	{name: "non-ASCII", csp: `{"directives":{"img-src":["exämple.com"]}}`, wantErr: `non-ASCII`},
	{name: "fixed nonce", csp: `{"directives":{"script-src":["'nonce-abc'"]}}`, wantErr: `fixed nonce`},
	{name: "unknown quoted keyword", csp: `{"directives":{"script-src":["'selff'"]}}`, wantErr: `unknown quoted keyword`},
	{name: "unterminated quote", csp: `{"directives":{"script-src":["'self"]}}`, wantErr: `single quotes`},
	{name: "none with others", csp: `{"directives":{"object-src":["'none'","'self'"]}}`, wantErr: `'none' must be the only source`},
	{name: "empty source list", csp: `{"directives":{"object-src":[]}}`, wantErr: `needs at least one source`},
	{name: "flag with values", csp: `{"directives":{"upgrade-insecure-requests":["yes"]}}`, wantErr: `takes no values`},
	{name: "not an array", csp: `{"directives":{"img-src":"'self'"}}`, wantErr: `must be an array`},
	{name: "bad report_to", csp: `{"report_to":"a;b"}`, wantErr: `response.csp.report_to`},
	{name: "bad report_uri", csp: `{"report_uri":["/r x"]}`, wantErr: `response.csp.report_uri[0]`},
	{name: "unknown key", csp: `{"directive":{}}`, wantErr: `response.csp.directive: unknown key`},
	{name: "bad action", csp: `{"action":"replace"}`, wantErr: `response.csp.action: must be one of`},
}

func TestCSPBuilder(t *testing.T) {
	for _, tc := range cspCases {
		t.Run(tc.name, func(t *testing.T) {
			js := `{}`
			if tc.csp != "" {
				js = `{"response":{"csp":` + tc.csp + `}}`
			}
			c, err := policies.ParseConfig([]byte(js))
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("error = %v, want it to contain %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("ParseConfig: %v", err)
			}
			gotName, gotValue := cspOf(ConfigOf(c).Response.rules)
			if gotName != tc.wantName || gotValue != tc.wantValue {
				t.Errorf("got %q: %q\nwant %q: %q", gotName, gotValue, tc.wantName, tc.wantValue)
			}
		})
	}
}

func TestCSPPerRouteOverride(t *testing.T) {
	c := hdParse(t, `{"response":{
		"csp":{"directives":{"img-src":["'self'","https://img.example.com"]}},
		"routes":[
			{"path_prefix":"/embed/","csp":{"directives":{"frame-ancestors":["https://partner.example.com"]}},"headers":{"x-frame-options":false}},
			{"path_prefix":"/docs/","csp":false},
			{"path_prefix":"/fresh/","csp":{"use_defaults":false,"directives":{"default-src":["'none'"]}}}
		]}}`)
	_, global := cspOf(ConfigOf(c).Response.rules)
	if !strings.Contains(global, "img-src 'self' https://img.example.com") {
		t.Fatalf("global CSP %q lacks the configured img-src", global)
	}
	_, embed := cspOf(ConfigOf(c).Response.Routes[0].rules)
	if !strings.Contains(embed, "frame-ancestors https://partner.example.com") || !strings.Contains(embed, "img-src 'self' https://img.example.com") {
		t.Errorf("route CSP %q should merge over the global one", embed)
	}
	if i := findRule(ConfigOf(c).Response.Routes[0].rules, "x-frame-options"); i < 0 || ConfigOf(c).Response.Routes[0].rules[i].Action != actionOff {
		t.Errorf("route x-frame-options should be off")
	}
	if name, _ := cspOf(ConfigOf(c).Response.Routes[1].rules); name != "" {
		t.Errorf("csp false on a route still sends %q", name)
	}
	if _, v := cspOf(ConfigOf(c).Response.Routes[2].rules); v != "default-src 'none'" {
		t.Errorf("use_defaults false on a route: got %q", v)
	}
}

func FuzzCSPSource(f *testing.F) {
	for _, tc := range cspCases {
		f.Add(tc.csp)
	}
	f.Add(`'self'`)
	f.Add(`https://a.example.com:8443/path`)
	f.Fuzz(func(t *testing.T, src string) {
		// As a whole csp object (the parser must never panic) ...
		c, err := policies.ParseConfig([]byte(`{"response":{"csp":` + src + `}}`))
		if err == nil {
			_, v := cspOf(ConfigOf(c).Response.rules)
			if strings.ContainsAny(v, "\r\n\x00,") {
				t.Fatalf("CSP %q from %q contains a forbidden character", v, src)
			}
		}
		// ... and as one source: whatever is accepted cannot end the directive or the header.
		if checkCSPSource(src) == "" {
			if strings.ContainsAny(src, " \t\r\n;,\x00") || src == "" {
				t.Fatalf("checkCSPSource accepted %q", src)
			}
		}
	})
}
