package policies

import (
	"regexp"

	"github.com/edgeward/edgeward/policies/internal/rx"
)

// mustCompile compiles one of the package's own patterns. Every pattern of the package goes
// through it (TestRegexpSources checks), so that TestRegexpDepth can walk them all: none may have
// a syntax tree deeper than rx.MaxDepth, which a small Wasm stack could not hold while
// regexp/syntax compiles it (package rx says why).
func mustCompile(pattern string) *regexp.Regexp { return rx.MustCompile(pattern) }
