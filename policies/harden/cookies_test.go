package harden

import (
	"strings"
	"testing"

	"github.com/edgeward/edgeward/policies"
)

func defaultCookieConfig(t testing.TB) CookieConfig {
	return ConfigOf(hdParse(t, `{}`)).Response.Cookies
}

var cookieCases = []struct {
	name    string
	cfg     string // response.cookies, "" for defaults
	in      string
	want    string
	changed bool
}{
	{name: "contract", in: "sid=abc123; Path=/", want: "sid=abc123; Path=/; Secure; HttpOnly; SameSite=Lax", changed: true},
	{name: "bare", in: "a=b", want: "a=b; Secure; HttpOnly; SameSite=Lax", changed: true},
	{name: "already hardened", in: "a=b; Secure; HttpOnly; SameSite=Strict", want: "a=b; Secure; HttpOnly; SameSite=Strict"},
	{name: "lower-case attributes not duplicated", in: "a=b; secure; httponly; samesite=lax", want: "a=b; secure; httponly; samesite=lax"},
	{name: "mixed-case attributes with spaces", in: "a=b;SECURE ; HTTPONLY;  SameSite = Strict", want: "a=b;SECURE ; HTTPONLY;  SameSite = Strict"},
	{name: "quoted value kept exactly", in: `a="x y=z"; Path=/`, want: `a="x y=z"; Path=/; Secure; HttpOnly; SameSite=Lax`, changed: true},
	{name: "expires with commas", in: "id=a3fWa; Expires=Wed, 21 Oct 2015 07:28:00 GMT; Max-Age=3600",
		want: "id=a3fWa; Expires=Wed, 21 Oct 2015 07:28:00 GMT; Max-Age=3600; Secure; HttpOnly; SameSite=Lax", changed: true},
	{name: "other attributes preserved", in: "a=b; Domain=.Example.com; Path=/x; Partitioned; Priority=High; Foo",
		want: "a=b; Domain=.Example.com; Path=/x; Partitioned; Priority=High; Foo; Secure; HttpOnly; SameSite=Lax", changed: true},
	{name: "trailing semicolon", in: "a=b; Path=/;", want: "a=b; Path=/; Secure; HttpOnly; SameSite=Lax", changed: true},
	{name: "existing SameSite=None kept, gains Secure", in: "a=b; SameSite=None", want: "a=b; SameSite=None; Secure; HttpOnly", changed: true},
	{name: "existing valid SameSite kept", in: "a=b; SameSite=Strict; Secure", want: "a=b; SameSite=Strict; Secure; HttpOnly", changed: true},
	{name: "invalid SameSite replaced", in: "a=b; SameSite=foo; Secure; HttpOnly", want: "a=b; Secure; HttpOnly; SameSite=Lax", changed: true},
	{name: "empty SameSite replaced", in: "a=b; SameSite; Secure; HttpOnly", want: "a=b; Secure; HttpOnly; SameSite=Lax", changed: true},
	{name: "duplicate SameSite collapses to the last", in: "a=b; SameSite=None; Secure; HttpOnly; SameSite=Strict", want: "a=b; Secure; HttpOnly; SameSite=Strict", changed: true},
	{name: "secure with a value counts", in: "a=b; Secure=1; HttpOnly=yes; SameSite=Lax", want: "a=b; Secure=1; HttpOnly=yes; SameSite=Lax"},
	{name: "semicolon in quotes splits as in browsers: invalid SameSite=None\" replaced", in: `a="x; SameSite=None"`, want: `a="x; Secure; HttpOnly; SameSite=Lax`, changed: true},
	{name: "nameless cookie", in: "justvalue", want: "justvalue; Secure; HttpOnly; SameSite=Lax", changed: true},
	{name: "empty value", in: "", want: ""},
	{name: "CR LF left alone", in: "a=b\r\nx: y", want: "a=b\r\nx: y"},
	{name: "script-readable default name", in: "XSRF-TOKEN=t; Path=/", want: "XSRF-TOKEN=t; Path=/; Secure; SameSite=Lax", changed: true},
	{name: "script-readable keeps upstream HttpOnly", in: "XSRF-TOKEN=t; HttpOnly", want: "XSRF-TOKEN=t; HttpOnly; Secure; SameSite=Lax", changed: true},
	{name: "script-readable configured", cfg: `{"script_readable":["ui_prefs"]}`, in: "ui_prefs=dark", want: "ui_prefs=dark; Secure; SameSite=Lax", changed: true},
	{name: "configured list replaces default", cfg: `{"script_readable":["ui_prefs"]}`, in: "XSRF-TOKEN=t", want: "XSRF-TOKEN=t; Secure; HttpOnly; SameSite=Lax", changed: true},
	{name: "per-name SameSite wins over upstream", cfg: `{"same_site_by_name":{"sso":"None"}}`, in: "sso=1; SameSite=Lax; Path=/", want: "sso=1; Path=/; Secure; HttpOnly; SameSite=None", changed: true},
	{name: "per-name SameSite names are case-sensitive", cfg: `{"same_site_by_name":{"sso":"None"}}`, in: "SSO=1", want: "SSO=1; Secure; HttpOnly; SameSite=Lax", changed: true},
	{name: "per-name equal to upstream untouched", cfg: `{"same_site_by_name":{"sso":"strict"}}`, in: "sso=1; samesite=STRICT; Secure; HttpOnly", want: "sso=1; samesite=STRICT; Secure; HttpOnly"},
	{name: "default Strict", cfg: `{"same_site":"Strict"}`, in: "a=b", want: "a=b; Secure; HttpOnly; SameSite=Strict", changed: true},
	{name: "override_same_site", cfg: `{"override_same_site":true}`, in: "a=b; SameSite=None; Secure; HttpOnly", want: "a=b; Secure; HttpOnly; SameSite=Lax", changed: true},
	{name: "secure off", cfg: `{"secure":false}`, in: "a=b", want: "a=b; HttpOnly; SameSite=Lax", changed: true},
	{name: "secure off but SameSite=None forces it", cfg: `{"secure":false,"same_site":"None"}`, in: "a=b", want: "a=b; Secure; HttpOnly; SameSite=None", changed: true},
	{name: "secure off but __Host- forces it", cfg: `{"secure":false}`, in: "__Host-id=1; Path=/", want: "__Host-id=1; Path=/; Secure; HttpOnly; SameSite=Lax", changed: true},
	{name: "secure off but Partitioned forces it", cfg: `{"secure":false}`, in: "p=1; Partitioned", want: "p=1; Partitioned; Secure; HttpOnly; SameSite=Lax", changed: true},
	{name: "http_only off", cfg: `{"http_only":false}`, in: "a=b", want: "a=b; Secure; SameSite=Lax", changed: true},
}

func TestCookieRewrite(t *testing.T) {
	for _, tc := range cookieCases {
		t.Run(tc.name, func(t *testing.T) {
			js := `{}`
			if tc.cfg != "" {
				js = `{"response":{"cookies":` + tc.cfg + `}}`
			}
			c := ConfigOf(hdParse(t, js)).Response.Cookies
			got, changed := c.rewrite(tc.in)
			if got != tc.want || changed != tc.changed {
				t.Errorf("rewrite(%q)\n got %q, %v\nwant %q, %v", tc.in, got, changed, tc.want, tc.changed)
			}
			if again, ch := c.rewrite(got); again != got || ch {
				t.Errorf("not idempotent: %q -> %q", got, again)
			}
		})
	}
}

func TestCookieOpsSeveral(t *testing.T) {
	c := defaultCookieConfig(t)
	hs := policies.Headers{
		{Name: "content-type", Value: "text/html"},
		{Name: "set-cookie", Value: "a=1; Path=/"},
		{Name: "set-cookie", Value: "b=2; Expires=Thu, 01 Jan 2099 00:00:00 GMT; Secure; HttpOnly; SameSite=Strict"},
		{Name: "set-cookie", Value: "c=3"},
	}
	got := c.cookieOps(hs)
	want := []policies.HeaderOp{
		{Kind: policies.RemoveHeader, Name: "set-cookie"},
		{Kind: policies.AddHeader, Name: "set-cookie", Value: "a=1; Path=/; Secure; HttpOnly; SameSite=Lax"},
		{Kind: policies.AddHeader, Name: "set-cookie", Value: "b=2; Expires=Thu, 01 Jan 2099 00:00:00 GMT; Secure; HttpOnly; SameSite=Strict"},
		{Kind: policies.AddHeader, Name: "set-cookie", Value: "c=3; Secure; HttpOnly; SameSite=Lax"},
	}
	if len(got) != len(want) {
		t.Fatalf("got %d ops %+v, want %d", len(got), got, len(want))
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("op %d: got %+v, want %+v", i, got[i], want[i])
		}
	}
	if ops := c.cookieOps(policies.Headers{{Name: "set-cookie", Value: "a=1; Secure; HttpOnly; SameSite=Lax"}}); ops != nil {
		t.Errorf("nothing to change, got ops %+v", ops)
	}
	off := ConfigOf(hdParse(t, `{"response":{"cookies":{"enabled":false}}}`)).Response.Cookies
	if ops := off.cookieOps(hs); ops != nil {
		t.Errorf("cookies disabled, got ops %+v", ops)
	}
}

func TestCookieConfigErrors(t *testing.T) {
	for _, tc := range []struct{ cfg, want string }{
		{`{"same_site":"lax-ish"}`, `response.cookies.same_site: must be "Strict", "Lax" or "None"`},
		{`{"same_site_by_name":{"a b":"Lax"}}`, `invalid cookie name`},
		{`{"same_site_by_name":{"a":"Sometimes"}}`, `response.cookies.same_site_by_name.a: must be`},
		{`{"script_readable":[""]}`, `response.cookies.script_readable[0]: must not be empty`},
		{`{"secure":"yes"}`, `response.cookies.secure: must be a boolean`},
	} {
		t.Run(tc.cfg, func(t *testing.T) {
			_, err := policies.ParseConfig([]byte(`{"response":{"cookies":` + tc.cfg + `}}`))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error = %v, want %q", err, tc.want)
			}
		})
	}
}

func FuzzCookieRewrite(f *testing.F) {
	for _, tc := range cookieCases {
		f.Add(tc.in)
	}
	c := defaultCookieConfig(f)
	f.Fuzz(func(t *testing.T, in string) {
		out, changed := c.rewrite(in)
		if !changed {
			if out != in {
				t.Fatalf("unchanged but different: %q -> %q", in, out)
			}
			return
		}
		// The original, trailing empty attributes aside, is kept as a prefix (SameSite segments
		// aside): the name and value never change.
		first := strings.SplitN(in, ";", 2)[0]
		if !strings.HasPrefix(out, first) {
			t.Fatalf("name/value changed: %q -> %q", in, out)
		}
		again, ch := c.rewrite(out)
		if ch || again != out {
			t.Fatalf("not idempotent: %q -> %q -> %q", in, out, again)
		}
		var secure, samesite int
		for _, seg := range strings.Split(out, ";")[1:] {
			an, _, _ := strings.Cut(seg, "=")
			switch strings.ToLower(strings.Trim(an, " \t")) {
			case "secure":
				secure++
			case "samesite":
				samesite++
			}
		}
		if secure == 0 || samesite != 1 {
			t.Fatalf("%q -> %q: %d Secure, %d SameSite", in, out, secure, samesite)
		}
	})
}
