// Package optspec declares every option of Edgeward's JSON configuration once: its name, JSON
// type, default, range or allowed values and one-line meaning. Three things are made from these
// declarations: envoy/edgeward.schema.json and envoy/reference/configuration.md (written by
// `go generate`, see gen/), and the strict parser in package policies, which takes each object's
// allowed keys and each option's default and range from here. Changing a default is one line
// here plus `go generate ./policies/internal/optspec/`.
//
// It imports only the standard library, so that a parser in any package can read it.
package optspec

//go:generate go run ./gen -root ../../..

import (
	"fmt"
	"time"
)

// Section is one configuration object: the top level (Key ""), or an object reached from it.
// Key is its path as the reference names it: "auth.providers[]" is an item of the array
// auth.providers, "response.headers.*" the value of any member of the map response.headers.
type Section struct {
	Key string
	// Def names the section in the schema's $defs when several options refer to it; "" inlines
	// it where an option's Section names it.
	Def string
	// Doc is the section's one-line meaning.
	Doc string
	// Schema holds the JSON Schema keywords that tie several options together (allOf, anyOf,
	// if/then, not): a JSON object merged into the section's schema.
	Schema string
	// Opts are the allowed keys, in the reference's order.
	Opts []Opt
}

// Opt is one option of a section.
type Opt struct {
	Name string
	// Type is the JSON type: string, integer, number, boolean, array or object; "" when Ref,
	// Section or Enum says it.
	Type string
	// Ref names a value type of Types (or a section's Def) the value must be.
	Ref string
	// Section is the key of the section the value is (an object declared inline).
	Section string
	// Items names the Type (or section Def) of an array's items; ItemSection the section key.
	Items       string
	ItemSection string
	// Enum lists the allowed string values.
	Enum []string
	// Range bounds a number (inclusive).
	Range *Range
	// Dur bounds a duration (a string such as "60s"); JSON Schema cannot, so only the parser and
	// the reference use it.
	Dur *DurRange
	// Default is the value when the key is absent (string, int, bool or []string); nil when the
	// default depends on other options (Doc says which) or there is none.
	Default any
	// Required: the key must be present.
	Required bool
	// Schema holds further JSON Schema keywords for the value (minLength, pattern, anyOf...).
	Schema string
	// Doc is the one-line meaning.
	Doc string
}

// Range is an inclusive numeric range.
type Range struct{ Min, Max float64 }

// R returns the inclusive range [min, max].
func R(min, max float64) *Range { return &Range{min, max} }

// DurRange is an inclusive range of durations, written as Go durations.
type DurRange struct{ Min, Max string }

// D returns the inclusive duration range [min, max], e.g. D("1s", "720h").
func D(min, max string) *DurRange { return &DurRange{min, max} }

// Bounds parses the range; ok is false when a bound is not a Go duration (TestDeclarations
// checks every one).
func (d *DurRange) Bounds() (min, max time.Duration, ok bool) {
	a, err1 := time.ParseDuration(d.Min)
	b, err2 := time.ParseDuration(d.Max)
	return a, b, err1 == nil && err2 == nil
}

// Type is a named value type of the schema's $defs (a duration, a route path, a header name),
// written as a JSON Schema object; {"$section": KEY} in it stands for the section KEY.
type Type struct {
	Name   string
	Schema string
}

var bySection = func() map[string]*Section {
	m := make(map[string]*Section, len(Sections))
	for i := range Sections {
		m[Sections[i].Key] = &Sections[i]
	}
	return m
}()

// Lookup returns the section with key, or nil.
func Lookup(key string) *Section { return bySection[key] }

// Keys lists the section's allowed keys in declaration order.
func (s *Section) Keys() []string {
	out := make([]string, len(s.Opts))
	for i, o := range s.Opts {
		out[i] = o.Name
	}
	return out
}

// Opt returns the option named name, or nil.
func (s *Section) Opt(name string) *Opt {
	for i := range s.Opts {
		if s.Opts[i].Name == name {
			return &s.Opts[i]
		}
	}
	return nil
}

// Path is the option's full path in the reference, e.g. "rate_limit.rules[].window".
func (s *Section) Path(name string) string {
	if s.Key == "" {
		return name
	}
	return s.Key + "." + name
}

// DefaultString is the string default ("" when none).
func (o *Opt) DefaultString() string { s, _ := o.Default.(string); return s }

// DefaultBool is the boolean default (false when none).
func (o *Opt) DefaultBool() bool { b, _ := o.Default.(bool); return b }

// DefaultInt is the integer default (0 when none).
func (o *Opt) DefaultInt() int64 {
	switch v := o.Default.(type) {
	case int:
		return int64(v)
	case int64:
		return v
	case float64:
		return int64(v)
	}
	return 0
}

// DefaultStrings is the list default (nil when none), a copy the caller may keep.
func (o *Opt) DefaultStrings() []string {
	l, _ := o.Default.([]string)
	if l == nil {
		return nil
	}
	return append([]string{}, l...)
}

// DefaultDuration is the duration default (0 when none or not a duration).
func (o *Opt) DefaultDuration() time.Duration {
	d, _ := time.ParseDuration(o.DefaultString())
	return d
}

func (o *Opt) String() string { return fmt.Sprintf("option %s", o.Name) }
