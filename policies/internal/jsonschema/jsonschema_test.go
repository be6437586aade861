package jsonschema

import (
	"errors"
	"strings"
	"testing"
)

const testSchema = `{
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "type": "object",
  "additionalProperties": false,
  "properties": {
    "n": {"type": "integer", "minimum": 1, "maximum": 10, "default": 5, "description": "d"},
    "f": {"type": "number", "exclusiveMinimum": 0},
    "s": {"type": "string", "minLength": 1, "maxLength": 3, "pattern": "^[a-z]+$"},
    "e": {"enum": ["a", "b"]},
    "c": {"const": true},
    "l": {"type": "array", "items": {"type": "string"}, "minItems": 1, "uniqueItems": true},
    "m": {"type": "object", "propertyNames": {"pattern": "^x-"}, "additionalProperties": {"type": "string"}},
    "r": {"$ref": "#/$defs/route"},
    "o": {"oneOf": [{"type": "string"}, {"type": "integer"}]},
    "a": {"anyOf": [{"type": "string"}, {"type": "number"}]},
    "x": {"type": "object", "not": {"required": ["p", "q"]}},
    "u": {"type": ["string", "null"]}
  },
  "$defs": {
    "route": {"type": "object", "additionalProperties": false, "required": ["path"],
              "properties": {"path": {"type": "string"}}}
  }
}`

func TestValidate(t *testing.T) {
	s, err := Compile([]byte(testSchema))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, doc string
		wantPath  string // "" means valid; otherwise the path of the first error
	}{
		{"empty", `{}`, ""},
		{"not object", `[]`, "(root)"},
		{"unknown key", `{"zz":1}`, "/zz"},
		{"integer", `{"n":3}`, ""},
		{"integer as 3.0", `{"n":3.0}`, ""},
		{"integer exponent", `{"n":1e1}`, ""},
		{"not integer", `{"n":3.5}`, "/n"},
		{"below minimum", `{"n":0}`, "/n"},
		{"above maximum", `{"n":11}`, "/n"},
		{"huge", `{"n":1e999999999}`, "/n"},
		{"underflows to 0, as in JavaScript", `{"f":1e-999999999}`, "/f"},
		{"float64 integer", `{"n":1.0000000000000001}`, ""},
		{"exclusive minimum", `{"f":0}`, "/f"},
		{"string wrong type", `{"s":1}`, "/s"},
		{"too short", `{"s":""}`, "/s"},
		{"too long", `{"s":"abcd"}`, "/s"},
		{"runes counted", `{"s":"ééé"}`, "/s"}, // length 3 is fine, the pattern is not
		{"pattern", `{"s":"ab"}`, ""},
		{"enum ok", `{"e":"a"}`, ""},
		{"enum bad", `{"e":"c"}`, "/e"},
		{"const", `{"c":false}`, "/c"},
		{"items", `{"l":["a",1]}`, "/l/1"},
		{"minItems", `{"l":[]}`, "/l"},
		{"unique", `{"l":["a","a"]}`, "/l"},
		{"propertyNames", `{"m":{"y":"v"}}`, "/m/y"},
		{"additionalProperties schema", `{"m":{"x-a":1}}`, "/m/x-a"},
		{"ref required", `{"r":{}}`, "/r"},
		{"ref unknown", `{"r":{"path":"/","zz":1}}`, "/r/zz"},
		{"oneOf", `{"o":1}`, ""},
		{"oneOf none", `{"o":true}`, "/o"},
		{"anyOf", `{"a":1.5}`, ""},
		{"not", `{"x":{"p":1,"q":1}}`, "/x"},
		{"not ok", `{"x":{"p":1}}`, ""},
		{"null type", `{"u":null}`, ""},
		{"null elsewhere", `{"n":null}`, "/n"},
		{"key with slash", `{"a/b":1}`, "/a~1b"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := s.Validate([]byte(tt.doc))
			var got string
			if err != nil {
				var ve *ValidationError
				if !errors.As(err, &ve) {
					t.Fatalf("Validate(%s) = %v, want a *ValidationError", tt.doc, err)
				}
				got = ve.Errors[0].Path
				if got == "" {
					got = "(root)"
				}
			}
			if got != tt.wantPath {
				t.Errorf("Validate(%s): first error at %q, want %q (err: %v)", tt.doc, got, tt.wantPath, err)
			}
		})
	}
}

func TestCompileRefusesUnknownKeywords(t *testing.T) {
	for _, doc := range []string{
		`{"type":"object","additionalProperty":false}`,
		`{"type":"strin"}`,
		`{"$ref":"#/$defs/missing"}`,
		`{"pattern":"("}`,
		`{"properties":{"a":3}}`,
	} {
		if _, err := Compile([]byte(doc)); err == nil {
			t.Errorf("Compile(%s) = nil error, want one", doc)
		}
	}
}

func TestDecode(t *testing.T) {
	for _, doc := range []string{``, `{`, `{} {}`, `{}x`, `nul`} {
		if _, err := Decode([]byte(doc)); err == nil {
			t.Errorf("Decode(%q) = nil error, want one", doc)
		}
	}
	if _, err := Decode([]byte(" {}\n")); err != nil {
		t.Errorf("Decode with surrounding space: %v", err)
	}
	if err := (&ValidationError{Errors: []Error{{Path: "/a", Keyword: "/type", Message: "m"}}}).Error(); !strings.Contains(err, "/a: m") {
		t.Errorf("Error() = %q", err)
	}
}

func FuzzValidate(f *testing.F) {
	s, err := Compile([]byte(testSchema))
	if err != nil {
		f.Fatal(err)
	}
	for _, seed := range []string{`{}`, `{"n":1e5}`, `{"l":["a","a"]}`, `{"m":{"x-":"v"}}`, `{"o":1.0}`} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, doc []byte) {
		_ = s.Validate(doc) // must not panic or hang
	})
}
