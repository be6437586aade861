package contract

import (
	"math"
	"math/big"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/tidwall/gjson"

	"github.com/edgeward/edgeward/policies"
	"github.com/edgeward/edgeward/policies/internal/rx"
)

// The request contract's value schemas (contract.definitions and every "schema" under
// contract.operations): a JSON Schema subset with the project's snake_case keys, compiled once
// into cSchema and checked by checkValue in one pass over the value with an explicit stack (no
// recursion, so a recursive schema or a deep document cannot exhaust the Go stack).

// jsonType is a bit set of JSON types. An empty set means any type.
type jsonType uint8

const (
	tNull jsonType = 1 << iota
	tBoolean
	tInteger
	tNumber // any number; a schema with tNumber accepts integers too
	tString
	tArray
	tObject
)

var jsonTypeNames = []struct {
	t    jsonType
	name string
}{{tNull, "null"}, {tBoolean, "boolean"}, {tInteger, "integer"}, {tNumber, "number"}, {tString, "string"}, {tArray, "array"}, {tObject, "object"}}

func (t jsonType) names() []string {
	var out []string
	for _, n := range jsonTypeNames {
		if t&n.t != 0 {
			out = append(out, n.name)
		}
	}
	return out
}

// typeOf is the JSON type of v (tInteger for an integral number, which tNumber also admits).
func typeOf(v gjson.Result) jsonType {
	switch v.Type {
	case gjson.Null:
		return tNull
	case gjson.True, gjson.False:
		return tBoolean
	case gjson.Number:
		if isIntegral(v) {
			return tInteger
		}
		return tNumber
	case gjson.String:
		return tString
	}
	if v.IsArray() {
		return tArray
	}
	return tObject
}

// admits reports whether a schema of types t accepts a value of type vt.
func (t jsonType) admits(vt jsonType) bool {
	return t == 0 || t&vt != 0 || vt == tInteger && t&tNumber != 0
}

// Formats checked at the edge. Other formats are annotations (the importer says which it left out).

// cSchema is one compiled schema.
type cSchema struct {
	types    jsonType
	format   string
	enum     []gjson.Result
	pattern  *regexp.Regexp
	minLen   int // characters; -1 unbounded
	maxLen   int
	min, max float64 // inclusive bounds, ±Inf when absent
	xmin     bool    // min is exclusive
	xmax     bool
	multiple *big.Rat

	items              *cSchema
	minItems, maxItems int
	unique             bool

	props    map[string]*cSchema
	required []string
	addl     *cSchema // schema of other members; nil with noAddl false: any
	noAddl   bool     // additional_properties: false
	minProps int
	maxProps int
	readOnly bool // refused in requests

	// oneOf / anyOf, decided in one pass: by the discriminator property's value, or by the
	// value's JSON type when the alternatives' types do not overlap.
	altKind  string // "one_of" or "any_of"
	alts     []*cSchema
	discProp string
	discMap  map[string]*cSchema

	// ref: the definition this schema stands for (target once linked); a ref may add
	// read_only, and nullable (types == tNull).
	ref     string
	refNode policies.Node
	target  *cSchema
	node    policies.Node // where the schema is in the config, for errors found when linking

	acc      jsonType // acceptedTypesBounded, memoised
	accState uint8
}

func newSchema() *cSchema {
	return &cSchema{minLen: -1, maxLen: -1, min: math.Inf(-1), max: math.Inf(1), minItems: -1, maxItems: -1,
		minProps: -1, maxProps: -1}
}

// pickByType returns the one alternative accepting a value of type vt, or nil.
func (s *cSchema) pickByType(vt jsonType) *cSchema {
	for _, a := range s.alts {
		if a.acceptedTypesBounded(16).admits(vt) {
			return a
		}
	}
	return nil
}

// ContractProblem is one failing part of a request in a 400: where, which, why; never the value.
type ContractProblem struct {
	In     string `json:"in"`
	Field  string `json:"field"`
	Reason string `json:"reason"`
}

// maxContractDepth bounds how deep checkValue descends into a value.
const maxContractDepth = 64

// vframe is one value on checkValue's work list.
type vframe struct {
	s      *cSchema
	v      gjson.Result
	parent int32 // index of the enclosing frame, -1 at the root
	key    string
	index  int32 // array index, -1 for an object member
	depth  int32
	hops   int8 // alternatives followed for this value
	free   bool // reached through additional_properties: its name is client-chosen
}

// valueChecker checks values against schemas and collects problems. It is used once per request.
type valueChecker struct {
	in     string
	root   string // field name of the root value ("" for a body: "(body)")
	probs  *[]ContractProblem
	frames []vframe
	stack  []int32
	// proven records, for the body, JSON paths (injection's naming) whose string values were all
	// proven to be tokens; nil when not wanted.
	proven *provenPaths
}

// check validates v against s, appending problems.
func (c *valueChecker) check(s *cSchema, v gjson.Result) {
	c.frames = append(c.frames[:0], vframe{s: s, v: v, parent: -1, index: -1})
	c.stack = append(c.stack[:0], 0)
	for len(c.stack) > 0 && len(*c.probs) < maxSchemaProblems {
		i := c.stack[len(c.stack)-1]
		c.stack = c.stack[:len(c.stack)-1]
		c.step(i)
	}
}

// path renders the field name of frame i: "user.tags[2]".
func (c *valueChecker) path(i int32) string {
	var parts []string
	for i >= 0 {
		f := &c.frames[i]
		if f.parent < 0 {
			break
		}
		if f.index >= 0 {
			parts = append(parts, "["+strconv.Itoa(int(f.index))+"]")
		} else {
			parts = append(parts, "."+f.key)
		}
		i = f.parent
	}
	var b strings.Builder
	b.WriteString(c.root)
	for j := len(parts) - 1; j >= 0; j-- {
		b.WriteString(parts[j])
	}
	s := strings.TrimPrefix(b.String(), ".")
	if s == "" {
		return "(body)"
	}
	return s
}

// injName is frame i's name as the injection detectors report a body value ("user.tags": arrays
// add nothing).
func (c *valueChecker) injName(i int32) string {
	var parts []string
	for i >= 0 {
		f := &c.frames[i]
		if f.parent < 0 {
			break
		}
		if f.index < 0 {
			parts = append(parts, f.key)
		}
		i = f.parent
	}
	for l, r := 0, len(parts)-1; l < r; l, r = l+1, r-1 {
		parts[l], parts[r] = parts[r], parts[l]
	}
	return strings.Join(parts, ".")
}

func (c *valueChecker) add(i int32, reason string) {
	if len(*c.probs) < maxSchemaProblems {
		*c.probs = append(*c.probs, ContractProblem{In: c.in, Field: safeField(c.path(i)), Reason: reason})
	}
}

func (c *valueChecker) push(s *cSchema, v gjson.Result, parent int32, key string, index int, free bool) {
	p := &c.frames[parent]
	c.frames = append(c.frames, vframe{s: s, v: v, parent: parent, key: key, index: int32(index), depth: p.depth + 1, free: free || p.free})
	c.stack = append(c.stack, int32(len(c.frames)-1))
}

func (c *valueChecker) step(i int32) {
	f := c.frames[i]
	s, v := f.s, f.v
	if s == nil {
		c.unproven(i)
		return
	}
	if s.target != nil {
		if s.types&tNull != 0 && v.Type == gjson.Null {
			return
		}
		s = s.resolved()
	}
	if f.depth > maxContractDepth {
		c.add(i, "nested too deeply")
		return
	}
	vt := typeOf(v)
	if !s.types.admits(vt) {
		c.add(i, "must be "+typePhrase(s.types))
		return
	}
	if vt == tNull && s.types&tNull != 0 {
		return // nullable: null stands for the value
	}
	if len(s.alts) > 0 {
		var alt *cSchema
		if s.discProp != "" {
			if vt != tObject {
				c.add(i, "must be an object")
				return
			}
			d, found := memberOf(v, s.discProp)
			if !found || d.Type != gjson.String {
				c.add(i, "must have the string property "+s.discProp)
				return
			}
			if alt = s.discMap[d.Str]; alt == nil {
				c.add(i, "property "+s.discProp+" must be one of the mapped values")
				return
			}
		} else if alt = s.pickByType(vt); alt == nil {
			c.add(i, "must match one of the allowed schemas ("+strings.Join(s.acceptedTypesBounded(16).names(), ", ")+")")
			return
		}
		if f.hops >= 16 {
			c.add(i, "schema alternatives nest too deeply")
			return
		}
		c.frames[i].s = alt
		c.frames[i].hops++
		c.stack = append(c.stack, i)
		return
	}
	if len(s.enum) > 0 && !enumHas(s.enum, v) {
		c.add(i, "must be one of the allowed values")
	}
	switch vt {
	case tString:
		c.checkString(i, s, v.Str)
		if c.proven != nil {
			c.proven.note(c.injName(i), s.provesToken() && !f.free)
		}
	case tInteger, tNumber:
		c.checkNumber(i, s, v)
	case tArray:
		start := len(c.stack)
		defer c.inOrder(start)
		n := 0
		var seen []gjson.Result
		repeated := false
		v.ForEach(func(_, e gjson.Result) bool {
			if s.unique && !repeated {
				for _, p := range seen {
					if jsonEqual(p, e) {
						c.add(i, "must not repeat items")
						repeated = true
						break
					}
				}
				if len(seen) < 256 {
					seen = append(seen, e)
				}
			}
			c.push(s.items, e, i, "", n, false)
			n++
			return len(*c.probs) < maxSchemaProblems
		})
		if s.minItems >= 0 && n < s.minItems {
			c.add(i, "must have at least "+policies.Itoa(s.minItems)+" items")
		}
		if s.maxItems >= 0 && n > s.maxItems {
			c.add(i, "must have at most "+policies.Itoa(s.maxItems)+" items")
		}
	case tObject:
		c.checkObject(i, s, v)
	}
}

// inOrder reverses the frames pushed since start, so that members are checked (and problems
// listed) in document order.
func (c *valueChecker) inOrder(start int) {
	for l, r := start, len(c.stack)-1; l < r; l, r = l+1, r-1 {
		c.stack[l], c.stack[r] = c.stack[r], c.stack[l]
	}
}

func (c *valueChecker) unproven(i int32) {
	if c.proven != nil {
		c.proven.unprove(c.injName(i))
	}
}

func (c *valueChecker) checkObject(i int32, s *cSchema, v gjson.Result) {
	defer c.inOrder(len(c.stack))
	n := 0
	var keys []string
	var seen map[string]bool
	v.ForEach(func(k, val gjson.Result) bool {
		n++
		if seen == nil && len(keys) >= 16 {
			seen = make(map[string]bool, 32)
			for _, x := range keys {
				seen[x] = true
			}
		}
		dup := false
		if seen != nil {
			dup = seen[k.Str]
			seen[k.Str] = true
		} else {
			for _, x := range keys {
				if x == k.Str {
					dup = true
				}
			}
		}
		keys = append(keys, k.Str)
		if dup {
			c.addChild(i, k.Str, "duplicate key")
			return true
		}
		ps, known := s.props[k.Str]
		switch {
		case known && (ps.readOnly || ps.resolved().readOnly):
			c.addChild(i, k.Str, "is read-only")
		case known:
			c.push(ps, val, i, k.Str, -1, false)
		case s.noAddl:
			c.addChild(i, k.Str, "is not allowed")
		case s.addl != nil:
			c.push(s.addl, val, i, k.Str, -1, true)
		default:
			c.push(nil, val, i, k.Str, -1, true) // any value: not checked, not proven
		}
		return len(*c.probs) < maxSchemaProblems
	})
	for _, r := range s.required {
		if ps := s.props[r]; ps != nil && (ps.readOnly || ps.resolved().readOnly) {
			continue // a read-only property is required in responses only
		}
		found := false
		if seen != nil {
			found = seen[r]
		} else {
			for _, x := range keys {
				if x == r {
					found = true
				}
			}
		}
		if !found {
			c.addChild(i, r, "is required")
		}
	}
	if s.minProps >= 0 && n < s.minProps {
		c.add(i, "must have at least "+policies.Itoa(s.minProps)+" properties")
	}
	if s.maxProps >= 0 && n > s.maxProps {
		c.add(i, "must have at most "+policies.Itoa(s.maxProps)+" properties")
	}
}

// addChild reports a problem on member key of frame i.
func (c *valueChecker) addChild(i int32, key, reason string) {
	if len(*c.probs) >= maxSchemaProblems {
		return
	}
	p := c.path(i)
	if p == "(body)" {
		p = ""
	}
	name := key
	if p != "" {
		name = p + "." + key
	}
	*c.probs = append(*c.probs, ContractProblem{In: c.in, Field: safeField(name), Reason: reason})
}

func (c *valueChecker) checkString(i int32, s *cSchema, str string) {
	if s.minLen >= 0 || s.maxLen >= 0 {
		n := utf8.RuneCountInString(str)
		if s.minLen >= 0 && n < s.minLen {
			c.add(i, "must be at least "+policies.Itoa(s.minLen)+" characters")
		}
		if s.maxLen >= 0 && n > s.maxLen {
			c.add(i, "must be at most "+policies.Itoa(s.maxLen)+" characters")
		}
	}
	if s.pattern != nil && !s.pattern.MatchString(str) {
		c.add(i, "does not match the required pattern")
	}
	if s.format != "" && !checkFormat(s.format, str) {
		c.add(i, "must be a valid "+s.format)
	}
}

func (c *valueChecker) checkNumber(i int32, s *cSchema, v gjson.Result) {
	x := v.Num
	if s.types&(tNumber) == 0 && s.types&tInteger != 0 && !isIntegral(v) {
		c.add(i, "must be an integer")
		return
	}
	if math.IsInf(x, 0) || math.IsNaN(x) {
		c.add(i, "must be a finite number")
		return
	}
	switch {
	case s.xmin && !(x > s.min):
		c.add(i, "must be greater than "+fmtNum(s.min))
	case !s.xmin && x < s.min:
		c.add(i, "must be at least "+fmtNum(s.min))
	}
	switch {
	case s.xmax && !(x < s.max):
		c.add(i, "must be less than "+fmtNum(s.max))
	case !s.xmax && x > s.max:
		c.add(i, "must be at most "+fmtNum(s.max))
	}
	switch s.format {
	case "int32":
		if !isIntegral(v) || x < math.MinInt32 || x > math.MaxInt32 {
			c.add(i, "must be a 32-bit integer")
		}
	case "int64":
		if !isIntegral(v) || !fitsInt64(v.Raw) {
			c.add(i, "must be a 64-bit integer")
		}
	}
	if s.multiple != nil && !multipleOf(v.Raw, x, s.multiple) {
		c.add(i, "must be a multiple of "+s.multiple.RatString())
	}
}

func fmtNum(f float64) string { return strconv.FormatFloat(f, 'g', -1, 64) }

func typePhrase(t jsonType) string {
	n := t.names()
	if len(n) == 1 {
		switch n[0] {
		case "integer", "object", "array":
			return "an " + n[0]
		case "null":
			return "null"
		}
		return "a " + n[0]
	}
	return "one of the types " + strings.Join(n, ", ")
}

// isIntegral reports a JSON number with no fractional part (1.0 and 1e3 are integers, as in
// JSON Schema).
func isIntegral(v gjson.Result) bool {
	if v.Type != gjson.Number {
		return false
	}
	if !strings.ContainsAny(v.Raw, ".eE") {
		return true
	}
	return v.Num == math.Trunc(v.Num) && !math.IsInf(v.Num, 0)
}

// fitsInt64 reports whether the JSON number raw is an integer within int64 (exactly, from its
// text: a float64 cannot tell 2^63 from 2^63-1).
func fitsInt64(raw string) bool {
	if strings.ContainsAny(raw, ".eE") {
		r, ok := new(big.Rat).SetString(raw)
		return ok && r.IsInt() && r.Num().IsInt64()
	}
	_, err := strconv.ParseInt(raw, 10, 64)
	return err == nil
}

func multipleOf(raw string, x float64, m *big.Rat) bool {
	if m.IsInt() && m.Num().IsInt64() && !strings.ContainsAny(raw, ".eE") {
		if n, err := strconv.ParseInt(raw, 10, 64); err == nil {
			d := m.Num().Int64()
			return d != 0 && n%d == 0
		}
	}
	r, ok := new(big.Rat).SetString(raw)
	if !ok {
		r = new(big.Rat)
		if r.SetFloat64(x) == nil {
			return false
		}
	}
	return new(big.Rat).Quo(r, m).IsInt()
}

// memberOf finds member key of object v by exact name (no gjson path syntax).
func memberOf(v gjson.Result, key string) (gjson.Result, bool) {
	var out gjson.Result
	found := false
	v.ForEach(func(k, val gjson.Result) bool {
		if k.Str == key {
			out, found = val, true
			return false
		}
		return true
	})
	return out, found
}

func enumHas(enum []gjson.Result, v gjson.Result) bool {
	for _, e := range enum {
		if jsonEqual(e, v) {
			return true
		}
	}
	return false
}

// jsonEqual compares two scalar JSON values (numbers numerically); arrays and objects by their
// compact text.
func jsonEqual(a, b gjson.Result) bool {
	if a.Type != b.Type {
		return false
	}
	switch a.Type {
	case gjson.String:
		return a.Str == b.Str
	case gjson.Number:
		return a.Num == b.Num
	case gjson.True, gjson.False, gjson.Null:
		return true
	}
	return compactJSON(a.Raw) == compactJSON(b.Raw)
}

func compactJSON(raw string) string {
	var b strings.Builder
	inStr, esc := false, false
	for i := 0; i < len(raw); i++ {
		ch := raw[i]
		if inStr {
			b.WriteByte(ch)
			switch {
			case esc:
				esc = false
			case ch == '\\':
				esc = true
			case ch == '"':
				inStr = false
			}
			continue
		}
		switch ch {
		case ' ', '\t', '\n', '\r':
			continue
		case '"':
			inStr = true
		}
		b.WriteByte(ch)
	}
	return b.String()
}

// provesToken reports whether a string that passed s cannot carry an injection payload: a
// member of an enum (written by the API's authors, without percent signs), a UUID, a date, a
// date-time, an IP address, or a string whose anchored pattern admits only letters, digits, "_"
// and "-".
func (s *cSchema) provesToken() bool {
	if s == nil {
		return false
	}
	if len(s.enum) > 0 {
		for _, e := range s.enum {
			if e.Type == gjson.String && strings.ContainsAny(e.Str, "%+") {
				return false
			}
		}
		return true
	}
	switch s.format {
	case "uuid", "date", "date-time", "ipv4", "ipv6":
		return true
	}
	return s.pattern != nil && patternIsToken(s.pattern.String())
}

// provesSafe reports whether every value that passes s (a parameter's schema, scalar or array)
// is proven (see provesToken): numbers and booleans are.
func (s *cSchema) provesSafe() bool {
	s = s.resolved()
	if s == nil || len(s.alts) > 0 {
		return false
	}
	t := s.types
	if t == 0 {
		return false
	}
	if t&tArray != 0 {
		if t&^(tArray|tNull) != 0 {
			return false
		}
		return s.items.provesSafe()
	}
	if t&tObject != 0 {
		return false
	}
	if t&tString != 0 {
		return s.provesToken()
	}
	return true
}

// patternIsToken reports an RE2 pattern anchored at both ends (^...$, not multi-line) whose
// every match is made of ASCII letters, digits, "_" and "-".
func patternIsToken(expr string) bool {
	return rx.WholeMatchOf(expr, func(c rune) bool {
		return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-'
	})
}

// provenPaths collects, for one JSON body, the names (as the injection detectors report body
// values) whose every string value was proven a token, and the names under which a value went
// unchecked.
type provenPaths struct {
	token     map[string]bool // name -> all values proven so far
	unchecked []string        // names whose subtree was not checked
}

func (p *provenPaths) note(name string, proven bool) {
	if p.token == nil {
		p.token = make(map[string]bool, 8)
	}
	if old, ok := p.token[name]; ok {
		proven = proven && old
	}
	p.token[name] = proven
}

func (p *provenPaths) unprove(name string) {
	if len(p.unchecked) < 64 {
		p.unchecked = append(p.unchecked, name)
	} else {
		p.unchecked = append(p.unchecked[:0], "") // "" covers every name
	}
}

// spared lists the names whose values were all proven and that no unchecked subtree shares.
func (p *provenPaths) spared() []string {
	var out []string
	for name, ok := range p.token {
		if !ok {
			continue
		}
		covered := false
		for _, u := range p.unchecked {
			if u == "" || u == name || strings.HasPrefix(name, u+".") {
				covered = true
				break
			}
		}
		if !covered {
			out = append(out, name)
		}
	}
	return out
}
