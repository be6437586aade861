package injection

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/edgeward/edgeward/policies"
	"github.com/edgeward/edgeward/policies/internal/enginetest"
)

func injEngine(t testing.TB, cfg string) *policies.Engine { return enginetest.Engine(t, cfg) }

type injReq struct {
	method, path, ct, body string
	headers                policies.Headers
	src                    string
}

// runInj runs a request through the engine's header and body phases (enginetest.Run).
func runInj(e *policies.Engine, r injReq) (policies.Decision, []policies.Event) {
	return enginetest.Run(e, r.method, r.path, r.ct, r.body, r.headers, r.src)
}

func TestInjectionDecisions(t *testing.T) {
	tests := []struct {
		name     string
		cfg      string
		req      injReq
		status   int
		rule     string
		metric   string
		noMetric bool
	}{
		{"default config blocks sqli", `{}`, injReq{path: "/?id=1'%20OR%20'1'='1"}, 403, "sqli", "injection.sqli.block", false},
		{"benign passes", `{}`, injReq{path: "/?name=O'Brien"}, 0, "", "", true},
		{"json nosql key", `{}`, injReq{method: "POST", path: "/login", ct: "application/json", body: `{"user":{"$ne":null}}`}, 403, "nosql", "injection.nosql.block", false},
		{"escaped nosql key as text", `{}`, injReq{method: "POST", path: "/login", ct: "text/plain", body: `{"user":{"\u0024gt":""}}`}, 403, "nosql", "", false},
		{"query nosql bracket", `{}`, injReq{path: "/login?user[$ne]=x"}, 403, "nosql", "", false},
		{"proto json", `{}`, injReq{method: "POST", path: "/m", ct: "application/json", body: `{"a":{"__proto__":{"x":1}}}`}, 403, "proto", "", false},
		{"proto constructor query", `{}`, injReq{path: "/m?a[constructor][prototype][x]=1"}, 403, "proto", "", false},
		{"traversal path", `{}`, injReq{path: "/files/..%252f..%252fetc/passwd"}, 403, "traversal", "", false},
		{"cmdi cookie", `{}`, injReq{path: "/", headers: policies.Headers{{Name: "cookie", Value: "a=1; b=%3Bcat%20/etc/passwd"}}}, 403, "", "", false},
		{"xss user-agent", `{}`, injReq{path: "/", headers: policies.Headers{{Name: "user-agent", Value: "<script>alert(1)</script>"}}}, 403, "xss", "", false},
		{"other header inspected", `{}`, injReq{path: "/", headers: policies.Headers{{Name: "x-note", Value: "<script>alert(1)</script>"}}}, 403, "xss", "", false},
		{"x-forwarded-for inspected", `{}`, injReq{path: "/", headers: policies.Headers{{Name: "x-forwarded-for", Value: "127.0.0.1' AND 1=(SELECT 1 FROM pg_sleep(5))--"}}}, 403, "sqli", "", false},
		{"structured header not inspected", `{}`, injReq{path: "/", headers: policies.Headers{{Name: "accept", Value: "<script>alert(1)</script>"}}}, 0, "", "", true},
		{"all_headers off", `{"injection":{"all_headers":false}}`, injReq{path: "/", headers: policies.Headers{{Name: "x-note", Value: "<script>alert(1)</script>"}}}, 0, "", "", true},
		{"structured header listed", `{"injection":{"headers":["Accept"]}}`, injReq{path: "/", headers: policies.Headers{{Name: "accept", Value: "<script>alert(1)</script>"}}}, 403, "xss", "", false},
		{"configured header inspected", `{"injection":{"all_headers":false,"headers":["X-Note"]}}`, injReq{path: "/", headers: policies.Headers{{Name: "x-note", Value: "<script>alert(1)</script>"}}}, 403, "xss", "", false},
		{"detect mode passes and counts", `{"mode":"detect"}`, injReq{path: "/?q=<script>alert(1)</script>"}, 0, "", "injection.xss.detect", false},
		{"section detect mode", `{"injection":{"mode":"detect"}}`, injReq{path: "/?q=<script>alert(1)</script>"}, 0, "", "injection.xss.detect", false},
		{"disabled", `{"injection":{"enabled":false}}`, injReq{path: "/?q=<script>alert(1)</script>"}, 0, "", "", true},
		{"family off", `{"injection":{"families":{"xss":false}}}`, injReq{path: "/?q=<script>alert(1)</script>"}, 0, "", "", true},
		{"route detect", `{"injection":{"routes":[{"path_prefix":"/admin/","mode":"detect"}]}}`, injReq{path: "/admin/x?q=<script>alert(1)</script>"}, 0, "", "injection.xss.detect", false},
		{"route off", `{"injection":{"routes":[{"path":"/cms/save","methods":["POST"],"enabled":false}]}}`, injReq{method: "POST", path: "/cms/save", ct: "application/json", body: `{"html":"<script>x()</script>"}`}, 0, "", "", true},
		{"route family off", `{"injection":{"routes":[{"path_prefix":"/cms/","families":{"xss":false}}]}}`, injReq{path: "/cms/x?q=<script>alert(1)</script>"}, 0, "", "", true},
		{"route other path still enforced", `{"injection":{"routes":[{"path_prefix":"/cms/","families":{"xss":false}}]}}`, injReq{path: "/blog?q=<script>alert(1)</script>"}, 403, "xss", "", false},
		{"exclusion", `{"injection":{"exclusions":[{"rule":"xss","parameter":"html","location":"body"}]}}`, injReq{method: "POST", path: "/p", ct: "application/json", body: `{"html":"<script>x()</script>"}`}, 0, "", "", true},
		{"exclusion other param", `{"injection":{"exclusions":[{"rule":"xss","parameter":"html"}]}}`, injReq{method: "POST", path: "/p", ct: "application/json", body: `{"title":"<script>alert(1)</script>"}`}, 403, "xss", "", false},
		{"exclusion on route only", `{"injection":{"exclusions":[{"rule":"*","parameter":"q","path_prefix":"/search"}]}}`, injReq{path: "/other?q=<script>alert(1)</script>"}, 403, "xss", "", false},
		{"allowlisted client", `{"injection":{"allow_cidrs":["203.0.113.0/24"]}}`, injReq{path: "/?q=<script>alert(1)</script>"}, 0, "", "", true},
		{"not allowlisted client", `{"injection":{"allow_cidrs":["10.0.0.0/8"]}}`, injReq{path: "/?q=<script>alert(1)</script>"}, 403, "xss", "", false},
		{"custom literal", `{"injection":{"custom_rules":[{"id":"no-wp","literal":"wp-login","locations":["path"]}]}}`, injReq{path: "/WP-LOGIN.php"}, 403, "no-wp", "injection.custom.block", false},
		{"custom pattern param", `{"injection":{"custom_rules":[{"id":"ssn","pattern":"^\\d{3}-\\d{2}-\\d{4}$","parameters":["note"]}]}}`, injReq{path: "/?note=123-45-6789"}, 403, "ssn", "", false},
		{"json depth", `{"injection":{"max_json_depth":3}}`, injReq{method: "POST", path: "/", ct: "application/json", body: `{"a":{"b":{"c":{"d":1}}}}`}, 400, "json.depth", "injection.json_depth.block", false},
		{"json keys", `{"injection":{"max_json_keys":3}}`, injReq{method: "POST", path: "/", ct: "application/json", body: `{"a":1,"b":2,"c":3,"d":4}`}, 413, "json.keys", "", false},
		{"multipart filename", `{}`, injReq{method: "POST", path: "/u", ct: "multipart/form-data; boundary=X", body: "--X\r\nContent-Disposition: form-data; name=\"f\"; filename=\"../../etc/passwd\"\r\n\r\nx\r\n--X--\r\n"}, 403, "traversal", "", false},
		{"utf16 json", `{}`, injReq{method: "POST", path: "/", ct: "application/json; charset=utf-16le", body: "{\x00\"\x00a\x00\"\x00:\x00\"\x00'\x00 \x00O\x00R\x00 \x001\x00=\x001\x00-\x00-\x00\"\x00}\x00"}, 403, "sqli", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := injEngine(t, tt.cfg)
			d, evs := runInj(e, tt.req)
			if tt.status == 0 {
				if d.Action == policies.Deny {
					t.Fatalf("denied %d rule %q, want pass", d.Status, d.Rule)
				}
			} else {
				if d.Action != policies.Deny || d.Status != tt.status {
					t.Fatalf("got %v %d, want deny %d", d.Action, d.Status, tt.status)
				}
				if tt.rule != "" && d.Rule != tt.rule {
					t.Errorf("rule = %q, want %q", d.Rule, tt.rule)
				}
			}
			var metrics []string
			for _, ev := range evs {
				if strings.HasPrefix(ev.Metric, "injection.") && ev.Metric != "injection.allowlisted" {
					metrics = append(metrics, ev.Metric)
				}
			}
			if tt.noMetric && len(metrics) > 0 {
				t.Errorf("metrics %q, want none", metrics)
			}
			if tt.metric != "" && (len(metrics) == 0 || metrics[0] != tt.metric) {
				t.Errorf("metrics %q, want %q first", metrics, tt.metric)
			}
		})
	}
}

func TestBlockResponseNeverEchoes(t *testing.T) {
	e := injEngine(t, `{}`)
	payload := "<script>alert('pwned-marker')</script>"
	d, evs := runInj(e, injReq{path: "/?q=" + payload})
	if d.Status != 403 || strings.Contains(string(d.Body), "pwned-marker") {
		t.Fatalf("status %d body %s", d.Status, d.Body)
	}
	var body map[string]string
	if err := json.Unmarshal(d.Body, &body); err != nil || body["error"] != "request blocked" || body["rule"] != "xss" || body["request_id"] != "req-1" {
		t.Errorf("body = %s", d.Body)
	}
	if len(evs) != 1 {
		t.Fatalf("%d events, want 1", len(evs))
	}
	var ev map[string]any
	if err := json.Unmarshal(evs[0].JSON, &ev); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"rule", "location", "parameter", "payload", "request_id", "client"} {
		if _, ok := ev[k]; !ok {
			t.Errorf("event lacks %q: %s", k, evs[0].JSON)
		}
	}
	if ev["location"] != "query" || ev["parameter"] != "q" {
		t.Errorf("event location/parameter = %v/%v", ev["location"], ev["parameter"])
	}
}

func TestEventPayloadTruncatedAndEscaped(t *testing.T) {
	got := policies.EscapeForLog("\x1b[31m<script>\n"+strings.Repeat("a", 300), 128)
	if strings.ContainsAny(got, "\x1b\n") || !strings.HasSuffix(got, "...(truncated)") || len(got) > 128*4+20 {
		t.Errorf("escapeForLog = %q", got)
	}
}

func TestInjectionConfigErrors(t *testing.T) {
	tests := []struct{ name, cfg, want string }{
		{"unknown key", `{"injection":{"famlies":{}}}`, "injection.famlies: unknown key"},
		{"bad family", `{"injection":{"families":{"sql":true}}}`, "injection.families.sql: unknown key"},
		{"bad mode", `{"injection":{"mode":"block"}}`, "injection.mode: must be one of"},
		{"bad cidr", `{"injection":{"allow_cidrs":["10.0.0/8"]}}`, "injection.allow_cidrs[0]: must be a CIDR"},
		{"bad regex", `{"injection":{"custom_rules":[{"id":"x","pattern":"(a"}]}}`, "injection.custom_rules[0].pattern: invalid RE2"},
		{"backreference", `{"injection":{"custom_rules":[{"id":"x","pattern":"(a)\\1"}]}}`, "invalid RE2"},
		{"both pattern and literal", `{"injection":{"custom_rules":[{"id":"x","pattern":"a","literal":"b"}]}}`, "mutually exclusive"},
		{"builtin id", `{"injection":{"custom_rules":[{"id":"sqli","literal":"b"}]}}`, "built-in rule id"},
		{"unknown exclusion rule", `{"injection":{"exclusions":[{"rule":"nope","parameter":"q"}]}}`, "unknown rule"},
		{"exclusion without parameter", `{"injection":{"exclusions":[{"rule":"xss"}]}}`, "parameter: required"},
		{"depth range", `{"injection":{"max_json_depth":0}}`, "max_json_depth: must be between"},
		{"schema type", `{"schemas":[{"path":"/a","fields":{"x":{"type":"str"}}}]}`, "schemas[0].fields.x.type: must be one of"},
		{"schema misplaced key", `{"schemas":[{"path":"/a","fields":{"x":{"type":"number","max_length":3}}}]}`, "does not apply"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := policies.ParseConfig([]byte(tt.cfg))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v, want containing %q", err, tt.want)
			}
		})
	}
}

func TestDefaultInjectionConfig(t *testing.T) {
	c, err := policies.ParseConfig(nil)
	if err != nil {
		t.Fatal(err)
	}
	ic := ConfigOf(c).Injection
	if !ic.Enabled || ic.Mode != policies.Enforce || ic.Families != famAll || ic.MaxJSONDepth != 64 || ic.MaxJSONKeys != 10000 {
		t.Errorf("defaults = %+v", ic)
	}
}

const schemaCfg = `{"schemas":[{"path":"/api/users","methods":["POST"],"fields":{
 "email":{"type":"string","required":true,"max_length":254,"pattern":"^[^@\\s]+@[^@\\s]+$"},
 "age":{"type":"integer","min":13,"max":150},
 "role":{"type":"string","enum":["user","editor"]},
 "tags":{"type":"array","max_items":2,"items":{"type":"string","max_length":5}},
 "address":{"type":"object","fields":{"zip":{"type":"string","required":true}}}}}]}`

func TestSchema(t *testing.T) {
	tests := []struct {
		name, body string
		status     int
		fields     []string
	}{
		{"valid", `{"email":"a@b.c","age":30,"role":"user","tags":["x"],"address":{"zip":"123"}}`, 0, nil},
		{"mass assignment", `{"email":"a@b.c","isAdmin":true}`, 400, []string{"isAdmin"}},
		{"missing and wrong types", `{"age":"30"}`, 400, []string{"age", "email"}},
		{"range enum pattern", `{"email":"nope","age":7,"role":"admin"}`, 400, []string{"email", "age", "role"}},
		{"nested", `{"email":"a@b.c","address":{"street":"x"},"tags":["toolong","b","c"]}`, 400, []string{"address.zip", "address.street", "tags[0]", "tags"}},
		{"integer", `{"email":"a@b.c","age":30.5}`, 400, []string{"age"}},
		{"not json", `email=a@b.c`, 400, []string{"(body)"}},
	}
	e := injEngine(t, schemaCfg)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, _ := runInj(e, injReq{method: "POST", path: "/api/users", ct: "application/json", body: tt.body})
			if tt.status == 0 {
				if d.Action == policies.Deny {
					t.Fatalf("denied: %s", d.Body)
				}
				return
			}
			if d.Status != tt.status {
				t.Fatalf("status %d, want %d (%s)", d.Status, tt.status, d.Body)
			}
			var body struct {
				Fields []SchemaProblem `json:"fields"`
			}
			if err := json.Unmarshal(d.Body, &body); err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, f := range body.Fields {
				got = append(got, f.Field)
			}
			if strings.Join(got, ",") != strings.Join(tt.fields, ",") {
				t.Errorf("fields %q, want %q (%s)", got, tt.fields, d.Body)
			}
			if strings.Contains(string(d.Body), "nope") || strings.Contains(string(d.Body), "toolong") {
				t.Errorf("body echoes a value: %s", d.Body)
			}
		})
	}
	// Other routes are not validated.
	if d, _ := runInj(e, injReq{method: "POST", path: "/api/other", ct: "application/json", body: `{"isAdmin":true}`}); d.Action == policies.Deny {
		t.Errorf("unrelated route denied: %s", d.Body)
	}
}

func TestSchemaDetectMode(t *testing.T) {
	e := injEngine(t, `{"schemas":[{"path":"/a","mode":"detect","fields":{"x":{"type":"string"}}}]}`)
	d, evs := runInj(e, injReq{method: "POST", path: "/a", ct: "application/json", body: `{"y":1}`})
	if d.Action == policies.Deny || len(evs) != 1 || evs[0].Metric != "schema.detect" {
		t.Errorf("got %v, events %v", d.Action, evs)
	}
}

// FuzzInjectionRequest runs whole requests through the schema config and envoy/examples/waf.json:
// no input may reach the engine's recover (an "internal.*" event: with fail_mode open such a
// request would pass uninspected). Seeded with a quarter of the development corpora's requests.
//
//	go test -run '^$' -fuzz FuzzInjectionRequest -fuzztime 2m ./policies/injection/
func FuzzInjectionRequest(f *testing.F) {
	f.Add("/?q=1'%20or%201=1", "application/json", `{"a":{"$ne":1}}`, "")
	f.Add("/a/../b", "multipart/form-data; boundary=X", "--X\r\n\r\n--X--", "")
	f.Add("/x?a[b][c]=d", "text/plain", "<script>", "a=1; b=2")
	for _, name := range []string{"injection_attacks.jsonl", "injection_benign.jsonl", filepath.Join("thirdparty", "thirdparty-dev.jsonl")} {
		for i, c := range loadCorpus(f, filepath.Join("..", "testdata", name)) {
			if i%4 == 0 {
				f.Add(c.Path, c.Headers["Content-Type"], c.Body, c.Headers["User-Agent"]+c.Headers["Cookie"])
			}
		}
	}
	engines := []*policies.Engine{injEngine(f, schemaCfg), wafEngine(f)}
	f.Fuzz(func(t *testing.T, path, ct, body, header string) {
		h := policies.Headers{{Name: "user-agent", Value: header}, {Name: "cookie", Value: header},
			{Name: "referer", Value: header}, {Name: "x-filename", Value: header}}
		for _, e := range engines {
			_, evs := runInj(e, injReq{method: "POST", path: path, ct: ct, body: body, headers: h})
			for _, ev := range evs {
				if strings.HasPrefix(ev.Metric, "internal.") {
					t.Fatalf("%s: %s", ev.Metric, ev.JSON)
				}
			}
		}
	})
}

func FuzzParseInjectionConfig(f *testing.F) {
	f.Add(`{"injection":{"routes":[{"path_prefix":"/a","families":{"xss":false}}]}}`)
	f.Add(schemaCfg)
	f.Fuzz(func(t *testing.T, cfg string) {
		c, err := policies.ParseConfig([]byte(cfg))
		if err == nil {
			if _, err := policies.NewEngine(c, policies.Options{}); err != nil {
				return
			}
		}
	})
}
