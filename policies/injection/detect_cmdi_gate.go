package injection

// The command-injection family's cheap pass. cmdiAt scans a value once (cmdiFeatures: one table
// lookup per byte, and a word lookup per word) and runs a detector only when the value has the
// bytes or words that detector needs to fire. Each detector's need is written beside it in
// cmdiBreakouts, taken from the constants the detector's own code reads (shellWordNoise,
// chainBytes, shellNoisePairs, cdCommand), and detect_cmdi_gate_test.go holds every gate to the
// ungated detector on the corpora and their mutations.

// shellWordNoise are the bytes with which shellWord cooks a word: quotes, escapes and expansions.
// A word without them is its own text, and obfuscatedCommand needs one to report anything.
const shellWordNoise = "'\"\\$"

// chainBytes are the shell's separators that end an argument and chain a command after it.
const chainBytes = ";|&"

// cdCommand is the command whose directory cdResolvedFile follows.
const cdCommand = "cd"

// shellNoiseBytes returns the bytes without which detectCmdi's noise removal leaves a value as
// it is: the first byte of each string shellNoise replaces, "{" (braceCommas) and "$"
// (dropShellVars, jqueryCalls).
func shellNoiseBytes() []byte {
	b := []byte("{$")
	for i := 0; i < len(shellNoisePairs); i += 2 {
		b = append(b, shellNoisePairs[i][0])
	}
	return b
}

// cmdiBreakout is one of the break-out detectors cmdiAt runs on a whole value, with the
// features (cmdiFeatures) of which a value must have one for it to fire; 0 means it always runs
// (a check of the value's first bytes, as cheap as the gate).
type cmdiBreakout struct {
	name string
	need uint64
	fn   func(string) bool
}

// cmdiBreakouts are cmdiAt's break-out detectors, in the order it runs them.
var cmdiBreakouts = []cmdiBreakout{
	{"mail", cfSep, mailCommandInjection},           // starts with CR LF: "\r" is a separator
	{"separator", cfChain, separatorCommand},        // ";", "|" or "&" after at most one token
	{"obfuscated", cfNoise, obfuscatedCommand},      // a command word cooked from quoting or expansions
	{"brace", cfSep, braceCommand},                  // starts with "{"
	{"sqlite", cfSep | cfLeadDot, sqliteDotCommand}, // a "." at the start or after ";" or a line break
	{"serialized", cfNoise | cfB64Only, serializedCode},
}

// cfB64Only is not a feature cmdiFeatures sets: cmdiMay reads it as "cfNotB64 is clear", the
// need of serializedCode, which decodes only base64 text (or text with \u escapes: cfNoise).
const cfB64Only uint64 = 1 << 63

// cmdiMay reports whether a value whose features are f has one of need.
func cmdiMay(f, need uint64) bool {
	if need == 0 {
		return true
	}
	if need&cfB64Only != 0 && f&cfNotB64 == 0 {
		return true
	}
	return f&need != 0
}

// cmdiBreakoutAny runs the break-out detectors whose need f meets.
func cmdiBreakoutAny(s string, f uint64) bool {
	for i := range cmdiBreakouts {
		if b := &cmdiBreakouts[i]; cmdiMay(f, b.need) && b.fn(s) {
			return true
		}
	}
	return false
}

// cmdiNeedBrace, cmdiNeedCd are the needs of braceWords (a value that starts with "{") and
// cdResolvedFile (cdCommand in any case), which cmdiAt calls in its own order.
const (
	cmdiNeedBrace = cfSep
	cmdiNeedCd    = cfCd
)

// containsFoldASCII reports whether s contains word (lower-case ASCII letters and digits) in any
// ASCII case: strings.Contains(strings.ToLower(s), word) without the copy (no other rune
// lower-cases to an ASCII letter of a word cmdi gates on; the gate test checks cdCommand's).
func containsFoldASCII(s, word string) bool {
	if word == "" {
		return true
	}
	for i := 0; i+len(word) <= len(s); i++ {
		if wordByte[s[i]] != word[0] {
			continue
		}
		k := 1
		for k < len(word) && wordByte[s[i+k]] == word[k] {
			k++
		}
		if k == len(word) {
			return true
		}
	}
	return false
}

// byteSet is a set of ASCII bytes, looked up by table: strings.ContainsAny builds its set on
// every call, which on short values costs more than the scan.
type byteSet [256]bool

func newByteSet(chars string) *byteSet {
	var t byteSet
	for _, c := range []byte(chars) {
		t[c] = true
	}
	return &t
}

// in reports whether s has a byte of the set (strings.ContainsAny for ASCII chars).
func (t *byteSet) in(s string) bool { return t.index(s) >= 0 }

// index returns the index of the first byte of s in the set, or -1 (strings.IndexAny).
func (t *byteSet) index(s string) int {
	for i := 0; i < len(s); i++ {
		if t[s[i]] {
			return i
		}
	}
	return -1
}

var (
	foldedBlanks  = newByteSet("\t\r\v\f")
	noiseOrComma  = newByteSet("'\"\\^{,")
	proseBreakers = newByteSet(";|&`$<>(){}'\"\\~\n\r\t\v\f\x00%")
	lineBreaks    = newByteSet("\n\r")
	digitOrDot    = newByteSet("0123456789.")
)
