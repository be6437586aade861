package injection

import (
	"bytes"
	"strings"
	"testing"
)

// xssCases extend detectTables["xss"] with the shapes the signal rules exist for.
var xssCases = []detectCase{
	{"<v:vmlframe src=\"foo.com/sup.fml\"/>", true}, {"<xi:include href=\"http://x/foo\"/>", true},
	{"ja\tvascript:alert(1)", true}, {"v\nb\ts\nc\nr\ti\tp\nt::", true}, {"x=x:url(javascript", true},
	{"document/*foo*/./*bar*/cookie", true}, {"(document)[\"cookie\"]", true}, {"a=(![]+[])[+!+[]]", true},
	{"<!--#exec cmd=\"id\"-->", true}, {"foo!ENTITY % bar SYSTEM", true}, {"\xbcscript\xbealert(1)\xbc/script\xbe", true},
	{"<img\nsrc=x\nonerror=alert(1)>", true}, {"\" autofocus onfocus=\"alert(1)", true}, {"'-alert(1)-'", true},
	{"![](image.png) and ![alt](b.png)", false}, {"https://example.com/path?x=1&y=2#frag", false},
	{"Mozilla/5.0 (X11; Linux x86_64) Firefox/121.0", false}, {"document.getElementById('app').classList.add('ready')", false},
	{"The onload event fires when the page is ready.", false}, {"JavaScript:\nthe good parts", false},
	{"alert me when the price drops", false}, {"I <3 this product", false},
	// Tags named in prose, with nothing to run (inertMarkup), and the payloads next to them.
	{"how to escape <script> tags in HTML", false},
	{"To avoid XSS escape `<` as `&lt;` and never put raw input inside a `<script>` block.", false},
	{"why does <iframe> not show my page", false},
	{"We allow `<b>`, `<i>` and `<a href>`. Strip `<script>` and on* attributes server-side, not regex.", false},
	{"we allow <img src onerror> tags in posts", false}, {"we allow <img src onerror=alert(1)> tags in posts", true},
	{"<svg onload> then <script>alert(1)</script> words", true},
	{"how to escape <script>alert(1)</script> tags", true}, {"<script>alert`1`</script> is a classic", true},
	{"<script>alert `1` is the tagged form", true}, {"<script>location=name</script> says hello", true},
	{"<script>throw onerror=alert,1</script> here we go", true}, {"hello there friend \"><script>", true},
	{"<script src=//evil.example/x.js></script> as a test", true}, {"<style>@import 'x'</style> some text here", true},
	{"<scr<script>ipt>alert(1)</scr</script>ipt> more words", true}, {"<svg><script>a[1]</script> words and more", true},
	{"<script>\\u0061lert </script> plus prose words", true}, {"<!--<script> comment words here", true},
	// Passive documents (passiveMarkup): SVG drawings and XML data; active content in them blocks.
	{`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><title>Acme</title><path d="M12 2L2 22h20L12 2z" fill="#e11"/></svg>`, false},
	{`<DIDL-Lite xmlns="urn:schemas-upnp-org:metadata-1-0/DIDL-Lite/"><item><dc:title>Don't Stop Me Now</dc:title></item></DIDL-Lite>`, false},
	{`<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><path d="M0 0"/></svg>`, true},
	{`<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>`, true},
	{`<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>`, true},
	{`<svg><animate attributeName="href" values="javascript:alert(1)"/></svg>`, true},
	{`<svg><set attributeName="onmouseover" to="alert(1)"/></svg>`, true},
	{`<svg><foreignObject><body>x</body></foreignObject></svg>`, true},
	{`<svg><use href="data:image/svg+xml;base64,PHN2Zz4="/></svg>`, true},
	{`<dc:title><img src=x onerror=alert(1)></dc:title>`, true},
	{`<svg:script>alert(1)</svg:script>`, true},
}

func TestDetectXSSSignals(t *testing.T) {
	for _, c := range xssCases {
		t.Run(c.in, func(t *testing.T) {
			if got := detectXSS(c.in); got != c.want {
				t.Errorf("detectXSS(%q) = %v, want %v", c.in, got, c.want)
			}
		})
	}
}

func FuzzDetectXSSSignals(f *testing.F) {
	for _, c := range xssCases {
		f.Add(c.in)
	}
	f.Fuzz(func(t *testing.T, s string) {
		detectXSS(s)
		if splitScheme([]byte(s)) && !bytes.Contains([]byte(s), []byte("script:")) && !bytes.Contains([]byte(s), []byte(" ")) {
			t.Fatalf("splitScheme(%q) without a space", s)
		}
	})
}

// benchValues are typical parameter values: names, prose, numbers, tokens, a URL.
var benchValues = []string{"O'Brien", "Item O'Brien 12", "A plain sentence about the product, with punctuation; and some numbers 12.50.",
	"12.5", "price", "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c",
	"https://example.com/path?x=1&y=2#frag", "Mozilla/5.0 (X11; Linux x86_64) Firefox/121.0", "sid=abc123", "dark",
	"What's the difference between 'and' and 'or'?", "<b>bold</b> and <i>italic</i>"}

var benchAttacks = []string{"' OR '1'='1", "1 UNION SELECT username, password FROM users", "<script>alert(1)</script>",
	"<img src=x onerror=alert(1)>", "1' AND SLEEP(5)--", "javascript:alert(1)"}

func benchDetector(b *testing.B, fn func(string) bool, values []string) {
	n := 0
	for _, v := range values {
		n += len(v)
	}
	b.SetBytes(int64(n))
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		for _, v := range values {
			fn(v)
		}
	}
}

func BenchmarkDetectSQLiBenign(b *testing.B)  { benchDetector(b, detectSQLi, benchValues) }
func BenchmarkDetectSQLiAttacks(b *testing.B) { benchDetector(b, detectSQLi, benchAttacks) }
func BenchmarkDetectXSSBenign(b *testing.B)   { benchDetector(b, detectXSS, benchValues) }
func BenchmarkDetectXSSAttacks(b *testing.B)  { benchDetector(b, detectXSS, benchAttacks) }

// BenchmarkDetectSQLiXSSLong measures 64 KiB values: ordinary prose and adversarial runs.
func BenchmarkDetectSQLiXSSLong(b *testing.B) {
	for _, tc := range []struct{ name, v string }{
		{"prose", strings.Repeat("A plain sentence about the product, with punctuation; and some numbers 12.50. O'Brien said (maybe) yes or no. ", 600)},
		{"quotes", strings.Repeat("'", 64<<10)},
		{"comments", strings.Repeat("/*", 32<<10)},
		{"tags", strings.Repeat("<a ", 21<<10)},
		{"words", strings.Repeat("UnIoN SeLeCt ", 5<<10)},
	} {
		b.Run(tc.name, func(b *testing.B) {
			b.SetBytes(int64(len(tc.v)))
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				detectSQLi(tc.v)
				detectXSS(tc.v)
			}
		})
	}
}

// TestMaskElementTextCopies: masking <pre> and <code> text never writes the folded value the
// other XSS checks read afterwards.
func TestMaskElementTextCopies(t *testing.T) {
	l := []byte("<p>a</p><pre>window.location = x</pre>")
	orig := string(l)
	m := maskElementText(l, "pre", maskElementText(l, "code", nil))
	if string(l) != orig {
		t.Fatalf("the input was modified: %q", l)
	}
	if m == nil || string(m) != "<p>a</p><pre>"+strings.Repeat(" ", len("window.location = x"))+"</pre>" {
		t.Fatalf("masked = %q", m)
	}
	if maskElementText([]byte("<p>x</p>"), "pre", nil) != nil {
		t.Fatal("nothing to mask must give nil")
	}
}
