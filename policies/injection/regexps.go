package injection

import "github.com/edgeward/edgeward/policies/internal/rx"

// mustCompile declares one of the package's own patterns, compiled on first use (rx.Lazy: a VM
// starts without compiling any). Every pattern of the package goes through it
// (TestRegexpSources checks), so that TestRegexpDepth can walk them all: none may have a syntax
// tree deeper than rx.MaxDepth, which a small Wasm stack could not hold while regexp/syntax
// compiles it (package rx says why). A bounded count the package needs is written in two levels:
// x{0,200} as (?:x{1,20}){0,10} matches the same strings (every length from 0 to 200), in a tree
// 58 deep instead of 401; x{4,400} as x{4}(?:x{1,18}){0,22}.
func mustCompile(pattern string) *lazyRegexp { return rx.Lazy(pattern) }

// lazyRegexp is a pattern compiled on first use (rx.Lazy).
type lazyRegexp = rx.Regexp
