package contract

import (
	"slices"
	"strings"

	"github.com/tidwall/gjson"

	"github.com/edgeward/edgeward/policies"
)

// contract enforces the request contract (ContractConfig): in Admit the route (404/405 for
// undocumented ones), then every parameter; in Body the documented media types and the JSON or
// form body's schema. The parameters the contract proved to be tokens (numbers, booleans, UUIDs,
// dates, enum members, pattern-restricted tokens) are noted for the injection detectors, which
// run after it (policies.ParamNote: every family skips them, custom rules still apply), with
// the content the document declares. In detect mode nothing is proven, so nothing is spared.
type contract struct {
	cfg  *ContractConfig
	slot int
}

// txState is the request's contract state (its Tx slot).
type txState struct {
	op       *ContractOperation
	wantBody bool
}

// Spec declares the contract feature.
var Spec = &policies.Spec{
	Name: "contract",
	Keys: []string{"contract"},
	Parse: func(root policies.Obj, c *policies.Config) any {
		cc := parseContract(root.Get("contract"), c.Mode)
		return &cc
	},
	New: func(c *policies.Config, env policies.Env) (policies.Feature, error) {
		k := &contract{slot: env.Slot}
		if cc, ok := c.Part("contract").(*ContractConfig); ok && cc.Enabled {
			k.cfg = cc
		}
		return k, nil
	},
}

// ConfigOf is the contract part of c (an empty, disabled contract when there is none).
func ConfigOf(c *policies.Config) *ContractConfig {
	if cc, ok := c.Part("contract").(*ContractConfig); ok {
		return cc
	}
	return &ContractConfig{}
}

func (k *contract) state(tx *policies.Tx) *txState {
	p := tx.Slot(k.slot)
	if *p == nil {
		*p = &txState{}
	}
	return (*p).(*txState)
}

// Run routes the request and checks its parameters (Admit; a body not buffered has its
// Content-Type checked there), and checks the buffered body (Body).
func (k *contract) Run(p policies.Phase, tx *policies.Tx) *policies.Decision {
	if k.cfg == nil {
		return nil
	}
	switch p {
	case policies.Admit:
		if d := k.requestHeaders(tx); d != nil {
			return d
		}
		st := k.state(tx)
		if st.op == nil {
			return nil
		}
		if tx.BodyMode() != policies.BodyBuffer {
			return k.unbufferedBody(tx)
		}
		if st.wantBody {
			tx.NeedBody()
		}
	case policies.Body:
		return k.requestBody(tx, tx.Body, tx.Truncated)
	}
	return nil
}

// requestHeaders routes the request and checks its parameters.
func (k *contract) requestHeaders(tx *policies.Tx) *policies.Decision {
	cfg := k.cfg
	if cfg.router == nil {
		return nil
	}
	if cfg.hasRoute && !cfg.Route.Matches(tx.Req.Method, tx.Path) {
		return nil
	}
	segs, canonical := pathSegments(tx.Req.Path)
	n := cfg.router.match(segs)
	method := tx.Req.Method
	var op *ContractOperation
	if n != nil {
		op = n.ops[method]
		if op == nil && method == "HEAD" {
			op = n.ops["GET"]
		}
		if op == nil && method == "OPTIONS" && tx.Req.Headers.Has("access-control-request-method") {
			return nil // a CORS preflight for a documented path
		}
	}
	if op == nil {
		return k.undocumented(tx, n)
	}
	st := k.state(tx)
	st.op = op
	st.wantBody = op.Body != nil
	// Declared content applies whatever the verdict: it is the operator's word, not a proof.
	for _, c := range op.notes {
		tx.NoteParam(c)
	}

	var probs []ContractProblem
	vc := valueChecker{probs: &probs}
	var spared []policies.ParamNote
	enforce := op.Mode == policies.Enforce

	// path
	for i := range op.segs {
		s := &op.segs[i]
		if s.param == "" || i >= len(segs) {
			continue
		}
		vs, ok := s.segValues(segs[i], policies.LowerASCII(segs[i]), true)
		if !ok { // cannot be: the router matched it
			continue
		}
		for j, name := range s.names() {
			if prm := op.param(LocPath, name); prm != nil && j < len(vs) {
				k.checkValues(&vc, prm, vs[j:j+1], nil)
			}
		}
	}
	// query
	vals := make([]paramValues, len(op.Params))
	var unknownNames []string
	for pair := range strings.SplitSeq(policies.RawQuery(tx.Req.Path), "&") {
		if pair == "" {
			continue
		}
		rk, rv, _ := strings.Cut(pair, "=")
		key, val := formDecode(rk), formDecode(rv)
		if !op.queryPair(key, val, vals) {
			// the name the detectors will give it: never spare a declared name it decodes to
			unknownNames = append(unknownNames, policies.URLDecodeRepeat(rk, true))
			if op.UnknownQuery == "reject" && len(probs) < maxSchemaProblems {
				probs = append(probs, ContractProblem{In: LocQuery, Field: safeField(key), Reason: "is not allowed"})
			}
		}
	}
	// headers and cookies
	var cookies [][2]string
	cookiesRead := false
	for i := range op.Params {
		prm := &op.Params[i]
		switch prm.In {
		case LocHeader:
			vals[i].vals = tx.Req.Headers.Values(prm.key)
		case LocCookie:
			if !cookiesRead {
				cookies = requestCookies(tx.Req.Headers)
				cookiesRead = true
			}
			for _, c := range cookies {
				if c[0] == prm.Name {
					vals[i].vals = append(vals[i].vals, percentDecodeOnce(c[1]))
				}
			}
		}
	}
	for i := range op.Params {
		prm := &op.Params[i]
		if prm.In == LocPath {
			continue
		}
		pv := &vals[i]
		if len(pv.vals) == 0 && len(pv.pairs) == 0 {
			if prm.Required {
				probs = appendProblem(probs, prm.In, prm.Name, "is required")
			}
			continue
		}
		k.checkValues(&vc, prm, pv.vals, pv.pairs)
		if enforce && op.spare[i].Proven && !slices.Contains(unknownNames, prm.key) {
			spared = append(spared, op.spare[i])
		}
	}
	if d := k.verdict(tx, op, probs, "request failed validation"); d != nil {
		return d
	}
	if len(probs) == 0 && enforce {
		if op.pathSafe && canonical {
			spared = append(spared, policies.ParamNote{Location: LocPath, Parameter: "path", Proven: true})
		}
		for _, n := range spared {
			tx.NoteParam(n)
		}
	}
	return nil
}

// paramValues are one parameter's values in a request: each occurrence, or for an object
// parameter (deepObject, form-exploded) its members.
type paramValues struct {
	vals  []string
	pairs [][2]string
}

func (op *ContractOperation) param(in, name string) *ContractParam {
	for i := range op.Params {
		if op.Params[i].In == in && op.Params[i].Name == name {
			return &op.Params[i]
		}
	}
	return nil
}

func (op *ContractOperation) index(p *ContractParam) int {
	for i := range op.Params {
		if &op.Params[i] == p {
			return i
		}
	}
	return -1
}

// queryPair files one decoded query pair under its parameter; false when none declares it.
func (op *ContractOperation) queryPair(key, val string, vals []paramValues) bool {
	if prm := op.query[key]; prm != nil {
		i := op.index(prm)
		if s := prm.Schema.resolved(); s != nil && s.types == tObject && prm.Style == "form" && prm.Explode && key != prm.Name {
			vals[i].pairs = append(vals[i].pairs, [2]string{key, val})
			return true
		}
		vals[i].vals = append(vals[i].vals, val)
		return true
	}
	if b := strings.IndexByte(key, '['); b > 0 && strings.HasSuffix(key, "]") {
		prm := op.query[key[:b]]
		if prm == nil {
			return false
		}
		i := op.index(prm)
		inner := key[b+1 : len(key)-1]
		switch {
		case prm.Style == "deepObject" && inner != "" && !strings.ContainsAny(inner, "[]"):
			vals[i].pairs = append(vals[i].pairs, [2]string{inner, val})
			return true
		case inner == "" && prm.Style == "form" && prm.Schema.resolved() != nil && prm.Schema.resolved().types&tArray != 0:
			// ids[]=1&ids[]=2, as qs and PHP write arrays
			vals[i].vals = append(vals[i].vals, val)
			return true
		}
	}
	return false
}

func appendProblem(probs []ContractProblem, in, field, reason string) []ContractProblem {
	if len(probs) >= maxSchemaProblems {
		return probs
	}
	return append(probs, ContractProblem{In: in, Field: safeField(field), Reason: reason})
}

// requestCookies reads every Cookie header's name=value pairs (names as sent, trimmed).
func requestCookies(h policies.Headers) [][2]string {
	var out [][2]string
	for _, x := range h {
		if x.Name != "cookie" {
			continue
		}
		for _, c := range strings.Split(x.Value, ";") {
			c = strings.TrimSpace(c)
			if c == "" {
				continue
			}
			name, v, _ := strings.Cut(c, "=")
			out = append(out, [2]string{strings.TrimSpace(name), strings.TrimSpace(v)})
			if len(out) >= maxParams {
				return out
			}
		}
	}
	return out
}

// checkValues checks one parameter's raw values (decoded once) against its schema and style.
func (k *contract) checkValues(vc *valueChecker, prm *ContractParam, vals []string, pairs [][2]string) {
	vc.in, vc.root = prm.In, prm.Name
	probs := vc.probs
	add := func(reason string) { *probs = appendProblem(*probs, prm.In, prm.Name, reason) }
	s := prm.Schema.resolved()
	if prm.JSON {
		if len(vals) != 1 {
			add("must be given once")
			return
		}
		t := policies.TrimSpace([]byte(vals[0]))
		if !policies.ValidJSON(t) {
			add("must be JSON")
			return
		}
		if s != nil {
			vc.check(prm.Schema, gjson.ParseBytes(t))
		}
		return
	}
	for _, v := range vals {
		if v == "" && !prm.AllowEmpty {
			add("must not be empty")
			return
		}
	}
	if s == nil {
		if len(vals) > 1 && prm.In != LocHeader {
			add("must not be repeated")
		}
		return
	}
	types := s.acceptedTypesBounded(16)
	switch {
	// a schema taking a string or an array (GitHub's "has"): one value is read as the string
	case types&tArray != 0 && !(types&tString != 0 && len(vals) == 1):
		items := splitStyle(prm, vals)
		if items == nil {
			add("is not serialised as its style requires")
			return
		}
		var b []byte
		b = append(b, '[')
		for j, it := range items {
			if j > 0 {
				b = append(b, ',')
			}
			b = appendCoerced(b, s.items, it)
		}
		b = append(b, ']')
		vc.check(prm.Schema, gjson.ParseBytes(b))
	case types&tObject != 0 && types&tString == 0:
		if len(pairs) == 0 {
			var ok bool
			if pairs, ok = splitObject(prm, vals); !ok {
				add("is not serialised as its style requires")
				return
			}
		}
		var b []byte
		b = append(b, '{')
		for j, p := range pairs {
			if j > 0 {
				b = append(b, ',')
			}
			b = appendJSONString(b, p[0])
			b = append(b, ':')
			var ps *cSchema
			if s.props != nil {
				ps = s.props[p[0]]
			}
			if ps == nil {
				ps = s.addl
			}
			b = appendCoerced(b, ps, p[1])
		}
		b = append(b, '}')
		vc.check(prm.Schema, gjson.ParseBytes(b))
	default:
		if len(vals) > 1 {
			add("must not be repeated")
			return
		}
		v, ok := unstyle(prm, vals[0])
		if !ok {
			add("is not serialised as its style requires")
			return
		}
		vc.check(prm.Schema, coerce(s, v))
	}
}

// unstyle strips a scalar path parameter's label or matrix prefix.
func unstyle(prm *ContractParam, v string) (string, bool) {
	switch prm.Style {
	case "label":
		return strings.CutPrefix(v, ".")
	case "matrix":
		return strings.CutPrefix(v, ";"+prm.Name+"=")
	}
	return v, true
}

// splitStyle splits an array parameter's values into items, as OpenAPI serialises them; nil
// when the value does not follow the style.
func splitStyle(prm *ContractParam, vals []string) []string {
	var items []string
	for _, v := range vals {
		switch prm.Style {
		case "form":
			if prm.Explode {
				items = append(items, v)
			} else {
				items = append(items, strings.Split(v, ",")...)
			}
		case "spaceDelimited":
			items = append(items, strings.Split(v, " ")...)
		case "pipeDelimited":
			items = append(items, strings.Split(v, "|")...)
		case "simple":
			for _, it := range strings.Split(v, ",") {
				if prm.In == LocHeader {
					it = strings.TrimSpace(it)
				}
				items = append(items, it)
			}
		case "label":
			rest, ok := strings.CutPrefix(v, ".")
			if !ok {
				return nil
			}
			sep := ","
			if prm.Explode {
				sep = "."
			}
			items = append(items, strings.Split(rest, sep)...)
		case "matrix":
			pre := ";" + prm.Name + "="
			if !strings.HasPrefix(v, pre) {
				return nil
			}
			if prm.Explode {
				for _, part := range strings.Split(v[1:], ";") {
					it, ok := strings.CutPrefix(part, prm.Name+"=")
					if !ok {
						return nil
					}
					items = append(items, it)
				}
			} else {
				items = append(items, strings.Split(v[len(pre):], ",")...)
			}
		default:
			return nil
		}
	}
	if items == nil {
		items = []string{}
	}
	return items
}

// splitObject reads an object parameter serialised as simple or form (k,v,k,v; exploded
// k=v,k=v), label or matrix.
func splitObject(prm *ContractParam, vals []string) ([][2]string, bool) {
	if len(vals) != 1 {
		return nil, false
	}
	v := vals[0]
	sep := ","
	switch prm.Style {
	case "label":
		var ok bool
		if v, ok = strings.CutPrefix(v, "."); !ok {
			return nil, false
		}
		if prm.Explode {
			sep = "."
		}
	case "matrix":
		if prm.Explode {
			v = strings.TrimPrefix(v, ";")
			sep = ";"
		} else {
			var ok bool
			if v, ok = strings.CutPrefix(v, ";"+prm.Name+"="); !ok {
				return nil, false
			}
		}
	}
	parts := strings.Split(v, sep)
	var out [][2]string
	if prm.Explode {
		for _, p := range parts {
			k, val, ok := strings.Cut(p, "=")
			if !ok {
				return nil, false
			}
			out = append(out, [2]string{k, val})
		}
		return out, true
	}
	if len(parts)%2 != 0 {
		return nil, false
	}
	for i := 0; i < len(parts); i += 2 {
		out = append(out, [2]string{parts[i], parts[i+1]})
	}
	return out, true
}

// coerce reads a parameter's text as the JSON value its schema expects: a number when the
// schema takes numbers and the text is a JSON number, a boolean for "true"/"false" when it
// takes booleans, else a string.
func coerce(s *cSchema, v string) gjson.Result {
	t := s.acceptedTypesBounded(16)
	if t == 0 {
		t = tString
	}
	if t&(tInteger|tNumber) != 0 && isJSONNumber(v) {
		return gjson.Result{Type: gjson.Number, Num: gjson.Parse(v).Num, Raw: v}
	}
	if t&tBoolean != 0 && (v == "true" || v == "false") {
		if v == "true" {
			return gjson.Result{Type: gjson.True, Raw: v}
		}
		return gjson.Result{Type: gjson.False, Raw: v}
	}
	return gjson.Result{Type: gjson.String, Str: v}
}

// appendCoerced appends v as the JSON value schema s expects (see coerce).
func appendCoerced(b []byte, s *cSchema, v string) []byte {
	r := coerce(s.resolved(), v)
	if s.resolved() == nil {
		r = gjson.Result{Type: gjson.String, Str: v}
	}
	switch r.Type {
	case gjson.Number, gjson.True, gjson.False:
		return append(b, r.Raw...)
	}
	return appendJSONString(b, v)
}

// isJSONNumber reports text in JSON's number grammar (no "+", no leading zeros, no hex, no
// spaces).
func isJSONNumber(s string) bool {
	i := 0
	if i < len(s) && s[i] == '-' {
		i++
	}
	if i >= len(s) {
		return false
	}
	if s[i] == '0' {
		i++
	} else if s[i] >= '1' && s[i] <= '9' {
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
	} else {
		return false
	}
	if i < len(s) && s[i] == '.' {
		i++
		j := i
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
		if i == j {
			return false
		}
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		j := i
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
		if i == j {
			return false
		}
	}
	return i == len(s)
}

func appendJSONString(b []byte, s string) []byte {
	const hexd = "0123456789abcdef"
	b = append(b, '"')
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '"' || c == '\\':
			b = append(b, '\\', c)
		case c < 0x20:
			b = append(b, '\\', 'u', '0', '0', hexd[c>>4], hexd[c&15])
		default:
			b = append(b, c)
		}
	}
	return append(b, '"')
}

// undocumented answers a request no operation documents: 404 for a path, 405 (with Allow) for
// a method, per contract.undocumented and the contract's mode.
func (k *contract) undocumented(tx *policies.Tx, n *rnode) *policies.Decision {
	cfg := k.cfg
	if cfg.Undocumented == "allow" {
		return nil
	}
	status, msg, metric := 404, "not found", "path"
	var extra []policies.Header
	if n != nil {
		status, msg, metric = 405, "method not allowed", "method"
		extra = append(extra, policies.Header{Name: "allow", Value: n.allow})
	}
	block := cfg.Undocumented == "reject" && cfg.Mode == policies.Enforce
	action := "log"
	if block {
		action = "block"
	}
	tx.Event(policies.LogWarn, "contract.undocumented."+action, map[string]any{"rule": "contract.undocumented",
		"action": action, "status": status, "undocumented": metric})
	if !block {
		return nil
	}
	d := policies.JSONDeny(status, "contract.undocumented", map[string]any{"error": msg, "rule": "contract.undocumented",
		"request_id": tx.Req.ID}, extra...)
	return &d
}

// verdict reports the problems: 400 in enforce mode, logged in detect mode.
func (k *contract) verdict(tx *policies.Tx, op *ContractOperation, probs []ContractProblem, msg string) *policies.Decision {
	if len(probs) == 0 {
		return nil
	}
	fields := make([]string, len(probs))
	for i, p := range probs {
		fields[i] = p.In + ":" + p.Field
	}
	action := "block"
	if op.Mode == policies.Detect {
		action = "detect"
	}
	ev := map[string]any{"rule": "contract", "action": action, "fields": fields, "template": op.Path}
	if op.ID != "" {
		ev["operation"] = op.ID
	}
	tx.Event(policies.LogWarn, "contract."+action, ev)
	if op.Mode == policies.Detect {
		return nil
	}
	d := policies.JSONDeny(400, "contract", map[string]any{"error": msg, "rule": "contract",
		"request_id": tx.Req.ID, "fields": probs})
	return &d
}

// requestBody checks the body's media type and, for JSON, its schema; proven body values are
// spared the detectors as parameters are.
func (k *contract) requestBody(tx *policies.Tx, body []byte, truncated bool) *policies.Decision {
	st := k.state(tx)
	op := st.op
	if op == nil || op.Body == nil {
		return nil
	}
	b := op.Body
	var probs []ContractProblem
	t := policies.TrimSpace(body)
	cts := tx.Req.Headers.Values("content-type")
	switch {
	case truncated:
		probs = appendProblem(probs, LocBody, "(body)", "body too large to validate")
	case len(t) == 0 && len(body) == 0:
		if b.Required {
			probs = appendProblem(probs, LocBody, "(body)", "is required")
		}
	case len(cts) == 0:
		probs = appendProblem(probs, LocHeader, "content-type", "is required with a body")
	case len(cts) > 1:
		probs = appendProblem(probs, LocHeader, "content-type", "must be sent once")
	default:
		mt := mediaType(cts[0])
		if !mediaTypeListed(b.MediaTypes, mt) {
			probs = appendProblem(probs, LocHeader, "content-type", "media type not documented for this operation")
			break
		}
		if mt == "application/x-www-form-urlencoded" && b.FormSchema != nil {
			vc := valueChecker{in: LocBody, probs: &probs}
			vc.check(b.FormSchema, gjson.ParseBytes(formObject(b.FormSchema.resolved(), string(body))))
			break
		}
		if b.Schema == nil || !jsonMediaType(mt) {
			break
		}
		if len(t) == 0 || !policies.ValidJSON(t) {
			probs = appendProblem(probs, LocBody, "(body)", "must be JSON")
			break
		}
		vc := valueChecker{in: LocBody, probs: &probs}
		if op.Mode == policies.Enforce {
			vc.proven = &provenPaths{}
		}
		vc.check(b.Schema, gjson.ParseBytes(t))
		if len(probs) == 0 && vc.proven != nil {
			for _, name := range vc.proven.spared() {
				tx.NoteParam(policies.ParamNote{Location: LocBody, Parameter: name, Proven: true})
			}
		}
	}
	return k.verdict(tx, op, probs, "request failed validation")
}

// formObject reads a form body as the JSON object its schema expects: each field's value
// coerced by its property's schema, repeated fields (or name[]) as arrays where the property is
// an array. A repeated field whose property is not an array is kept twice, so that the check
// reports a duplicate key.
func formObject(s *cSchema, body string) []byte {
	type field struct {
		name string
		vals []string
	}
	var fields []field
	idx := map[string]int{}
	for pair := range strings.SplitSeq(body, "&") {
		if pair == "" {
			continue
		}
		k, v, _ := strings.Cut(pair, "=")
		name, val := formDecode(k), formDecode(v)
		if base, ok := strings.CutSuffix(name, "[]"); ok && formArray(s, base) {
			name = base
		}
		if i, ok := idx[name]; ok && formArray(s, name) {
			fields[i].vals = append(fields[i].vals, val)
			continue
		}
		idx[name] = len(fields)
		fields = append(fields, field{name: name, vals: []string{val}})
		if len(fields) >= maxParams {
			break
		}
	}
	b := []byte{'{'}
	for i, f := range fields {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendJSONString(b, f.name)
		b = append(b, ':')
		ps := formProp(s, f.name)
		if formArray(s, f.name) {
			b = append(b, '[')
			for j, v := range f.vals {
				if j > 0 {
					b = append(b, ',')
				}
				b = appendCoerced(b, ps.resolved().items, v)
			}
			b = append(b, ']')
			continue
		}
		b = appendCoerced(b, ps, f.vals[0])
	}
	return append(b, '}')
}

func formProp(s *cSchema, name string) *cSchema {
	if s == nil {
		return nil
	}
	if ps := s.props[name]; ps != nil {
		return ps
	}
	return s.addl
}

func formArray(s *cSchema, name string) bool {
	ps := formProp(s, name).resolved()
	return ps != nil && ps.acceptedTypesBounded(16)&tArray != 0
}

// mediaType is a Content-Type's lower-case type/subtype, parameters dropped.
func mediaType(ct string) string {
	if i := strings.IndexByte(ct, ';'); i >= 0 {
		ct = ct[:i]
	}
	return policies.LowerASCII(strings.TrimSpace(ct))
}

func mediaTypeListed(list []string, mt string) bool {
	t, _, _ := strings.Cut(mt, "/")
	for _, m := range list {
		if m == mt || m == "*/*" || strings.HasSuffix(m, "/*") && strings.TrimSuffix(m, "/*") == t {
			return true
		}
	}
	return false
}

func jsonMediaType(mt string) bool {
	return mt == "application/json" || strings.HasSuffix(mt, "+json")
}

// unbufferedBody checks, at the headers, a request whose body is not buffered (a gRPC body
// streamed message by message, an upgrade, a pass type): its Content-Type must be one of the
// operation's documented media types, since the body itself is never seen whole. A pass type
// chosen by the client's Content-Type does not escape the contract: an operation that
// documents only JSON refuses it here.
func (k *contract) unbufferedBody(tx *policies.Tx) *policies.Decision {
	st := k.state(tx)
	op := st.op
	if op == nil || op.Body == nil {
		return nil
	}
	cts := tx.Req.Headers.Values("content-type")
	var probs []ContractProblem
	switch {
	case len(cts) == 0:
		// an upgrade or CONNECT without a declared body: nothing to check
	case len(cts) > 1:
		probs = appendProblem(probs, LocHeader, "content-type", "must be sent once")
	case !mediaTypeListed(op.Body.MediaTypes, mediaType(cts[0])):
		probs = appendProblem(probs, LocHeader, "content-type", "media type not documented for this operation")
	}
	st.wantBody = false
	return k.verdict(tx, op, probs, "request failed validation")
}

// Locations of parameters, as the injection detectors name them (policies.ParamNote).
const (
	LocPath   = policies.LocPath
	LocQuery  = policies.LocQuery
	LocHeader = policies.LocHeader
	LocCookie = policies.LocCookie
	LocBody   = policies.LocBody
)

// maxSchemaProblems bounds the problems one 400 lists; maxParams the cookies read.
const (
	maxSchemaProblems = 32
	maxParams         = 4096
)

// safeField bounds and escapes a client-chosen key before it is echoed in the 400: field names
// are listed, but a key is input too, so it is truncated and its non-printable and non-ASCII
// characters escaped (policies.EscapeForLog).
func safeField(s string) string { return policies.EscapeForLog(s, 64) }
