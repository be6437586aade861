package injection

import (
	"strings"

	"github.com/edgeward/edgeward/policies"
)

// injection runs the injection detectors and schemas. It is built once per engine and shared by
// every request; per-request state is in injectionTxState.
type injection struct {
	cfg     *InjectionConfig
	schemas []SchemaConfig
	slot    int // the Tx slot of injectionTxState
}

// injectionTxState is one request's injection policy, resolved at the headers phase.
type injectionTxState struct {
	active  bool // injection detectors run on this request
	mode    policies.Mode
	fams    family
	sens    int // sensitivity, 1..4
	excl    []*Exclusion
	content []*ContentDecl       // the operator's declarations that apply to this route
	proven  []policies.ParamNote // parameters an earlier feature proved tokens (ParamNote.Proven)
	notes   int                  // how many of tx.ParamNotes() were taken
	schema  *SchemaConfig
	reports int
	hits    int // every report, logged or not (reports counts the logged ones)
	seen    map[string]bool
	// clean remembers body values already inspected without a hit under the request's
	// families (JSON arrays of objects repeat values), so each distinct value runs once.
	clean map[cleanKey]struct{}
	// keys remembers JSON object keys already inspected without a hit, by the identity of their
	// segments: the JSON walk hands every repeat of a member under the same parent (an array of
	// objects names "items.id" for each element) the same segments slice, with the same name, so
	// the same key is judged once per request. A ring of the most recent ones; no hashing.
	keys    [maxCleanKeys]*string
	keysLen [maxCleanKeys]int
	keyNext int
}

// maxCleanKeys is the size of the ring of clean JSON keys (members of one object repeated in an
// array of objects are usually fewer).
const maxCleanKeys = 16

type cleanKey struct {
	value string
	plus  bool
}

// Bounds of the per-request memory of clean values: long values are rarely repeated and costly
// to hash twice; the entry count bounds memory by the body size anyway.
const (
	maxCleanValueLen = 512
	maxCleanEntries  = 4096
)

// takeNotes takes the parameter notes written since the last call (policies.ParamNote): proven
// parameters are spared every family, declared content is inspected as injection.content's.
func (st *injectionTxState) takeNotes(tx *policies.Tx) {
	ns := tx.ParamNotes()
	for _, n := range ns[min(st.notes, len(ns)):] {
		if n.Proven {
			st.proven = append(st.proven, n)
		}
		if n.Holds != "" {
			st.content = append(st.content, &ContentDecl{Parameter: n.Parameter, Location: n.Location, Holds: n.Holds,
				fams: contentFamilies(n.Holds)})
		}
	}
	st.notes = len(ns)
}

// maxInjectionEvents bounds the events one request emits in detect mode.
const maxInjectionEvents = 8

func newInjection(c *policies.Config) *injection {
	ic := ConfigOf(c)
	return &injection{cfg: &ic.Injection, schemas: ic.Schemas}
}

// requestHeaders resolves the request's policy (route overrides, client allowlist, exclusions,
// schema), inspects the path, the query and the inspected headers, and asks for the body when
// anything will look at it.
func (w *injection) requestHeaders(tx *policies.Tx) (*policies.Decision, bool) {
	st := w.state(tx)
	for i := range w.schemas {
		if w.schemas[i].Route.Matches(tx.Req.Method, tx.Path) {
			st.schema = &w.schemas[i]
			break
		}
	}
	c := w.cfg
	st.active, st.mode, st.fams, st.sens = c.Enabled, c.Mode, c.Families, c.Sensitivity
	for i := range c.Routes {
		if r := &c.Routes[i]; r.Route.Matches(tx.Req.Method, tx.Path) {
			st.active = st.active && r.Enabled
			st.mode, st.fams, st.sens = r.Mode, r.Families, r.Sensitivity
			break
		}
	}
	if st.active && len(c.AllowCIDRs) > 0 {
		if ip := tx.ClientIP(); ip.IsValid() {
			for _, p := range c.AllowCIDRs {
				if p.Contains(ip) {
					st.active = false
					tx.Event(policies.LogDebug, "injection.allowlisted", map[string]any{"cidr": p.String()})
					break
				}
			}
		}
	}
	if st.active && st.fams == 0 && len(c.CustomRules) == 0 {
		st.active = false
	}
	if !st.active {
		return nil, st.schema != nil
	}
	st.takeNotes(tx) // an earlier feature's declarations first: the first content match wins
	for i := range c.Exclusions {
		if x := &c.Exclusions[i]; !x.hasRoute || x.Route.Matches(tx.Req.Method, tx.Path) {
			st.excl = append(st.excl, x)
		}
	}
	for i := range c.Content {
		if d := &c.Content[i]; !d.hasRoute || d.Route.Matches(tx.Req.Method, tx.Path) {
			st.content = append(st.content, d)
		}
	}
	var d *policies.Decision
	emit := func(p param) bool {
		d = w.inspect(tx, p)
		return d == nil
	}
	if requestPath(tx.Req.Path, emit) && urlEncodedPairs(LocQuery, policies.RawQuery(tx.Req.Path), emit) {
		requestHeaderParams(tx.Req.Headers, c.Headers, c.AllHeaders, emit)
	}
	if d != nil {
		return d, false
	}
	return nil, st.schema != nil || bodyMayCarryAttack(tx.Req.Headers.Values("content-type"))
}

// requestBody inspects the body by its content type, applies the JSON limits and the route's
// schema.
func (w *injection) requestBody(tx *policies.Tx, body []byte, truncated bool) *policies.Decision {
	st := w.state(tx)
	if st.active {
		st.takeNotes(tx) // what the contract proved of the body's fields
	}
	if st.active && len(body) > 0 && tx.GRPC() {
		// A gRPC body buffered whole (gRPC-Web text, or a route with a schema): message by message.
		if d := tx.GRPCBufferedBody(body, truncated); d != nil {
			return d
		}
	} else if st.active && len(body) > 0 {
		lim := jsonLimits{maxDepth: w.cfg.MaxJSONDepth, maxKeys: w.cfg.MaxJSONKeys}
		var d *policies.Decision
		bodyParams(tx.Req.Headers.Get("content-type"), body, &lim, func(p param) bool {
			d = w.inspect(tx, p)
			return d == nil
		})
		if d != nil {
			return d
		}
		if lim.depthExceeded {
			if d := w.limitExceeded(tx, "json.depth", 400, "JSON body nested too deeply", w.cfg.MaxJSONDepth); d != nil {
				return d
			}
		}
		if lim.keysExceeded {
			if d := w.limitExceeded(tx, "json.keys", 413, "JSON body has too many keys", w.cfg.MaxJSONKeys); d != nil {
				return d
			}
		}
	}
	if st.schema != nil {
		return validateSchema(tx, st.schema, body, truncated)
	}
	return nil
}

func (w *injection) limitExceeded(tx *policies.Tx, rule string, status int, msg string, limit int) *policies.Decision {
	st := w.state(tx)
	action := "block"
	if st.mode == policies.Detect {
		action = "detect"
	}
	tx.Event(policies.LogWarn, "injection."+strings.ReplaceAll(rule, ".", "_")+"."+action,
		map[string]any{"rule": rule, "limit": limit, "action": action, "location": LocBody})
	if st.mode == policies.Detect {
		return nil
	}
	d := policies.JSONDeny(status, rule, map[string]string{"error": msg, "rule": rule, "request_id": tx.Req.ID})
	return &d
}

// inspect runs every enabled detector over one parameter's forms and reports the first hit.
// It returns a block decision in enforce mode, nil otherwise.
func (w *injection) inspect(tx *policies.Tx, p param) *policies.Decision {
	st := w.state(tx)
	if p.Key && len(p.Segments) > 0 {
		if st.knownCleanKey(p.Segments) {
			return nil
		}
		hits := st.hits
		d := w.inspectParam(tx, st, p)
		if d == nil && st.hits == hits {
			st.rememberCleanKey(p.Segments)
		}
		return d
	}
	return w.inspectParam(tx, st, p)
}

// knownCleanKey reports a key whose segments slice (the same memory, see injectionTxState.keys)
// was inspected clean in this request.
func (st *injectionTxState) knownCleanKey(segs []string) bool {
	first := &segs[0]
	for i, k := range st.keys {
		if k == first && st.keysLen[i] == len(segs) {
			return true
		}
	}
	return false
}

func (st *injectionTxState) rememberCleanKey(segs []string) {
	st.keys[st.keyNext], st.keysLen[st.keyNext] = &segs[0], len(segs)
	st.keyNext = (st.keyNext + 1) % maxCleanKeys
}

// inspectParam is inspect without the memory of clean keys.
func (w *injection) inspectParam(tx *policies.Tx, st *injectionTxState, p param) *policies.Decision {
	fams := st.fams
	customs := len(w.cfg.CustomRules) > 0
	for i := range st.proven {
		if n := &st.proven[i]; n.Parameter == p.Name && n.Location == p.Loc {
			fams = 0 // proven a token: no family applies, the custom rules still do
			break
		}
	}
	if len(st.excl) > 0 {
		for _, x := range st.excl {
			if x.Parameter != p.Name || x.Location != "" && x.Location != p.Loc {
				continue
			}
			if x.Rule == "*" {
				return nil
			}
			for _, f := range familyNames {
				if f.name == x.Rule {
					fams &^= f.f
				}
			}
		}
	}
	if p.Key && fams&(famNoSQL|famProto) != 0 {
		var ps protoKeyState
		for i, seg := range p.Segments {
			// Pipeline operators are active below the top level, and anywhere in a JSON or
			// multipart body (which an app may hand to aggregate() whole).
			inPipeline := i > 0 || p.Loc == LocBody && !p.Plus
			if fams&famNoSQL != 0 && noSQLOperatorKey(unescapeBackslash(seg), inPipeline) {
				return w.report(tx, "nosql", famNoSQL, p, seg)
			}
			if fams&famProto != 0 && ps.step(unescapeBackslash(seg)) {
				return w.report(tx, "proto", famProto, p, p.Name)
			}
		}
	}
	// A key made of letters, digits, "_" and "-" only ("id", "user_name") cannot carry a payload
	// for any family: only the structural checks above and the custom rules apply to it. A body
	// value already found clean in this request is not inspected again.
	var buf [maxVariants]string
	var vs []string
	holds := ""
	if !p.Key {
		for _, d := range st.content {
			if d.matches(&p) {
				holds = d.Holds
				break
			}
		}
	}
	if code := contentFamilies(holds); code != 0 && !leadingBreakout(p.Value) && !(p.Plus && leadingBreakout(urlDecodeRepeat(p.Value, true))) {
		// Declared by the operator as code, commands, SQL or log text (content.go): these
		// families do not apply to it; the custom rules below still do.
		vs = paramVariants(p, buf[:0])
		fams &^= code
	}
	memo := p.Loc == LocBody && !p.Key && fams == st.fams && len(p.Value) <= maxCleanValueLen
	ck := cleanKey{p.Value, p.Plus}
	if _, done := st.clean[ck]; fams != 0 && !(memo && done) && !(p.Key && isIdentifier(p.Value)) {
		vs = paramVariants(p, buf[:0])
		fileName := fams&famTraversal != 0 && fileNameParam(p)
		for _, v := range vs {
			if r, f := detectInContext(v, p.Loc, p.Key, variantFamilies(p, v, fams), holds, st.sens); f != 0 {
				return w.report(tx, r, f, p, v)
			}
			if fileName && traversalIn(v) {
				// A file name has no directory part: even "../x.7z" climbs.
				return w.report(tx, "traversal", famTraversal, p, v)
			}
		}
		if memo && len(st.clean) < maxCleanEntries {
			if st.clean == nil {
				st.clean = make(map[cleanKey]struct{}, 16)
			}
			st.clean[ck] = struct{}{}
		}
	}
	if customs {
		for i := range w.cfg.CustomRules {
			cr := &w.cfg.CustomRules[i]
			if !customApplies(cr, p, st.excl) {
				continue
			}
			if vs == nil {
				vs = paramVariants(p, buf[:0])
			}
			for _, v := range vs {
				if cr.Pattern != nil && cr.Pattern.MatchString(v) || cr.Literal != "" && strings.Contains(strings.ToLower(v), cr.Literal) {
					return w.report(tx, cr.ID, 0, p, v)
				}
			}
		}
	}
	return nil
}

// paramVariants returns the forms of a parameter's value that the detectors inspect.
func paramVariants(p param, buf []string) []string {
	vs := valueVariants(p.Value, p.Plus, buf)
	if p.Loc == LocPath && len(vs) < maxVariants {
		// Some servers decode "+" in paths as a space.
		if pv := strings.ReplaceAll(vs[len(vs)-1], "+", " "); pv != vs[len(vs)-1] {
			vs = append(vs, pv)
		}
	}
	return vs
}

// variantFamilies narrows the families for one form v of p: a Referer whose dot-segments a
// browser has already resolved (refererDotsResolved) is not a traversal.
func variantFamilies(p param, v string, fams family) family {
	if fams&famTraversal != 0 && p.Loc == LocHeader && p.Name == "referer" && refererDotsResolved(v) {
		fams &^= famTraversal
	}
	return fams
}

// detectInContext runs the detectors on one form of a value as the operator declared it
// (content.go): a GraphQL document's literals, or markdown with its code masked (see
// detect_context.go: fenced blocks for every family, inline code spans in prose for the
// families a backtick cannot start). Undeclared values are inspected whole.
func detectInContext(v, loc string, key bool, fams family, holds string, sens int) (string, family) {
	if key {
		return detectAll(v, loc, key, fams, sens)
	}
	if holds == "graphql" && fams&(famNoSQL|famCmdi|famSQLi) != 0 {
		if lits, ok := graphQLDocument(v); ok {
			// Only a GraphQL document's string literals and comments can carry a payload; the
			// literals are inspected as plain values (a literal is not a document).
			for _, l := range lits {
				if r, f := detectAll(l, loc, false, fams, sens); f != 0 {
					return r, f
				}
			}
			return detectAll(v, loc, false, fams&^(famNoSQL|famCmdi|famSQLi), sens)
		}
	}
	if holds != "markdown" {
		return detectAll(v, loc, key, fams, sens)
	}
	fv, _ := maskFences(v)
	fv, _ = maskWikiCode(fv)
	fv, _ = maskTables(fv)
	iv, inl := maskInlineCode(fv)
	if !inl {
		return detectAll(fv, loc, key, fams, sens)
	}
	const tick = famCmdi | famXSS
	if r, f := detectAll(iv, loc, key, fams&^tick, sens); f != 0 {
		return r, f
	}
	if fams&famCmdi != 0 {
		sv, _ := maskInlineShell(fv)
		if detectCmdi(sv, true) && (sens >= 2 || cmdiStrong(sv)) {
			return "cmdi", famCmdi
		}
	}
	return detectAll(fv, loc, key, fams&famXSS, sens)
}

// detectAll runs the enabled families on one form of a value, in a fixed order, and returns the
// rule id and family of the first hit.
func detectAll(v, loc string, key bool, fams family, sens int) (string, family) {
	switch {
	case fams&famSQLi != 0 && detectSQLi(v):
		return "sqli", famSQLi
	case fams&famXSS != 0 && detectXSS(v):
		return "xss", famXSS
	case fams&famNoSQL != 0 && detectNoSQL(v):
		return "nosql", famNoSQL
	case fams&famProto != 0 && detectProtoValue(v):
		return "proto", famProto
	case fams&famSQLi != 0 && sens >= 3 && detectSQLiStrict(v, sens):
		return "sqli", famSQLi
	case fams&famCmdi != 0 && cmdiAt(v, !key, sens):
		return "cmdi", famCmdi
	case fams&famTraversal != 0 && loc == LocPath && detectPathTraversal(v):
		return "traversal", famTraversal
	case fams&famTraversal != 0 && loc != LocPath && (!key || strings.Contains(v, "..") || !strings.Contains(v, "*")) && detectTraversal(v):
		// A key that is a glob ("**/.git" in an editor's files.exclude) matches files, it does
		// not name one to open: only dot-dot segments count in it.
		return "traversal", famTraversal
	}
	return "", 0
}

func customApplies(cr *CustomRule, p param, excl []*Exclusion) bool {
	ok := false
	for _, l := range cr.Locations {
		if l == p.Loc {
			ok = true
		}
	}
	if !ok {
		return false
	}
	if len(cr.Names) > 0 {
		ok = false
		for _, n := range cr.Names {
			if n == p.Name {
				ok = true
			}
		}
		if !ok {
			return false
		}
	}
	for _, x := range excl {
		if x.Rule == cr.ID && x.Parameter == p.Name && (x.Location == "" || x.Location == p.Loc) {
			return false
		}
	}
	return true
}

// report emits the detection event and returns the 403 in enforce mode.
func (w *injection) report(tx *policies.Tx, rule string, f family, p param, payload string) *policies.Decision {
	st := w.state(tx)
	st.hits++
	action := "block"
	if st.mode == policies.Detect {
		action = "detect"
	}
	if st.seen == nil {
		st.seen = map[string]bool{}
	}
	if (!st.seen[rule] && st.reports < maxInjectionEvents) || action == "block" {
		st.seen[rule] = true
		st.reports++
		level := policies.LogWarn
		if action == "detect" {
			level = policies.LogInfo
		}
		name := p.Name
		if p.Key {
			name += " (name)"
		}
		tx.Event(level, "injection."+f.String()+"."+action, map[string]any{
			"rule":      rule,
			"family":    f.String(),
			"action":    action,
			"location":  p.Loc,
			"parameter": policies.EscapeForLog(name, 128),
			"payload":   policies.EscapeForLog(payload, 128),
			// The level the evidence was judged at (see sensitivity.go).
			"sensitivity": st.sens,
		})
	}
	if action == "detect" {
		return nil
	}
	d := policies.BlockedDecision(rule, tx.Req.ID)
	return &d
}

// fileNameParam reports a parameter that names a file to store: a multipart part's file name or
// an upload header. Relative references are traversal there (detectTraversal allows them
// elsewhere).
func fileNameParam(p param) bool {
	return p.FileName || p.Loc == LocHeader && (p.Name == "x-filename" || p.Name == "x-file-name")
}

// inspectGRPCMessage runs the injection detectors over one gRPC message: its protobuf strings
// (normalize_protobuf.go), or its JSON for application/grpc+json.
func (w *injection) message(tx *policies.Tx, msg []byte) *policies.Decision {
	st := w.state(tx)
	if !st.active || len(msg) == 0 {
		return nil
	}
	var d *policies.Decision
	emit := func(p param) bool {
		d = w.inspect(tx, p)
		return d == nil
	}
	if policies.GRPCJSON(tx.GRPCMediaType()) {
		lim := jsonLimits{maxDepth: w.cfg.MaxJSONDepth, maxKeys: w.cfg.MaxJSONKeys}
		if t := policies.TrimSpace(msg); len(t) > 0 && (t[0] == '{' || t[0] == '[') {
			jsonParamsUnchecked(LocBody, "", t, &lim, emit)
		} else {
			emit(param{Loc: LocBody, Name: "body", Value: string(msg)})
		}
		if d == nil && lim.depthExceeded {
			d = w.limitExceeded(tx, "json.depth", 400, "JSON body nested too deeply", w.cfg.MaxJSONDepth)
		}
		if d == nil && lim.keysExceeded {
			d = w.limitExceeded(tx, "json.keys", 413, "JSON body has too many keys", w.cfg.MaxJSONKeys)
		}
		return d
	}
	protobufParams("", msg, emit)
	return d
}
