// Package openapi turns an OpenAPI 3.0, 3.1 or 3.2 document into Edgeward's request contract (the
// plugin config's "contract" section): every operation with its path template (servers' base
// path included), its parameters in path, query, header and cookie, and its JSON request body.
// What the contract cannot check in one pass is not dropped silently: it is listed under
// "unexpressed" with the JSON pointer of the part of the document it comes from.
//
// The document is read with github.com/getkin/kin-openapi, in this command-line tool only: the
// Wasm module never imports it (it reads the contract as plain config).
package openapi

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/edgeward/edgeward/policies/contract"
)

// Options tune the import.
type Options struct {
	// Source names the document in the contract's info (the file's base name).
	Source string
	// Mode, Undocumented, UnknownQuery preset the contract's "mode", "undocumented" and
	// "unknown_query" (defaults: omitted mode, "reject", "reject").
	Mode, Undocumented, UnknownQuery string
	// PathPrefix, when set, scopes the contract to paths under it ("path_prefix").
	PathPrefix string
}

// Contract is the "contract" section, in the order it is written.
type Contract struct {
	Info         Info               `json:"info"`
	Mode         string             `json:"mode,omitempty"`
	Undocumented string             `json:"undocumented"`
	UnknownQuery string             `json:"unknown_query"`
	PathPrefix   string             `json:"path_prefix,omitempty"`
	Definitions  map[string]*Schema `json:"definitions,omitempty"`
	Operations   []*Operation       `json:"operations"`
	Unexpressed  []Note             `json:"unexpressed,omitempty"`
}

// Info says where the contract comes from.
type Info struct {
	Title   string `json:"title,omitempty"`
	Version string `json:"version,omitempty"`
	OpenAPI string `json:"openapi"`
	Source  string `json:"source,omitempty"`
}

// Note is one part of the document the contract does not check, by JSON pointer.
type Note struct {
	Pointer string `json:"pointer"`
	Reason  string `json:"reason"`
}

// Operation is one contract operation.
type Operation struct {
	ID           string   `json:"id,omitempty"`
	Method       string   `json:"method"`
	Path         string   `json:"path"`
	Mode         string   `json:"mode,omitempty"`
	UnknownQuery string   `json:"unknown_query,omitempty"`
	Parameters   []*Param `json:"parameters,omitempty"`
	Body         *Body    `json:"body,omitempty"`
	Unexpressed  []Note   `json:"unexpressed,omitempty"`
}

// Param is one parameter.
type Param struct {
	Name       string  `json:"name"`
	In         string  `json:"in"`
	Required   bool    `json:"required,omitempty"`
	Style      string  `json:"style,omitempty"`
	Explode    *bool   `json:"explode,omitempty"`
	AllowEmpty bool    `json:"allow_empty,omitempty"`
	MediaType  string  `json:"media_type,omitempty"`
	Content    string  `json:"content,omitempty"`
	Schema     *Schema `json:"schema,omitempty"`
}

// Body is an operation's request body.
type Body struct {
	Required   bool          `json:"required,omitempty"`
	MediaTypes []string      `json:"media_types"`
	Schema     *Schema       `json:"schema,omitempty"`
	FormSchema *Schema       `json:"form_schema,omitempty"`
	Content    []ContentDecl `json:"content,omitempty"`
}

// ContentDecl declares what a body field holds (x-edgeward-content).
type ContentDecl struct {
	Parameter string `json:"parameter"`
	Holds     string `json:"holds"`
}

// Schema is a contract schema, keys in a fixed order.
type Schema struct {
	Ref                  string             `json:"ref,omitempty"`
	Type                 any                `json:"type,omitempty"` // a name or a list of names
	Format               string             `json:"format,omitempty"`
	Enum                 []any              `json:"enum,omitempty"`
	Pattern              string             `json:"pattern,omitempty"`
	MinLength            *uint64            `json:"min_length,omitempty"`
	MaxLength            *uint64            `json:"max_length,omitempty"`
	Minimum              *float64           `json:"minimum,omitempty"`
	Maximum              *float64           `json:"maximum,omitempty"`
	ExclusiveMinimum     *float64           `json:"exclusive_minimum,omitempty"`
	ExclusiveMaximum     *float64           `json:"exclusive_maximum,omitempty"`
	MultipleOf           *float64           `json:"multiple_of,omitempty"`
	Items                *Schema            `json:"items,omitempty"`
	MinItems             *uint64            `json:"min_items,omitempty"`
	MaxItems             *uint64            `json:"max_items,omitempty"`
	UniqueItems          bool               `json:"unique_items,omitempty"`
	Properties           map[string]*Schema `json:"properties,omitempty"`
	Required             []string           `json:"required,omitempty"`
	AdditionalProperties any                `json:"additional_properties,omitempty"` // false or a schema
	MinProperties        *uint64            `json:"min_properties,omitempty"`
	MaxProperties        *uint64            `json:"max_properties,omitempty"`
	Nullable             bool               `json:"nullable,omitempty"` // only beside ref
	ReadOnly             bool               `json:"read_only,omitempty"`
	OneOf                []*Schema          `json:"one_of,omitempty"`
	AnyOf                []*Schema          `json:"any_of,omitempty"`
	Discriminator        *Discriminator     `json:"discriminator,omitempty"`

	types []string // the type names, for merging
}

// Discriminator selects a one_of/any_of alternative by a property's value.
type Discriminator struct {
	Property string            `json:"property"`
	Mapping  map[string]string `json:"mapping"`
}

// Load reads an OpenAPI document (YAML or JSON) with its local $refs.
func Load(path string) (*openapi3.T, error) {
	loader := openapi3.NewLoader()
	loader.IsExternalRefsAllowed = false
	doc, err := loader.LoadFromFile(path)
	if err != nil {
		return nil, err
	}
	return doc, nil
}

// LoadData reads a document from memory (local $refs only).
func LoadData(data []byte) (*openapi3.T, error) {
	loader := openapi3.NewLoader()
	loader.IsExternalRefsAllowed = false
	return loader.LoadFromData(data)
}

// Validate runs kin-openapi's document validation (examples, defaults and patterns not checked:
// the contract does not use them); its findings are warnings for the caller to show.
func Validate(doc *openapi3.T) error {
	ctx := openapi3.WithValidationOptions(context.Background(), openapi3.DisableExamplesValidation(),
		openapi3.DisableSchemaDefaultsValidation(), openapi3.DisableSchemaPatternValidation(), openapi3.AllowExtensionsWithRef())
	return doc.Validate(ctx)
}

// Import translates doc.
func Import(doc *openapi3.T, o Options) (*Contract, error) {
	if doc == nil {
		return nil, fmt.Errorf("no document")
	}
	im := &importer{doc: doc, defs: map[string]*Schema{}, pending: map[string]bool{}}
	c := &Contract{
		Info:         Info{OpenAPI: doc.OpenAPI, Source: o.Source},
		Mode:         o.Mode,
		Undocumented: or(o.Undocumented, "reject"),
		UnknownQuery: or(o.UnknownQuery, "reject"),
		PathPrefix:   o.PathPrefix,
	}
	if doc.Info != nil {
		c.Info.Title, c.Info.Version = doc.Info.Title, doc.Info.Version
	}
	if m := extString(doc.Extensions, "x-edgeward-mode"); m != "" && c.Mode == "" {
		c.Mode = m
	}
	if u := extString(doc.Extensions, "x-edgeward-undocumented"); u != "" && o.Undocumented == "" {
		c.Undocumented = u
	}
	if u := extString(doc.Extensions, "x-edgeward-unknown-query"); u != "" && o.UnknownQuery == "" {
		c.UnknownQuery = u
	}
	if doc.Paths == nil {
		return nil, fmt.Errorf("the document has no paths")
	}
	paths := doc.Paths.Map()
	names := make([]string, 0, len(paths))
	for p := range paths {
		names = append(names, p)
	}
	sort.Strings(names)
	seen := map[string]string{}
	for _, p := range names {
		item := paths[p]
		if item == nil {
			continue
		}
		ptr := "#/paths/" + escapePointer(p)
		methods := item.Operations()
		ms := make([]string, 0, len(methods))
		for m := range methods {
			ms = append(ms, m)
		}
		sort.Strings(ms)
		for _, m := range ms {
			op := methods[m]
			if op == nil {
				continue
			}
			servers := doc.Servers
			if len(item.Servers) > 0 {
				servers = item.Servers
			}
			if op.Servers != nil && len(*op.Servers) > 0 {
				servers = *op.Servers
			}
			bases, notes := basePaths(servers, ptr)
			for _, base := range bases {
				out := im.operation(strings.ToUpper(m), base, p, item, op, ptr+"/"+strings.ToLower(m))
				out.Unexpressed = append(out.Unexpressed, notes...)
				key := out.Method + " " + templateKey(out.Path)
				if prev, dup := seen[key]; dup {
					out.Unexpressed = append(out.Unexpressed, Note{Pointer: ptr + "/" + strings.ToLower(m),
						Reason: "same route as " + prev + " (path templates differing only in parameter names); the first is kept"})
					c.Unexpressed = append(c.Unexpressed, out.Unexpressed...)
					continue
				}
				seen[key] = out.Method + " " + out.Path
				sortNotes(out.Unexpressed)
				c.Operations = append(c.Operations, out)
			}
		}
	}
	im.flush()
	c.Definitions = im.defs
	c.Unexpressed = append(c.Unexpressed, im.notes...)
	sortNotes(c.Unexpressed)
	sort.SliceStable(c.Operations, func(i, j int) bool {
		a, b := c.Operations[i], c.Operations[j]
		if a.Path != b.Path {
			return a.Path < b.Path
		}
		return a.Method < b.Method
	})
	return c, nil
}

// Marshal writes the contract as a plugin config ({"contract": ...}), indented, stable.
func Marshal(c *Contract) ([]byte, error) {
	b, err := marshalIndent(map[string]any{"contract": c})
	if err != nil {
		return nil, err
	}
	return append(b, '\n'), nil
}

func marshalIndent(v any) ([]byte, error) {
	var buf strings.Builder
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return []byte(strings.TrimSuffix(buf.String(), "\n")), nil
}

func or(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

func extString(ext map[string]any, key string) string {
	if v, ok := ext[key]; ok {
		if s, ok := v.(string); ok {
			return s
		}
	}
	return ""
}

// escapePointer escapes a JSON pointer token (RFC 6901).
func escapePointer(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(s, "~", "~0"), "/", "~1")
}

var tmplParam = regexp.MustCompile(`\{[^{}]*\}`)

func templateKey(p string) string {
	return strings.ToLower(strings.TrimSuffix(tmplParam.ReplaceAllString(p, "{}"), "/"))
}

func sortNotes(n []Note) {
	sort.SliceStable(n, func(i, j int) bool {
		if n[i].Pointer != n[j].Pointer {
			return n[i].Pointer < n[j].Pointer
		}
		return n[i].Reason < n[j].Reason
	})
}

// basePaths returns the distinct base paths of the servers ("" for none or "/"); server
// variables take their defaults, and a variable with other enum values is noted.
func basePaths(servers openapi3.Servers, ptr string) ([]string, []Note) {
	var notes []Note
	set := map[string]bool{}
	for i, s := range servers {
		if s == nil {
			continue
		}
		u := s.URL
		names := make([]string, 0, len(s.Variables))
		for n := range s.Variables {
			names = append(names, n)
		}
		sort.Strings(names)
		for _, n := range names {
			v := s.Variables[n]
			if v == nil {
				continue
			}
			if len(v.Enum) > 1 && strings.Contains(u, "{"+n+"}") && strings.Contains(pathPart(u), "{"+n+"}") {
				notes = append(notes, Note{Pointer: fmt.Sprintf("#/servers/%d/variables/%s", i, escapePointer(n)),
					Reason: "server variable in the base path: only its default " + strconv.Quote(v.Default) + " is routed"})
			}
			u = strings.ReplaceAll(u, "{"+n+"}", v.Default)
		}
		set[normBase(pathPart(u))] = true
	}
	if len(set) == 0 {
		set[""] = true
	}
	out := make([]string, 0, len(set))
	for b := range set {
		out = append(out, b)
	}
	sort.Strings(out)
	return out, notes
}

// pathPart is the path of a server URL (absolute or relative).
func pathPart(u string) string {
	if pu, err := url.Parse(u); err == nil {
		if pu.Scheme != "" || pu.Host != "" {
			return pu.Path
		}
		return pu.Path
	}
	if i := strings.Index(u, "://"); i >= 0 {
		rest := u[i+3:]
		if j := strings.IndexByte(rest, '/'); j >= 0 {
			return rest[j:]
		}
		return ""
	}
	return u
}

func normBase(p string) string {
	p = strings.TrimRight(p, "/")
	if p != "" && !strings.HasPrefix(p, "/") {
		p = "/" + p
	}
	return p
}

type importer struct {
	doc     *openapi3.T
	defs    map[string]*Schema
	pending map[string]bool // definitions being translated
	queue   []string
	refs    map[string]*openapi3.SchemaRef
	notes   []Note // notes on definitions
}

// flush translates every definition referred to, until none is left.
func (im *importer) flush() {
	for len(im.queue) > 0 {
		name := im.queue[0]
		im.queue = im.queue[1:]
		sr := im.refs[name]
		var notes []Note
		if sr == nil || sr.Value == nil {
			im.defs[name] = &Schema{}
			continue
		}
		s := im.schemaValue(sr.Value, defPointer(name), &notes, 0)
		im.defs[name] = s
		im.notes = append(im.notes, notes...)
	}
}

// defName names the definition a $ref points to: a component schema by its name, any other
// local pointer by itself.
func defName(ref string) string {
	if n, ok := strings.CutPrefix(ref, "#/components/schemas/"); ok {
		return strings.ReplaceAll(strings.ReplaceAll(n, "~1", "/"), "~0", "~")
	}
	return ref
}

func defPointer(name string) string {
	if strings.HasPrefix(name, "#") {
		return name
	}
	return "#/components/schemas/" + escapePointer(name)
}

func (im *importer) operation(method, base, path string, item *openapi3.PathItem, op *openapi3.Operation, ptr string) *Operation {
	out := &Operation{ID: op.OperationID, Method: method, Path: base + path}
	if out.Path == "" {
		out.Path = "/"
	}
	for _, ext := range []map[string]any{item.Extensions, op.Extensions} {
		if m := extString(ext, "x-edgeward-mode"); m != "" {
			out.Mode = m
		}
		if u := extString(ext, "x-edgeward-unknown-query"); u != "" {
			out.UnknownQuery = u
		}
	}
	notes := &out.Unexpressed
	// parameters: the path item's, overridden by the operation's of the same name and location
	type pk struct{ name, in string }
	idx := map[pk]int{}
	var params []*openapi3.Parameter
	var ptrs []string
	for level, list := range []openapi3.Parameters{item.Parameters, op.Parameters} {
		base := ptr[:strings.LastIndexByte(ptr, '/')]
		if level == 1 {
			base = ptr
		}
		for i, pr := range list {
			if pr == nil || pr.Value == nil {
				continue
			}
			p := pr.Value
			k := pk{p.Name, p.In}
			if p.In == "header" {
				k.name = strings.ToLower(p.Name)
			}
			pp := fmt.Sprintf("%s/parameters/%d", base, i)
			if j, ok := idx[k]; ok {
				params[j], ptrs[j] = p, pp
				continue
			}
			idx[k] = len(params)
			params = append(params, p)
			ptrs = append(ptrs, pp)
		}
	}
	order := map[string]int{"path": 0, "query": 1, "header": 2, "cookie": 3}
	for i, p := range params {
		switch strings.ToLower(p.Name) {
		case "accept", "content-type", "authorization":
			if p.In == "header" {
				continue // OpenAPI: such header parameters are ignored
			}
		}
		if _, ok := order[p.In]; !ok {
			*notes = append(*notes, Note{Pointer: ptrs[i], Reason: "parameter location " + strconv.Quote(p.In) + " is not a request part"})
			continue
		}
		if p.Name == "" {
			*notes = append(*notes, Note{Pointer: ptrs[i] + "/name", Reason: "parameter without a name: not checked"})
			continue
		}
		out.Parameters = append(out.Parameters, im.param(p, ptrs[i], notes))
	}
	declared := map[string]bool{}
	for _, p := range out.Parameters {
		if p.In == "path" {
			declared[p.Name] = true
		}
	}
	for _, m := range tmplParam.FindAllString(path, -1) {
		name := m[1 : len(m)-1]
		if !declared[name] {
			declared[name] = true
			out.Parameters = append(out.Parameters, &Param{Name: name, In: "path", Required: true})
			*notes = append(*notes, Note{Pointer: ptr, Reason: "path parameter " + strconv.Quote(name) + " is not declared: any value is accepted"})
		}
	}
	sort.SliceStable(out.Parameters, func(i, j int) bool {
		a, b := out.Parameters[i], out.Parameters[j]
		if a.In != b.In {
			return order[a.In] < order[b.In]
		}
		return a.Name < b.Name
	})
	if op.RequestBody != nil && op.RequestBody.Value != nil {
		out.Body = im.body(op.RequestBody.Value, ptr+"/requestBody", notes)
	}
	return out
}

func (im *importer) param(p *openapi3.Parameter, ptr string, notes *[]Note) *Param {
	out := &Param{Name: p.Name, In: p.In, Required: p.Required || p.In == "path", AllowEmpty: p.AllowEmptyValue}
	if c := extString(p.Extensions, "x-edgeward-content"); c != "" {
		out.Content = c
	}
	def := map[string]string{"path": "simple", "query": "form", "header": "simple", "cookie": "form"}[p.In]
	style := or(p.Style, def)
	if style != def {
		out.Style = style
	}
	explode := style == "form"
	if p.Explode != nil {
		explode = *p.Explode
	}
	if explode != (style == "form") {
		e := explode
		out.Explode = &e
	}
	if p.AllowReserved {
		*notes = append(*notes, Note{Pointer: ptr + "/allowReserved", Reason: "allowReserved only changes how clients encode the value; not checked"})
	}
	switch {
	case p.Schema != nil:
		out.Schema = im.schema(p.Schema, ptr+"/schema", notes, 0)
	case len(p.Content) > 0:
		mts := sortedKeys(p.Content)
		mt := mts[0]
		for _, m := range mts {
			if isJSON(m) {
				mt = m
			}
		}
		if isJSON(mt) {
			out.MediaType = "application/json"
			out.Style = ""
			out.Explode = nil
			if mtv := p.Content[mt]; mtv != nil && mtv.Schema != nil {
				out.Schema = im.schema(mtv.Schema, ptr+"/content/"+escapePointer(mt)+"/schema", notes, 0)
			}
		} else {
			*notes = append(*notes, Note{Pointer: ptr + "/content", Reason: "parameter content " + strconv.Quote(mt) + " is not JSON: its schema is not checked"})
		}
	}
	if out.Schema != nil && out.MediaType == "" {
		if style == "deepObject" && !schemaIsObject(out.Schema) {
			*notes = append(*notes, Note{Pointer: ptr + "/style", Reason: "deepObject on a parameter that is not an object: checked as a string"})
			out.Style = ""
		}
	}
	return out
}

func schemaIsObject(s *Schema) bool {
	if s.Ref != "" {
		return false
	}
	t, ok := s.Type.(string)
	return ok && t == "object"
}

func isJSON(mt string) bool {
	mt = strings.ToLower(mt)
	if i := strings.IndexByte(mt, ';'); i >= 0 {
		mt = strings.TrimSpace(mt[:i])
	}
	return mt == "application/json" || strings.HasSuffix(mt, "+json") || mt == "application/*" || mt == "*/*"
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func (im *importer) body(rb *openapi3.RequestBody, ptr string, notes *[]Note) *Body {
	out := &Body{Required: rb.Required}
	var jsonType string
	for _, mt := range sortedKeys(rb.Content) {
		m := strings.ToLower(strings.TrimSpace(strings.SplitN(mt, ";", 2)[0]))
		if !contains(out.MediaTypes, m) {
			out.MediaTypes = append(out.MediaTypes, m)
		}
		v := rb.Content[mt]
		if v == nil || v.Schema == nil {
			continue
		}
		mp := ptr + "/content/" + escapePointer(mt) + "/schema"
		switch {
		case m == "application/json" || jsonType == "" && (strings.HasSuffix(m, "+json") || m == "*/*" || m == "application/*"):
			if jsonType != "" {
				*notes = append(*notes, Note{Pointer: ptr + "/content/" + escapePointer(jsonType) + "/schema",
					Reason: "one JSON schema per operation: the one of application/json is checked"})
			}
			jsonType = mt
			out.Schema = im.schema(v.Schema, mp, notes, 0)
		case strings.HasSuffix(m, "+json"):
			*notes = append(*notes, Note{Pointer: mp, Reason: "one JSON schema per operation: the one of " + jsonType + " is checked"})
		case m == "application/x-www-form-urlencoded":
			fs := im.schema(v.Schema, mp, notes, 0)
			if t, _ := im.resolve(fs, 0).Type.(string); t == "object" {
				out.FormSchema = fs
			} else {
				*notes = append(*notes, Note{Pointer: mp, Reason: "a form body's schema that is not an object is not checked; its media type is"})
			}
			if len(v.Encoding) > 0 {
				*notes = append(*notes, Note{Pointer: ptr + "/content/" + escapePointer(mt) + "/encoding", Reason: "encoding (per-field content types, styles) is not checked"})
			}
		default:
			*notes = append(*notes, Note{Pointer: mp, Reason: "the body schema of " + m + " is not checked (only JSON bodies are); its media type is"})
		}
	}
	if out.MediaTypes == nil {
		out.MediaTypes = []string{}
	}
	if jsonType != "" {
		out.Content = im.contentDecls(rb.Content[jsonType].Schema)
	}
	return out
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// contentDecls finds x-edgeward-content on the body's properties, named as the detectors name
// body values ("user.bio"; arrays add nothing).
func (im *importer) contentDecls(root *openapi3.SchemaRef) []ContentDecl {
	type item struct {
		s    *openapi3.SchemaRef
		name string
		seen map[*openapi3.Schema]bool
	}
	var out []ContentDecl
	stack := []item{{s: root, seen: map[*openapi3.Schema]bool{}}}
	for len(stack) > 0 && len(out) < 256 {
		it := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if it.s == nil || it.s.Value == nil || it.seen[it.s.Value] || len(it.seen) > 32 {
			continue
		}
		v := it.s.Value
		seen := map[*openapi3.Schema]bool{v: true}
		for k := range it.seen {
			seen[k] = true
		}
		if c := extString(v.Extensions, "x-edgeward-content"); c != "" && it.name != "" {
			out = append(out, ContentDecl{Parameter: it.name, Holds: c})
		}
		for _, name := range sortedKeys(v.Properties) {
			n := name
			if it.name != "" {
				n = it.name + "." + name
			}
			stack = append(stack, item{s: v.Properties[name], name: n, seen: seen})
		}
		if v.Items != nil {
			stack = append(stack, item{s: v.Items, name: it.name, seen: seen})
		}
		for _, group := range []openapi3.SchemaRefs{v.AllOf, v.OneOf, v.AnyOf} {
			for _, a := range group {
				stack = append(stack, item{s: a, name: it.name, seen: seen})
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Parameter < out[j].Parameter })
	return out
}

const maxDepth = 48

// schema translates a schema reference: a $ref to a definition, or the schema inline.
func (im *importer) schema(sr *openapi3.SchemaRef, ptr string, notes *[]Note, depth int) *Schema {
	if sr == nil {
		return nil
	}
	if sr.Ref != "" && strings.HasPrefix(sr.Ref, "#") {
		name := defName(sr.Ref)
		im.want(name, sr)
		return &Schema{Ref: name}
	}
	if sr.Ref != "" {
		*notes = append(*notes, Note{Pointer: ptr, Reason: "external $ref " + strconv.Quote(sr.Ref) + " inlined"})
	}
	if sr.Value == nil {
		return &Schema{}
	}
	return im.schemaValue(sr.Value, ptr, notes, depth)
}

func (im *importer) want(name string, sr *openapi3.SchemaRef) {
	if im.refs == nil {
		im.refs = map[string]*openapi3.SchemaRef{}
	}
	if _, ok := im.refs[name]; ok {
		return
	}
	im.refs[name] = sr
	im.queue = append(im.queue, name)
}

// schemaValue translates one schema object.
func (im *importer) schemaValue(v *openapi3.Schema, ptr string, notes *[]Note, depth int) *Schema {
	if depth > maxDepth {
		*notes = append(*notes, Note{Pointer: ptr, Reason: "schema nested too deeply: not checked below this point"})
		return &Schema{}
	}
	note := func(key, reason string) {
		p := ptr
		if key != "" {
			p += "/" + key
		}
		*notes = append(*notes, Note{Pointer: p, Reason: reason})
	}
	if v.Always != nil {
		if !*v.Always {
			note("", "false schema: no value is valid; checked as any value")
		}
		return &Schema{}
	}
	if len(v.AllOf) > 0 {
		return im.allOf(v, ptr, notes, depth)
	}
	s := &Schema{}
	var types []string
	if v.Type != nil {
		types = append(types, v.Type.Slice()...)
	}
	if v.Nullable && len(types) > 0 && !contains(types, "null") {
		types = append(types, "null")
	}
	s.types = types
	s.setType()
	// formats
	switch v.Format {
	case "":
	case "uuid", "email", "date", "date-time", "uri", "ipv4", "ipv6", "byte":
		if len(types) == 0 || contains(types, "string") {
			s.Format = v.Format
		}
	case "int32", "int64":
		if len(types) == 0 || contains(types, "integer") || contains(types, "number") {
			s.Format = v.Format
		}
	case "float", "double", "password", "binary":
		// annotations: nothing to check beyond the type
	default:
		note("format", "format "+strconv.Quote(v.Format)+" is not checked at the edge")
	}
	if s.Format != "" && len(types) == 0 {
		// the module wants a type beside a format
		if s.Format == "int32" || s.Format == "int64" {
			s.types = []string{"integer"}
		} else {
			s.types = []string{"string"}
		}
		s.setType()
	}
	enum := v.Enum
	if v.Const != nil {
		enum = []any{v.Const}
	}
	for _, e := range enum {
		switch e.(type) {
		case map[string]any, []any:
			note("enum", "enum of objects or arrays is not checked")
			enum = nil
		}
		if enum == nil {
			break
		}
	}
	s.Enum = normaliseEnum(enum)
	if v.Pattern != "" {
		if _, err := regexp.Compile(v.Pattern); err != nil {
			note("pattern", "pattern is not RE2 (the module's linear-time regular expressions): not checked")
		} else if err := contract.CheckContractPattern(v.Pattern); err != nil {
			note("pattern", "pattern cannot be compiled within the module's bounds ("+err.Error()+"): not checked")
		} else if len(types) == 0 || contains(types, "string") {
			s.Pattern = v.Pattern
			if len(types) == 0 {
				s.types = []string{"string"}
				s.setType()
			}
		}
	}
	if v.MinLength > 0 {
		s.MinLength = u64(v.MinLength)
	}
	s.MaxLength = v.MaxLength
	s.Minimum, s.Maximum = v.Min, v.Max
	if v.ExclusiveMin.IsTrue() && v.Min != nil {
		s.ExclusiveMinimum, s.Minimum = v.Min, nil
	} else if v.ExclusiveMin.Value != nil {
		s.ExclusiveMinimum = v.ExclusiveMin.Value
	}
	if v.ExclusiveMax.IsTrue() && v.Max != nil {
		s.ExclusiveMaximum, s.Maximum = v.Max, nil
	} else if v.ExclusiveMax.Value != nil {
		s.ExclusiveMaximum = v.ExclusiveMax.Value
	}
	if v.MultipleOf != nil && *v.MultipleOf > 0 {
		s.MultipleOf = v.MultipleOf
	}
	if v.Items != nil {
		s.Items = im.schema(v.Items, ptr+"/items", notes, depth+1)
	}
	if v.MinItems > 0 {
		s.MinItems = u64(v.MinItems)
	}
	s.MaxItems = v.MaxItems
	s.UniqueItems = v.UniqueItems
	if len(v.Properties) > 0 {
		s.Properties = map[string]*Schema{}
		for _, k := range sortedKeys(v.Properties) {
			s.Properties[k] = im.schema(v.Properties[k], ptr+"/properties/"+escapePointer(k), notes, depth+1)
		}
	}
	s.Required = append([]string(nil), v.Required...)
	switch {
	case v.AdditionalProperties.Has != nil && !*v.AdditionalProperties.Has:
		s.AdditionalProperties = false
	case v.AdditionalProperties.Schema != nil:
		s.AdditionalProperties = im.schema(v.AdditionalProperties.Schema, ptr+"/additionalProperties", notes, depth+1)
	}
	if v.MinProps > 0 {
		s.MinProperties = u64(v.MinProps)
	}
	s.MaxProperties = v.MaxProps
	s.ReadOnly = v.ReadOnly
	if (len(s.Properties) > 0 || s.AdditionalProperties != nil || len(s.Required) > 0) && len(s.types) == 0 && len(v.OneOf) == 0 && len(v.AnyOf) == 0 {
		s.types = []string{"object"}
		s.setType()
	}
	if s.Items != nil && len(s.types) == 0 {
		s.types = []string{"array"}
		s.setType()
	}
	for key, present := range map[string]bool{
		"not": v.Not != nil, "if": v.If != nil, "prefixItems": len(v.PrefixItems) > 0, "contains": v.Contains != nil,
		"patternProperties": len(v.PatternProperties) > 0, "dependentSchemas": len(v.DependentSchemas) > 0,
		"propertyNames": v.PropertyNames != nil, "dependentRequired": len(v.DependentRequired) > 0,
		"unevaluatedProperties": v.UnevaluatedProperties.Has != nil || v.UnevaluatedProperties.Schema != nil,
		"unevaluatedItems":      v.UnevaluatedItems.Has != nil || v.UnevaluatedItems.Schema != nil,
		"$dynamicRef":           v.DynamicRef != "",
	} {
		if present {
			note(key, key+" is not checked at the edge")
		}
	}
	s.dropInapplicable()
	if len(v.OneOf) > 0 || len(v.AnyOf) > 0 {
		return im.alternatives(v, s, ptr, notes, depth)
	}
	return s
}

// dropInapplicable removes the keywords that do not apply to any of the schema's types
// (minimum on a string, items on an object...): JSON Schema ignores them, so nothing is lost,
// and the plugin refuses them as mistakes in a contract written by hand.
func (s *Schema) dropInapplicable() {
	if len(s.types) == 0 {
		return
	}
	has := func(names ...string) bool {
		for _, n := range names {
			if contains(s.types, n) {
				return true
			}
		}
		return false
	}
	if !has("string") {
		s.MinLength, s.MaxLength, s.Pattern = nil, nil, ""
		if s.Format != "int32" && s.Format != "int64" {
			s.Format = ""
		}
	}
	if !has("number", "integer") {
		s.Minimum, s.Maximum, s.ExclusiveMinimum, s.ExclusiveMaximum, s.MultipleOf = nil, nil, nil, nil, nil
		if s.Format == "int32" || s.Format == "int64" {
			s.Format = ""
		}
	}
	if !has("array") {
		s.Items, s.MinItems, s.MaxItems, s.UniqueItems = nil, nil, nil, false
	}
	if !has("object") {
		s.Properties, s.Required, s.AdditionalProperties, s.MinProperties, s.MaxProperties = nil, nil, nil, nil, nil
	}
}

func u64(v uint64) *uint64 { return &v }

// setType writes types as "type" (one name or a list).
func (s *Schema) setType() {
	switch len(s.types) {
	case 0:
		s.Type = nil
	case 1:
		s.Type = s.types[0]
	default:
		t := append([]string(nil), s.types...)
		s.Type = t
	}
}

// normaliseEnum keeps enum values as JSON scalars (YAML integers become numbers).
func normaliseEnum(in []any) []any {
	if in == nil {
		return nil
	}
	out := make([]any, 0, len(in))
	for _, e := range in {
		switch x := e.(type) {
		case int:
			out = append(out, float64(x))
		case int64:
			out = append(out, float64(x))
		case uint64:
			out = append(out, float64(x))
		default:
			out = append(out, e)
		}
	}
	return out
}

// alternatives translates oneOf/anyOf. The contract checks them in one pass: by a
// discriminator's property, or by the value's JSON type when the alternatives' types do not
// overlap; anything else keeps only the union of the types, and says so.
func (im *importer) alternatives(v *openapi3.Schema, parent *Schema, ptr string, notes *[]Note, depth int) *Schema {
	kind, key, list := "one_of", "oneOf", v.OneOf
	if len(list) == 0 {
		kind, key, list = "any_of", "anyOf", v.AnyOf
	}
	if len(v.OneOf) > 0 && len(v.AnyOf) > 0 {
		*notes = append(*notes, Note{Pointer: ptr + "/anyOf", Reason: "anyOf beside oneOf is not checked"})
	}
	own := parent.constraints()
	var alts []*Schema
	for i, a := range list {
		ap := fmt.Sprintf("%s/%s/%d", ptr, key, i)
		t := im.schema(a, ap, notes, depth+1)
		if own {
			t = im.merge([]*Schema{parentCopy(parent), t}, ap, notes, depth+1)
		}
		alts = append(alts, t)
	}
	out := &Schema{types: parent.types, ReadOnly: parent.ReadOnly}
	out.setType()
	if d := v.Discriminator; d != nil && d.PropertyName != "" {
		mapping := map[string]string{}
		for val, ref := range d.Mapping {
			r := ref.Ref
			if !strings.HasPrefix(r, "#") {
				r = "#/components/schemas/" + r
			}
			name := defName(r)
			if sr := im.componentRef(r); sr != nil {
				im.want(name, sr)
				mapping[val] = name
			}
		}
		for i, a := range list {
			if a.Ref != "" && strings.HasPrefix(a.Ref, "#/components/schemas/") {
				name := defName(a.Ref)
				found := false
				for _, m := range mapping {
					if m == name {
						found = true
					}
				}
				if !found {
					mapping[name] = name
				}
			} else if a.Ref == "" {
				*notes = append(*notes, Note{Pointer: fmt.Sprintf("%s/%s/%d", ptr, key, i),
					Reason: "an inline alternative has no discriminator value: not reachable"})
			}
		}
		if own {
			*notes = append(*notes, Note{Pointer: ptr, Reason: "constraints beside a discriminated " + key + " are not checked (only the mapped schema is)"})
		}
		if len(mapping) > 0 {
			out.Discriminator = &Discriminator{Property: d.PropertyName, Mapping: mapping}
			out.setAlts(kind, alts)
			return out
		}
	}
	// by type
	var union []string
	disjoint := true
	for _, a := range alts {
		ts := im.typesOf(a, 0)
		if len(ts) == 0 {
			disjoint = false
			union = nil
			break
		}
		for _, t := range ts {
			if overlaps(union, t) {
				disjoint = false
			}
		}
		union = appendUnique(union, ts...)
	}
	if disjoint {
		out.setAlts(kind, alts)
		return out
	}
	reason := key + " alternatives cannot be told apart in one pass (no discriminator, overlapping JSON types): "
	if len(union) > 0 {
		reason += "only the JSON type (" + strings.Join(union, ", ") + ") is checked"
		if len(out.types) == 0 {
			out.types = union
			out.setType()
		}
	} else {
		reason += "not checked"
	}
	*notes = append(*notes, Note{Pointer: ptr + "/" + key, Reason: reason})
	return out
}

func (s *Schema) setAlts(kind string, alts []*Schema) {
	if kind == "one_of" {
		s.OneOf = alts
	} else {
		s.AnyOf = alts
	}
}

// constraints reports whether s holds more than a type (constraints that must be merged into
// each alternative).
func (s *Schema) constraints() bool {
	c := *s
	c.Type, c.types, c.ReadOnly = nil, nil, false
	b, _ := json.Marshal(&c)
	return string(b) != "{}"
}

func parentCopy(s *Schema) *Schema {
	c := *s
	c.ReadOnly = false
	return &c
}

func overlaps(set []string, t string) bool {
	for _, x := range set {
		if x == t || x == "number" && t == "integer" || x == "integer" && t == "number" {
			return true
		}
	}
	return false
}

func appendUnique(set []string, ts ...string) []string {
	for _, t := range ts {
		if !contains(set, t) {
			set = append(set, t)
		}
	}
	return set
}

// typesOf is the JSON types a translated schema accepts (nil: any).
func (im *importer) typesOf(s *Schema, depth int) []string {
	if s == nil || depth > 16 {
		return nil
	}
	if s.Ref != "" {
		im.flushOne(s.Ref)
		return appendNull(im.typesOf(im.defs[s.Ref], depth+1), s.Nullable)
	}
	if len(s.OneOf)+len(s.AnyOf) > 0 {
		var out []string
		for _, a := range append(append([]*Schema{}, s.OneOf...), s.AnyOf...) {
			t := im.typesOf(a, depth+1)
			if t == nil {
				return nil
			}
			out = appendUnique(out, t...)
		}
		return out
	}
	return s.types
}

func appendNull(ts []string, null bool) []string {
	if null && ts != nil {
		return appendUnique(append([]string(nil), ts...), "null")
	}
	return ts
}

// flushOne translates a pending definition now (its types are needed).
func (im *importer) flushOne(name string) {
	if _, done := im.defs[name]; done || im.pending[name] {
		return
	}
	sr := im.refs[name]
	if sr == nil || sr.Value == nil {
		return
	}
	im.pending[name] = true
	var notes []Note
	im.defs[name] = im.schemaValue(sr.Value, defPointer(name), &notes, 0)
	im.notes = append(im.notes, notes...)
	delete(im.pending, name)
	for i, q := range im.queue {
		if q == name {
			im.queue = append(im.queue[:i], im.queue[i+1:]...)
			break
		}
	}
}

// componentRef finds the schema a local pointer names.
func (im *importer) componentRef(ref string) *openapi3.SchemaRef {
	name, ok := strings.CutPrefix(ref, "#/components/schemas/")
	if !ok || im.doc.Components == nil {
		return nil
	}
	name = strings.ReplaceAll(strings.ReplaceAll(name, "~1", "/"), "~0", "~")
	sr := im.doc.Components.Schemas[name]
	if sr == nil {
		return nil
	}
	if sr.Ref == "" {
		return &openapi3.SchemaRef{Ref: ref, Value: sr.Value}
	}
	return sr
}

// allOf merges every branch (and the schema's own keywords) into one schema, as the document's
// authors mean it: properties and required of every branch, the tightest bounds.
func (im *importer) allOf(v *openapi3.Schema, ptr string, notes *[]Note, depth int) *Schema {
	var parts []*Schema
	for i, b := range v.AllOf {
		bp := fmt.Sprintf("%s/allOf/%d", ptr, i)
		parts = append(parts, im.resolve(im.schema(b, bp, notes, depth+1), 0))
	}
	own := *v
	own.AllOf = nil
	parts = append(parts, im.schemaValue(&own, ptr, notes, depth+1))
	return im.merge(parts, ptr+"/allOf", notes, depth)
}

// resolve follows a ref to its translated definition.
func (im *importer) resolve(s *Schema, depth int) *Schema {
	for s != nil && s.Ref != "" && depth < 16 {
		im.flushOne(s.Ref)
		d := im.defs[s.Ref]
		if d == nil {
			return &Schema{}
		}
		s = d
		depth++
	}
	return s
}

// merge combines schemas that all apply to one value into one schema.
func (im *importer) merge(parts []*Schema, ptr string, notes *[]Note, depth int) *Schema {
	out := &Schema{}
	note := func(reason string) { *notes = append(*notes, Note{Pointer: ptr, Reason: reason}) }
	strictBranch := false
	for _, p := range parts {
		p = im.resolve(p, 0)
		if p == nil {
			continue
		}
		if len(p.OneOf)+len(p.AnyOf) > 0 {
			if len(out.OneOf)+len(out.AnyOf) > 0 {
				note("two oneOf/anyOf in one allOf: only the first is checked")
				continue
			}
			out.OneOf, out.AnyOf, out.Discriminator = p.OneOf, p.AnyOf, p.Discriminator
			if len(p.Properties) > 0 || p.AdditionalProperties != nil {
				note("properties beside a oneOf/anyOf inside allOf are not checked")
			}
			if t, ok := intersect(out.types, p.types); ok {
				out.types = t
			}
			continue
		}
		if t, ok := intersect(out.types, p.types); ok {
			out.types = t
		} else {
			note("allOf branches have no JSON type in common: the first branch's type is checked")
		}
		if out.Format == "" {
			out.Format = p.Format
		}
		if p.Enum != nil {
			if out.Enum == nil {
				out.Enum = p.Enum
			} else {
				out.Enum = intersectEnum(out.Enum, p.Enum)
			}
		}
		if p.Pattern != "" {
			if out.Pattern != "" && out.Pattern != p.Pattern {
				note("two patterns in one allOf: only the first is checked")
			} else {
				out.Pattern = p.Pattern
			}
		}
		out.MinLength = maxU(out.MinLength, p.MinLength)
		out.MaxLength = minU(out.MaxLength, p.MaxLength)
		out.MinItems = maxU(out.MinItems, p.MinItems)
		out.MaxItems = minU(out.MaxItems, p.MaxItems)
		out.MinProperties = maxU(out.MinProperties, p.MinProperties)
		out.MaxProperties = minU(out.MaxProperties, p.MaxProperties)
		out.Minimum = maxF(out.Minimum, p.Minimum)
		out.Maximum = minF(out.Maximum, p.Maximum)
		out.ExclusiveMinimum = maxF(out.ExclusiveMinimum, p.ExclusiveMinimum)
		out.ExclusiveMaximum = minF(out.ExclusiveMaximum, p.ExclusiveMaximum)
		if p.MultipleOf != nil {
			if out.MultipleOf != nil && *out.MultipleOf != *p.MultipleOf {
				note("two multipleOf in one allOf: only the first is checked")
			} else {
				out.MultipleOf = p.MultipleOf
			}
		}
		if p.Items != nil {
			if out.Items == nil {
				out.Items = p.Items
			} else if depth < maxDepth {
				out.Items = im.merge([]*Schema{out.Items, p.Items}, ptr, notes, depth+1)
			}
		}
		out.UniqueItems = out.UniqueItems || p.UniqueItems
		out.ReadOnly = out.ReadOnly || p.ReadOnly
		for k, ps := range p.Properties {
			if out.Properties == nil {
				out.Properties = map[string]*Schema{}
			}
			if prev, ok := out.Properties[k]; ok && depth < maxDepth {
				out.Properties[k] = im.merge([]*Schema{prev, ps}, ptr, notes, depth+1)
			} else {
				out.Properties[k] = ps
			}
		}
		out.Required = appendUnique(out.Required, p.Required...)
		switch a := p.AdditionalProperties.(type) {
		case bool:
			if !a {
				if out.AdditionalProperties != nil || strictBranch {
					strictBranch = true
				}
				strictBranch = true
			}
		case *Schema:
			if out.AdditionalProperties == nil {
				out.AdditionalProperties = a
			}
		}
	}
	if strictBranch {
		out.AdditionalProperties = false
		if len(parts) > 1 {
			note("additionalProperties: false in an allOf branch applies to the merged properties (strict JSON Schema would refuse the other branches' properties)")
		}
	}
	if len(out.types) == 0 && (len(out.Properties) > 0 || len(out.Required) > 0 || out.AdditionalProperties != nil) && len(out.OneOf)+len(out.AnyOf) == 0 {
		out.types = []string{"object"}
	}
	out.setType()
	return out
}

// intersect is the types both lists accept (nil: any); false when they share none.
func intersect(a, b []string) ([]string, bool) {
	if a == nil {
		return append([]string(nil), b...), true
	}
	if b == nil {
		return a, true
	}
	var out []string
	for _, x := range a {
		switch {
		case contains(b, x):
			out = appendUnique(out, x)
		case x == "number" && contains(b, "integer"), x == "integer" && contains(b, "number"):
			out = appendUnique(out, "integer")
		}
	}
	if out == nil {
		return a, false
	}
	return out, true
}

func intersectEnum(a, b []any) []any {
	var out []any
	for _, x := range a {
		for _, y := range b {
			if fmt.Sprint(x) == fmt.Sprint(y) {
				out = append(out, x)
			}
		}
	}
	if out == nil {
		return a
	}
	return out
}

func maxU(a, b *uint64) *uint64 {
	if a == nil || b != nil && *b > *a {
		return b
	}
	return a
}

func minU(a, b *uint64) *uint64 {
	if a == nil || b != nil && *b < *a {
		return b
	}
	return a
}

func maxF(a, b *float64) *float64 {
	if a == nil || b != nil && *b > *a {
		return b
	}
	return a
}

func minF(a, b *float64) *float64 {
	if a == nil || b != nil && *b < *a {
		return b
	}
	return a
}
