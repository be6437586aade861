package policies

import (
	"math"
	"regexp"

	"github.com/tidwall/gjson"
)

// SchemaConfig is one "schemas" entry: the JSON body schema of the requests its route matches
// (the first matching entry applies).
type SchemaConfig struct {
	// Route: "methods", "path_prefix", "path", "except".
	Route Route
	// Mode: "mode", default the top-level mode: enforce answers 400, detect logs and passes.
	Mode Mode
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

var schemaTypes = []string{"string", "number", "integer", "boolean", "object", "array"}

var fieldKeys = []string{"type", "required", "nullable", "min_length", "max_length", "min_items", "max_items",
	"min", "max", "enum", "pattern", "fields", "allow_unknown", "items"}

func parseSchemas(n node, mode Mode) []SchemaConfig {
	var out []SchemaConfig
	for _, e := range n.Array() {
		o, _ := e.Object(append([]string{"mode", "fields", "allow_unknown"}, routeKeys...)...)
		s := SchemaConfig{Route: parseRoute(o), Mode: parseMode(o.Get("mode"), mode)}
		s.Body = FieldSchema{Type: "object", Required: true, MinLength: -1, MaxLength: -1,
			Min: math.Inf(-1), Max: math.Inf(1), AllowUnknown: o.Get("allow_unknown").Bool(false)}
		if !o.Get("fields").Exists() {
			o.Get("fields").Errorf("required")
		}
		s.Body.Fields = parseFields(o.Get("fields"), 1)
		out = append(out, s)
	}
	return out
}

func parseFields(n node, depth int) []FieldSchema {
	var out []FieldSchema
	for _, k := range n.Map() {
		f := parseField(k.node, depth)
		f.Name = k.Key
		out = append(out, f)
	}
	return out
}

func parseField(n node, depth int) FieldSchema {
	o, _ := n.Object(fieldKeys...)
	f := FieldSchema{
		Type:         o.Get("type").Enum("", schemaTypes...),
		Required:     o.Get("required").Bool(false),
		Nullable:     o.Get("nullable").Bool(false),
		Min:          o.Get("min").Float(math.Inf(-1), -math.MaxFloat64, math.MaxFloat64),
		Max:          o.Get("max").Float(math.Inf(1), -math.MaxFloat64, math.MaxFloat64),
		Pattern:      o.Get("pattern").Regexp(),
		AllowUnknown: o.Get("allow_unknown").Bool(false),
	}
	if !o.Get("type").Exists() {
		o.Get("type").Errorf("required (one of string, number, integer, boolean, object, array)")
	}
	if f.Type == "array" {
		f.MinLength = int(o.Get("min_items").Int(-1, 0, math.MaxInt32))
		f.MaxLength = int(o.Get("max_items").Int(-1, 0, math.MaxInt32))
	} else {
		f.MinLength = int(o.Get("min_length").Int(-1, 0, math.MaxInt32))
		f.MaxLength = int(o.Get("max_length").Int(-1, 0, math.MaxInt32))
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
