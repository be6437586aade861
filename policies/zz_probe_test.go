package policies

import (
	"fmt"
	"os"
	"strings"
	"testing"

	libinjection "github.com/corazawaf/libinjection-go"
)

func TestZZProbe(t *testing.T) {
	for _, s := range strings.Split(os.Getenv("PROBE"), "\x1f") {
		ok, fp := libinjection.IsSQLi(s)
		t.Logf("%q sqli=%v lib=%v fp=%q xss=%v libx=%v", s, detectSQLi(s), ok, fp, detectXSS(s), libinjection.IsXSS(s))
	}
}

func TestZZRules(t *testing.T) {
	for _, s := range strings.Split(os.Getenv("PROBE"), "\x1f") {
		p := getFoldBuf(len(s))
		sig, strong := scanSQL(s, p)
		t.Logf("%q sig=%x strong=%d rule=%d", s, sig, strong, matchRules(sqliRules, sig, *p))
		putFoldBuf(p)
	}
}

func TestZZRuleRuns(t *testing.T) {
	for _, s := range append(benchValues, strings.Repeat("A plain sentence about the product, with punctuation; and some numbers 12.50. O'Brien said (maybe) yes or no. ", 2)) {
		p := getFoldBuf(len(s))
		sig, _ := scanSQL(s, p)
		var ran []int
		for i := range sqliRules {
			r := &sqliRules[i]
			if r.need != 0 && sig&r.need == 0 || r.need2 != 0 && sig&r.need2 == 0 {
				continue
			}
			ran = append(ran, i)
		}
		q := getFoldBuf(len(s))
		xs := scanXSS(s, q)
		var xran []int
		for i := range xssRules {
			r := &xssRules[i]
			if r.need != 0 && xs&r.need == 0 || r.need2 != 0 && xs&r.need2 == 0 {
				continue
			}
			xran = append(xran, i)
		}
		ok, _ := libinjection.IsSQLi(s)
		t.Logf("%.40q sqli=%v lib=%v runs=%v xss=%v", s, sqliVerdict(s, *p, sig, 0), ok, ran, xran)
	}
}

func BenchmarkZZPerValue(b *testing.B) {
	for i, v := range benchValues {
		b.Run(fmt.Sprintf("sqli%d", i), func(b *testing.B) {
			b.ReportAllocs()
			for n := 0; n < b.N; n++ {
				detectSQLi(v)
			}
		})
		b.Run(fmt.Sprintf("xss%d", i), func(b *testing.B) {
			b.ReportAllocs()
			for n := 0; n < b.N; n++ {
				detectXSS(v)
			}
		})
		b.Run(fmt.Sprintf("lib%d", i), func(b *testing.B) {
			b.ReportAllocs()
			for n := 0; n < b.N; n++ {
				libinjection.IsSQLi(v)
			}
		})
	}
}

func BenchmarkZZRules(b *testing.B) {
	for _, v := range []string{"what's the difference between 'and' and 'or'?", "a plain sentence about the product, with punctuation; and some numbers 12.50. o'brien said (maybe) yes or no."} {
		for i := range sqliRules {
			b.Run(fmt.Sprintf("%d", i), func(b *testing.B) {
				for n := 0; n < b.N; n++ {
					sqliRules[i].re.Match([]byte(v))
				}
			})
		}
	}
}
