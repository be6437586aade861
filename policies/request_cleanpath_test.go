package policies

import (
	"math/rand"
	"testing"
)

// TestCleanPathFastPath holds cleanPath's shortcut for paths that are already clean to what
// splitting and joining them returns, on every short path over "/", ".", "a" and on random
// longer ones.
func TestCleanPathFastPath(t *testing.T) {
	check := func(p string) {
		if got, want := cleanPath(p), cleanPathSegments(p); got != want {
			t.Fatalf("cleanPath(%q) = %q, want %q", p, got, want)
		}
	}
	const alphabet = "/.a"
	paths := []string{""}
	for n := 0; n < 7; n++ {
		var next []string
		for _, p := range paths {
			for i := range len(alphabet) {
				next = append(next, p+alphabet[i:i+1])
			}
		}
		paths = next
		for _, p := range paths {
			check(p)
		}
	}
	rng := rand.New(rand.NewSource(7))
	for range 20000 {
		b := make([]byte, rng.Intn(40))
		for i := range b {
			b[i] = "/.ab%"[rng.Intn(5)]
		}
		check(string(b))
	}
	for _, p := range []string{"/", "/api/v1/search", "/a/", "//", "/./", "/..", "/a/..", "/a/.b", "/a/b../c"} {
		check(p)
	}
}
