// Package jsonschema is a small JSON Schema (draft 2020-12) validator for Edgeward's tests: it
// checks that the shipped configs and the test tables agree with envoy/edgeward.schema.json. It
// supports only the subset that schema uses and refuses any other keyword at compile time, so a
// misspelt keyword in the schema ("additionalProperty") is an error rather than a silent no-op.
//
// Supported: $schema, $id, $defs, $ref (to "#" or "#/$defs/<name>"), type (a name or a list,
// "integer" included), properties, additionalProperties (boolean or schema), patternProperties,
// required, propertyNames, minProperties, maxProperties, dependentRequired, enum, const, minimum,
// maximum, exclusiveMinimum, exclusiveMaximum, multipleOf, minLength, maxLength, pattern, items,
// contains, minItems, maxItems, uniqueItems, allOf, anyOf, oneOf, not, if/then/else. Annotations (title,
// description, default, examples, $comment, deprecated, readOnly, writeOnly, markdownDescription)
// are ignored. Patterns are compiled with Go's regexp (RE2), so the schema must keep to the syntax
// RE2 and ECMA-262 share. Standard library only; not for the request path.
package jsonschema

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"reflect"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Schema is a compiled schema document.
type Schema struct {
	root *node
	defs map[string]*node
}

// node is one compiled (sub)schema.
type node struct {
	path string // JSON pointer of this subschema inside the schema document, for error messages

	always *bool // boolean schema: true accepts everything, false nothing

	ref                            string
	types                          []string
	props                          map[string]*node
	addl                           *node // nil: any additional property allowed
	patProp                        []patProp
	req                            []string
	propNm                         *node
	minProp, maxProp               int
	depReq                         map[string][]string
	enum                           []any
	hasEnum                        bool
	constV                         any
	hasC                           bool
	min, max, exMin, exMax, multOf *float64
	minLen, maxLen                 int
	pattern                        *regexp.Regexp
	items, contains                *node
	minItems                       int
	maxItems                       int
	unique                         bool
	allOf, anyOf, oneOf            []*node
	not                            *node
	ifS, thenS, elseS              *node
}

type patProp struct {
	re *regexp.Regexp
	s  *node
}

var ignored = map[string]bool{"$schema": true, "$id": true, "$comment": true, "title": true,
	"description": true, "markdownDescription": true, "default": true, "examples": true,
	"deprecated": true, "readOnly": true, "writeOnly": true}

// Compile parses a schema document.
func Compile(doc []byte) (*Schema, error) {
	v, err := Decode(doc)
	if err != nil {
		return nil, fmt.Errorf("schema: %w", err)
	}
	s := &Schema{defs: map[string]*node{}}
	var errs []error
	if m, ok := v.(map[string]any); ok {
		if defs, ok := m["$defs"].(map[string]any); ok {
			for name, d := range defs {
				s.defs[name] = compile(d, "/$defs/"+escape(name), &errs)
			}
		}
	}
	s.root = compile(v, "", &errs)
	check := func(n *node) {
		if n.ref != "" && n.ref != "#" {
			name, ok := strings.CutPrefix(n.ref, "#/$defs/")
			if !ok || s.defs[unescape(name)] == nil {
				errs = append(errs, fmt.Errorf("%s/$ref: unresolvable %q", n.path, n.ref))
			}
		}
	}
	walk(s.root, check)
	for _, d := range s.defs {
		walk(d, check)
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return s, nil
}

func walk(n *node, f func(*node)) {
	if n == nil {
		return
	}
	f(n)
	for _, c := range n.props {
		walk(c, f)
	}
	for _, p := range n.patProp {
		walk(p.s, f)
	}
	for _, c := range []*node{n.addl, n.propNm, n.items, n.contains, n.not, n.ifS, n.thenS, n.elseS} {
		walk(c, f)
	}
	for _, l := range [][]*node{n.allOf, n.anyOf, n.oneOf} {
		for _, c := range l {
			walk(c, f)
		}
	}
}

func compile(v any, path string, errs *[]error) *node {
	n := &node{path: path, minProp: -1, maxProp: -1, minLen: -1, maxLen: -1, minItems: -1, maxItems: -1}
	bad := func(key, format string, args ...any) {
		*errs = append(*errs, fmt.Errorf("%s/%s: %s", path, key, fmt.Sprintf(format, args...)))
	}
	if b, ok := v.(bool); ok {
		n.always = &b
		return n
	}
	m, ok := v.(map[string]any)
	if !ok {
		*errs = append(*errs, fmt.Errorf("%s: a schema must be an object or a boolean", path))
		return n
	}
	sub := func(key string) *node {
		if x, ok := m[key]; ok {
			return compile(x, path+"/"+key, errs)
		}
		return nil
	}
	list := func(key string) []*node {
		x, ok := m[key]
		if !ok {
			return nil
		}
		arr, ok := x.([]any)
		if !ok || len(arr) == 0 {
			bad(key, "must be a non-empty array of schemas")
			return nil
		}
		out := make([]*node, len(arr))
		for i, e := range arr {
			out[i] = compile(e, fmt.Sprintf("%s/%s/%d", path, key, i), errs)
		}
		return out
	}
	count := func(key string) int {
		x, ok := m[key]
		if !ok {
			return -1
		}
		r, ok := number(x)
		if !ok || r != math.Trunc(r) || r < 0 || r > math.MaxInt32 {
			bad(key, "must be a non-negative integer")
			return -1
		}
		return int(r)
	}
	num := func(key string) *float64 {
		x, ok := m[key]
		if !ok {
			return nil
		}
		r, ok := number(x)
		if !ok {
			bad(key, "must be a number")
			return nil
		}
		return &r
	}
	re := func(key, src string) *regexp.Regexp {
		r, err := regexp.Compile(src)
		if err != nil {
			bad(key, "pattern %q: %v", src, err)
		}
		return r
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		x := m[k]
		switch k {
		case "$defs":
			if path != "" {
				bad(k, "$defs is supported only at the root")
			}
		case "$ref":
			s, _ := x.(string)
			if s == "" {
				bad(k, "must be a string")
			}
			n.ref = s
		case "type":
			switch t := x.(type) {
			case string:
				n.types = []string{t}
			case []any:
				for _, e := range t {
					s, _ := e.(string)
					n.types = append(n.types, s)
				}
			}
			for _, t := range n.types {
				switch t {
				case "null", "boolean", "object", "array", "number", "integer", "string":
				default:
					bad(k, "unknown type %q", t)
				}
			}
			if len(n.types) == 0 {
				bad(k, "must be a type name or a list of them")
			}
		case "properties", "patternProperties":
			pm, ok := x.(map[string]any)
			if !ok {
				bad(k, "must be an object")
				continue
			}
			for name, ps := range pm {
				c := compile(ps, path+"/"+k+"/"+escape(name), errs)
				if k == "properties" {
					if n.props == nil {
						n.props = map[string]*node{}
					}
					n.props[name] = c
				} else {
					n.patProp = append(n.patProp, patProp{re: re(k, name), s: c})
				}
			}
		case "additionalProperties":
			n.addl = sub(k)
		case "propertyNames":
			n.propNm = sub(k)
		case "required":
			arr, _ := x.([]any)
			for _, e := range arr {
				s, ok := e.(string)
				if !ok {
					bad(k, "must be an array of strings")
				}
				n.req = append(n.req, s)
			}
		case "dependentRequired":
			dm, _ := x.(map[string]any)
			n.depReq = map[string][]string{}
			for name, e := range dm {
				arr, _ := e.([]any)
				for _, s := range arr {
					str, _ := s.(string)
					n.depReq[name] = append(n.depReq[name], str)
				}
			}
		case "minProperties":
			n.minProp = count(k)
		case "maxProperties":
			n.maxProp = count(k)
		case "enum":
			arr, ok := x.([]any)
			if !ok || len(arr) == 0 {
				bad(k, "must be a non-empty array")
			}
			n.enum, n.hasEnum = arr, true
		case "const":
			n.constV, n.hasC = x, true
		case "minimum":
			n.min = num(k)
		case "maximum":
			n.max = num(k)
		case "exclusiveMinimum":
			n.exMin = num(k)
		case "exclusiveMaximum":
			n.exMax = num(k)
		case "multipleOf":
			n.multOf = num(k)
			if n.multOf != nil && *n.multOf <= 0 {
				bad(k, "must be > 0")
				n.multOf = nil
			}
		case "minLength":
			n.minLen = count(k)
		case "maxLength":
			n.maxLen = count(k)
		case "pattern":
			s, ok := x.(string)
			if !ok {
				bad(k, "must be a string")
				continue
			}
			n.pattern = re(k, s)
		case "items":
			n.items = sub(k)
		case "contains":
			n.contains = sub(k)
		case "minItems":
			n.minItems = count(k)
		case "maxItems":
			n.maxItems = count(k)
		case "uniqueItems":
			n.unique, _ = x.(bool)
		case "allOf":
			n.allOf = list(k)
		case "anyOf":
			n.anyOf = list(k)
		case "oneOf":
			n.oneOf = list(k)
		case "not":
			n.not = sub(k)
		case "if":
			n.ifS = sub(k)
		case "then":
			n.thenS = sub(k)
		case "else":
			n.elseS = sub(k)
		default:
			if !ignored[k] {
				bad(k, "keyword not supported by this validator")
			}
		}
	}
	return n
}

// Error is one validation failure: the JSON pointer of the offending instance value (Path, ""
// for the root), the schema keyword's location (Keyword) and a message.
type Error struct {
	Path    string
	Keyword string
	Message string
}

func (e Error) Error() string {
	p := e.Path
	if p == "" {
		p = "(root)"
	}
	return fmt.Sprintf("%s: %s (schema %s)", p, e.Message, e.Keyword)
}

// ValidationError lists every failure found in an instance.
type ValidationError struct{ Errors []Error }

func (e *ValidationError) Error() string {
	msgs := make([]string, len(e.Errors))
	for i, x := range e.Errors {
		msgs[i] = x.Error()
	}
	return strings.Join(msgs, "; ")
}

// Validate checks a JSON document against the schema. It returns a *ValidationError listing
// every failure, or an error when the document is not JSON.
func (s *Schema) Validate(doc []byte) error {
	v, err := Decode(doc)
	if err != nil {
		return err
	}
	return s.ValidateValue(v)
}

// ValidateValue checks a decoded value (as returned by Decode) against the schema.
func (s *Schema) ValidateValue(v any) error {
	var out []Error
	s.validate(s.root, v, "", &out, 0)
	if len(out) == 0 {
		return nil
	}
	return &ValidationError{Errors: out}
}

const maxDepth = 64

func (s *Schema) validate(n *node, v any, at string, out *[]Error, depth int) {
	fail := func(kw, format string, args ...any) {
		*out = append(*out, Error{Path: at, Keyword: n.path + "/" + kw, Message: fmt.Sprintf(format, args...)})
	}
	if depth > maxDepth {
		fail("$ref", "schema recursion too deep")
		return
	}
	if n.always != nil {
		if !*n.always {
			*out = append(*out, Error{Path: at, Keyword: n.path, Message: "not allowed here"})
		}
		return
	}
	if n.ref != "" {
		target := s.root
		if n.ref != "#" {
			target = s.defs[unescape(strings.TrimPrefix(n.ref, "#/$defs/"))]
		}
		s.validate(target, v, at, out, depth+1)
	}
	if len(n.types) > 0 {
		ok := false
		for _, t := range n.types {
			if hasType(v, t) {
				ok = true
				break
			}
		}
		if !ok {
			fail("type", "must be %s, got %s", strings.Join(n.types, " or "), typeOf(v))
			return // the other keywords would only repeat the problem
		}
	}
	if n.hasEnum {
		ok := false
		for _, e := range n.enum {
			if equal(v, e) {
				ok = true
				break
			}
		}
		if !ok {
			fail("enum", "must be one of %s, got %s", render(n.enum), render(v))
		}
	}
	if n.hasC && !equal(v, n.constV) {
		fail("const", "must be %s, got %s", render(n.constV), render(v))
	}
	switch x := v.(type) {
	case json.Number:
		r, ok := number(x)
		if !ok {
			fail("type", "unreadable number %s", x)
			break
		}
		if n.min != nil && r < *n.min {
			fail("minimum", "must be >= %g, got %s", *n.min, x)
		}
		if n.max != nil && r > *n.max {
			fail("maximum", "must be <= %g, got %s", *n.max, x)
		}
		if n.exMin != nil && r <= *n.exMin {
			fail("exclusiveMinimum", "must be > %g, got %s", *n.exMin, x)
		}
		if n.exMax != nil && r >= *n.exMax {
			fail("exclusiveMaximum", "must be < %g, got %s", *n.exMax, x)
		}
		if n.multOf != nil && math.Mod(r, *n.multOf) != 0 {
			fail("multipleOf", "must be a multiple of %g, got %s", *n.multOf, x)
		}
	case string:
		l := utf8.RuneCountInString(x)
		if n.minLen >= 0 && l < n.minLen {
			fail("minLength", "must be at least %d characters, got %d", n.minLen, l)
		}
		if n.maxLen >= 0 && l > n.maxLen {
			fail("maxLength", "must be at most %d characters, got %d", n.maxLen, l)
		}
		if n.pattern != nil && !n.pattern.MatchString(x) {
			fail("pattern", "must match %q, got %s", n.pattern.String(), render(x))
		}
	case []any:
		if n.minItems >= 0 && len(x) < n.minItems {
			fail("minItems", "must have at least %d items, got %d", n.minItems, len(x))
		}
		if n.maxItems >= 0 && len(x) > n.maxItems {
			fail("maxItems", "must have at most %d items, got %d", n.maxItems, len(x))
		}
		if n.unique {
		dup:
			for i := range x {
				for j := 0; j < i; j++ {
					if equal(x[i], x[j]) {
						fail("uniqueItems", "items %d and %d are equal", j, i)
						break dup
					}
				}
			}
		}
		if n.contains != nil {
			found := false
			for _, e := range x {
				var ignore []Error
				if s.validate(n.contains, e, at, &ignore, depth+1); len(ignore) == 0 {
					found = true
					break
				}
			}
			if !found {
				fail("contains", "no item matches the schema at %s", n.contains.path)
			}
		}
		if n.items != nil {
			for i, e := range x {
				s.validate(n.items, e, at+"/"+strconv.Itoa(i), out, depth+1)
			}
		}
	case map[string]any:
		if n.minProp >= 0 && len(x) < n.minProp {
			fail("minProperties", "must have at least %d members, got %d", n.minProp, len(x))
		}
		if n.maxProp >= 0 && len(x) > n.maxProp {
			fail("maxProperties", "must have at most %d members, got %d", n.maxProp, len(x))
		}
		for _, r := range n.req {
			if _, ok := x[r]; !ok {
				fail("required", "missing required member %q", r)
			}
		}
		for k, deps := range n.depReq {
			if _, ok := x[k]; !ok {
				continue
			}
			for _, d := range deps {
				if _, ok := x[d]; !ok {
					fail("dependentRequired", "%q requires %q", k, d)
				}
			}
		}
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			child := at + "/" + escape(k)
			if n.propNm != nil {
				s.validate(n.propNm, k, child, out, depth+1)
			}
			matched := false
			if p, ok := n.props[k]; ok {
				matched = true
				s.validate(p, x[k], child, out, depth+1)
			}
			for _, pp := range n.patProp {
				if pp.re.MatchString(k) {
					matched = true
					s.validate(pp.s, x[k], child, out, depth+1)
				}
			}
			if !matched && n.addl != nil {
				if n.addl.always != nil && !*n.addl.always {
					*out = append(*out, Error{Path: child, Keyword: n.path + "/additionalProperties",
						Message: fmt.Sprintf("unknown member %q%s", k, allowedList(n.props))})
					continue
				}
				s.validate(n.addl, x[k], child, out, depth+1)
			}
		}
	}
	for _, c := range n.allOf {
		s.validate(c, v, at, out, depth+1)
	}
	if len(n.anyOf) > 0 {
		var best []Error
		ok := false
		for _, c := range n.anyOf {
			var e []Error
			s.validate(c, v, at, &e, depth+1)
			if len(e) == 0 {
				ok = true
				break
			}
			if best == nil || len(e) < len(best) {
				best = e
			}
		}
		if !ok {
			fail("anyOf", "matches none of the %d alternatives", len(n.anyOf))
			*out = append(*out, best...)
		}
	}
	if len(n.oneOf) > 0 {
		var best []Error
		matches := 0
		for _, c := range n.oneOf {
			var e []Error
			s.validate(c, v, at, &e, depth+1)
			if len(e) == 0 {
				matches++
			} else if best == nil || len(e) < len(best) {
				best = e
			}
		}
		switch {
		case matches == 0:
			fail("oneOf", "matches none of the %d alternatives", len(n.oneOf))
			*out = append(*out, best...)
		case matches > 1:
			fail("oneOf", "matches %d alternatives, want exactly one", matches)
		}
	}
	if n.not != nil {
		var e []Error
		s.validate(n.not, v, at, &e, depth+1)
		if len(e) == 0 {
			fail("not", "must not match the schema at %s", n.not.path)
		}
	}
	if n.ifS != nil {
		var e []Error
		s.validate(n.ifS, v, at, &e, depth+1)
		if len(e) == 0 && n.thenS != nil {
			s.validate(n.thenS, v, at, out, depth+1)
		} else if len(e) > 0 && n.elseS != nil {
			s.validate(n.elseS, v, at, out, depth+1)
		}
	}
}

func allowedList(props map[string]*node) string {
	if len(props) == 0 {
		return ""
	}
	k := make([]string, 0, len(props))
	for p := range props {
		k = append(k, p)
	}
	sort.Strings(k)
	return " (allowed: " + strings.Join(k, ", ") + ")"
}

// Decode parses JSON into nil, bool, json.Number, string, []any and map[string]any. It refuses
// trailing data after the value. Duplicate object keys keep the last value, as encoding/json does
// (JSON Schema has no notion of duplicates).
func Decode(doc []byte) (any, error) {
	d := json.NewDecoder(bytes.NewReader(doc))
	d.UseNumber()
	var v any
	if err := d.Decode(&v); err != nil {
		return nil, fmt.Errorf("not valid JSON: %w", err)
	}
	if _, err := d.Token(); err == nil {
		return nil, errors.New("not valid JSON: data after the value")
	}
	if d.InputOffset() != int64(len(bytes.TrimRight(doc, " \t\r\n"))) {
		return nil, errors.New("not valid JSON: data after the value")
	}
	return v, nil
}

// number reads a JSON number as a float64, as JavaScript validators (ajv, editors) and the
// plugin's parser do: 1.0000000000000001 is the integer 1, and a number past the float64 range is
// ±Inf (which is not an integer and fails every bound).
func number(v any) (float64, bool) {
	n, ok := v.(json.Number)
	if !ok {
		return 0, false
	}
	f, err := strconv.ParseFloat(string(n), 64)
	if err != nil && !errors.Is(err, strconv.ErrRange) {
		return 0, false
	}
	return f, true
}

func isInteger(f float64) bool { return !math.IsInf(f, 0) && f == math.Trunc(f) }

func hasType(v any, t string) bool {
	switch t {
	case "null":
		return v == nil
	case "boolean":
		_, ok := v.(bool)
		return ok
	case "object":
		_, ok := v.(map[string]any)
		return ok
	case "array":
		_, ok := v.([]any)
		return ok
	case "string":
		_, ok := v.(string)
		return ok
	case "number":
		_, ok := v.(json.Number)
		return ok
	case "integer":
		r, ok := number(v)
		return ok && isInteger(r)
	}
	return false
}

func typeOf(v any) string {
	switch x := v.(type) {
	case nil:
		return "null"
	case bool:
		return "boolean"
	case map[string]any:
		return "object"
	case []any:
		return "array"
	case string:
		return "string"
	case json.Number:
		if r, ok := number(x); ok && isInteger(r) {
			return "integer"
		}
		return "number"
	}
	return reflect.TypeOf(v).String()
}

// equal is JSON equality: numbers by value (1 == 1.0), objects by members, arrays in order.
func equal(a, b any) bool {
	switch x := a.(type) {
	case json.Number:
		y, ok := b.(json.Number)
		if !ok {
			return false
		}
		ra, oka := number(x)
		rb, okb := number(y)
		return oka && okb && ra == rb
	case map[string]any:
		y, ok := b.(map[string]any)
		if !ok || len(x) != len(y) {
			return false
		}
		for k, v := range x {
			w, ok := y[k]
			if !ok || !equal(v, w) {
				return false
			}
		}
		return true
	case []any:
		y, ok := b.([]any)
		if !ok || len(x) != len(y) {
			return false
		}
		for i := range x {
			if !equal(x[i], y[i]) {
				return false
			}
		}
		return true
	}
	return a == b
}

func render(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	if len(b) > 80 {
		return string(b[:77]) + "..."
	}
	return string(b)
}

func escape(s string) string {
	return strings.NewReplacer("~", "~0", "/", "~1").Replace(s)
}

func unescape(s string) string {
	return strings.NewReplacer("~1", "/", "~0", "~").Replace(s)
}
