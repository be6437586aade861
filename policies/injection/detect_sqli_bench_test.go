package injection

import "testing"

// sqliBenchValues are the values the SQL family's micro-benchmark measures one by one: what
// parameters, headers and JSON fields usually hold, then a few attacks. The names are short so
// that benchstat's per-value table stays readable.
var sqliBenchValues = []struct{ name, v string }{
	{"number", "12.5"},
	{"int", "20481"},
	{"word", "price"},
	{"words", "wireless headphones"},
	{"sentence", "A plain sentence about the product, with punctuation; and some numbers 12.50."},
	{"obrien", "O'Brien"},
	{"item_obrien", "Item O'Brien 12"},
	{"quoted_prose", "What's the difference between 'and' and 'or'?"},
	{"user_agent", "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36"},
	{"accept", "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,image/apng,*/*;q=0.8,application/signed-exchange;v=b3;q=0.7"},
	{"cookie", "sid=abc123; theme=dark; _ga=GA1.2.1234567890.1700000000"},
	{"url", "https://example.com/path/to/page?x=1&y=2#frag"},
	{"path", "/var/www/html/assets/img/logo-2x.png"},
	{"date", "2024-03-15T10:22:31Z"},
	{"json_ish", `{"id": 42, "name": "Widget", "tags": ["a", "b"], "price": 12.5}`},
	{"jwt", "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c"},
	{"email", "jane.doe+shop@example.com"},
	{"atk_tautology", "' OR '1'='1"},
	{"atk_union", "1 UNION SELECT username, password FROM users"},
	{"atk_sleep", "1' AND SLEEP(5)--"},
	{"atk_nosql", `{"$ne": null}`},
}

// BenchmarkSQLiFamily measures the SQL family's detectors as detectAll runs them at the default
// sensitivity (detectSQLi, then detectNoSQL) on each value, and each detector alone.
func BenchmarkSQLiFamily(b *testing.B) {
	for _, tc := range sqliBenchValues {
		b.Run(tc.name, func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				_ = detectSQLi(tc.v) || detectNoSQL(tc.v)
			}
		})
	}
}

func BenchmarkSQLiDetect(b *testing.B) {
	for _, tc := range sqliBenchValues {
		b.Run(tc.name, func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				detectSQLi(tc.v)
			}
		})
	}
}

func BenchmarkSQLiNoSQL(b *testing.B) {
	for _, tc := range sqliBenchValues {
		b.Run(tc.name, func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				detectNoSQL(tc.v)
			}
		})
	}
}

// BenchmarkSQLiStrict is sensitivity 3's extra SQL pass.
func BenchmarkSQLiStrict(b *testing.B) {
	for _, tc := range sqliBenchValues {
		b.Run(tc.name, func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				detectSQLiStrict(tc.v, 3)
			}
		})
	}
}
