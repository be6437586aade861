package injection

import "testing"

// webBenchValues are the values BenchmarkWebFamily runs the web family (XSS, traversal,
// prototype pollution) on: ordinary values of every kind an API sees, then a few attacks.
var webBenchValues = []struct{ name, loc, v string }{
	{"number", LocBody, "12.5"},
	{"integer", LocQuery, "42"},
	{"word", LocBody, "price"},
	{"sentence", LocBody, "A plain sentence about the product, with punctuation; and some numbers 12.50."},
	{"apostrophe", LocBody, "Item O'Brien 17"},
	{"user_agent", LocHeader, "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36"},
	{"accept", LocHeader, "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,image/apng,*/*;q=0.8,application/signed-exchange;v=b3;q=0.7"},
	{"cookie", LocCookie, "_ga=GA1.2.1234567890.1700000000; theme=dark; session=3f9a1c2e7b"},
	{"url", LocQuery, "https://example.com/docs/guide/intro.html?page=2&sort=asc#install"},
	{"file_path", LocBody, "src/components/Button.tsx"},
	{"url_path", LocPath, "/api/v1/items/123/reviews"},
	{"date", LocBody, "2024-05-01T12:30:00Z"},
	{"email", LocBody, "jane.doe@example.com"},
	{"json_ish", LocBody, `{"a":1,"b":"x","c":[true,null]}`},
	{"attack_xss", LocBody, `<img src=x onerror=alert(1)>`},
	{"attack_script_url", LocQuery, "javascript:alert(document.cookie)"},
	{"attack_traversal", LocQuery, "../../../etc/passwd"},
	{"attack_path", LocPath, "/static/..%2f..%2fetc/passwd"},
	{"attack_proto", LocBody, `{"__proto__":{"admin":true}}`},
}

// BenchmarkWebFamily measures the web family's detectors alone, as detectAll runs them, on each
// of webBenchValues.
func BenchmarkWebFamily(b *testing.B) {
	for _, tc := range webBenchValues {
		b.Run(tc.name, func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				detectAll(tc.v, tc.loc, false, famXSS|famTraversal|famProto, 2)
			}
		})
	}
}
