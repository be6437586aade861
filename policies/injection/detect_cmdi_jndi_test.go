package injection

import (
	"math/rand"
	"regexp"
	"strings"
	"testing"
)

// TestJNDILookupAsPattern: jndiLookup decides as the regular expression it replaces, on strings
// made of the characters that matter to it (and a multi-byte one, and an invalid byte).
func TestJNDILookupAsPattern(t *testing.T) {
	re := regexp.MustCompile(`\$\{[^}]{0,40}jndi\s*:`)
	cases := []string{"${jndi:ldap://x}", "${ jndi :x}", "${jndi:", "${::-j}ndi:", "${" + strings.Repeat("é", 40) + "jndi:",
		"${" + strings.Repeat("é", 41) + "jndi:", "${" + strings.Repeat("a", 40) + "jndi\t\n:", "${}jndi:", "$ {jndi:", "jndi:", "{jndi:"}
	alphabet := []string{"$", "{", "}", "jndi", "j", "ndi", ":", " ", "\t", "a", "é", "\xff", "${"}
	r := rand.New(rand.NewSource(1))
	for range 20000 {
		var b strings.Builder
		for range r.Intn(30) {
			b.WriteString(alphabet[r.Intn(len(alphabet))])
		}
		if r.Intn(3) == 0 {
			b.WriteString(strings.Repeat("a", r.Intn(50)))
			b.WriteString("jndi:")
		}
		cases = append(cases, b.String())
	}
	for _, s := range cases {
		if got, want := jndiLookup(s), re.MatchString(s); got != want {
			t.Errorf("jndiLookup(%q) = %v, the pattern says %v", s, got, want)
		}
	}
}
