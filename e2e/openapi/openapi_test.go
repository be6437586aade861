package openapi

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/edgeward/edgeward/policies"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// specs are the committed documents: a petstore in OpenAPI 3.0 YAML, a larger tracker API in
// OpenAPI 3.1 JSON.
var specs = []string{"petstore.yaml", "tracker.json"}

func golden(spec string) string {
	return filepath.Join("testdata", strings.TrimSuffix(spec, filepath.Ext(spec))+".edgeward.json")
}

func importFile(t *testing.T, spec string) []byte {
	t.Helper()
	doc, err := Load(filepath.Join("testdata", spec))
	if err != nil {
		t.Fatal(err)
	}
	if err := Validate(doc); err != nil {
		t.Errorf("%s is not a valid document: %v", spec, err)
	}
	c, err := Import(doc, Options{Source: spec})
	if err != nil {
		t.Fatal(err)
	}
	b, err := Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestGolden: the import of each document is the committed config, byte for byte, and the
// plugin accepts it.
func TestGolden(t *testing.T) {
	for _, spec := range specs {
		t.Run(spec, func(t *testing.T) {
			got := importFile(t, spec)
			if _, err := policies.ParseConfig(got); err != nil {
				t.Fatalf("the plugin refuses the import: %v", err)
			}
			if *update {
				if err := os.WriteFile(golden(spec), got, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden(spec))
			if err != nil {
				t.Fatalf("%v (run go test ./e2e/openapi -update)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("the import of %s differs from %s (run go test ./e2e/openapi -update and review the diff)", spec, golden(spec))
			}
		})
	}
}

// TestStable: importing the same document again, in the same process (map orders differ
// between runs), writes the same bytes.
func TestStable(t *testing.T) {
	for _, spec := range specs {
		first := importFile(t, spec)
		for i := 0; i < 5; i++ {
			if again := importFile(t, spec); !bytes.Equal(first, again) {
				t.Fatalf("%s: import %d differs from the first", spec, i+2)
			}
		}
	}
}

func importString(t *testing.T, doc string) *Contract {
	t.Helper()
	d, err := LoadData([]byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	c, err := Import(d, Options{})
	if err != nil {
		t.Fatal(err)
	}
	b, err := Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := policies.ParseConfig(b); err != nil {
		t.Fatalf("the plugin refuses the import: %v\n%s", err, b)
	}
	return c
}

// TestNotesNamePointers: what the contract cannot check is listed by JSON pointer.
func TestNotesNamePointers(t *testing.T) {
	c := importString(t, `
openapi: 3.1.0
info: {title: t, version: "1"}
paths:
  /a/{id}:
    post:
      parameters:
        - {name: id, in: path, required: true, schema: {type: string, format: hostname}}
      requestBody:
        content:
          application/json:
            schema:
              type: object
              properties:
                x: {oneOf: [{type: object, properties: {a: {type: string}}}, {type: object, properties: {b: {type: string}}}]}
                y: {type: string, pattern: '(?=lookahead)'}
                z: {not: {type: string}}
                deep: {type: string, pattern: '`+strings.Repeat("(?:a", 30)+strings.Repeat("(?:", 6)+"b{0,4}"+strings.Repeat("){0,4}", 6)+strings.Repeat(")?", 30)+`'}
                slug: {type: string, pattern: '^[a-z0-9-]{1,64}$'}
          multipart/form-data:
            schema: {type: object}
`)
	var notes []string
	for _, op := range c.Operations {
		for _, n := range op.Unexpressed {
			notes = append(notes, n.Pointer)
		}
	}
	want := []string{
		"#/paths/~1a~1{id}/post/parameters/0/schema/format",
		"#/paths/~1a~1{id}/post/requestBody/content/application~1json/schema/properties/deep/pattern",
		"#/paths/~1a~1{id}/post/requestBody/content/application~1json/schema/properties/x/oneOf",
		"#/paths/~1a~1{id}/post/requestBody/content/application~1json/schema/properties/y/pattern",
		"#/paths/~1a~1{id}/post/requestBody/content/application~1json/schema/properties/z/not",
		"#/paths/~1a~1{id}/post/requestBody/content/multipart~1form-data/schema",
	}
	if strings.Join(notes, "\n") != strings.Join(want, "\n") {
		t.Errorf("notes:\n%s\nwant:\n%s", strings.Join(notes, "\n"), strings.Join(want, "\n"))
	}
	// a bounded count too deep as written is kept: the plugin rewrites it shallow
	if p := c.Operations[0].Body.Schema.Properties["slug"]; p == nil || p.Pattern != "^[a-z0-9-]{1,64}$" {
		t.Errorf("slug's pattern not kept: %+v", p)
	}
}

// TestServersBasePaths: each distinct base path of the servers prefixes the operations.
func TestServersBasePaths(t *testing.T) {
	c := importString(t, `
openapi: 3.0.3
info: {title: t, version: "1"}
servers:
  - url: https://api.example.com/v1/
  - url: http://localhost/v1
  - url: '{scheme}://example.com/{base}'
    variables:
      scheme: {default: https}
      base: {default: beta}
paths:
  /x:
    get: {responses: {"200": {description: ok}}}
  /y:
    servers: [{url: /other}]
    get: {responses: {"200": {description: ok}}}
`)
	var got []string
	for _, op := range c.Operations {
		got = append(got, op.Method+" "+op.Path)
	}
	want := "GET /beta/x GET /other/y GET /v1/x"
	if strings.Join(got, " ") != want {
		t.Errorf("operations %v, want %s", got, want)
	}
}
