package parity

import (
	"encoding/json"
	"testing"
)

// nosqlConfig turns on Edgeward's NoSQL-operator family alone, so that a verdict is its answer to
// what express-mongo-sanitize looks for.
const nosqlConfig = `{"injection":{"families":{"sqli":false,"xss":false,"nosql":true,"proto":false,"traversal":false,"cmdi":false}},
  "response":{"enabled":false}}`

// TestParityMongoSanitize: which JSON bodies and query strings express-mongo-sanitize 2 would
// change (its middleware in dryRun, behind express.json() and Express 4's qs query parser),
// against Edgeward's verdict on the same request (403 blocked, or passed).
func TestParityMongoSanitize(t *testing.T) {
	apps := nodeApps(t)
	edge := edgeward(t, nosqlConfig, apps["plain"], nil, 2)
	for _, c := range []struct {
		name, query, body string
		diff              string // the intended difference, when the verdicts differ
	}{
		// Operator keys.
		{name: "login bypass with $gt", body: `{"username":"admin","password":{"$gt":""}}`},
		{name: "$ne null", body: `{"user":{"$ne":null}}`},
		{name: "$where at the top", body: `{"$where":"sleep(1000)"}`},
		{name: "$regex", body: `{"email":{"$regex":".*"}}`},
		{name: "$in inside an array", body: `{"filters":[{"role":{"$in":["admin"]}}]}`},
		{name: "$expr deep", body: `{"a":{"b":{"c":{"$expr":{"$eq":[1,1]}}}}}`},
		{name: "query bracket operator", query: `user[$ne]=x`},
		{name: "query bracket operator, percent-encoded", query: `user%5B%24ne%5D=x`},
		{name: "query $gt on a number", query: `age[$gt]=0`},
		{name: "query $regex", query: `name[$regex]=.*`},
		// Escaped forms.
		{name: "JSON-escaped $ in a key", body: `{"password":{"\u0024gt":""}}`},
		{name: "JSON-escaped key at the top", body: `{"\u0024where":"1"}`},
		// Dotted keys.
		{name: "dotted key in the body", body: `{"profile.role":"admin"}`, diff: "sanitize-dotted-keys"},
		{name: "dotted key in the query", query: `a.b=1`, diff: "sanitize-dotted-keys"},
		// Benign $ values and look-alikes.
		{name: "price in dollars", body: `{"price":"$5","currency":"USD"}`},
		{name: "a $ word in text", body: `{"note":"the $gt operator is documented here"}`},
		{name: "array of $ strings", body: `{"tags":["$admin","$root"]}`},
		{name: "query $ value", query: `price=$5`},
		{name: "key with $ inside", body: `{"us$d":1}`},
		{name: "plain login", body: `{"email":"alice@example.com","password":"s3cr3t$"}`},
		{name: "plain query", query: `q=shoes&page=2`},
	} {
		t.Run(c.name, func(t *testing.T) {
			path := "/check"
			if c.query != "" {
				path += "?" + c.query
			}
			ct := ""
			method := "GET"
			if c.body != "" {
				ct, method = "application/json", "POST"
			}
			var verdict struct {
				Changed bool     `json:"changed"`
				Keys    []string `json:"keys"`
			}
			x := do(t, method, apps["sanitize"]+path, ct, c.body, nil)
			if x.status != 200 || json.Unmarshal(x.body, &verdict) != nil {
				t.Fatalf("express-mongo-sanitize app: %d %s", x.status, x.body)
			}
			e := do(t, method, edge+path, ct, c.body, nil)
			if e.status != 200 && e.status != 403 {
				t.Fatalf("Edgeward: %d %s", e.status, e.body)
			}
			blocked := e.status == 403
			if verdict.Changed && blocked {
				_ = diff(t, "sanitize-block-not-strip")
			}
			if c.diff != "" {
				d := diff(t, c.diff)
				if verdict.Changed == blocked {
					t.Errorf("listed as difference %s, but both agree (changed %v, blocked %v): drop the row", d.id, verdict.Changed, blocked)
				}
				return
			}
			if verdict.Changed != blocked {
				t.Errorf("express-mongo-sanitize would change it: %v (%v); Edgeward blocks it: %v (%d %s)", verdict.Changed, verdict.Keys, blocked, e.status, e.body)
			}
		})
	}
}
