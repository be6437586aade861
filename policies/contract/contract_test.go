package contract

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/edgeward/edgeward/policies"
)

// petContract is a small contract in the config format `edgeward openapi` writes.
const petContract = `{"contract": {
  "definitions": {
    "NewPet": {"type": "object", "additional_properties": false, "required": ["name"], "properties": {
      "id": {"type": "integer", "format": "int64", "read_only": true},
      "name": {"type": "string", "min_length": 1, "max_length": 40},
      "tag": {"type": ["string", "null"], "pattern": "^[a-z][a-z0-9-]*$"},
      "status": {"type": "string", "enum": ["available", "pending", "sold"]},
      "owner": {"type": "string", "format": "email"},
      "born": {"type": "string", "format": "date"},
      "chip": {"type": "string", "format": "uuid"},
      "weight": {"type": "number", "exclusive_minimum": 0, "maximum": 200, "multiple_of": 0.01},
      "tags": {"type": "array", "max_items": 3, "unique_items": true, "items": {"type": "string"}},
      "notes": {"type": "string", "max_length": 2000},
      "kind": {"ref": "Kind"},
      "home": {"type": "object", "properties": {"lat": {"type": "number"}, "site": {"type": "string", "format": "uri"}}},
      "parent": {"ref": "Node"}
    }},
    "Kind": {"one_of": [{"ref": "Cat"}, {"ref": "Dog"}], "discriminator": {"property": "type", "mapping": {"cat": "Cat", "dog": "Dog"}}},
    "Cat": {"type": "object", "required": ["type"], "additional_properties": false, "properties": {"type": {"type": "string"}, "indoor": {"type": "boolean"}}},
    "Dog": {"type": "object", "required": ["type"], "additional_properties": false, "properties": {"type": {"type": "string"}, "bark": {"type": "integer", "format": "int32"}}},
    "Node": {"type": "object", "properties": {"name": {"type": "string"}, "parent": {"ref": "Node"}}}
  },
  "operations": [
    {"id": "listPets", "method": "GET", "path": "/v1/pets", "parameters": [
      {"name": "limit", "in": "query", "schema": {"type": "integer", "format": "int32", "minimum": 1, "maximum": 100}},
      {"name": "status", "in": "query", "style": "form", "explode": false, "schema": {"type": "array", "items": {"type": "string", "enum": ["available", "pending", "sold"]}}},
      {"name": "tags", "in": "query", "schema": {"type": "array", "items": {"type": "string"}}},
      {"name": "q", "in": "query", "schema": {"type": "string"}},
      {"name": "since", "in": "query", "schema": {"type": "string", "format": "date-time"}},
      {"name": "x-request-id", "in": "header", "schema": {"type": "string", "format": "uuid"}},
      {"name": "filter", "in": "query", "style": "deepObject", "schema": {"type": "object", "additional_properties": false, "properties": {"age": {"type": "integer"}, "name": {"type": "string"}}}},
      {"name": "session", "in": "cookie", "schema": {"type": "string", "pattern": "^[A-Za-z0-9_-]{8,64}$"}}
    ]},
    {"id": "createPet", "method": "POST", "path": "/v1/pets", "body": {"required": true, "media_types": ["application/json"], "schema": {"ref": "NewPet"}}},
    {"id": "getPet", "method": "GET", "path": "/v1/pets/{petId}", "parameters": [
      {"name": "petId", "in": "path", "required": true, "schema": {"type": "integer", "format": "int64"}}]},
    {"id": "deletePet", "method": "DELETE", "path": "/v1/pets/{petId}", "parameters": [
      {"name": "petId", "in": "path", "required": true, "schema": {"type": "integer", "format": "int64"}},
      {"name": "api_key", "in": "header", "required": true, "schema": {"type": "string"}}]},
    {"id": "mine", "method": "GET", "path": "/v1/pets/mine"},
    {"id": "photo", "method": "GET", "path": "/v1/pets/{petId}/photo.{ext}", "parameters": [
      {"name": "petId", "in": "path", "required": true, "schema": {"type": "integer"}},
      {"name": "ext", "in": "path", "required": true, "schema": {"type": "string", "enum": ["png", "jpg"]}}]},
    {"id": "byIds", "method": "GET", "path": "/v1/pets/by/{ids}", "parameters": [
      {"name": "ids", "in": "path", "required": true, "schema": {"type": "array", "min_items": 1, "items": {"type": "integer"}}}]},
    {"id": "user", "method": "GET", "path": "/v1/users/{name}", "parameters": [
      {"name": "name", "in": "path", "required": true, "schema": {"type": "string"}}]}
  ]
}}`

type ctCase struct {
	name    string
	req     injReq
	status  int
	fields  []string // "in:field" listed in the 400
	allow   string
	noEvent bool
}

func runContractCases(t *testing.T, e *policies.Engine, cases []ctCase) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			d, ev := runInj(e, c.req)
			if d.Status != c.status {
				t.Fatalf("status %d (rule %q, body %s), want %d", d.Status, d.Rule, d.Body, c.status)
			}
			if c.allow != "" && d.Headers.Get("allow") != c.allow {
				t.Errorf("Allow = %q, want %q", d.Headers.Get("allow"), c.allow)
			}
			if c.status == 400 && d.Rule == "contract" {
				var body struct {
					Fields []ContractProblem `json:"fields"`
				}
				if err := json.Unmarshal(d.Body, &body); err != nil {
					t.Fatal(err)
				}
				var got []string
				for _, f := range body.Fields {
					got = append(got, f.In+":"+f.Field)
				}
				if strings.Join(got, " ") != strings.Join(c.fields, " ") {
					t.Errorf("fields %v, want %v (%s)", got, c.fields, d.Body)
				}
			}
			if c.noEvent && len(ev) > 0 {
				t.Errorf("events: %s", ev[0].JSON)
			}
		})
	}
}

func TestContractRequests(t *testing.T) {
	e := injEngine(t, petContract)
	json := "application/json"
	runContractCases(t, e, []ctCase{
		{name: "list ok", req: injReq{path: "/v1/pets?limit=10&status=available,sold&tags=a&tags=b&filter[age]=3"}},
		{name: "list trailing slash and case", req: injReq{path: "/V1/Pets/?limit=1"}},
		{name: "limit not integer", req: injReq{path: "/v1/pets?limit=ten"}, status: 400, fields: []string{"query:limit"}},
		{name: "limit fractional", req: injReq{path: "/v1/pets?limit=1.5"}, status: 400, fields: []string{"query:limit"}},
		{name: "limit too big", req: injReq{path: "/v1/pets?limit=101"}, status: 400, fields: []string{"query:limit"}},
		{name: "limit repeated", req: injReq{path: "/v1/pets?limit=1&limit=2"}, status: 400, fields: []string{"query:limit"}},
		{name: "limit empty", req: injReq{path: "/v1/pets?limit="}, status: 400, fields: []string{"query:limit"}},
		{name: "status not in enum", req: injReq{path: "/v1/pets?status=available,lost"}, status: 400, fields: []string{"query:status[1]"}},
		{name: "unknown query", req: injReq{path: "/v1/pets?isAdmin=1"}, status: 400, fields: []string{"query:isAdmin"}},
		{name: "deepObject unknown member", req: injReq{path: "/v1/pets?filter[owner]=x"}, status: 400, fields: []string{"query:filter.owner"}},
		{name: "deepObject wrong type", req: injReq{path: "/v1/pets?filter[age]=old"}, status: 400, fields: []string{"query:filter.age"}},
		{name: "bad date-time", req: injReq{path: "/v1/pets?since=2024-02-30T00:00:00Z"}, status: 400, fields: []string{"query:since"}},
		{name: "good date-time", req: injReq{path: "/v1/pets?since=2024-02-29T23:59:59.5%2B01:00"}},
		{name: "bad header uuid", req: injReq{path: "/v1/pets", headers: policies.Headers{{Name: "x-request-id", Value: "nope"}}}, status: 400, fields: []string{"header:x-request-id"}},
		{name: "good header uuid", req: injReq{path: "/v1/pets", headers: policies.Headers{{Name: "x-request-id", Value: "3f2504e0-4f89-11d3-9a0c-0305e82c3301"}}}},
		{name: "bad cookie", req: injReq{path: "/v1/pets", headers: policies.Headers{{Name: "cookie", Value: "a=b; session=short"}}}, status: 400, fields: []string{"cookie:session"}},
		{name: "good cookie", req: injReq{path: "/v1/pets", headers: policies.Headers{{Name: "cookie", Value: "a=b; session=abcdefgh12"}}}},
		{name: "path int", req: injReq{path: "/v1/pets/42"}},
		{name: "path not int", req: injReq{path: "/v1/pets/abc"}, status: 400, fields: []string{"path:petId"}},
		{name: "path int64 overflow", req: injReq{path: "/v1/pets/9223372036854775808"}, status: 400, fields: []string{"path:petId"}},
		{name: "literal beats parameter", req: injReq{path: "/v1/pets/mine"}},
		{name: "suffix segment", req: injReq{path: "/v1/pets/7/photo.png"}},
		{name: "suffix segment bad enum", req: injReq{path: "/v1/pets/7/photo.gif"}, status: 400, fields: []string{"path:ext"}},
		{name: "path array", req: injReq{path: "/v1/pets/by/1,2,3"}},
		{name: "path array bad item", req: injReq{path: "/v1/pets/by/1,x"}, status: 400, fields: []string{"path:ids[1]"}},
		{name: "required header missing", req: injReq{method: "DELETE", path: "/v1/pets/1"}, status: 400, fields: []string{"header:api_key"}},
		{name: "undocumented path", req: injReq{path: "/v1/admin"}, status: 404},
		{name: "undocumented deeper path", req: injReq{path: "/v1/pets/1/owner"}, status: 404},
		{name: "undocumented method", req: injReq{method: "PUT", path: "/v1/pets/1"}, status: 405, allow: "DELETE, GET"},
		{name: "head as get", req: injReq{method: "HEAD", path: "/v1/pets/1"}},
		{name: "preflight", req: injReq{method: "OPTIONS", path: "/v1/pets/1", headers: policies.Headers{{Name: "access-control-request-method", Value: "DELETE"}}}},
		{name: "repeated slashes merged", req: injReq{path: "/v1//pets/5"}},
		{name: "dot segments resolved, then inspected", req: injReq{path: "/v1/x/../pets/5"}, status: 403},

		{name: "create ok", req: injReq{method: "POST", path: "/v1/pets", ct: json, body: `{"name":"Rex","tag":"good-boy","status":"pending","owner":"a@example.com","born":"2020-01-31","chip":"3f2504e0-4f89-11d3-9a0c-0305e82c3301","weight":12.25,"tags":["a","b"],"kind":{"type":"dog","bark":3},"home":{"lat":1.5,"site":"https://example.com/x"},"parent":{"name":"a","parent":{"name":"b"}}}`}},
		{name: "create null tag", req: injReq{method: "POST", path: "/v1/pets", ct: json + "; charset=utf-8", body: `{"name":"Rex","tag":null}`}},
		{name: "missing required", req: injReq{method: "POST", path: "/v1/pets", ct: json, body: `{"tag":"x"}`}, status: 400, fields: []string{"body:name"}},
		{name: "mass assignment", req: injReq{method: "POST", path: "/v1/pets", ct: json, body: `{"name":"Rex","isAdmin":true}`}, status: 400, fields: []string{"body:isAdmin"}},
		{name: "read-only refused", req: injReq{method: "POST", path: "/v1/pets", ct: json, body: `{"name":"Rex","id":5}`}, status: 400, fields: []string{"body:id"}},
		{name: "wrong types", req: injReq{method: "POST", path: "/v1/pets", ct: json, body: `{"name":5,"weight":"heavy","tags":"a"}`}, status: 400, fields: []string{"body:name", "body:weight", "body:tags"}},
		{name: "bad formats", req: injReq{method: "POST", path: "/v1/pets", ct: json, body: `{"name":"R","owner":"not an email","born":"2020-13-01","chip":"xyz","home":{"site":"no scheme"}}`}, status: 400, fields: []string{"body:owner", "body:born", "body:chip", "body:home.site"}},
		{name: "bounds", req: injReq{method: "POST", path: "/v1/pets", ct: json, body: `{"name":"","weight":0,"tags":["a","a","b","c"]}`}, status: 400, fields: []string{"body:name", "body:weight", "body:tags", "body:tags"}},
		{name: "multiple_of", req: injReq{method: "POST", path: "/v1/pets", ct: json, body: `{"name":"R","weight":1.005}`}, status: 400, fields: []string{"body:weight"}},
		{name: "pattern", req: injReq{method: "POST", path: "/v1/pets", ct: json, body: `{"name":"R","tag":"Bad Tag"}`}, status: 400, fields: []string{"body:tag"}},
		{name: "discriminator unknown", req: injReq{method: "POST", path: "/v1/pets", ct: json, body: `{"name":"R","kind":{"type":"cow"}}`}, status: 400, fields: []string{"body:kind"}},
		{name: "discriminator branch checked", req: injReq{method: "POST", path: "/v1/pets", ct: json, body: `{"name":"R","kind":{"type":"cat","bark":1}}`}, status: 400, fields: []string{"body:kind.bark"}},
		{name: "recursive schema checked deep", req: injReq{method: "POST", path: "/v1/pets", ct: json, body: `{"name":"R","parent":{"parent":{"parent":{"name":1}}}}`}, status: 400, fields: []string{"body:parent.parent.parent.name"}},
		{name: "duplicate key", req: injReq{method: "POST", path: "/v1/pets", ct: json, body: `{"name":"R","name":"S"}`}, status: 400, fields: []string{"body:name"}},
		{name: "body required", req: injReq{method: "POST", path: "/v1/pets", ct: json}, status: 400, fields: []string{"body:(body)"}},
		{name: "body not JSON", req: injReq{method: "POST", path: "/v1/pets", ct: json, body: `name=Rex`}, status: 400, fields: []string{"body:(body)"}},
		{name: "undocumented media type", req: injReq{method: "POST", path: "/v1/pets", ct: "text/plain", body: `{"name":"Rex"}`}, status: 400, fields: []string{"header:content-type"}},
		{name: "no content type", req: injReq{method: "POST", path: "/v1/pets", body: `{"name":"Rex"}`}, status: 400, fields: []string{"header:content-type"}},
		{name: "top-level array", req: injReq{method: "POST", path: "/v1/pets", ct: json, body: `[{"name":"Rex"}]`}, status: 400, fields: []string{"body:(body)"}},
	})
}

func TestContractNeverEchoesValues(t *testing.T) {
	e := injEngine(t, petContract)
	secret := "s3cr3t-value-xyz"
	for _, r := range []injReq{
		{path: "/v1/pets?limit=" + secret},
		{path: "/v1/pets/" + secret},
		{method: "POST", path: "/v1/pets", ct: "application/json", body: `{"name":1,"owner":"` + secret + `"}`},
	} {
		d, ev := runInj(e, r)
		if d.Status != 400 {
			t.Fatalf("%s: status %d", r.path, d.Status)
		}
		if strings.Contains(string(d.Body), secret) {
			t.Errorf("response echoes the value: %s", d.Body)
		}
		for _, x := range ev {
			var m map[string]any
			if err := json.Unmarshal(x.JSON, &m); err != nil {
				t.Fatal(err)
			}
			delete(m, "path") // every event names the request path
			if b, _ := json.Marshal(m); strings.Contains(string(b), secret) {
				t.Errorf("event echoes the value: %s", x.JSON)
			}
		}
	}
}

func TestContractModes(t *testing.T) {
	detect := strings.Replace(petContract, `{"contract": {`, `{"contract": {"mode": "detect",`, 1)
	e := injEngine(t, detect)
	for _, r := range []injReq{{path: "/v1/pets?limit=x"}, {path: "/v1/nothing"}, {method: "PATCH", path: "/v1/pets"}} {
		d, ev := runInj(e, r)
		if d.Action == policies.Deny {
			t.Errorf("%s %s: detect mode denied (%d)", r.method, r.path, d.Status)
		}
		if len(ev) == 0 || !strings.Contains(ev[0].Metric, "contract.") {
			t.Errorf("%s: no contract event: %v", r.path, ev)
		}
	}
	for _, u := range []struct {
		mode   string
		status int
		metric string
	}{{"reject", 404, "contract.undocumented.block"}, {"log", 0, "contract.undocumented.log"}, {"allow", 0, ""}} {
		cfg := strings.Replace(petContract, `{"contract": {`, `{"contract": {"undocumented": "`+u.mode+`",`, 1)
		d, ev := runInj(injEngine(t, cfg), injReq{path: "/v1/nothing"})
		if d.Status != u.status {
			t.Errorf("undocumented %s: status %d, want %d", u.mode, d.Status, u.status)
		}
		got := ""
		for _, x := range ev {
			if strings.HasPrefix(x.Metric, "contract.") {
				got = x.Metric
			}
		}
		if got != u.metric {
			t.Errorf("undocumented %s: metric %q, want %q", u.mode, got, u.metric)
		}
	}
	allowQ := strings.Replace(petContract, `{"contract": {`, `{"contract": {"unknown_query": "allow",`, 1)
	if d, _ := runInj(injEngine(t, allowQ), injReq{path: "/v1/pets?utm_source=x"}); d.Action == policies.Deny {
		t.Errorf("unknown_query allow: denied %s", d.Body)
	}
	scoped := strings.Replace(petContract, `{"contract": {`, `{"contract": {"path_prefix": "/v1/",`, 1)
	if d, _ := runInj(injEngine(t, scoped), injReq{path: "/healthz"}); d.Action == policies.Deny {
		t.Errorf("outside the contract's path_prefix: denied %s", d.Body)
	}
}

// TestContractSparesProvenParameters: a parameter proven to be an enum member, an integer or a
// pattern-restricted token is not inspected by the injection families; a free-text one is.
func TestContractSparesProvenParameters(t *testing.T) {
	cfg := `{"contract": {"unknown_query": "allow", "operations": [
	  {"method": "GET", "path": "/search/{id}", "parameters": [
	    {"name": "id", "in": "path", "required": true, "schema": {"type": "integer"}},
	    {"name": "sort", "in": "query", "schema": {"type": "string", "enum": ["name", "1 union select password from users"]}},
	    {"name": "q", "in": "query", "schema": {"type": "string"}},
	    {"name": "x-mode", "in": "header", "schema": {"type": "string", "enum": ["<script>alert(1)</script>"]}}]},
	  {"method": "POST", "path": "/notes", "body": {"media_types": ["application/json"], "schema": {"type": "object", "properties": {
	    "kind": {"type": "string", "enum": ["' or 1=1 --", "plain"]}, "text": {"type": "string"}}}}}
	]}, "injection": {"headers": ["x-mode"]}}`
	e := injEngine(t, cfg)
	sqli := "1%20union%20select%20password%20from%20users"
	cases := []struct {
		name   string
		req    injReq
		status int
	}{
		{"enum member spared", injReq{path: "/search/5?sort=" + sqli}, 0},
		{"header enum spared", injReq{path: "/search/5", headers: policies.Headers{{Name: "x-mode", Value: "<script>alert(1)</script>"}}}, 0},
		{"free text inspected", injReq{path: "/search/5?q=" + sqli}, 403},
		{"unknown parameter inspected", injReq{path: "/search/5?other=" + sqli}, 403},
		{"encoded twin of a spared name inspected", injReq{path: "/search/5?sort=name&s%256Frt=" + sqli}, 403},
		{"body enum spared", injReq{method: "POST", path: "/notes", ct: "application/json", body: `{"kind":"' or 1=1 --"}`}, 0},
		{"body free text inspected", injReq{method: "POST", path: "/notes", ct: "application/json", body: `{"text":"' or 1=1 --"}`}, 403},
		{"body unknown member inspected", injReq{method: "POST", path: "/notes", ct: "application/json", body: `{"kind":"plain","x":"' or 1=1 --"}`}, 403},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			d, ev := runInj(e, c.req)
			if d.Status != c.status {
				t.Errorf("status %d (rule %q %s), want %d; events %d", d.Status, d.Rule, d.Body, c.status, len(ev))
			}
		})
	}
	// In detect mode nothing is proven: the enum member is inspected.
	det := injEngine(t, strings.Replace(cfg, `{"contract": {`, `{"contract": {"mode": "detect",`, 1))
	if d, _ := runInj(det, injReq{path: "/search/5?sort=" + sqli}); d.Status != 403 {
		t.Errorf("detect-mode contract spared a parameter: status %d", d.Status)
	}
}

func TestContractConfigErrors(t *testing.T) {
	cases := []struct{ cfg, want string }{
		{`{"contract": {"operations": [{"method": "get", "path": "/x"}]}}`, "contract.operations[0].method"},
		{`{"contract": {"operations": [{"method": "GET", "path": "x"}]}}`, "contract.operations[0].path: must start"},
		{`{"contract": {"operations": [{"method": "GET", "path": "/x/{id}"}]}}`, `path parameter "id" of "/x/{id}" is not declared`},
		{`{"contract": {"operations": [{"method": "GET", "path": "/x", "parameters": [{"name": "a", "in": "query", "schema": {"type": "integer", "pattern": "^a"}}]}]}}`, "contract.operations[0].parameters[0].schema.pattern: does not apply"},
		{`{"contract": {"operations": [{"method": "GET", "path": "/x", "parameters": [{"name": "a", "in": "query", "schema": {"type": "string", "pattern": "(?<=a)"}}]}]}}`, "invalid RE2"},
		{`{"contract": {"operations": [{"method": "POST", "path": "/x", "body": {"media_types": ["application/json"], "schema": {"ref": "Nope"}}}]}}`, `contract.operations[0].body.schema.ref: no definition named "Nope"`},
		{`{"contract": {"definitions": {"A": {"ref": "B"}, "B": {"ref": "A"}}, "operations": []}}`, "reference cycle"},
		{`{"contract": {"definitions": {"A": {"one_of": [{"type": "object"}, {"type": "object"}]}}, "operations": []}}`, "contract.definitions.A: one_of alternatives cannot be told apart"},
		{`{"contract": {"operations": [{"method": "GET", "path": "/x"}, {"method": "GET", "path": "/X/"}]}}`, "are the same operation"},
		{`{"contract": {"operations": [{"method": "GET", "path": "/x", "parameters": [{"name": "a", "in": "query", "style": "matrix"}]}]}}`, "contract.operations[0].parameters[0].style"},
		{`{"contract": {"operations": [{"method": "GET", "path": "/x", "parameters": [{"name": "a", "in": "query", "schema": {"type": "string", "format": "hostname"}}]}]}}`, "schema.format: must be one of"},
		{`{"contract": {"operations": [{"method": "GET", "path": "/x", "parameters": [{"name": "a", "in": "query", "schema": {"typ": "string"}}]}]}}`, `schema.typ: unknown key (did you mean "type"?)`},
		// too deep even rewritten (30 nested groups around counts of 8): refused naming the field
		{`{"contract": {"operations": [{"method": "GET", "path": "/x", "parameters": [{"name": "a", "in": "query", "schema": {"type": "string", "pattern": "` + strings.Repeat("(?:a", 30) + strings.Repeat("(?:", 6) + "b{0,4}" + strings.Repeat("){0,4}", 6) + strings.Repeat(")?", 30) + `"}}]}]}}`, "contract.operations[0].parameters[0].schema.pattern: invalid RE2 regular expression: pattern nests"},
		{`{"contract": {}}`, "contract.operations: required"},
		{`{"contract": {"undocumented": "deny", "operations": []}}`, "contract.undocumented"},
	}
	for _, c := range cases {
		_, err := policies.ParseConfig([]byte(c.cfg))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want it to contain %q", c.cfg, err, c.want)
		}
	}
}

func TestPatternIsToken(t *testing.T) {
	for expr, want := range map[string]bool{
		`^[a-z0-9_-]{1,32}$`: true,
		`^[A-Z]{3}-\d+$`:     true,
		`^(?:ab|cd)$`:        true,
		`^[a-z]+`:            false, // not anchored at the end
		`[a-z]+$`:            false,
		`^.+$`:               false,
		`^[a-z ]+$`:          false,
		`^[\w.]+$`:           false,
		`(?m)^[a-z]+$`:       false,
		`^[a-z]+$|^[0-9]+$`:  true,
		`^[a-z]+$|[0-9]+`:    false,
		`^\p{L}+$`:           false,
	} {
		if got := patternIsToken(expr); got != want {
			t.Errorf("patternIsToken(%q) = %v, want %v", expr, got, want)
		}
	}
}

func TestRouterOnePass(t *testing.T) {
	c, err := policies.ParseConfig([]byte(`{"contract": {"operations": [
	  {"method": "GET", "path": "/a/{x}/c"}, {"method": "GET", "path": "/a/b/{y}"}, {"method": "GET", "path": "/a/b/c/d"},
	  {"method": "GET", "path": "/"}, {"method": "GET", "path": "/files/{name}.json"}, {"method": "GET", "path": "/files/{name}"}
	].map}}`))
	_ = c
	if err == nil {
		t.Fatal("want an error for the malformed config")
	}
	c, err = policies.ParseConfig([]byte(`{"contract": {"operations": [
	  {"method": "GET", "path": "/a/{x}/c", "parameters": [{"name": "x", "in": "path"}]},
	  {"method": "GET", "path": "/a/b/{y}", "parameters": [{"name": "y", "in": "path"}]},
	  {"method": "GET", "path": "/a/b/c/d"}, {"method": "GET", "path": "/"},
	  {"method": "GET", "path": "/files/{name}.json", "parameters": [{"name": "name", "in": "path"}]},
	  {"method": "GET", "path": "/files/{name}", "parameters": [{"name": "name", "in": "path"}]}]}}`))
	if err != nil {
		t.Fatal(err)
	}
	r := c.Part("contract").(*ContractConfig).router
	for path, want := range map[string]string{
		"/a/b/c":        "/a/b/{y}", // literal b beats {x}
		"/a/z/c":        "/a/{x}/c",
		"/a/b/c/d":      "/a/b/c/d",
		"/":             "/",
		"/files/x.json": "/files/{name}.json",
		"/files/x.yaml": "/files/{name}",
		"/files/.json":  "/files/{name}",
		"/a/b":          "",
		"/a/b/c/d/e":    "",
	} {
		segs, _ := pathSegments(path)
		n := r.match(segs)
		got := ""
		if n != nil {
			got = n.tmpl
		}
		if got != want {
			t.Errorf("match(%s) = %q, want %q", path, got, want)
		}
	}
}

// FuzzContractRequest: no request makes the contract panic (a panic would be a 503 under
// fail_mode closed), and every refusal is a 400, 404 or 405 from the contract or a detector's 403.
func FuzzContractRequest(f *testing.F) {
	e := injEngine(f, petContract)
	for _, s := range []string{"/v1/pets?limit=1&status=a,b&filter[age]=x", "/v1/pets/1", "/v1/pets/by/1,2", "/v1/pets/7/photo.png",
		"/v1//pets/%2e%2e/x?%zz=1&&=", "/v1/pets?tags[]=a&tags[]=b&filter[a][b]=1"} {
		f.Add("GET", s, "", "")
	}
	f.Add("POST", "/v1/pets", "application/json", `{"name":"a","kind":{"type":"dog","bark":1},"parent":{"parent":{}}}`)
	f.Add("POST", "/v1/pets", "application/json", `[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]`)
	f.Fuzz(func(t *testing.T, method, path, ct, body string) {
		if len(path) == 0 || path[0] != '/' || len(method) == 0 || len(method) > 8 {
			return
		}
		d, ev := runInj(e, injReq{method: method, path: path, ct: ct, body: body,
			headers: policies.Headers{{Name: "cookie", Value: body}, {Name: "x-request-id", Value: ct}}})
		for _, x := range ev {
			if x.Metric == "internal.failure" {
				t.Fatalf("internal failure: %s", x.JSON)
			}
		}
		switch d.Status {
		case 0, 400, 403, 404, 405, 413:
		default:
			t.Fatalf("status %d (%s)", d.Status, d.Body)
		}
	})
}

// TestContractNestedAlternativesLinear: alternatives nested through refs are resolved once per
// schema (memoised), not once per path through them (2^40 here).
func TestContractNestedAlternativesLinear(t *testing.T) {
	defs := map[string]any{"A40": map[string]any{"type": "string"}, "B40": map[string]any{"type": "integer"}}
	for i := 39; i >= 0; i-- {
		alts := []any{map[string]any{"ref": fmt.Sprintf("A%d", i+1)}, map[string]any{"ref": fmt.Sprintf("B%d", i+1)}}
		defs[fmt.Sprintf("A%d", i)] = map[string]any{"any_of": alts}
		defs[fmt.Sprintf("B%d", i)] = map[string]any{"any_of": alts}
	}
	b, _ := json.Marshal(map[string]any{"contract": map[string]any{"definitions": defs, "operations": []any{}}})
	_, err := policies.ParseConfig(b)
	if err == nil || !strings.Contains(err.Error(), "cannot be told apart") {
		t.Fatalf("error %v, want overlapping alternatives refused", err)
	}
}

func TestContractFormBody(t *testing.T) {
	e := injEngine(t, `{"contract": {"operations": [{"method": "POST", "path": "/f", "body": {"media_types": ["application/x-www-form-urlencoded"],
	  "form_schema": {"type": "object", "additional_properties": false, "required": ["n"], "properties": {
	    "n": {"type": "integer", "maximum": 9}, "tags": {"type": "array", "items": {"type": "string", "enum": ["a", "b"]}}, "ok": {"type": "boolean"}}}}}]}}`)
	form := "application/x-www-form-urlencoded"
	runContractCases(t, e, []ctCase{
		{name: "ok", req: injReq{method: "POST", path: "/f", ct: form, body: "n=3&tags=a&tags[]=b&ok=true"}},
		{name: "number", req: injReq{method: "POST", path: "/f", ct: form, body: "n=x"}, status: 400, fields: []string{"body:n"}},
		{name: "bounds", req: injReq{method: "POST", path: "/f", ct: form, body: "n=10"}, status: 400, fields: []string{"body:n"}},
		{name: "array item", req: injReq{method: "POST", path: "/f", ct: form, body: "n=1&tags=a&tags=c"}, status: 400, fields: []string{"body:tags[1]"}},
		{name: "unknown field", req: injReq{method: "POST", path: "/f", ct: form, body: "n=1&role=admin"}, status: 400, fields: []string{"body:role"}},
		{name: "missing", req: injReq{method: "POST", path: "/f", ct: form, body: "ok=false"}, status: 400, fields: []string{"body:n"}},
		{name: "repeated scalar", req: injReq{method: "POST", path: "/f", ct: form, body: "n=1&n=2"}, status: 400, fields: []string{"body:n"}},
	})
}

// TestContractDeepPatterns: patterns that Go's regexp/syntax would nest past rx.MaxDepth as
// written (bounded counts such as OpenAPI's {1,64}, and GitHub's) are enforced, rewritten shallow.
func TestContractDeepPatterns(t *testing.T) {
	cfg := `{"contract": {"operations": [{"method": "GET", "path": "/x", "parameters": [
		{"name": "slug", "in": "query", "schema": {"type": "string", "pattern": "^[a-z0-9-]{1,64}$"}},
		{"name": "sha", "in": "query", "schema": {"type": "string", "pattern": "^[0-9a-f]{7,40}$"}},
		{"name": "name", "in": "query", "schema": {"type": "string", "pattern": "^(?:[A-Za-z0-9_.-]{1,100})$"}}]}]}}`
	e := injEngine(t, cfg)
	for _, c := range []struct {
		query  string
		status int
	}{
		{"slug=" + strings.Repeat("a", 64), 0},
		{"slug=" + strings.Repeat("a", 65), 400},
		{"slug=", 400},
		{"slug=Abc", 400},
		{"sha=" + strings.Repeat("f", 40), 0},
		{"sha=" + strings.Repeat("f", 41), 400},
		{"sha=abcdef", 400},
		{"name=" + strings.Repeat("x", 100), 0},
		{"name=" + strings.Repeat("x", 101), 400},
	} {
		if d, _ := runInj(e, injReq{path: "/x?" + c.query}); d.Status != c.status {
			t.Errorf("%.30s (%d bytes): status %d, want %d", c.query, len(c.query), d.Status, c.status)
		}
	}
}

// TestContractSegmentParameters: several parameters in one segment, as GitHub's
// /repos/{owner}/{repo}/compare/{base}...{head}.
func TestContractSegmentParameters(t *testing.T) {
	e := injEngine(t, `{"contract": {"operations": [
		{"method": "GET", "path": "/r/{owner}/compare/{base}...{head}", "parameters": [
			{"name": "owner", "in": "path", "schema": {"type": "string"}},
			{"name": "base", "in": "path", "schema": {"type": "string", "pattern": "^[a-z]+$"}},
			{"name": "head", "in": "path", "schema": {"type": "integer"}}]},
		{"method": "GET", "path": "/f/{name}.{ext}", "parameters": [
			{"name": "name", "in": "path", "schema": {"type": "string"}},
			{"name": "ext", "in": "path", "schema": {"enum": ["json", "xml"]}}]}]}}`)
	for _, c := range []struct {
		path   string
		status int
	}{
		{"/r/o/compare/main...12", 0},
		{"/r/o/compare/main...x", 400},  // head not an integer
		{"/r/o/compare/Main...12", 400}, // base fails its pattern
		{"/r/o/compare/main..12", 404},  // no separator
		{"/r/o/compare/...12", 404},     // empty base
		{"/r/o/compare/main...", 404},   // empty head
		{"/f/a.b.json", 400},            // lazy: name "a", ext "b.json"
		{"/f/report.xml", 0},
		{"/f/report.XML", 400},
	} {
		if d, _ := runInj(e, injReq{path: c.path}); d.Status != c.status {
			t.Errorf("%s: status %d (%s), want %d", c.path, d.Status, d.Body, c.status)
		}
	}
	for _, bad := range []string{`/x/{a}{b}`, `/x/{a}.{a}`, `/x/{a}}`, `/x/{a`} {
		cfg := `{"contract": {"operations": [{"method": "GET", "path": "` + bad + `", "parameters": [{"name": "a", "in": "path"}, {"name": "b", "in": "path"}]}]}}`
		if _, err := policies.ParseConfig([]byte(cfg)); err == nil || !strings.Contains(err.Error(), "contract.operations[0].path") {
			t.Errorf("%s: %v", bad, err)
		}
	}
}
