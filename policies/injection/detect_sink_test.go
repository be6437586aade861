package injection

import (
	"encoding/json"
	"net/url"
	"strings"
	"testing"

	"github.com/edgeward/edgeward/policies"
)

// TestSinkGrammarShapes: classes of content that, placed where their sink puts them, stay in
// their context (globs that select files, a query language's function calls, unterminated
// comments after names), each beside the attack written inside the very same shape, which must
// still be blocked. Every value is sent as a JSON string and as a query parameter through the
// default engine (sensitivity 2); no request content declares anything.
func TestSinkGrammarShapes(t *testing.T) {
	e := injEngine(t, `{}`)
	for _, tc := range []struct {
		name  string
		in    string
		block bool
	}{
		// Globs that select files expand to arguments; none spells a command.
		{"log glob", "/var/log/app/*.log", false},
		{"robots rule", "Disallow: /*?sort=", false},
		{"redirect csv", "from,to,code\r\n/blog/2019/*,/blog,302\r\n", false},
		{"caddy route", "reverse_proxy /api/* localhost:9000", false},
		{"logrotate line", "rotate /var/log/app/*.log daily", false},
		{"route regex", "anchor it: `^/api/v[0-9]+/users/[^/]+$` or not", false},
		{"glob spelling cat", "/???/??t /???/p??s??", true},
		{"glob after separator", "robots.txt;/bin/c?t /et?/passwd", true},
		{"glob argument of cat", "cat /et?/pas?wd", true},
		{"glob after the log glob", "/var/log/app/*.log; /???/??t /etc/passwd", true},
		{"glob in substitution", "x $(/bin/ca? /etc/shadow)", true},
		{"glob in referer-like query", "www.example.com?param=;/bin/ca?+/et*/passwd", true},
		// An empty substitution expands to nothing: the command word is whole again.
		{"empty substitution", "pi$()ng 127.0.0.1", true},
		{"empty substitution after", "ping$() 127.0.0.1", true},
		// The shell's reading of a value placed as an argument: a separator at its start (or
		// after an argument's value) then a program and shell arguments starts a command line.
		{"separator then program", ";lastlogin -u admin", true},
		{"address then program", "127.0.0.1; regedit /E c:\\ads\\file.txt", true},
		{"separator then quoted", ";trap 'rm -rf file.txt' SIGEXIT", true},
		{"long flag", ";date --file secrets.txt", true},
		{"words joined by punctuation", "usb-c & hdmi adapter", false},
		{"print notes", "Double-sided; colour; staple top-left", false},
		{"ids joined by pipes", "hero-cta|variant-b", false},
		{"query-like value", "beds>=3&price<500000&type=condo", false},
		{"markdown table row", "| name | value |", false},
		{"unterminated quote", "v1.2'; lastlogin -u admin", false},
		{"condition", "!comment.internal && mentions.length > 0", false},
		// Noise inside a command's name is removed by the shell, in a command position.
		{"quotes inside a name", "ti''me curl example.com", true},
		{"expansion inside a name", "cu$@rl example.com", true},
		{"assigned variable inside a name", "v='r';cu$v\\l example.com", true},
		{"assigned variable spelling another word", "v='u';cu$v\\r\\l example.com", false},
		{"command from variables", "a=/etc&&b=/passwd&&c=cat&&$c $a$b", true},
		{"listener from a variable", "a=nc&&$a -nlvp 555", true},
		{"assignments alone", "PATH=/usr/bin:/bin LANG=C", false},
		// A command line that changes directory, then opens an account file by a relative name.
		{"cd then relative name", "cd /;cd etc;column passwd", true},
		{"cd then ordinary file", "cd /srv/app && ./bin/backup --keep 7", false},
		{"escape inside a name", "x;w\\hoami", true},
		{"quoted word in prose", "\"python\" is great", false},
		{"contraction", "I'd like a refund", false},
		// A brace expansion with an empty alternative expands to a command line.
		{"brace command", "{,ifconfig,eth0}", true},
		{"brace alone", "{id,}", true},
		{"brace field list", "{id,name}", false},
		// A framed http(s) page runs the framed site's script in its own origin, not here.
		{"video embed", `<p>Watch:</p><iframe width="560" height="315" src="https://www.youtube-nocookie.com/embed/x?rel=0" title="YouTube video player" frameborder="0" allow="autoplay; encrypted-media" allowfullscreen></iframe>`, false},
		{"board widget", `<div class="video"><iframe src="https://app.example.com/embed/board/12" width="600" height="400"></iframe></div>`, false},
		{"frame with script url", `<iframe src="javascript:alert(1)"></iframe>`, true},
		{"frame with handler", `<iframe src="https://x.example" onload="alert(1)"></iframe>`, true},
		{"frame with srcdoc", `<iframe srcdoc="&lt;script&gt;alert(1)&lt;/script&gt;"></iframe>`, true},
		{"frame with data url", `<iframe src="data:text/html,<script>alert(1)</script>"></iframe>`, true},
		{"frame with style", `<iframe src="https://x.example" style="background:url(javascript:alert(1))"></iframe>`, true},
		{"script inside frame", `<iframe src="https://x.example"><script>alert(1)</script></iframe>`, true},
		{"script after frame", `<iframe src="https://x.example"></iframe><img src=x onerror=alert(1)>`, true},
		{"second src", `<iframe src="https://a.example" src="javascript:alert(1)"></iframe>`, true},
		{"frame slash src", `<iframe/src="javascript:alert(1)"></iframe>`, true},
		// Quoting the shell removes: ANSI-C quotes, a quoted first word, a quote the value closes.
		{"ansi-c quotes in a brace", "{,$'whoami',}", true},
		{"quoted command name", "'ll' /var/www/", true},
		{"quoted phrase", `"rm -rf" is dangerous`, false},
		{"quote closed then command", "';htop'", true},
		{"double quote closed then command", `";htop"`, true},
		{"quoted separator", `";"`, false},
		{"version-suffixed interpreter", `""p""y""t""h""o""n""3"".""1""0"" ""c""m""d""`, true},
		// The sqlite3 shell runs a program for .shell and .system, abbreviated or quoted.
		{"sqlite shell", "1;.shell whoami", true},
		{"sqlite abbreviation", "1;.sh whoami", true},
		{"sqlite quoted", `1;.\"shell whoami`, true},
		{"file extension in prose", "scripts end in .sh and run", false},
		// A value that is itself an expression reaching Node's runtime (a JavaScript eval sink).
		{"process index", `process["env"]`, true},
		{"require index", "require[req.query.a]", true},
		{"require call escaped", `r\u0065quire('child_process')`, true},
		{"module exports", "module.exports=function(){}", true},
		{"env name searched", "process.env.DATABASE_URL", false},
		// Base64 that a deserializing sink decodes: node-serialize's function marker, a require.
		{"node-serialize marker", "XyQkTkRfRlVOQyQkX2Z1bmN0aW9uKCkK", true},
		{"escaped base64", `\u0058\u0079QkTkRfRlVOQyQkX2Z1bmN0aW9uKCkK`, true},
		{"base64 require", "cmVxdWlyZSgiY2hpbGRfcHJvY2VzcyIpLmV4ZWMoJ3dob2FtaScpCg==", true},
		{"base64 session json", "eyJ1c2VyIjoiYWxpY2UiLCJyb2xlIjoidXNlciJ9", false},
		{"hex token", "9f8e7d6c5b4a39281706f5e4d3c2b1a0", false},
		{"console snippet", "console.log('hello, ' + name);", false},
		{"prose about require", "you can require('x') in node", false},
		// HTML attributes: a quoted value closed and an active attribute begun with no blank.
		{"attribute after quote", "'formaction=", true},
		{"handler after quote", `<"onwebkitplaybacktargetavailabilitychanged=`, true},
		{"attribute name quoted in prose", `"onclick" is an attribute`, false},
		{"global indexed with comments", `self  /*jhb*/  [  /*bar*/  "alert"]("xss")`, true},
		// Hex literals of dots and separators, as lax decoders read them, and a NUL.
		{"hex dots", "0x5c0x2e.%00/", true},
		{"hex in prose", "color 0x2e is fine", false},
		// Query languages: a parenthesis the value closes itself leaves no context.
		{"jql function", "assignee = currentUser() AND resolution = Unresolved ORDER BY updated DESC", false},
		{"jql quote break", "assignee = currentUser() AND summary ~ 'x' OR 1=1--", true},
		{"jql paren break", "currentUser()) OR (1=1", true},
		{"unmatched paren", "1) or (1=1", true},
		{"quote paren break", "admin') or ('1'='1", true},
		// An unterminated block comment after names is a syntax error, not a truncation.
		{"branch glob", "feature/*", false},
		{"comment after quote", "admin'/*", true},
		{"comment after tautology", "1 or 1=1/*", true},
		// A number continued as a condition.
		{"condition field", "1 = 1", false},
		{"number and not", "1 && not 0", true},
		{"number or true", "9999 or /*+optimizer hint */ true", true},
		{"counts in prose", "2 or 3 bedrooms", false},
		{"score", "3-1", false},
	} {
		body, _ := json.Marshal(map[string]string{"q": tc.in})
		reqs := []injReq{{method: "POST", path: "/api/items", ct: "application/json", body: string(body)}}
		if !strings.Contains(tc.in, "+") {
			// In a query, servers also read "+" as a blank: that is another value.
			reqs = append(reqs, injReq{path: "/api/items?q=" + url.QueryEscape(tc.in)})
		}
		for _, r := range reqs {
			d, _ := runInj(e, r)
			if got := d.Action == policies.Deny; got != tc.block {
				t.Errorf("%s %q (%s): blocked=%v rule=%q, want blocked=%v", tc.name, tc.in, r.ct, got, d.Rule, tc.block)
			}
		}
	}
}

// FuzzSinkGrammar: the sink readers never panic, stay within the value, and the frame mask keeps
// the value's length (the tag scanner's offsets stay valid).
func FuzzSinkGrammar(f *testing.F) {
	for _, s := range []string{";lastlogin -u admin", "{,$'whoami',}", "a=nc&&$a -nlvp 555", "cd /;cd etc;column passwd",
		`<iframe src="https://x.example" width="1"></iframe>`, "XyQkTkRfRlVOQyQkX2Z1bmN0aW9uKCkK", "1;.sh whoami",
		"/???/??t /et?/passwd", `r\u0065quire('x')`, "0x5c0x2e.%00/", "'\"$", "${", "$'", "\\"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for i := 0; i < len(s) && i < 8; i++ {
			if _, end, _, _ := shellWord(s, i, map[string]string{"a": "b"}); end < i || end > len(s) {
				t.Fatalf("shellWord(%q, %d) end %d", s, i, end)
			}
		}
		separatorCommand(s)
		obfuscatedCommand(s)
		braceCommand(s)
		sqliteDotCommand(s)
		cdResolvedFile(s)
		globCommand(s)
		nodeRuntimeExpr(s)
		serializedCode(s)
		hexLiteralPath(s)
		if m, ok := maskPassiveFrames([]byte(s)); ok && len(m) != len(s) {
			t.Fatalf("maskPassiveFrames(%q) changed the length", s)
		}
		detectAll(s, "body", false, famSQLi|famXSS|famCmdi|famNoSQL|famProto|famTraversal, 2)
	})
}
