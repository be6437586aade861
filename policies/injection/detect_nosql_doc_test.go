package injection

import (
	"net/url"
	"testing"

	"github.com/edgeward/edgeward/policies"
)

// TestNoSQLDocument: an operator object counts where an application can parse it as a document
// (the value, a path segment, a "j:" cookie, JSON inside a string or after text), not as a call's
// argument or a code span in a sentence; bracket keys and server-side JavaScript count anywhere.
func TestNoSQLDocument(t *testing.T) {
	for _, c := range []detectCase{
		{"Why `$where` here? A plain `{ status: 'active', age: { $gte: 18 } }` filter does the same thing and can use the index on status.", false},
		{`Use the aggregation pipeline: db.tickets.aggregate([{ $match: { owner: ownerId } }, { $group: { _id: "$status", n: { $sum: 1 } } }, { $sort: { n: -1 } }]). $match first so it can use the owner index.`, false},
		{`{"$ne": null}`, true}, {` [{"$match": {"role": "admin"}}]`, true}, {`{$where: "sleep(100)"}`, true},
		{`/api/users/{"$ne":null}`, true}, {`j:{"$ne":""}`, true}, {`'{"$gt": ""}'`, true},
		{`Why is this here? {"$where": "sleep(100)"}`, true}, {`user[$ne]=x`, true}, {`[$lte]asdfsd`, true},
		{"Why `$where` here? A plain `{ status: 'active' }` filter'; return true; var x='", true},
		{`find({"$where": "sleep(5000) || true"})`, true}, {"db.users.find({ $where: 'this.a == 1' })", true},
	} {
		if got := detectNoSQL(c.in); got != c.want {
			t.Errorf("detectNoSQL(%q) = %v, want %v", c.in, got, c.want)
		}
	}
	// $search and the other parameters of $text are not operators at the top of a query-string key.
	for k, want := range map[string]bool{"$search": false, "$language": false, "$caseSensitive": false, "$where": true, "$ne": true} {
		if got := noSQLOperatorKey(k, false); got != want {
			t.Errorf("noSQLOperatorKey(%q, top) = %v, want %v", k, got, want)
		}
		if !noSQLOperatorKey(k, true) {
			t.Errorf("noSQLOperatorKey(%q, nested) = false, want true", k)
		}
	}
}

// TestNoSQLPrecisionTwins: the shapes the NoSQL family now lets pass (an operator object in a
// code span or a call's argument in prose, Dataverse's $search key) and the same shapes around
// an attack, through the engine with the default configuration and waf.json.
func TestNoSQLPrecisionTwins(t *testing.T) {
	type req struct {
		r     injReq
		block bool
	}
	prose := "Why `$where` here? A plain `{ status: 'active', age: { $gte: 18 } }` filter does the same thing and can use the index on status."
	attack := "Why `$where` here? A plain `{ status: 'active' }` filter';return true;var x='"
	var reqs []req
	for _, v := range []struct {
		s     string
		block bool
	}{{prose, false}, {attack, true}, {`{"$where": "sleep(100)"}`, true}} {
		reqs = append(reqs,
			req{injReq{method: "POST", path: "/api/comments", ct: "application/json", body: `{"body":` + jsonString(v.s) + `}`}, v.block},
			req{injReq{method: "POST", path: "/api/comments", ct: "application/x-www-form-urlencoded", body: "body=" + url.QueryEscape(v.s)}, v.block})
	}
	reqs = append(reqs,
		req{injReq{method: "GET", path: "/api/data/v9.2/accounts?%24search=%22blue%20jeans%22%20OR%20denim&%24top=20"}, false},
		req{injReq{method: "GET", path: "/api/data/v9.2/accounts?%24where=sleep(100)&%24top=20"}, true},
		req{injReq{method: "GET", path: "/api/data/v9.2/accounts?q%5B%24search%5D=x&q%5B%24ne%5D=1"}, true},
		req{injReq{method: "POST", path: "/api/find", ct: "application/json", body: `{"$text": {"$search": "x"}, "$where": "1"}`}, true})
	for name, e := range map[string]*policies.Engine{"default": injEngine(t, `{}`), "waf.json": wafEngine(t)} {
		for _, r := range reqs {
			d, _ := runInj(e, r.r)
			if blocked := d.Action == policies.Deny && d.Status == 403; blocked != r.block {
				t.Errorf("%s %s %s %s: blocked=%v, want %v", name, r.r.method, r.r.path, r.r.body, blocked, r.block)
			}
		}
	}
}
