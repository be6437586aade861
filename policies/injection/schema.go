package injection

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"unicode/utf8"

	"github.com/tidwall/gjson"

	"github.com/edgeward/edgeward/policies"
)

// SchemaProblem is one failing field in a 400 response: its path and why, never its value.
type SchemaProblem struct {
	Field  string `json:"field"`
	Reason string `json:"reason"`
}

// maxSchemaProblems bounds the list in one response.
const maxSchemaProblems = 32

// validateSchema checks the body against the route's schema and answers 400 listing the
// failing fields (enforce) or logs them (detect).
func validateSchema(tx *policies.Tx, s *SchemaConfig, body []byte, truncated bool) *policies.Decision {
	var probs []SchemaProblem
	t := policies.TrimSpace(body)
	switch {
	case truncated:
		probs = append(probs, SchemaProblem{Field: "(body)", Reason: "body too large to validate"})
	case len(t) == 0 || !policies.ValidJSON(t):
		probs = append(probs, SchemaProblem{Field: "(body)", Reason: "must be a JSON object"})
	default:
		probs = checkSchemaValue(&s.Body, gjson.ParseBytes(t), "", probs)
	}
	if len(probs) == 0 {
		return nil
	}
	fields := make([]string, len(probs))
	for i, p := range probs {
		fields[i] = p.Field
	}
	action := "block"
	if s.Mode == policies.Detect {
		action = "detect"
	}
	tx.Event(policies.LogWarn, "schema."+action, map[string]any{"rule": "schema", "action": action, "fields": fields})
	if s.Mode == policies.Detect {
		return nil
	}
	d := policies.JSONDeny(400, "schema", map[string]any{"error": "request body failed validation", "rule": "schema",
		"request_id": tx.Req.ID, "fields": probs})
	return &d
}

func checkSchemaValue(f *FieldSchema, v gjson.Result, path string, probs []SchemaProblem) []SchemaProblem {
	if len(probs) >= maxSchemaProblems {
		return probs
	}
	name := path
	if name == "" {
		name = "(body)"
	}
	add := func(reason string) { probs = append(probs, SchemaProblem{Field: name, Reason: reason}) }
	if v.Type == gjson.Null {
		if !f.Nullable {
			add("must not be null")
		}
		return probs
	}
	switch f.Type {
	case "string":
		if v.Type != gjson.String {
			add("must be a string")
			return probs
		}
		n := utf8.RuneCountInString(v.Str)
		if f.MinLength >= 0 && n < f.MinLength {
			add(fmt.Sprintf("must be at least %d characters", f.MinLength))
		}
		if f.MaxLength >= 0 && n > f.MaxLength {
			add(fmt.Sprintf("must be at most %d characters", f.MaxLength))
		}
		if f.Pattern != nil && !f.Pattern.MatchString(v.Str) {
			add("does not match the required pattern")
		}
	case "number", "integer":
		if v.Type != gjson.Number {
			add("must be a " + f.Type)
			return probs
		}
		if f.Type == "integer" && (v.Num != math.Trunc(v.Num) || math.IsInf(v.Num, 0)) {
			add("must be an integer")
		}
		if v.Num < f.Min {
			add("must be at least " + strconv.FormatFloat(f.Min, 'g', -1, 64))
		}
		if v.Num > f.Max {
			add("must be at most " + strconv.FormatFloat(f.Max, 'g', -1, 64))
		}
	case "boolean":
		if v.Type != gjson.True && v.Type != gjson.False {
			add("must be a boolean")
			return probs
		}
	case "object":
		if !v.IsObject() {
			add("must be an object")
			return probs
		}
		known := make(map[string]*FieldSchema, len(f.Fields))
		for i := range f.Fields {
			known[f.Fields[i].Name] = &f.Fields[i]
		}
		seen := map[string]bool{}
		var unknown []string
		v.ForEach(func(k, val gjson.Result) bool {
			child := k.Str
			if path != "" {
				child = path + "." + k.Str
			}
			if seen[k.Str] {
				probs = append(probs, SchemaProblem{Field: safeField(child), Reason: "duplicate key"})
				return len(probs) < maxSchemaProblems
			}
			seen[k.Str] = true
			fs, ok := known[k.Str]
			if !ok {
				if !f.AllowUnknown {
					unknown = append(unknown, child)
				}
				return len(unknown)+len(probs) < maxSchemaProblems
			}
			probs = checkSchemaValue(fs, val, child, probs)
			return len(probs) < maxSchemaProblems
		})
		for _, fs := range f.Fields {
			if fs.Required && !seen[fs.Name] && len(probs) < maxSchemaProblems {
				child := fs.Name
				if path != "" {
					child = path + "." + fs.Name
				}
				probs = append(probs, SchemaProblem{Field: child, Reason: "is required"})
			}
		}
		sort.Strings(unknown)
		for _, u := range unknown {
			if len(probs) < maxSchemaProblems {
				probs = append(probs, SchemaProblem{Field: safeField(u), Reason: "is not allowed"})
			}
		}
		return probs
	case "array":
		if !v.IsArray() {
			add("must be an array")
			return probs
		}
		n := 0
		v.ForEach(func(_, val gjson.Result) bool {
			if f.Items != nil {
				probs = checkSchemaValue(f.Items, val, path+"["+strconv.Itoa(n)+"]", probs)
			}
			n++
			return len(probs) < maxSchemaProblems
		})
		if f.MinLength >= 0 && n < f.MinLength {
			add(fmt.Sprintf("must have at least %d items", f.MinLength))
		}
		if f.MaxLength >= 0 && n > f.MaxLength {
			add(fmt.Sprintf("must have at most %d items", f.MaxLength))
		}
		return probs
	}
	if len(f.Enum) > 0 && !enumContains(f.Enum, v) {
		add("must be one of the allowed values")
	}
	return probs
}

func enumContains(enum []gjson.Result, v gjson.Result) bool {
	for _, e := range enum {
		if e.Type == v.Type && (e.Type == gjson.String && e.Str == v.Str || e.Type == gjson.Number && e.Num == v.Num || e.Type == gjson.True || e.Type == gjson.False) {
			return true
		}
	}
	return false
}

// safeField bounds and escapes a client-chosen key before it is echoed in the 400: field names
// are listed, but a key is input too, so it is truncated and stripped of markup characters.
func safeField(s string) string {
	return policies.EscapeForLog(s, 64)
}
