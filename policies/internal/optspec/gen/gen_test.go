package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

// TestGeneratedFilesAreFresh fails when envoy/edgeward.schema.json or
// envoy/reference/configuration.md is not what the declarations make: run
// `go generate ./policies/internal/optspec/` after editing them.
func TestGeneratedFilesAreFresh(t *testing.T) {
	files, err := render()
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != 2 {
		t.Fatalf("render made %d files, want 2", len(files))
	}
	for _, f := range files {
		got, err := os.ReadFile(filepath.Join("..", "..", "..", "..", f.path))
		if err != nil {
			t.Fatalf("%s: %v", f.path, err)
		}
		if !bytes.Equal(got, f.data) {
			t.Errorf("%s is stale: run `go generate ./policies/internal/optspec/`", f.path)
		}
	}
}

// knownKeywords are the JSON Schema keywords the generated schema may use. The validator ignores
// unknown keywords, as JSON Schema says, so a misspelt one would silently check nothing.
var knownKeywords = map[string]bool{
	"$schema": true, "$id": true, "$comment": true, "$defs": true, "$ref": true, "title": true,
	"description": true, "default": true, "type": true, "enum": true, "const": true,
	"properties": true, "additionalProperties": true, "required": true, "propertyNames": true,
	"dependentRequired": true, "minProperties": true, "maxProperties": true,
	"items": true, "minItems": true, "maxItems": true, "uniqueItems": true, "contains": true,
	"minLength": true, "maxLength": true, "pattern": true, "minimum": true, "maximum": true, "exclusiveMinimum": true,
	"allOf": true, "anyOf": true, "oneOf": true, "not": true, "if": true, "then": true, "else": true,
}

func TestSchemaKeywords(t *testing.T) {
	files, err := render()
	if err != nil {
		t.Fatal(err)
	}
	var doc any
	if err := json.Unmarshal(files[0].data, &doc); err != nil {
		t.Fatal(err)
	}
	// an explicit stack: the schema's depth is the declarations', but no walk here recurses
	type item struct {
		v      any
		schema bool // v is a schema (not a map of names to schemas, nor a value)
	}
	stack := []item{{doc, true}}
	n := 0
	for len(stack) > 0 {
		it := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		m, ok := it.v.(map[string]any)
		if !ok || !it.schema {
			continue
		}
		for k, v := range m {
			n++
			if !knownKeywords[k] {
				t.Errorf("unknown JSON Schema keyword %q", k)
			}
			switch k {
			case "properties", "$defs":
				for _, s := range v.(map[string]any) {
					stack = append(stack, item{s, true})
				}
			case "allOf", "anyOf", "oneOf":
				for _, s := range v.([]any) {
					stack = append(stack, item{s, true})
				}
			case "additionalProperties", "items", "not", "if", "then", "else", "contains", "propertyNames":
				stack = append(stack, item{v, true})
			}
		}
	}
	if n < 500 {
		t.Errorf("walked %d keywords, want the whole schema", n)
	}
}
