package policies

import (
	"strings"
	"testing"
)

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
