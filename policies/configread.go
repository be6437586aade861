package policies

import (
	"errors"
	"fmt"
	"math"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/tidwall/gjson"

	"github.com/edgeward/edgeward/policies/internal/optspec"
	"github.com/edgeward/edgeward/policies/internal/rx"
)

// node is one JSON value of the config being parsed, with its path for error messages. Every
// accessor checks the JSON type explicitly (gjson's own accessors coerce silently) and records a
// problem naming the path instead of failing fast, so that ParseConfig reports every problem at once.
type Node struct {
	v    gjson.Result
	path string
	Errs *[]error
}

func (n Node) Exists() bool { return n.v.Exists() }

// Path is the node's location, e.g. `rate_limits.rules[1].window`.
func (n Node) Path() string {
	if n.path == "" {
		return "(root)"
	}
	return n.path
}

// Errorf records a problem at this node.
func (n Node) Errorf(format string, args ...any) {
	*n.Errs = append(*n.Errs, fmt.Errorf("%s: %s", n.Path(), fmt.Sprintf(format, args...)))
}

func (n Node) Child(key string) Node {
	p := key
	if n.path != "" {
		p = n.path + "." + key
	}
	var v gjson.Result
	if n.v.IsObject() {
		n.v.ForEach(func(k, val gjson.Result) bool {
			if k.Str == key { // exact key match: no gjson path syntax (dots, wildcards) in keys
				v = val
				return false
			}
			return true
		})
	}
	return Node{v: v, path: p, Errs: n.Errs}
}

// Object checks that n is an object (when present) whose keys are all in allowed, and returns
// accessors for its members. An absent node is an empty object.
func (n Node) Object(allowed ...string) (Obj, bool) {
	if !n.v.Exists() {
		return Obj{n: n}, false
	}
	if !n.v.IsObject() {
		n.Errorf("must be an object, got %s", Kind(n.v))
		return Obj{n: n}, false
	}
	set := make(map[string]bool, len(allowed))
	for _, a := range allowed {
		set[a] = true
	}
	seen := map[string]bool{}
	n.v.ForEach(func(k, _ gjson.Result) bool {
		if seen[k.Str] {
			n.Child(k.Str).Errorf("duplicate key")
		}
		seen[k.Str] = true
		if !set[k.Str] {
			n.Child(k.Str).Errorf("unknown key%s", suggest(k.Str, allowed))
		}
		return true
	})
	return Obj{n: n}, true
}

// Map returns the members of an object whose keys are free-form (e.g. header names).
func (n Node) Map() []keyed {
	if !n.v.Exists() {
		return nil
	}
	if !n.v.IsObject() {
		n.Errorf("must be an object, got %s", Kind(n.v))
		return nil
	}
	var out []keyed
	n.v.ForEach(func(k, v gjson.Result) bool {
		out = append(out, keyed{Key: k.Str, Node: n.Child(k.Str)})
		return true
	})
	return out
}

type keyed struct {
	Key string
	Node
}

type Obj struct {
	n    Node
	spec *optspec.Section // the declaration the object was read by (Section), or nil
}

// Section checks that n is an object (when present) of the section declared with key in
// package optspec: its keys are the declaration's. The returned accessors (obj.Int, obj.Enum...)
// take each option's default and range from the declaration too.
func (n Node) Section(key string) (Obj, bool) {
	s := optspec.Lookup(key)
	if s == nil {
		n.Errorf("internal error: no declaration of section %q", key)
		return Obj{n: n}, false
	}
	o, ok := n.Object(s.Keys()...)
	o.spec = s
	return o, ok
}

// opt returns the member node and its declaration; an option the declaration lacks is an
// internal error recorded at the member's path (every test that parses a config would see it).
func (o Obj) opt(name string) (Node, *optspec.Opt) {
	n := o.Get(name)
	var d *optspec.Opt
	if o.spec != nil {
		d = o.spec.Opt(name)
	}
	if d == nil {
		n.Errorf("internal error: option not declared in package optspec")
		return n, &optspec.Opt{Name: name}
	}
	return n, d
}

// Int reads the declared integer option name (default and range from its declaration).
func (o Obj) Int(name string) int64 {
	n, d := o.opt(name)
	lo, hi := int64(math.MinInt64), int64(math.MaxInt64)
	if d.Range != nil {
		lo, hi = int64(d.Range.Min), int64(d.Range.Max)
	}
	return n.Int(d.DefaultInt(), lo, hi)
}

// IntOr reads the declared integer option name with def as its default (a default that
// depends on other options, such as a route's, which is its section's); the range is declared.
func (o Obj) IntOr(name string, def int64) int64 {
	n, d := o.opt(name)
	lo, hi := int64(math.MinInt64), int64(math.MaxInt64)
	if d.Range != nil {
		lo, hi = int64(d.Range.Min), int64(d.Range.Max)
	}
	return n.Int(def, lo, hi)
}

// FloatOr reads the declared number option name with def as its default; the range is declared.
func (o Obj) FloatOr(name string, def float64) float64 {
	n, d := o.opt(name)
	lo, hi := -math.MaxFloat64, math.MaxFloat64
	if d.Range != nil {
		lo, hi = d.Range.Min, d.Range.Max
	}
	return n.Float(def, lo, hi)
}

// BoolOr reads the declared boolean option name, def when absent and the declaration has no
// default.
func (o Obj) BoolOr(name string, def bool) bool {
	n, d := o.opt(name)
	if d.Default != nil {
		def = d.DefaultBool()
	}
	return n.Bool(def)
}

// Bool reads the declared boolean option name.
func (o Obj) Bool(name string) bool {
	n, d := o.opt(name)
	return n.Bool(d.DefaultBool())
}

// String reads the declared string option name.
func (o Obj) String(name string) string {
	n, d := o.opt(name)
	return n.String(d.DefaultString())
}

// NonEmptyString reads the declared string option name, refusing "".
func (o Obj) NonEmptyString(name string) string {
	n, d := o.opt(name)
	return n.NonEmptyString(d.DefaultString())
}

// Enum reads the declared option name, one of its declared values (Enum); def applies when the
// declaration has no default (one that depends on other options).
func (o Obj) Enum(name, def string) string {
	n, d := o.opt(name)
	if d.Default != nil {
		def = d.DefaultString()
	}
	if d.Enum == nil {
		n.Errorf("internal error: option declared without Enum")
	}
	return n.Enum(def, d.Enum...)
}

// Duration reads the declared duration option name (range from its declaration's Dur).
func (o Obj) Duration(name string) time.Duration {
	n, d := o.opt(name)
	if d.Dur == nil {
		n.Errorf("internal error: duration declared without Dur")
		return 0
	}
	lo, hi, _ := d.Dur.Bounds()
	return n.Duration(d.DefaultDuration(), lo, hi)
}

// StringList reads the declared list option name.
func (o Obj) StringList(name string) []string {
	n, d := o.opt(name)
	return n.StringList(d.DefaultStrings())
}

// declared is the declaration of option name in section key; an empty one (no default, no
// range) if it is missing, which TestDeclaredDefaults catches.
func Declared(key, name string) *optspec.Opt {
	if s := optspec.Lookup(key); s != nil {
		if o := s.Opt(name); o != nil {
			return o
		}
	}
	return &optspec.Opt{Name: name}
}

// declaredKeys are the keys of the section key (none if it is not declared, which
// TestDeclaredSections catches).
func declaredKeys(key string) []string {
	if s := optspec.Lookup(key); s != nil {
		return s.Keys()
	}
	return nil
}

// Decl is the declaration of option name, for parsers that read an option's default or range
// themselves; an undeclared option is an empty declaration (no default), never nil.
func (o Obj) Decl(name string) *optspec.Opt {
	if o.spec != nil {
		if d := o.spec.Opt(name); d != nil {
			return d
		}
	}
	return &optspec.Opt{Name: name}
}

// Get returns the member node (possibly absent).
func (o Obj) Get(key string) Node {
	if OptionRead != nil && o.spec != nil {
		OptionRead(o.spec.Key, key)
	}
	return o.n.Child(key)
}

// optionRead, when set (by TestEveryDeclaredOptionIsRead only; nil otherwise), is told of every
// option a parser reads, so that a declared option no parser reads is caught.
var OptionRead func(section, name string)

// Array returns the elements of an array node; absent means none.
func (n Node) Array() []Node {
	if !n.v.Exists() {
		return nil
	}
	if !n.v.IsArray() {
		n.Errorf("must be an array, got %s", Kind(n.v))
		return nil
	}
	var out []Node
	for i, e := range n.v.Array() {
		out = append(out, Node{v: e, path: fmt.Sprintf("%s[%d]", n.path, i), Errs: n.Errs})
	}
	return out
}

// String returns the string value or def when absent.
func (n Node) String(def string) string {
	if !n.v.Exists() {
		return def
	}
	if n.v.Type != gjson.String {
		n.Errorf("must be a string, got %s", Kind(n.v))
		return def
	}
	return n.v.Str
}

// NonEmptyString is String that also refuses "".
func (n Node) NonEmptyString(def string) string {
	s := n.String(def)
	if n.v.Exists() && n.v.Type == gjson.String && s == "" {
		n.Errorf("must not be empty")
	}
	return s
}

// Enum returns one of allowed, or def when absent.
func (n Node) Enum(def string, allowed ...string) string {
	s := n.String(def)
	if !n.v.Exists() || n.v.Type != gjson.String {
		return s
	}
	for _, a := range allowed {
		if s == a {
			return s
		}
	}
	n.Errorf("must be one of %s, got %q", strings.Join(QuoteAll(allowed), ", "), s)
	return def
}

// Bool returns the boolean value or def when absent.
func (n Node) Bool(def bool) bool {
	if !n.v.Exists() {
		return def
	}
	if n.v.Type != gjson.True && n.v.Type != gjson.False {
		n.Errorf("must be a boolean, got %s", Kind(n.v))
		return def
	}
	return n.v.Type == gjson.True
}

// Int returns an integer within [min, max], or def when absent.
func (n Node) Int(def, min, max int64) int64 {
	if !n.v.Exists() {
		return def
	}
	if n.v.Type != gjson.Number {
		n.Errorf("must be a number, got %s", Kind(n.v))
		return def
	}
	f := n.v.Num
	if f != math.Trunc(f) || strings.ContainsAny(n.v.Raw, ".eE") && f != math.Trunc(f) {
		n.Errorf("must be an integer, got %s", n.v.Raw)
		return def
	}
	if f < float64(min) || f > float64(max) {
		n.Errorf("must be between %d and %d, got %s", min, max, n.v.Raw)
		return def
	}
	return int64(f)
}

// Float returns a number within [min, max], or def when absent.
func (n Node) Float(def, min, max float64) float64 {
	if !n.v.Exists() {
		return def
	}
	if n.v.Type != gjson.Number {
		n.Errorf("must be a number, got %s", Kind(n.v))
		return def
	}
	if n.v.Num < min || n.v.Num > max {
		n.Errorf("must be between %g and %g, got %s", min, max, n.v.Raw)
		return def
	}
	return n.v.Num
}

// Duration accepts a Go duration string ("60s", "1m30s") within [min, max], or def when absent.
func (n Node) Duration(def, min, max time.Duration) time.Duration {
	s := n.String("")
	if !n.v.Exists() || n.v.Type != gjson.String {
		return def
	}
	d, err := time.ParseDuration(s)
	if err != nil {
		n.Errorf("must be a duration such as \"60s\" or \"500ms\", got %q", s)
		return def
	}
	if d < min || d > max {
		n.Errorf("must be between %s and %s, got %s", min, max, s)
		return def
	}
	return d
}

// StringList returns an array of strings, or def when absent.
func (n Node) StringList(def []string) []string {
	if !n.v.Exists() {
		return def
	}
	var out []string
	for _, e := range n.Array() {
		if e.v.Type != gjson.String {
			e.Errorf("must be a string, got %s", Kind(e.v))
			continue
		}
		out = append(out, e.v.Str)
	}
	if out == nil {
		out = []string{}
	}
	return out
}

// Regexp compiles an RE2 pattern (linear-time matching; no backreferences, no ReDoS) whose
// syntax tree is at most rx.MaxDepth deep (compiling a deeper one could overflow a small Wasm
// stack: package rx says why).
func (n Node) Regexp() *regexp.Regexp {
	s := n.String("")
	if !n.v.Exists() || n.v.Type != gjson.String {
		return nil
	}
	re, err := rx.Compile(s)
	if err != nil {
		n.Errorf("invalid RE2 regular expression: %v", err)
		return nil
	}
	return re
}

// Raw is the JSON text of the node ("" when absent).
func (n Node) Raw() string { return n.v.Raw }

// Value is the underlying gjson value.
func (n Node) Value() gjson.Result { return n.v }

func Kind(v gjson.Result) string {
	switch v.Type {
	case gjson.Null:
		return "null"
	case gjson.False, gjson.True:
		return "boolean"
	case gjson.Number:
		return "number"
	case gjson.String:
		return "string"
	}
	if v.IsArray() {
		return "array"
	}
	return "object"
}

func QuoteAll(s []string) []string {
	out := make([]string, len(s))
	for i, v := range s {
		out[i] = fmt.Sprintf("%q", v)
	}
	return out
}

// suggest returns " (did you mean "x"?)" for a near miss among allowed keys.
func suggest(key string, allowed []string) string {
	best, bestD := "", 3
	for _, a := range allowed {
		if d := EditDistance(strings.ToLower(key), a); d < bestD {
			best, bestD = a, d
		}
	}
	if best != "" {
		return fmt.Sprintf(" (did you mean %q?)", best)
	}
	if len(allowed) > 0 && len(allowed) <= 12 {
		s := append([]string(nil), allowed...)
		sort.Strings(s)
		return " (allowed: " + strings.Join(s, ", ") + ")"
	}
	return ""
}

// EditDistance is the Levenshtein distance between a and b (99 when either is longer than 64
// bytes); config checks use it to suggest the key a typo meant.
func EditDistance(a, b string) int {
	if len(a) > 64 || len(b) > 64 {
		return 99
	}
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			c := 1
			if a[i-1] == b[j-1] {
				c = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+c)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// joinErrs returns nil or one error listing every problem, one per line.
func joinErrs(errs []error) error {
	if len(errs) == 0 {
		return nil
	}
	return &ConfigError{Problems: errs}
}

// ConfigError lists every problem found in a config, each naming its path.
type ConfigError struct{ Problems []error }

func (e *ConfigError) Error() string {
	msgs := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		msgs[i] = p.Error()
	}
	return "invalid edgeward config: " + strings.Join(msgs, "; ")
}

// Unwrap lets errors.Is/As see each problem.
func (e *ConfigError) Unwrap() []error { return e.Problems }

var _ = errors.Join

// newNode is a node holding v at path, its problems recorded in errs.
func NewNode(v gjson.Result, path string, errs *[]error) Node {
	return Node{v: v, path: path, Errs: errs}
}

// holding is a node at n's path, recording n's problems, that holds v instead.
func (n Node) Holding(v gjson.Result) Node { return Node{v: v, path: n.path, Errs: n.Errs} }

// withErrs is n recording its problems in errs.
func (n Node) WithErrs(errs *[]error) Node { return Node{v: n.v, path: n.path, Errs: errs} }

// missingNode is an absent node whose problems go nowhere: parsing it gives a section's defaults.
func MissingNode() Node { return Node{Errs: new([]error)} }

// missingObj is an absent object (see missingNode).
func MissingObj() Obj { return Obj{n: MissingNode()} }

// Node is the object's own node.
func (o Obj) Node() Node { return o.n }
