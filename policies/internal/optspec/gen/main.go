// Command gen writes envoy/edgeward.schema.json and envoy/reference/configuration.md from the
// declarations of package optspec. Run it with `go generate ./policies/internal/optspec/`;
// TestGeneratedFilesAreFresh fails when either file differs from what it would write.
package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/edgeward/edgeward/policies/internal/optspec"
)

const (
	schemaPath    = "envoy/edgeward.schema.json"
	referencePath = "envoy/reference/configuration.md"
)

func main() {
	root := flag.String("root", ".", "the repository root")
	flag.Parse()
	files, err := render()
	if err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
	for _, f := range files {
		if err := os.WriteFile(filepath.Join(*root, f.path), f.data, 0o644); err != nil {
			fmt.Fprintln(os.Stderr, "gen:", err)
			os.Exit(1)
		}
	}
}

type file struct {
	path string
	data []byte
}

func render() ([]file, error) {
	s, err := schema()
	if err != nil {
		return nil, err
	}
	r, err := reference()
	if err != nil {
		return nil, err
	}
	return []file{{schemaPath, s}, {referencePath, r}}, nil
}

// ---- ordered JSON values ----------------------------------------------------------------------

// member is one member of an ordered JSON object; a value is an ordered object ([]member), a
// []any, or a scalar encoding/json writes.
type member struct {
	k string
	v any
}

type object []member

func (o *object) set(k string, v any) {
	for i := range *o {
		if (*o)[i].k == k {
			(*o)[i].v = v
			return
		}
	}
	*o = append(*o, member{k, v})
}

// parseRaw reads a JSON fragment keeping member order. The fragments are the declarations' own
// (a few levels deep), never input.
func parseRaw(raw string) (any, error) {
	d := json.NewDecoder(strings.NewReader(raw))
	d.UseNumber()
	v, err := parseValue(d)
	if err != nil {
		return nil, fmt.Errorf("%v in %s", err, raw)
	}
	return v, nil
}

func parseValue(d *json.Decoder) (any, error) {
	tok, err := d.Token()
	if err != nil {
		return nil, err
	}
	switch tok {
	case json.Delim('{'):
		var o object
		for d.More() {
			k, err := d.Token()
			if err != nil {
				return nil, err
			}
			v, err := parseValue(d)
			if err != nil {
				return nil, err
			}
			o = append(o, member{k.(string), v})
		}
		_, err := d.Token()
		if o == nil {
			o = object{}
		}
		return o, err
	case json.Delim('['):
		out := []any{}
		for d.More() {
			v, err := parseValue(d)
			if err != nil {
				return nil, err
			}
			out = append(out, v)
		}
		_, err := d.Token()
		return out, err
	}
	return tok, nil
}

func write(b *bytes.Buffer, v any) error {
	switch v := v.(type) {
	case object:
		b.WriteByte('{')
		for i, m := range v {
			if i > 0 {
				b.WriteByte(',')
			}
			k, _ := json.Marshal(m.k)
			b.Write(k)
			b.WriteByte(':')
			if err := write(b, m.v); err != nil {
				return err
			}
		}
		b.WriteByte('}')
	case []any:
		b.WriteByte('[')
		for i, e := range v {
			if i > 0 {
				b.WriteByte(',')
			}
			if err := write(b, e); err != nil {
				return err
			}
		}
		b.WriteByte(']')
	default:
		enc, err := marshal(v)
		if err != nil {
			return err
		}
		b.Write(enc)
	}
	return nil
}

func marshal(v any) ([]byte, error) {
	var b bytes.Buffer
	e := json.NewEncoder(&b)
	e.SetEscapeHTML(false)
	if err := e.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimRight(b.Bytes(), "\n"), nil
}

// ---- the schema -------------------------------------------------------------------------------

// expand replaces every {"$section": KEY} in v with the section's schema.
func expand(v any) (any, error) {
	switch t := v.(type) {
	case object:
		if len(t) == 1 && t[0].k == "$section" {
			key, _ := t[0].v.(string)
			return sectionSchema(key)
		}
		out := make(object, 0, len(t))
		for _, m := range t {
			e, err := expand(m.v)
			if err != nil {
				return nil, err
			}
			out = append(out, member{m.k, e})
		}
		return out, nil
	case []any:
		out := make([]any, len(t))
		for i, e := range t {
			x, err := expand(e)
			if err != nil {
				return nil, err
			}
			out[i] = x
		}
		return out, nil
	}
	return v, nil
}

func ref(name string) object { return object{{"$ref", "#/$defs/" + name}} }

// sectionRef is the schema of a value that is the section key: a $ref to its Def, or the
// section inline.
func sectionRef(key string) (any, error) {
	s := optspec.Lookup(key)
	if s == nil {
		return nil, fmt.Errorf("no section %q", key)
	}
	if s.Def != "" {
		return ref(s.Def), nil
	}
	return sectionSchema(key)
}

func sectionSchema(key string) (object, error) {
	s := optspec.Lookup(key)
	if s == nil {
		return nil, fmt.Errorf("no section %q", key)
	}
	o := object{{"type", "object"}, {"additionalProperties", false}}
	if s.Doc != "" {
		o.set("description", s.Doc)
	}
	var required []any
	props := object{}
	for i := range s.Opts {
		p, err := optSchema(&s.Opts[i])
		if err != nil {
			return nil, fmt.Errorf("%s: %v", s.Path(s.Opts[i].Name), err)
		}
		props = append(props, member{s.Opts[i].Name, p})
		if s.Opts[i].Required {
			required = append(required, s.Opts[i].Name)
		}
	}
	if required != nil {
		o.set("required", required)
	}
	o.set("properties", props)
	if s.Schema != "" {
		extra, err := parseRaw(s.Schema)
		if err != nil {
			return nil, fmt.Errorf("section %q: %v", key, err)
		}
		extra, err = expand(extra)
		if err != nil {
			return nil, err
		}
		for _, m := range extra.(object) {
			o.set(m.k, m.v)
		}
	}
	return o, nil
}

func optSchema(opt *optspec.Opt) (any, error) {
	if opt.Section != "" {
		return sectionRef(opt.Section)
	}
	o := object{}
	if opt.Type != "" {
		o.set("type", opt.Type)
	}
	if opt.Ref != "" {
		o.set("$ref", "#/$defs/"+opt.Ref)
	}
	if opt.Enum != nil {
		e := make([]any, len(opt.Enum))
		for i, s := range opt.Enum {
			e[i] = s
		}
		o.set("enum", e)
	}
	if opt.Range != nil {
		o.set("minimum", number(opt.Range.Min))
		o.set("maximum", number(opt.Range.Max))
	}
	if opt.Default != nil {
		o.set("default", opt.Default)
	}
	switch {
	case opt.Items != "":
		o.set("items", ref(opt.Items))
	case opt.ItemSection != "":
		it, err := sectionRef(opt.ItemSection)
		if err != nil {
			return nil, err
		}
		o.set("items", it)
	}
	if opt.Schema != "" {
		extra, err := parseRaw(opt.Schema)
		if err != nil {
			return nil, err
		}
		extra, err = expand(extra)
		if err != nil {
			return nil, err
		}
		for _, m := range extra.(object) {
			o.set(m.k, m.v)
		}
	}
	if opt.Doc != "" {
		o.set("description", opt.Doc)
	}
	return o, nil
}

func number(f float64) any {
	if f > -1<<53 && f < 1<<53 && f == float64(int64(f)) {
		return json.Number(strconv.FormatInt(int64(f), 10))
	}
	return f
}

func schema() ([]byte, error) {
	root, err := sectionSchema("")
	if err != nil {
		return nil, err
	}
	doc := object{
		{"$schema", "https://json-schema.org/draft/2020-12/schema"},
		{"$id", "https://github.com/edgeward/edgeward/raw/main/envoy/edgeward.schema.json"},
		{"title", "Edgeward plugin configuration"},
		{"$comment", "Generated by `go generate ./policies/internal/optspec/` from policies/internal/optspec/declarations.go: edit those, not this file."},
	}
	doc = append(doc, root...)
	defs := object{}
	for _, t := range optspec.Types {
		v, err := parseRaw(t.Schema)
		if err != nil {
			return nil, fmt.Errorf("type %s: %v", t.Name, err)
		}
		if v, err = expand(v); err != nil {
			return nil, fmt.Errorf("type %s: %v", t.Name, err)
		}
		defs = append(defs, member{t.Name, v})
	}
	for _, s := range optspec.Sections {
		if s.Def == "" {
			continue
		}
		v, err := sectionSchema(s.Key)
		if err != nil {
			return nil, err
		}
		defs = append(defs, member{s.Def, v})
	}
	sort.SliceStable(defs, func(i, j int) bool { return defs[i].k < defs[j].k })
	doc = append(doc, member{"$defs", defs})
	var b bytes.Buffer
	if err := write(&b, doc); err != nil {
		return nil, err
	}
	var out bytes.Buffer
	if err := json.Indent(&out, b.Bytes(), "", "  "); err != nil {
		return nil, err
	}
	out.WriteByte('\n')
	return out.Bytes(), nil
}
