package injection

import (
	"encoding/json"
	"net/url"
	"strings"
	"testing"

	"github.com/edgeward/edgeward/policies"
)

// webShape is a benign request of a shape a web-family precision change lets pass, and the
// same request with attacks placed where the benign value was: each twin must still block.
type webShape struct {
	name, method, path, ct, body string
	// at is the benign value inside path or body; each twin replaces it.
	at    string
	twins []string
	// enc encodes a twin for where it goes (JSON string, query component); nil: as it is.
	enc func(string) string
}

func jsonText(s string) string {
	b, _ := json.Marshal(s)
	return strings.Trim(string(b), `"`)
}

// runWebShapes checks each shape with the default configuration and with waf.json: the benign
// request is allowed, every twin blocked.
func runWebShapes(t *testing.T, shapes []webShape) {
	t.Helper()
	for name, e := range map[string]*policies.Engine{"default": injEngine(t, `{}`), "waf.json": wafEngine(t)} {
		for _, s := range shapes {
			if !strings.Contains(s.path+s.body, s.at) {
				t.Fatalf("%s: value %q is not in the request", s.name, s.at)
			}
			d, _ := runInj(e, injReq{method: s.method, path: s.path, ct: s.ct, body: s.body})
			if d.Action == policies.Deny {
				t.Errorf("%s: %s: benign request blocked (%d)", name, s.name, d.Status)
			}
			if len(s.twins) == 0 {
				t.Fatalf("%s: no attack twins", s.name)
			}
			for _, tw := range s.twins {
				v := tw
				if s.enc != nil {
					v = s.enc(tw)
				}
				d, _ := runInj(e, injReq{method: s.method, path: strings.Replace(s.path, s.at, v, 1), ct: s.ct,
					body: strings.Replace(s.body, s.at, v, 1)})
				if d.Action != policies.Deny || d.Status != 403 {
					t.Errorf("%s: %s: attack twin passed: %q", name, s.name, tw)
				}
			}
		}
	}
}

// TestTraversalShapes: globs in search queries, directories of /var/lib, a sentence read as one
// path, URLs whose dot-segments stay under their root and a repository file named in an API
// path pass; the attacks in the same places do not.
func TestTraversalShapes(t *testing.T) {
	q := func(s string) string { return strings.ReplaceAll(url.QueryEscape(s), "%2F", "/") }
	runWebShapes(t, []webShape{
		{name: "search wildcard", method: "POST", path: "/tickets/_search", ct: "application/json",
			body: `{"query": {"wildcard": {"path.keyword": {"value": "/var/log/nginx/*.log"}}}}`, at: "/var/log/nginx/*.log",
			twins: []string{"/var/log/nginx/access.log", "/etc/passwd*", "/var/log/nginx/*/../../../../etc/passwd",
				"/etc/passwd /var/log/nginx/*.log", "../../../../var/log/apache2/access.log", "/proc/self/environ"}, enc: jsonText},
		{name: "KQL windows glob", method: "GET",
			path: "/api/search?q=file.path+%3A+C%5C%3A%5C%5CWindows%5C%5CSystem32%5C%5C%2A+and+event.action+%3A+%22deletion%22&page=1",
			at:   "C%5C%3A%5C%5CWindows%5C%5CSystem32%5C%5C%2A",
			twins: []string{`C:\Windows\System32\config\SAM`, `C:\Windows\win.ini`, `..\..\..\..\Windows\System32\*`,
				`C:\Windows\System32\drivers\etc\hosts`}, enc: url.QueryEscape},
		{name: "Windows directory in a script", method: "POST", path: "/api/snippets", ct: "application/json",
			body: `{"body": "Get-ChildItem -Path C:\\Windows\\Temp | Remove-Item -Recurse"}`, at: `C:\\Windows\\Temp`,
			twins: []string{`C:\Windows\System.ini`, `C:\Windows\Temp\evil.aspx`, `C:\Windows\repair\sam`,
				`C:\Windows\Panther\Unattend.xml`, `C:\Windows\System32\config\SAM`}, enc: jsonText},
		{name: "line protocol", method: "POST", path: "/api/v2/write?org=acme&bucket=telemetry&precision=ns", ct: "text/plain; charset=utf-8",
			body: `disk,host=db\ primary,mount=/var/lib/postgresql free=1.2e+10,used_pct=88.5 1715600600000000000`, at: "/var/lib/postgresql",
			twins: []string{"/var/run/secrets/kubernetes.io/serviceaccount/token", "/var/lib/mysql/mysql/user.MYD",
				"/var/lib/php/sessions/sess_abc123", "/var/run/docker.sock", "/var/spool/cron/crontabs/root", "/var/mail/root",
				"/etc/shadow"}},
		{name: "volume mount path", method: "POST", path: "/validate-pods", ct: "application/json",
			body: `{"request": {"object": {"spec": {"containers": [{"volumeMounts": [{"name": "data", "mountPath": "/var/lib/data"}]}]}}}}`,
			at:   "/var/lib/data", twins: []string{"/var/run/secrets/kubernetes.io/serviceaccount/token", "/var/lib/kubelet/config.yaml",
				"/var/run/utmp", "/var/lib/mlocate/mlocate.db"}},
		{name: "sentence as one path", method: "POST", path: "/webhooks/gitlab", ct: "application/json",
			body: `{"commit": {"message": "test: add case for path ../../config.yml rejection"}}`, at: "../../config.yml",
			twins: []string{"../../../config.yml", "../../etc/passwd", "../../../../etc/passwd", "..\\..\\..\\config.yml",
				"../../.env", "../../../../../../windows/win.ini"}, enc: jsonText},
		{name: "URL dot-segments", method: "POST", path: "/api/links", ct: "application/json",
			body: `{"long_url": "https://example.com/files/../images/logo.png", "domain": "exm.pl"}`,
			at:   "https://example.com/files/../images/logo.png",
			twins: []string{"https://example.com/files/../../../etc/passwd", "https://example.com/files/../etc/passwd",
				"https://example.com/files/../.env", "https://example.com/files/..%2f..%2f..%2fetc/passwd",
				"https://example.com/files/..;/..;/admin", "https://example.com/a/../b?x=../../../etc/passwd",
				"file:///var/www/../../etc/passwd"}, enc: jsonText},
		{name: "repository file in an API path", method: "GET",
			path: "/api/v4/projects/acme%2Fapi/repository/files/config%2Fdatabase.yml/raw?ref=main", at: "config%2Fdatabase.yml/raw",
			twins: []string{"config%2Fdatabase.yml", "config.php/raw", "..%2F..%2F..%2Fetc%2Fpasswd/raw", ".env/raw", "x/.git/config"}, enc: q},
	})
}

func TestPathLeavesBase(t *testing.T) {
	for _, c := range []detectCase{{"test: add case for path ../../config.yml rejection", false}, {"a/../b", false},
		{"see ../../x", false}, {"see ../../../x", true}, {"../x", true}, {"/../x", true}, {"a/.../../b", true},
		{"a/b/.. /../../c", true}, {"a/..;/..;/b", true}, {"./a/./../b", false}, {"a b/c d/../../e", false}} {
		if got := pathLeavesBase(c.in); got != c.want {
			t.Errorf("pathLeavesBase(%q) = %v, want %v", c.in, got, c.want)
		}
	}
}

func TestSensitiveFileNamed(t *testing.T) {
	for _, c := range []detectCase{{"/var/log/nginx/*.log", false}, {"c:/windows/system32/*", false}, {"/etc/nginx/*", false},
		{"/var/log/nginx/access.log", true}, {"/etc/passwd*", true}, {"/etc/passwd *.log", true}, {"*.log /etc/shadow", true},
		{"/etc/passwd", true}, {"c:/windows/system32/config/sam", true}, {"/var/lib/postgresql", false}, {"c:/windows/temp", false}, {"c:/windows/system.ini", true}, {"/var/lib/mysql/ibdata1.ibd", true}} {
		if got := sensitiveFileNamed(c.in); got != c.want {
			t.Errorf("sensitiveFileNamed(%q) = %v, want %v", c.in, got, c.want)
		}
	}
	// Many sensitive directories with globs: bounded, and reported.
	if !sensitiveFileNamed(strings.Repeat("/etc/nginx/* ", 40)) {
		t.Error("a value with more than maxSensitiveMatches globbed directories is not reported")
	}
}

// TestWebReadingsLinear: the web family's readings (a sentence as one path, globbed
// directories, DOM writes in prose, style attributes) take linear time on values made of many
// of them.
func TestWebReadingsLinear(t *testing.T) {
	detect := func(in string) {
		for _, v := range valueVariants(in, true, nil) {
			detectAll(v, LocBody, false, famAll, 4)
		}
	}
	for _, in := range []struct {
		name, prefix, unit string
		count              int
	}{
		{"sentence of dot runs", "word word word word ", "a/b/../../", 1 << 17},
		{"globbed directories", "", "/var/log/nginx/*.log ", 1 << 16},
		{"DOM writes in prose", "Why does my ", "a b x.innerHTML = 1 ", 1 << 16},
		{"style attributes", "", "style=\"width:1\" ", 1 << 16},
		{"URL dot segments", "https://example.com/", "a/../", 1 << 17},
	} {
		t.Run(in.name, func(t *testing.T) {
			small, large := in.prefix+strings.Repeat(in.unit, in.count/8), in.prefix+strings.Repeat(in.unit, in.count)
			ratio, ok := growth(func() { detect(small) }, func() { detect(large) }, func(r float64) bool { return r <= linearBound })
			t.Logf("%d → %d bytes: %.1fx the time", len(small), len(large), ratio)
			if !ok {
				t.Errorf("%d → %d bytes took %.1fx the time (bound %.0fx): not linear", len(small), len(large), ratio, linearBound)
			}
		})
	}
}
