package injection

import (
	"strings"

	"github.com/edgeward/edgeward/policies"
)

// Declared content. Some parameters hold, by design, the very syntax the detectors look for: a
// snippet service stores source code, a CI API runs command lines, a BI tool runs SQL, a wiki
// renders markdown whose code blocks show attacks to its readers. Only the operator can say so,
// per route and parameter, with an injection.content entry:
//
//	{"methods": ["POST"], "path": "/api/snippets", "parameter": "files.*.content", "holds": "code"}
//
// Nothing in a request makes such a declaration: not a "language" key beside a field, not a
// file name, a fence, a shebang, the shape of a log or a pipeline. Without a declaration every
// value is inspected in full whatever it looks like. Object keys are always checked for NoSQL
// operators and prototype pollution, and custom rules always apply.
//
// What each kind of content means (ContentKinds):
//   - code: source code stored or shown, never run or spliced by the app: no family runs on it.
//   - commands: command lines the app runs by design (CI steps): no command injection or
//     traversal; the other families run.
//   - sql: SQL statements the app runs by design (a console, a BI tool): no SQL injection.
//   - log: log text stored for reading: no SQL, NoSQL, command injection or traversal; XSS and
//     prototype pollution run (a log viewer renders it).
//   - markdown: text rendered as markdown by a renderer that escapes code: the contents of fenced
//     code blocks, wiki code macros and inline code spans are not inspected (the text around
//     them is); a backtick span is still inspected for command injection unless the value reads
//     as prose (a backtick is also a shell substitution).
//   - graphql: a GraphQL document (the "query" of a GraphQL endpoint): when the value parses as
//     one, only its string literals and comments are inspected for SQL, NoSQL and command
//     injection; a value that does not parse is inspected whole.
//
// A value declared code or commands that starts with a shell separator or a substitution (";",
// "|", "&", "`", "$(") is inspected in full all the same: no file or command line starts that way,
// an injected fragment does.

// ContentDecl is one injection.content entry.
type ContentDecl struct {
	// Parameter: "parameter", required: the parameter name as events report it (a JSON path such
	// as "files.*.content", a form or query key); "*" matches any run of characters, dots
	// included.
	Parameter string
	// Location: "location", default "body".
	Location string
	// Holds: "holds", required: one of ContentKinds.
	Holds string
	// Route: optional "methods", "path_prefix", "path", "except"; default every request.
	Route    policies.Route
	hasRoute bool
	fams     family // families not inspected (0 for markdown and graphql: handled in context)
}

// ContentKinds are the values of injection.content[].holds.
var ContentKinds = policies.Declared("injection.content[]", "holds").Enum

func contentFamilies(kind string) family {
	switch kind {
	case "code":
		return famSQLi | famXSS | famNoSQL | famProto | famCmdi | famTraversal
	case "commands":
		return famCmdi | famTraversal
	case "sql":
		return famSQLi
	case "log":
		return famSQLi | famNoSQL | famCmdi | famTraversal
	}
	return 0
}

func parseContentDecls(n policies.Node) []ContentDecl {
	var out []ContentDecl
	for _, e := range n.Array() {
		o, _ := e.Section("injection.content[]")
		d := ContentDecl{
			Parameter: o.Get("parameter").NonEmptyString(""),
			Location:  LocBody,
			Holds:     o.Enum("holds", ""),
		}
		if !o.Get("parameter").Exists() {
			o.Get("parameter").Errorf("required")
		}
		if !o.Get("holds").Exists() {
			o.Get("holds").Errorf("required (one of %s)", strings.Join(policies.QuoteAll(ContentKinds), ", "))
		}
		if o.Get("location").Exists() {
			d.Location = o.Get("location").Enum(LocBody, allLocations...)
		}
		for _, k := range policies.RouteKeys {
			if o.Get(k).Exists() {
				d.hasRoute = true
			}
		}
		d.Route = policies.ParseRoute(o)
		d.fams = contentFamilies(d.Holds)
		out = append(out, d)
	}
	return out
}

// matches reports whether the declaration covers parameter p (a value, not a key).
func (d *ContentDecl) matches(p *param) bool {
	return !p.Key && d.Location == p.Loc && globMatch(d.Parameter, p.Name)
}

// globMatch reports whether name matches pattern, where "*" matches any run of characters
// (possibly empty). Iterative, linear in len(pattern)*len(name) at worst, no recursion.
func globMatch(pattern, name string) bool {
	pi, ni := 0, 0
	star, mark := -1, 0
	for ni < len(name) {
		switch {
		case pi < len(pattern) && pattern[pi] == '*':
			star, mark = pi, ni
			pi++
		case pi < len(pattern) && pattern[pi] == name[ni]:
			pi++
			ni++
		case star >= 0:
			pi = star + 1
			mark++
			ni = mark
		default:
			return false
		}
	}
	for pi < len(pattern) && pattern[pi] == '*' {
		pi++
	}
	return pi == len(pattern)
}

// leadingBreakout reports a value that starts (after blanks) with a shell separator or a
// substitution: no source file or command line starts that way, an injected fragment does.
// Such a value is inspected in full even where code or commands are declared.
func leadingBreakout(s string) bool {
	t := strings.TrimLeft(s, " \t\r\n")
	return t != "" && (t[0] == ';' || t[0] == '|' || t[0] == '&' || t[0] == '`' || strings.HasPrefix(t, "$("))
}
