package injection

import "testing"

// TestBraceWords: a leading brace expansion becomes the words the shell makes of it, and the
// command-injection verdict reads those words.
func TestBraceWords(t *testing.T) {
	for in, want := range map[string]string{
		"{l,-lh}s": "ls -lhs", "{,echo,#test}": "echo #test", "{cat,/etc/passwd}": "cat /etc/passwd",
		"{,cd,/etc,} x": "cd /etc x",
	} {
		if got, ok := braceWords(in); !ok || got != want {
			t.Errorf("braceWords(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
	for _, in := range []string{"{a b,c}", "{x}", "a{b,c}", "{", "{{a,b}}"} {
		if got, ok := braceWords(in); ok {
			t.Errorf("braceWords(%q) = %q, true", in, got)
		}
	}
	for _, c := range []detectCase{
		{"{l,-lh}s", true}, {"{/?s?/?i?/c?t,}", true}, {"{cat,/etc/passwd}", true},
		{"{red,green,blue}", false}, {"{1,2,3}", false}, {"*.{js,ts}", false},
	} {
		if got := cmdiAt(c.in, true, 2); got != c.want {
			t.Errorf("cmdiAt(%q) = %v, want %v", c.in, got, c.want)
		}
	}
}
