package contract

import (
	"math"
	"math/big"
	"sort"
	"strings"

	"github.com/tidwall/gjson"

	"github.com/edgeward/edgeward/policies"
	"github.com/edgeward/edgeward/policies/internal/optspec"
	"github.com/edgeward/edgeward/policies/internal/rx"
)

// ContractConfig is the "contract" section: the API's request contract (usually written by
// `edgeward openapi` from an OpenAPI document). Absent means no contract.
type ContractConfig struct {
	// Enabled is true when the section is present.
	Enabled bool
	// Mode: "mode", default the top-level mode: enforce answers 400, detect logs and passes.
	Mode policies.Mode
	// Undocumented: "undocumented", "reject" (default: 404 for an unknown path, 405 for an
	// unknown method), "log" (logged and passed) or "allow".
	Undocumented string
	// UnknownQuery: "unknown_query", "reject" (default: a query parameter the operation does not
	// declare fails it) or "allow". Operations may override it.
	UnknownQuery string
	// Route: optional "methods", "path_prefix", "path", "except": the requests the contract
	// covers; default every request.
	Route    policies.Route
	hasRoute bool
	// Operations: "operations", the documented operations.
	Operations []ContractOperation
	// definitions: "definitions", named schemas that "ref" names.
	definitions map[string]*cSchema
	router      *router
}

// ContractOperation is one "operations" entry.
type ContractOperation struct {
	// ID: "id", optional (the OpenAPI operationId), used in events.
	ID string
	// Method: "method", required, upper-case.
	Method string
	// Path: "path", required: a path template such as "/v1/pets/{petId}" (servers' base path
	// included); a segment may hold one parameter with literal text around it ("{name}.json").
	Path string
	// Mode: "mode", default the section's mode.
	Mode policies.Mode
	// UnknownQuery: "unknown_query", default the section's.
	UnknownQuery string
	// Params: "parameters".
	Params []ContractParam
	// Body: "body", nil when the operation documents no request body (a body is then ignored).
	Body *ContractBody

	segs     []tmplSeg
	query    map[string]*ContractParam // query names (object members of form-exploded objects too)
	notes    []policies.ParamNote      // declared content of parameters and body fields
	pathSafe bool                      // every path parameter proves its value a token
	spare    []policies.ParamNote      // per Params index: the note proving it (Proven false: none)
}

// ContractParam is one parameter of an operation.
type ContractParam struct {
	// Name: "name", required (header names are compared case-insensitively).
	Name string
	// In: "in", required: "path", "query", "header" or "cookie".
	In string
	// Required: "required", default false (path parameters are always required).
	Required bool
	// Style, Explode: "style", "explode", as OpenAPI serialises arrays and objects; defaults
	// per location (path and header "simple", query and cookie "form"; explode for "form").
	Style   string
	Explode bool
	// AllowEmpty: "allow_empty", default false: an empty value ("?q=") fails.
	AllowEmpty bool
	// JSON: "media_type": "application/json": the value is JSON text (OpenAPI's content).
	JSON bool
	// Schema: "schema", default any string.
	Schema *cSchema
	// Content: "content": what the value holds, as injection.content declares (x-edgeward-content).
	Content string

	safe bool // a value passing Schema cannot carry a payload
	key  string
}

// ContractBody is an operation's "body".
type ContractBody struct {
	// Required: "required", default false.
	Required bool
	// MediaTypes: "media_types", required: the documented media types ("application/json",
	// "application/*", "*/*").
	MediaTypes []string
	// Schema: "schema": checked against JSON bodies (application/json and +json types).
	Schema *cSchema
	// FormSchema: "form_schema": checked against application/x-www-form-urlencoded bodies, whose
	// fields are read as query parameters are (numbers and booleans where the schema takes them,
	// repeated fields or name[] for arrays).
	FormSchema *cSchema
	// Content: "content", [{"parameter": JSON path, "holds": kind}] of fields (x-edgeward-content).
	Content []contentNote
}

// The sections of the contract in package optspec (their keys, defaults and allowed values).
const (
	secContract  = "contract"
	secNote      = "contract.unexpressed[]"
	secOperation = "contract.operations[]"
	secParam     = "contract.operations[].parameters[]"
	secBody      = "contract.operations[].body"
	secContent   = "contract.operations[].body.content[]"
	secSchema    = "contract.definitions.*"
	secDisc      = "contract.definitions.*.discriminator"
)

var paramStyles = map[string][]string{
	LocPath:   {"simple", "label", "matrix"},
	LocQuery:  {"form", "spaceDelimited", "pipeDelimited", "deepObject"},
	LocHeader: {"simple"},
	LocCookie: {"form"},
}

// fobj is an object of a declared section read in one pass: large contracts (thousands of
// schemas) would otherwise cost a scan of the object per key looked up. Its keys are checked by
// the core's reader (unknown keys, duplicates, with the declaration's allowed keys).
type fobj struct {
	n    policies.Node
	obj  policies.Obj // the core's reader of the same object (routes)
	sec  string
	spec *optspec.Section
	m    map[string]policies.Node
}

func fastObject(n policies.Node, section string) fobj {
	o := fobj{n: n, sec: section, spec: optspec.Lookup(section)}
	if section == "" {
		// free-form (info): any members
		if n.Exists() && !n.Value().IsObject() {
			n.Errorf("must be an object, got %s", policies.Kind(n.Value()))
		}
		return o
	}
	var ok bool
	if o.obj, ok = n.Section(section); !ok {
		return o
	}
	o.m = make(map[string]policies.Node, 8)
	n.Value().ForEach(func(k, v gjson.Result) bool {
		if _, dup := o.m[k.Str]; !dup {
			o.m[k.Str] = policies.NewNode(v, childPath(n.Path(), k.Str), n.Errs)
		}
		return true
	})
	return o
}

func childPath(parent, key string) string {
	if parent == "" || parent == "(root)" {
		return key
	}
	return parent + "." + key
}

// read tells TestEveryDeclaredOptionIsRead that the option is read.
func (o fobj) read(key string) {
	if policies.OptionRead != nil {
		policies.OptionRead(o.sec, key)
	}
}

// Get returns the member key (absent: a node with its path, for "required").
func (o fobj) Get(key string) policies.Node {
	o.read(key)
	if c, ok := o.m[key]; ok {
		return c
	}
	return policies.NewNode(gjson.Result{}, childPath(o.n.Path(), key), o.n.Errs)
}

// opt is Get for an optional key: an absent key's node has no path (its accessors return the
// default without reporting anything), which saves building one per key never written.
func (o fobj) opt(key string) policies.Node {
	o.read(key)
	if c, ok := o.m[key]; ok {
		return c
	}
	return policies.NewNode(gjson.Result{}, "", o.n.Errs)
}

func (o fobj) Has(key string) bool { _, ok := o.m[key]; return ok }

// decl is the declaration of option key.
func (o fobj) decl(key string) *optspec.Opt {
	if o.spec != nil {
		if d := o.spec.Opt(key); d != nil {
			return d
		}
	}
	return &optspec.Opt{Name: key}
}

// enum reads a declared enumeration: its declared values, its declared default or def.
func (o fobj) enum(key, def string) string {
	d := o.decl(key)
	if d.Default != nil {
		def = d.DefaultString()
	}
	return o.opt(key).Enum(def, d.Enum...)
}

// boolean reads a declared boolean, its declared default or def.
func (o fobj) boolean(key string, def bool) bool {
	d := o.decl(key)
	if d.Default != nil {
		def = d.DefaultBool()
	}
	return o.opt(key).Bool(def)
}

// count reads a declared integer within its declared range; -1 when absent.
func (o fobj) count(key string) int {
	d := o.decl(key)
	lo, hi := int64(0), int64(math.MaxInt32)
	if d.Range != nil {
		lo, hi = int64(d.Range.Min), int64(d.Range.Max)
	}
	return int(o.opt(key).Int(-1, lo, hi))
}

// member is one member of a free-form object (definitions, properties, mapping).
type member struct {
	Key string
	policies.Node
}

// members returns an object's members in document order, each read once.
func members(n policies.Node) []member {
	if !n.Exists() {
		return nil
	}
	if !n.Value().IsObject() {
		n.Errorf("must be an object, got %s", policies.Kind(n.Value()))
		return nil
	}
	var out []member
	seen := map[string]bool{}
	n.Value().ForEach(func(k, v gjson.Result) bool {
		c := policies.NewNode(v, childPath(n.Path(), k.Str), n.Errs)
		if seen[k.Str] {
			c.Errorf("duplicate key")
			return true
		}
		seen[k.Str] = true
		out = append(out, member{Key: k.Str, Node: c})
		return true
	})
	return out
}

// schemaParser parses and links one contract's schemas.
type schemaParser struct {
	defs map[string]*cSchema
	all  []*cSchema
}

func parseContract(n policies.Node, mode policies.Mode) ContractConfig {
	c := ContractConfig{
		Undocumented: policies.Declared(secContract, "undocumented").DefaultString(),
		UnknownQuery: policies.Declared(secContract, "unknown_query").DefaultString(),
	}
	if !n.Exists() {
		return c
	}
	o := fastObject(n, secContract)
	if !n.Value().IsObject() {
		return c
	}
	c.Enabled = true
	c.Mode = policies.ParseMode(o.opt("mode"), mode)
	c.Undocumented = o.enum("undocumented", c.Undocumented)
	c.UnknownQuery = o.enum("unknown_query", c.UnknownQuery)
	for _, k := range policies.RouteKeys {
		if o.Has(k) {
			c.hasRoute = true
		}
	}
	c.Route = policies.ParseRoute(o.obj)
	fastObject(o.opt("info"), "") // free-form: title, version, source
	parseUnexpressed(o.opt("unexpressed"))

	p := &schemaParser{defs: map[string]*cSchema{}}
	defs := members(o.opt("definitions"))
	for _, d := range defs {
		if d.Key == "" {
			d.Errorf("definition names must not be empty")
		}
		p.defs[d.Key] = newSchema()
	}
	for _, d := range defs {
		p.parseInto(p.defs[d.Key], d.Node, 1)
	}
	c.definitions = p.defs
	ops := o.Get("operations")
	for _, e := range ops.Array() {
		c.Operations = append(c.Operations, p.parseOperation(e, c.Mode, c.UnknownQuery))
	}
	required(o)
	p.link()
	c.router = buildRouter(c.Operations, ops)
	for i := range c.Operations {
		c.Operations[i].prepare()
	}
	return c
}

// required reports every option the section declares required that o lacks.
func required(o fobj) {
	if o.spec == nil || o.m == nil {
		return
	}
	for _, d := range o.spec.Opts {
		if d.Required && !o.Has(d.Name) {
			o.Get(d.Name).Errorf("required")
		}
	}
}

func parseUnexpressed(n policies.Node) {
	for _, e := range n.Array() {
		u := fastObject(e, secNote)
		u.opt("pointer").String("")
		u.opt("reason").String("")
	}
}

func (p *schemaParser) parseOperation(n policies.Node, mode policies.Mode, unknownQuery string) ContractOperation {
	o := fastObject(n, secOperation)
	op := ContractOperation{
		ID:           o.opt("id").String(""),
		Method:       o.enum("method", ""),
		Path:         o.Get("path").NonEmptyString(""),
		Mode:         policies.ParseMode(o.opt("mode"), mode),
		UnknownQuery: o.enum("unknown_query", unknownQuery),
	}
	required(o)
	parseUnexpressed(o.opt("unexpressed"))
	if op.Path != "" {
		segs, err := parseTemplate(op.Path)
		if err != "" {
			o.Get("path").Errorf("%s", err)
		}
		op.segs = segs
	}
	seen := map[string]bool{}
	for _, e := range o.Get("parameters").Array() {
		prm := p.parseParam(e)
		k := prm.In + ":" + prm.key
		if seen[k] {
			e.Errorf("parameter %q in %s is listed twice", prm.Name, prm.In)
		}
		seen[k] = true
		op.Params = append(op.Params, prm)
	}
	// every template parameter is declared, and every declared path parameter is in the template
	inTmpl := map[string]bool{}
	for i := range op.segs {
		for _, name := range op.segs[i].names() {
			if inTmpl[name] {
				o.Get("path").Errorf("parameter %q appears twice in %q", name, op.Path)
			}
			inTmpl[name] = true
			if !seen[LocPath+":"+name] {
				o.Get("parameters").Errorf("path parameter %q of %q is not declared", name, op.Path)
			}
		}
	}
	for _, prm := range op.Params {
		if prm.In == LocPath && !inTmpl[prm.Name] && op.Path != "" {
			o.Get("parameters").Errorf("path parameter %q is not in the path %q", prm.Name, op.Path)
		}
	}
	if b := o.opt("body"); b.Exists() {
		op.Body = p.parseBody(b)
	}
	return op
}

func (p *schemaParser) parseParam(n policies.Node) ContractParam {
	o := fastObject(n, secParam)
	prm := ContractParam{
		Name:       o.Get("name").NonEmptyString(""),
		In:         o.enum("in", ""),
		Required:   o.boolean("required", false),
		AllowEmpty: o.boolean("allow_empty", false),
		Content:    o.enum("content", ""),
	}
	required(o)
	prm.key = prm.Name
	if prm.In == LocHeader {
		prm.key = policies.LowerASCII(prm.Name)
	}
	if prm.In == LocPath {
		if o.Has("required") && !prm.Required {
			o.Get("required").Errorf("path parameters are always required")
		}
		prm.Required = true
	}
	styles := paramStyles[prm.In]
	def := ""
	if len(styles) > 0 {
		def = styles[0]
	}
	// the declaration lists every style; a location allows some of them
	prm.Style = o.opt("style").Enum(def, styles...)
	if prm.Style == "" {
		prm.Style = def
	}
	prm.Explode = o.boolean("explode", prm.Style == "form")
	if mt := o.opt("media_type"); mt.Exists() {
		prm.JSON = o.enum("media_type", "") == "application/json"
		if o.Has("style") || o.Has("explode") {
			mt.Errorf("a parameter with a media_type has no style or explode")
		}
	}
	if sn := o.opt("schema"); sn.Exists() {
		prm.Schema = newSchema()
		p.parseInto(prm.Schema, sn, 1)
		st := prm.Schema.types
		if prm.Style == "deepObject" && !prm.JSON && (prm.Schema.ref == "" && st != tObject) {
			o.Get("style").Errorf("deepObject applies to object parameters")
		}
	}
	return prm
}

func (p *schemaParser) parseBody(n policies.Node) *ContractBody {
	o := fastObject(n, secBody)
	b := &ContractBody{Required: o.boolean("required", false), MediaTypes: o.opt("media_types").StringList(nil)}
	required(o)
	for i, m := range b.MediaTypes {
		m = policies.LowerASCII(strings.TrimSpace(m))
		b.MediaTypes[i] = m
		t, s, ok := strings.Cut(m, "/")
		if !ok || t == "" || s == "" || strings.ContainsAny(m, " ;,") || t == "*" && s != "*" {
			o.Get("media_types").Errorf("%q is not a media type such as \"application/json\" or \"application/*\"", m)
		}
	}
	if sn := o.opt("schema"); sn.Exists() {
		b.Schema = newSchema()
		p.parseInto(b.Schema, sn, 1)
	}
	if sn := o.opt("form_schema"); sn.Exists() {
		b.FormSchema = newSchema()
		p.parseInto(b.FormSchema, sn, 1)
		if b.FormSchema.ref == "" && b.FormSchema.types != tObject {
			o.Get("form_schema").Errorf("must be an object schema (type object, or a ref)")
		}
	}
	for _, e := range o.opt("content").Array() {
		c := fastObject(e, secContent)
		d := contentNote{Parameter: c.Get("parameter").NonEmptyString(""), Holds: c.enum("holds", "")}
		required(c)
		b.Content = append(b.Content, d)
	}
	return b
}

const maxSchemaNesting = 64

// parseInto reads schema n into s.
func (p *schemaParser) parseInto(s *cSchema, n policies.Node, depth int) {
	p.all = append(p.all, s)
	s.node = n
	o := fastObject(n, secSchema)
	if !n.Value().IsObject() {
		return
	}
	if depth > maxSchemaNesting {
		n.Errorf("schema nested deeper than %d levels (use definitions and ref)", maxSchemaNesting)
		return
	}
	if r := o.opt("ref"); r.Exists() {
		s.ref = r.NonEmptyString("")
		s.refNode = r
		for k := range o.m {
			if k != "ref" && k != "read_only" && k != "nullable" {
				o.opt(k).Errorf("cannot be combined with ref (only read_only and nullable can)")
			}
		}
		if d := o.opt("discriminator"); d.Exists() {
			readDiscriminator(d) // refused above, its own shape still checked
		}
		s.readOnly = o.opt("read_only").Bool(false)
		if o.opt("nullable").Bool(false) {
			s.types = tNull // marks "null also accepted" on a ref
		}
		return
	}
	tn := o.opt("type")
	switch {
	case !tn.Exists():
	case tn.Value().Type == gjson.String:
		s.types = parseTypeName(tn, tn.Value().Str)
	case tn.Value().IsArray():
		for _, e := range tn.Array() {
			s.types |= parseTypeName(e, e.String(""))
		}
		if s.types == 0 {
			tn.Errorf("must list at least one type")
		}
	default:
		tn.Errorf("must be a type name or a list of them")
	}
	if o.opt("nullable").Bool(false) {
		if s.types == 0 {
			o.opt("nullable").Errorf("needs a type")
		}
		s.types |= tNull
	}
	s.readOnly = o.opt("read_only").Bool(false)
	if f := o.opt("format"); f.Exists() {
		s.format = o.enum("format", "")
	}
	for _, e := range o.opt("enum").Array() {
		s.enum = append(s.enum, e.Value())
	}
	if o.Has("enum") && len(s.enum) == 0 {
		o.opt("enum").Errorf("must not be empty")
	}
	s.pattern = o.opt("pattern").Regexp()
	s.minLen = o.count("min_length")
	s.maxLen = o.count("max_length")
	s.minItems = o.count("min_items")
	s.maxItems = o.count("max_items")
	s.minProps = o.count("min_properties")
	s.maxProps = o.count("max_properties")
	s.unique = o.boolean("unique_items", false)
	lim := math.MaxFloat64
	if x := o.opt("minimum"); x.Exists() {
		s.min = x.Float(math.Inf(-1), -lim, lim)
	}
	if x := o.opt("maximum"); x.Exists() {
		s.max = x.Float(math.Inf(1), -lim, lim)
	}
	if x := o.opt("exclusive_minimum"); x.Exists() {
		if v := x.Float(math.Inf(-1), -lim, lim); v >= s.min {
			s.min, s.xmin = v, true
		}
	}
	if x := o.opt("exclusive_maximum"); x.Exists() {
		if v := x.Float(math.Inf(1), -lim, lim); v <= s.max {
			s.max, s.xmax = v, true
		}
	}
	if x := o.opt("multiple_of"); x.Exists() {
		if x.Value().Type != gjson.Number || x.Value().Num <= 0 {
			x.Errorf("must be a number greater than 0")
		} else if r, ok := new(big.Rat).SetString(x.Value().Raw); ok {
			s.multiple = r
		}
	}
	if s.min > s.max || s.min == s.max && (s.xmin || s.xmax) {
		n.Errorf("no number satisfies both minimum and maximum")
	}
	for _, pair := range [][2]string{{"min_length", "max_length"}, {"min_items", "max_items"}, {"min_properties", "max_properties"}} {
		a, b := o.opt(pair[0]), o.opt(pair[1])
		if a.Exists() && b.Exists() && a.Value().Num > b.Value().Num {
			a.Errorf("must not exceed %s", pair[1])
		}
	}
	if it := o.opt("items"); it.Exists() {
		s.items = newSchema()
		p.parseInto(s.items, it, depth+1)
	}
	if pr := o.opt("properties"); pr.Exists() {
		s.props = map[string]*cSchema{}
		for _, m := range members(pr) {
			c := newSchema()
			p.parseInto(c, m.Node, depth+1)
			s.props[m.Key] = c
		}
	}
	s.required = o.opt("required").StringList(nil)
	if ap := o.opt("additional_properties"); ap.Exists() {
		switch {
		case ap.Value().Type == gjson.False:
			s.noAddl = true
		case ap.Value().Type == gjson.True:
		case ap.Value().IsObject():
			s.addl = newSchema()
			p.parseInto(s.addl, ap, depth+1)
		default:
			ap.Errorf("must be a boolean or a schema")
		}
	}
	for _, k := range []string{"one_of", "any_of"} {
		if !o.Has(k) {
			continue
		}
		if s.altKind != "" {
			o.opt(k).Errorf("one_of and any_of are mutually exclusive")
		}
		s.altKind = k
		for _, e := range o.opt(k).Array() {
			a := newSchema()
			p.parseInto(a, e, depth+1)
			s.alts = append(s.alts, a)
		}
		if len(s.alts) == 0 {
			o.opt(k).Errorf("must not be empty")
		}
		for key := range o.m {
			switch key {
			case "one_of", "any_of", "type", "nullable", "discriminator", "read_only":
			default:
				o.opt(key).Errorf("cannot be combined with %s (merge it into the alternatives)", k)
			}
		}
	}
	if d := o.opt("discriminator"); d.Exists() {
		var mapping []member
		s.discProp, mapping = readDiscriminator(d)
		if s.altKind == "" {
			d.Errorf("applies to one_of or any_of")
		}
		s.discMap = map[string]*cSchema{}
		for _, m := range mapping {
			name := m.String("")
			r := newSchema()
			r.ref, r.refNode = name, m.Node
			p.all = append(p.all, r)
			s.discMap[m.Key] = r
		}
	}
	checkApplies := func(key string, types jsonType) {
		if o.Has(key) && s.types != 0 && s.types&types == 0 {
			o.opt(key).Errorf("does not apply to type %s", strings.Join(s.types.names(), ", "))
		}
	}
	checkApplies("min_length", tString)
	checkApplies("max_length", tString)
	checkApplies("pattern", tString)
	checkApplies("minimum", tNumber|tInteger)
	checkApplies("maximum", tNumber|tInteger)
	checkApplies("items", tArray)
	checkApplies("properties", tObject)
	checkApplies("additional_properties", tObject)
	checkApplies("required", tObject)
	if s.format != "" {
		want := tString
		if s.format == "int32" || s.format == "int64" {
			want = tInteger | tNumber
		}
		checkApplies("format", want)
	}
}

// readDiscriminator reads a discriminator's object: its property and its mapping's members.
func readDiscriminator(d policies.Node) (string, []member) {
	do := fastObject(d, secDisc)
	required(do)
	return do.opt("property").NonEmptyString(""), members(do.opt("mapping"))
}

func parseTypeName(n policies.Node, name string) jsonType {
	for _, t := range jsonTypeNames {
		if t.name == name {
			return t.t
		}
	}
	n.Errorf("must be one of null, boolean, integer, number, string, array, object, got %q", name)
	return 0
}

// link resolves every ref to its definition and checks what needs the whole graph: reference
// cycles without content, and alternatives that one pass cannot tell apart.
func (p *schemaParser) link() {
	for _, s := range p.all {
		if s.ref == "" {
			continue
		}
		t, ok := p.defs[s.ref]
		if !ok {
			s.refNode.Errorf("no definition named %q", s.ref)
			continue
		}
		s.target = t
	}
	for _, s := range p.all {
		if s.target == nil {
			continue
		}
		seen := map[*cSchema]bool{s: true}
		for t := s.target; t != nil; t = t.target {
			if seen[t] {
				s.refNode.Errorf("reference cycle through %q", s.ref)
				s.target = nil
				break
			}
			seen[t] = true
		}
	}
	for _, s := range p.all {
		s.computeAccepted()
	}
	for _, s := range p.all {
		if len(s.alts) == 0 || s.discProp != "" {
			continue
		}
		var union jsonType
		for _, a := range s.alts {
			t := a.resolved().acceptedTypesBounded(16)
			if t == 0 || union.admitsAny(t) {
				s.problemNode().Errorf("%s alternatives cannot be told apart by JSON type in one pass: add a discriminator", s.altKind)
				break
			}
			union |= t
		}
	}
}

// admitsAny reports whether some value type is accepted by both sets.
func (t jsonType) admitsAny(u jsonType) bool {
	if t&u != 0 {
		return true
	}
	return t&tNumber != 0 && u&tInteger != 0 || u&tNumber != 0 && t&tInteger != 0
}

// resolved follows refs to the schema that holds the constraints.
func (s *cSchema) resolved() *cSchema {
	for i := 0; s != nil && s.target != nil && i < 64; i++ {
		s = s.target
	}
	return s
}

// acceptedTypesBounded is the set of JSON types s accepts, through refs and alternatives (0:
// any). It is computed once per schema when the contract is linked (memoised, so nested
// alternatives cost linear time), and read from there on requests.
func (s *cSchema) acceptedTypesBounded(int) jsonType {
	if s == nil {
		return 0
	}
	if s.accState == accDone {
		return s.acc
	}
	return s.computeAccepted()
}

const (
	accNone uint8 = iota
	accBusy
	accDone
)

func (s *cSchema) computeAccepted() jsonType {
	switch s.accState {
	case accDone:
		return s.acc
	case accBusy:
		return 0 // a cycle of alternatives: any type, which link refuses
	}
	s.accState = accBusy
	var t jsonType
	switch {
	case s.target != nil:
		if t = s.target.computeAccepted(); t != 0 {
			t |= s.types & tNull
		}
	case len(s.alts) == 0:
		t = s.types
	default:
		for _, a := range s.alts {
			at := a.computeAccepted()
			if at == 0 {
				t = 0
				break
			}
			t |= at
		}
		if t != 0 && s.types != 0 {
			if t &= s.types; t == 0 {
				t = s.types
			}
		}
	}
	s.acc, s.accState = t, accDone
	return t
}

func (s *cSchema) problemNode() policies.Node { return s.node }

// prepare computes what requests need from an operation: the query name index, which parameters
// prove their values, the notes that spare them, and the declared content.
func (op *ContractOperation) prepare() {
	op.query = map[string]*ContractParam{}
	op.pathSafe = true
	op.spare = make([]policies.ParamNote, len(op.Params))
	for i := range op.Params {
		prm := &op.Params[i]
		prm.safe = !prm.JSON && prm.Schema.resolved().provesSafe()
		if prm.In == LocPath && !prm.safe {
			op.pathSafe = false
		}
		if prm.In == LocQuery {
			op.query[prm.Name] = prm
			if s := prm.Schema.resolved(); s != nil && prm.Style == "form" && prm.Explode && s.types == tObject {
				for name := range s.props {
					if _, taken := op.query[name]; !taken {
						op.query[name] = prm
					}
				}
			}
		}
		if prm.safe && prm.In != LocPath && !(prm.In == LocQuery && prm.Style == "deepObject") {
			op.spare[i] = policies.ParamNote{Location: prm.In, Parameter: prm.key, Proven: true}
		}
		if prm.Content != "" {
			op.notes = append(op.notes, policies.ParamNote{Location: prm.In, Parameter: prm.key, Holds: prm.Content})
		}
	}
	if op.Body != nil {
		for _, c := range op.Body.Content {
			op.notes = append(op.notes, policies.ParamNote{Location: LocBody, Parameter: c.Parameter, Holds: c.Holds})
		}
	}
}

// contentNote is one body.content entry: what a body field holds.
type contentNote struct{ Parameter, Holds string }

// methodsList is the Allow header value for a set of methods.
func methodsList(ms map[string]*ContractOperation) string {
	out := make([]string, 0, len(ms))
	for m := range ms {
		out = append(out, m)
	}
	sort.Strings(out)
	return strings.Join(out, ", ")
}

// CheckContractPattern reports whether the module can enforce a contract pattern: the error
// ParseConfig gives for it (not RE2, or nested too deep even once its bounded repetitions are
// rewritten shallow), nil when it is enforced. For the import, which notes such a pattern by
// JSON pointer instead of writing a config the plugin refuses.
func CheckContractPattern(pattern string) error {
	_, err := rx.Compile(pattern)
	return err
}
