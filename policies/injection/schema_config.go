package injection

import (
	"math"
	"regexp"

	"github.com/tidwall/gjson"

	"github.com/edgeward/edgeward/policies"
)

// SchemaConfig is one "schemas" entry: the JSON body schema of the requests its route matches
// (the first matching entry applies).
type SchemaConfig struct {
	// Route: "methods", "path_prefix", "path", "except".
	Route policies.Route
	// Mode: "mode", default the top-level mode: enforce answers 400, detect logs and passes.
	Mode policies.Mode
	// Body: the top-level object's fields ("fields") and "allow_unknown" (default false: a field
	// not listed, such as a mass-assigned "isAdmin", fails the request).
	Body FieldSchema
}

// FieldSchema describes one JSON value.
type FieldSchema struct {
	Name string
	// Type: "type", required: "string", "number", "integer", "boolean", "object", "array".
	Type string
	// Required: "required", default false.
	Required bool
	// Nullable: "nullable", default false: null is accepted in place of the type.
	Nullable bool
	// MinLength, MaxLength: "min_length", "max_length" (strings, in characters; arrays use
	// "min_items", "max_items"), default unbounded (-1).
	MinLength, MaxLength int
	// Min, Max: "min", "max" (numbers), default unbounded.
	Min, Max float64
	// Enum: "enum", allowed values (strings or numbers), default any.
	Enum []gjson.Result
	// Pattern: "pattern", an RE2 regular expression a string must match (anchor it with ^...$).
	Pattern *regexp.Regexp
	// Fields, AllowUnknown: "fields" and "allow_unknown" for objects.
	Fields       []FieldSchema
	AllowUnknown bool
	// Items: "items", the schema of every array element.
	Items *FieldSchema
}

func parseSchemas(n policies.Node, mode policies.Mode) []SchemaConfig {
	var out []SchemaConfig
	for _, e := range n.Array() {
		o, _ := e.Section("schemas[]")
		s := SchemaConfig{Route: policies.ParseRoute(o), Mode: o.Mode("mode", mode)}
		s.Body = FieldSchema{Type: "object", Required: true, MinLength: -1, MaxLength: -1,
			Min: math.Inf(-1), Max: math.Inf(1), AllowUnknown: o.Bool("allow_unknown")}
		if !o.Get("fields").Exists() {
			o.Get("fields").Errorf("required")
		}
		s.Body.Fields = parseFields(o.Get("fields"), 1)
		out = append(out, s)
	}
	return out
}

func parseFields(n policies.Node, depth int) []FieldSchema {
	var out []FieldSchema
	for _, k := range n.Map() {
		f := parseField(k.Node, depth)
		f.Name = k.Key
		out = append(out, f)
	}
	return out
}

func parseField(n policies.Node, depth int) FieldSchema {
	o, _ := n.Section("schemas[].fields.*")
	f := FieldSchema{
		Type:         o.Enum("type", ""),
		Required:     o.Bool("required"),
		Nullable:     o.Bool("nullable"),
		Min:          o.FloatOr("min", math.Inf(-1)),
		Max:          o.FloatOr("max", math.Inf(1)),
		Pattern:      o.Get("pattern").Regexp(),
		AllowUnknown: o.Bool("allow_unknown"),
	}
	if !o.Get("type").Exists() {
		o.Get("type").Errorf("required (one of string, number, integer, boolean, object, array)")
	}
	if f.Type == "array" {
		f.MinLength = int(o.IntOr("min_items", -1))
		f.MaxLength = int(o.IntOr("max_items", -1))
	} else {
		f.MinLength = int(o.IntOr("min_length", -1))
		f.MaxLength = int(o.IntOr("max_length", -1))
	}
	if f.Min > f.Max {
		o.Get("min").Errorf("must not exceed max")
	}
	if f.MinLength >= 0 && f.MaxLength >= 0 && f.MinLength > f.MaxLength {
		n.Errorf("minimum length must not exceed maximum length")
	}
	for _, e := range o.Get("enum").Array() {
		if t := e.Value().Type; t != gjson.String && t != gjson.Number && t != gjson.True && t != gjson.False {
			e.Errorf("enum values must be strings, numbers or booleans")
			continue
		}
		f.Enum = append(f.Enum, e.Value())
	}
	checkApplies := func(key string, types ...string) {
		if !o.Get(key).Exists() {
			return
		}
		for _, t := range types {
			if f.Type == t {
				return
			}
		}
		o.Get(key).Errorf("does not apply to type %q", f.Type)
	}
	checkApplies("min_length", "string")
	checkApplies("max_length", "string")
	checkApplies("pattern", "string")
	checkApplies("min", "number", "integer")
	checkApplies("max", "number", "integer")
	checkApplies("fields", "object")
	checkApplies("allow_unknown", "object")
	checkApplies("items", "array")
	checkApplies("min_items", "array")
	checkApplies("max_items", "array")
	if depth > 16 {
		n.Errorf("schema nested deeper than 16 levels")
		return f
	}
	if f.Type == "object" {
		f.Fields = parseFields(o.Get("fields"), depth+1)
	}
	if f.Type == "array" && o.Get("items").Exists() {
		it := parseField(o.Get("items"), depth+1)
		f.Items = &it
	}
	return f
}
