package policies

import "testing"

var tmpInputs = []string{
	"A plain sentence about the product, with punctuation; and some numbers 12.50.",
	"Mozilla/5.0 (X11; Linux x86_64) Firefox/121.0",
	"Item O'Brien 12",
	"description",
	"/api/v1/search",
}

func BenchmarkTmpDetectors(b *testing.B) {
	for _, s := range tmpInputs {
		for _, d := range []struct {
			n string
			f func(string) bool
		}{{"sqli", detectSQLi}, {"xss", detectXSS}, {"nosql", detectNoSQL}, {"proto", detectProtoValue}, {"cmdi", func(s string) bool { return detectCmdi(s, true) }}, {"trav", detectTraversal}, {"ptrav", detectPathTraversal}} {
			b.Run(d.n+"/"+s[:8], func(b *testing.B) {
				for i := 0; i < b.N; i++ {
					d.f(s)
				}
			})
		}
		b.Run("variants/"+s[:8], func(b *testing.B) {
			var buf [maxVariants]string
			for i := 0; i < b.N; i++ {
				valueVariants(s, true, buf[:0])
			}
		})
	}
}
