package injection

import (
	"net/url"
	"testing"

	"github.com/edgeward/edgeward/policies"
)

// TestNoSQLEveryOperator: every MongoDB operator is an operator key in a JSON body and in a
// nested bracket key; pipeline operators are not active as the first segment of a query key
// (OData's $filter, $skip, $count), query and update operators are.
func TestNoSQLEveryOperator(t *testing.T) {
	e := injEngine(t, `{}`)
	for _, op := range []string{"$addToSet", "$max", "$mul", "$setOnInsert", "$currentDate", "$bitsAllSet",
		"$unionWith", "$graphLookup", "$jsonSchema", "$geoWithin", "$pullAll", "$replaceRoot", "$function"} {
		d, _ := runInj(e, injReq{method: "POST", path: "/api/x", ct: "application/json", body: `{"user":{"` + op + `":{"a":1}}}`})
		if d.Action != policies.Deny || d.Rule != "nosql" {
			t.Errorf("JSON key %s: %+v, want nosql", op, d.Rule)
		}
		d, _ = runInj(e, injReq{path: "/api/x?user[" + url.QueryEscape(op) + "]=1"})
		if d.Action != policies.Deny || d.Rule != "nosql" {
			t.Errorf("bracket key %s: %+v, want nosql", op, d.Rule)
		}
		d, _ = runInj(e, injReq{path: "/api/x?q=" + url.QueryEscape(`{"`+op+`": 1}`)})
		if d.Action != policies.Deny || d.Rule != "nosql" {
			t.Errorf("operator object in a value %s: %+v, want nosql", op, d.Rule)
		}
	}
	for _, path := range []string{"/v1.0/users?$filter=startswith(displayName,'a')&$select=id&$top=10&$skip=20&$count=true",
		"/api/x?query=" + url.QueryEscape("query Q($first: Int, $project: ID!) { a(first: $first) { id } }")} {
		if d, _ := runInj(e, injReq{path: path}); d.Action == policies.Deny {
			t.Errorf("%s: blocked as %s", path, d.Rule)
		}
	}
	for _, path := range []string{"/api/x?$where=sleep(100)", "/api/x?$ne=1", "/api/x?$set[role]=admin"} {
		if d, _ := runInj(e, injReq{path: path}); d.Action != policies.Deny {
			t.Errorf("%s: passed", path)
		}
	}
}

// TestGrammarBreakouts: values that leave their context and form active syntax there.
func TestGrammarBreakouts(t *testing.T) {
	for _, tc := range []struct {
		fam, in string
		want    bool
	}{
		{"nosql", `";return(true);var xyz='a`, true},
		{"nosql", `';it=new Date();do{pt=new Date();}while(pt-it<5000);`, true},
		{"nosql", `"; that's all, see you"`, false},
		{"cmdi", ";phpinfo()", true},
		{"cmdi", "| phpinfo()", true},
		{"cmdi", "');system('id')", true},
		{"cmdi", "ansible", false},
		{"cmdi", "ansible-playbook -i hosts site.yml", true},
		{"cmdi", "; see foo() in the docs", false},
		{"sqli", " ORDER BY 27 ", true},
		{"sqli", "1' GROUP BY 1,2,--+", true},
		{"sqli", "1/*!1111'*/", true},
		{"sqli", "/*! normalize.css v8.0.1 | MIT License */", false},
		{"sqli", "sort by 27 days", false},
		{"sqli", ") AS cc FROM", true},
		{"sqli", "1234 AS \"foobar\" FROM tablevar2=whatever", true},
		{"sqli", "' or abc!", true},
		{"sqli", "; insert into", true},
		{"sqli", "5' or 6' tall, either fits", false},
		{"sqli", "Rock 'n' roll or jazz", false},
		{"cmdi", ":(){ :|:& };:", true},
		{"cmdi", "myfunc(){ myfunc|myfunc& };myfunc", true},
		{"traversal", "/..\\\\", true},
		{"traversal", "/.\\..\\", true},
		{"traversal", "/...\\", true},
		{"traversal", "/..0x2fetc/passwd", true},
		{"traversal", "..0x5c..0x5c..0x5cboot.ini", true},
		{"traversal", "..%c1%8s..%c1%8s..%c1%8setc", true},
		{"traversal", "Loading..please..wait..", false},
		{"traversal", "../docs/setup.md", false},
	} {
		var got bool
		switch tc.fam {
		case "nosql":
			got = detectNoSQL(tc.in)
		case "cmdi":
			got = detectCmdi(tc.in, true)
		case "sqli":
			got = detectSQLi(tc.in)
		case "traversal":
			got = detectTraversal(tc.in)
		}
		if got != tc.want {
			t.Errorf("%s(%q) = %v, want %v", tc.fam, tc.in, got, tc.want)
		}
	}
}

// TestOverlongAndLookalikeSeparators: overlong UTF-8 of every length and IIS's %u separators
// decode to the path characters they stand for, in every location.
func TestOverlongAndLookalikeSeparators(t *testing.T) {
	e := injEngine(t, `{}`)
	for _, path := range []string{
		"/static/..%uEFC8etc/issue",
		"/static/..%uF025..%uF025..%uF025..%uF025",
		"/f?file=%f0%80%80%ae%f0%80%80%ae/%f0%80%80%ae%f0%80%80%ae/etc/passwd",
		"/f?file=%fc%80%80%80%80%ae%fc%80%80%80%80%ae%c0%5c%fc%80%80%80%80%ae%fc%80%80%80%80%ae%c0%5cetc%c0%5cpasswd",
		"/f?file=%f8%80%80%80%ae%f8%80%80%80%ae%c1%8s%f8%80%80%80%ae%f8%80%80%80%ae%c1%8s%f8%80%80%80%ae%f8%80%80%80%ae%c1%8setc",
	} {
		if d, _ := runInj(e, injReq{path: path}); d.Action != policies.Deny || d.Rule != "traversal" {
			t.Errorf("%s: %s, want traversal", path, d.Rule)
		}
	}
	if got := foldOverlong("\xc0\xfcx"); got != "\xc0\xfcx" {
		t.Errorf("foldOverlong consumed a lead byte after a stray 0xC0: %q", got)
	}
}
