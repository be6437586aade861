package policies

import (
	"regexp"
	"strings"

	"github.com/tidwall/gjson"
)

// Declared source code. Snippet services, gist APIs, CI and notebook tools post source code
// in JSON and say so in the same object: {"language": "shell", "content": "ps aux | grep node"},
// or a file name with a source extension, {"files": {"deploy.sh": {"content": "..."}}} (the
// GitHub Gist API's shape), or {"filename": "main.py", "code": "..."}. Such a value is shown or
// stored as a file, not spliced into a query or a command line, and it is full of the very syntax
// the detectors look for. When an object declares its language this way, its code-named string
// fields (codeFieldNames) are treated like markdown code blocks (detect_context.go): while
// injection.code_context is on (the default), only the custom rules and the structural key checks
// apply to them.
//
// Trade-off (README.md, "Injection blocking"): a client can add "language": "shell" beside a
// field to slip a payload past the detectors, but only in a field whose name is one of
// codeFieldNames, in a JSON body: a parameter named "host", "file" or "q" is never relaxed.
// Routes whose "content" or "code" field reaches a shell or a SQL string should set
// code_context to false or add a custom rule.

// declaredCodeFamilies are the families a declared code field is not inspected for: all of them.
const declaredCodeFamilies = famSQLi | famXSS | famNoSQL | famProto | famCmdi | famTraversal

// Command lists. Build and CI configuration posted as JSON (a pipeline's steps, a GitLab job's
// script, package.json's scripts) holds shell command lines by design: whoever may post them
// may run them, and they are full of pipes, "&&", flags and paths. The strings under a
// commandListKeys key (directly, in an array, or in an object of named commands) are not
// inspected for command injection and traversal; every other family still runs on them.
var commandListKeys = map[string]bool{
	"script": true, "scripts": true, "before_script": true, "after_script": true,
	"before_install": true, "run": true, "commands": true, "curl": true, "curl_command": true,
}

// SQL fields. Analytics dashboards, BI tools and database consoles post SQL in a field named
// for it ({"name": "Active users", "sql": "SELECT country, COUNT(*) FROM events WHERE ..."}): an
// API that takes a field called "sql" runs the statement by design. A string under a key named
// sql (or sql_query, query_sql, raw_sql, sql_text, sqlquery) that starts with a statement keyword
// is not inspected for SQL injection; every other family still runs on it.
func sqlFieldName(key string) bool {
	switch strings.ToLower(key) {
	case "sql", "sql_query", "sqlquery", "query_sql", "raw_sql", "rawsql", "sql_text", "sqltext", "sql_statement":
		return true
	}
	return false
}

// sqlFieldStatement reports a lower-cased SQL field value that starts (after blank lines and
// whole-line "--" comments) with a statement: a query or DML/DDL keyword (statementStart) or a
// console's transaction, plan, session or catalog command (begin, explain, show, set...).
func sqlFieldStatement(l string) bool {
	l = skipCommentLines(l, "--")
	if statementStart(l) {
		return true
	}
	for _, k := range sqlConsoleStarts {
		if strings.HasPrefix(l, k) && (len(l) == len(k) || !isWordByte(l[len(k)])) {
			return true
		}
	}
	return false
}

// skipCommentLines returns s after its leading blank lines and whole lines that start with the
// comment marker; "" when nothing else follows.
func skipCommentLines(s, marker string) string {
	for {
		s = strings.TrimLeft(s, " \t\r\n")
		if !strings.HasPrefix(s, marker) {
			return s
		}
		i := strings.IndexByte(s, '\n')
		if i < 0 {
			return ""
		}
		s = s[i+1:]
	}
}

var sqlConsoleStarts = []string{"begin", "start", "commit", "rollback", "explain", "show", "describe", "desc",
	"analyze", "vacuum", "copy", "set", "call", "merge", "pragma", "values", "table", "grant", "revoke", "comment",
	"refresh", "reindex", "cluster", "use"}

// ciTopKey and ciStepKey are the lines of a CI pipeline in YAML (GitHub Actions, GitLab CI, Azure
// Pipelines, Drone, CircleCI): a top-level pipeline key, and an indented key that holds the shell
// commands of a step.
var (
	ciTopKey  = regexp.MustCompile(`(?m)^(?:jobs|stages|steps|pipeline|workflows?|on|trigger|pool|image|services|variables|default|before_script|after_script|tasks|version|kind|name):`)
	ciStepKey = regexp.MustCompile(`(?m)^[ \t]+(?:- )?(?:run|script|before_script|after_script|commands?|cmd|sh|bash|shell|powershell|pwsh|inline|entrypoint):[ \t]*(?:[|>]-?)?[ \t]*\S*`)
)

// ciPipeline reports a body value that is a CI pipeline definition in YAML: more than two
// lines, a top-level pipeline key and a step that runs commands. Like a command list in JSON
// (commandListKeys), its shell lines are run by design: not inspected for command injection or
// traversal; the other families still apply.
func ciPipeline(v string) bool {
	if len(v) < 24 || strings.Count(v, "\n") < 2 || leadingBreakout(v) || !strings.Contains(v, ":\n") && !strings.Contains(v, ": ") {
		return false
	}
	return ciTopKey.MatchString(v) && ciStepKey.MatchString(v)
}

// commandListFamilies are the families a command list's entries are not inspected for.
const commandListFamilies = famCmdi | famTraversal

// leadingBreakout reports a value that starts (after blanks) with a shell separator or a
// substitution: no source file or command line starts that way, an injected fragment does.
// Such a value is inspected in full even where code is declared.
func leadingBreakout(s string) bool {
	t := strings.TrimLeft(s, " \t\r\n")
	return t != "" && (t[0] == ';' || t[0] == '|' || t[0] == '&' || t[0] == '`' || strings.HasPrefix(t, "$("))
}

// codeFieldNames are the field names whose value an object that declares a language holds as
// source code.
var codeFieldNames = map[string]bool{
	"code": true, "content": true, "contents": true, "source": true, "source_code": true,
	"sourcecode": true, "snippet": true, "script": true, "src": true, "body": true, "text": true,
	"value": true,
}

// maxCodeKeyName is the longest name in codeFieldNames, commandListKeys and sqlFieldName.
const maxCodeKeyName = len("before_install")

// codeLanguageKeys are the keys that declare the language of their object's code.
var codeLanguageKeys = map[string]bool{
	"language": true, "lang": true, "syntax": true, "filetype": true, "file_type": true,
	"language_id": true, "languageid": true, "mode": true, "format": true, "cell_type": true,
}

// codeLanguages are language names (lower case) a code-declaring key may hold.
var codeLanguages = map[string]bool{
	"shell": true, "bash": true, "sh": true, "zsh": true, "fish": true, "powershell": true, "ps1": true,
	"bat": true, "batch": true, "cmd": true, "dockerfile": true, "makefile": true,
	"javascript": true, "js": true, "jsx": true, "typescript": true, "ts": true, "tsx": true, "node": true,
	"python": true, "py": true, "python3": true, "ruby": true, "rb": true, "php": true, "perl": true,
	"go": true, "golang": true, "rust": true, "java": true, "kotlin": true, "scala": true, "swift": true,
	"c": true, "cpp": true, "c++": true, "csharp": true, "c#": true, "cs": true, "objective-c": true,
	"lua": true, "r": true, "julia": true, "haskell": true, "elixir": true, "erlang": true, "clojure": true,
	"sql": true, "mysql": true, "postgresql": true, "pgsql": true, "plsql": true, "tsql": true, "sqlite": true,
	"html": true, "xml": true, "css": true, "scss": true, "less": true, "vue": true, "svelte": true,
	"yaml": true, "yml": true, "toml": true, "ini": true, "json": true, "graphql": true,
	"markdown": true, "md": true, "text": true, "plaintext": true, "diff": true, "nginx": true,
	"apache": true, "terraform": true, "hcl": true, "caddyfile": true, "caddy": true, "haproxy": true,
	"systemd": true, "crontab": true, "cron": true, "logrotate": true, "htaccess": true, "properties": true,
	"dotenv": true, "mongosh": true, "cypher": true, "promql": true, "logql": true, "kql": true,
	"jinja": true, "handlebars": true, "liquid": true, "mustache": true, "twig": true, "ejs": true,
	"code": true, "raw": true, "jupyter": true, "ipython": true, "c99": true, "java8": true,
	"javascript (node.js)": true, "python 3": true,
}

// codeExtensions are file-name extensions of source files.
var codeExtensions = map[string]bool{
	"sh": true, "bash": true, "zsh": true, "fish": true, "ps1": true, "bat": true, "cmd": true,
	"js": true, "mjs": true, "cjs": true, "jsx": true, "ts": true, "tsx": true, "py": true, "rb": true,
	"php": true, "pl": true, "go": true, "rs": true, "java": true, "kt": true, "scala": true,
	"swift": true, "c": true, "h": true, "cc": true, "cpp": true, "hpp": true, "cs": true, "lua": true,
	"r": true, "jl": true, "hs": true, "ex": true, "exs": true, "erl": true, "clj": true, "sql": true,
	"html": true, "htm": true, "xml": true, "css": true, "scss": true, "vue": true, "svelte": true,
	"yaml": true, "yml": true, "toml": true, "ini": true, "json": true, "graphql": true, "md": true,
	"txt": true, "diff": true, "patch": true, "conf": true, "tf": true, "dockerfile": true,
	"shell": true, "python": true, "javascript": true, "log": true, "csv": true, "tsv": true,
	// Translation catalogues: their strings hold markup and placeholders to translate.
	"xliff": true, "xlf": true, "po": true, "pot": true, "strings": true, "resx": true, "arb": true,
}

// codeFileName reports whether name is a file name with a source extension ("deploy.sh",
// "main.py", "Dockerfile").
func codeFileName(name string) bool {
	if len(name) > 255 || strings.ContainsAny(name, "/\\\x00") {
		return false
	}
	l := strings.ToLower(name)
	if l == "dockerfile" || l == "makefile" {
		return true
	}
	i := strings.LastIndexByte(l, '.')
	return i > 0 && codeExtensions[l[i+1:]]
}

// declaresCode reports whether the JSON object obj, found under the key ownKey ("" at the root
// or in an array), declares that its code-named fields hold source code: a language key naming
// a language, a "filename"/"file_name"/"name"/"path" holding a source file name, or ownKey being
// a source file name itself.
func declaresCode(obj gjson.Result, ownKey string) bool {
	if ownKey != "" && codeFileName(ownKey) {
		return true
	}
	found := false
	n := 0
	obj.ForEach(func(k, v gjson.Result) bool {
		n++
		if n > 64 || v.Type != gjson.String {
			return n <= 64
		}
		key := strings.ToLower(k.Str)
		switch {
		case codeLanguageKeys[key]:
			found = codeLanguages[strings.ToLower(strings.TrimSpace(v.Str))]
		case key == "filename" || key == "file_name" || key == "name":
			found = codeFileName(v.Str)
		case key == "path" || key == "filepath" || key == "file_path" || key == "key":
			// ("key": a theme or storage API's asset key, "assets/custom.css")
			// A repository path (db/migrations/001_init.sql): its base name is the file's.
			p := v.Str
			if strings.Contains(p, "..") || strings.ContainsAny(p, "\\\x00") {
				break
			}
			found = codeFileName(p[strings.LastIndexByte(p, '/')+1:])
		}
		return !found
	})
	return found
}

// servedExtensions are uploads a web server may run or a browser may render as active content
// when the upload is served back: their content is always inspected.
var servedExtensions = map[string]bool{
	"php": true, "phtml": true, "phar": true, "jsp": true, "jspx": true, "asp": true, "aspx": true,
	"ashx": true, "asmx": true, "cgi": true, "pl": true, "shtml": true, "html": true, "htm": true,
	"xhtml": true, "svg": true, "xml": true, "js": true, "mjs": true, "cjs": true, "css": true,
}

// codeUpload reports a multipart file part whose file name declares source code that is neither
// run by a web server nor rendered by a browser when served back: a patch, a shell or Python
// script, a SQL dump, a text file.
func codeUpload(filename string) bool {
	if !codeFileName(filename) {
		return false
	}
	l := strings.ToLower(filename)
	for i := strings.IndexByte(l, '.'); i >= 0; {
		// Every extension counts: "shell.php.txt" may run as PHP on a misconfigured server.
		j := strings.IndexByte(l[i+1:], '.')
		ext := l[i+1:]
		if j >= 0 {
			ext = l[i+1 : i+1+j]
		}
		if servedExtensions[ext] || strings.HasPrefix(ext, "php") {
			return false
		}
		if j < 0 {
			break
		}
		i += 1 + j
	}
	return true
}

// shebang is the first line of a script: #!/bin/sh, #!/usr/bin/env python3.
var shebang = regexp.MustCompile(`^#!/(?:usr/)?(?:local/)?bin/(?:env\s+)?[a-z][a-z0-9.+-]{0,20}(?:[ \t][^\n]{0,80})?\r?\n`)

// shebangScript reports a body value that is a script file: its first line is a shebang and more
// lines follow. Like declared code, it is stored or shown (a paste, a gist, a CI file), or run
// by design; it is not inspected as live input while code_context is on.
func shebangScript(v string) bool {
	return len(v) > 12 && v[0] == '#' && shebang.MatchString(v) && strings.Count(v, "\n") >= 2
}

// formDeclaresCode reports a form body (a coding-interview or playground submission) with a
// language field naming a language: language=python&code=...
func formDeclaresCode(body string) bool {
	for pair := range strings.SplitSeq(body, "&") {
		k, v, _ := strings.Cut(pair, "=")
		if len(k) <= maxCodeKeyName && codeLanguageKeys[strings.ToLower(urlDecodeRepeat(k, true))] &&
			codeLanguages[strings.ToLower(strings.TrimSpace(urlDecodeRepeat(v, true)))] {
			return true
		}
	}
	return false
}

// markFormCode wraps emit so that the values of a declaring form's code-named fields are
// declared code.
func markFormCode(emit func(param) bool) func(param) bool {
	return func(p param) bool {
		if !p.Key && len(p.Name) <= maxCodeKeyName && codeFieldNames[strings.ToLower(p.Name)] {
			p.Code = declaredCodeFamilies
		}
		return emit(p)
	}
}

// unifiedDiff reports a body value that is a patch: a "diff --git" or "--- " header, a "+++ "
// line and a "@@ " hunk. Like a script file it is code under review or being applied, shown or
// stored: declared code.
func unifiedDiff(v string) bool {
	if strings.HasPrefix(v, "@@ -") {
		// A single hunk, as code review APIs quote it beside a comment (GitHub's diff_hunk).
		return diffHunk.MatchString(v)
	}
	if !strings.HasPrefix(v, "diff --git ") && !strings.HasPrefix(v, "--- ") && !strings.HasPrefix(v, "Index: ") {
		return false
	}
	return strings.Contains(v, "\n+++ ") && strings.Contains(v, "\n@@ -")
}

// dockerInstruction is a Dockerfile instruction at the start of a line.
var dockerInstruction = regexp.MustCompile(`(?m)^(?:RUN|COPY|ADD|CMD|ENTRYPOINT|WORKDIR|ENV|EXPOSE|USER|LABEL|VOLUME|HEALTHCHECK|SHELL|ONBUILD|STOPSIGNAL)\s`)

// dockerfile reports a body value that is a Dockerfile: its first instruction (after comment
// lines and blank lines) is FROM or ARG, and another instruction follows. Like a script file,
// it is code being saved or shown: declared code.
func dockerfile(v string) bool {
	t := skipCommentLines(v, "#")
	if !strings.HasPrefix(t, "FROM ") && !strings.HasPrefix(t, "ARG ") {
		return false
	}
	return dockerInstruction.MatchString(t)
}

// sqlScript reports a body value that is a SQL file (a migration, a dump, a saved script):
// two statements or a commented one; after whole-line "--" comments and blank lines, it starts
// with a statement keyword, every ";" ends its line, and its quotes balance. Such a value can only be run whole, as the script it
// is: it cannot break out of a string (it opens none) and, where a number is expected, a
// statement keyword is a syntax error. It is not inspected for SQL injection; every other
// family still applies.
func sqlScript(v string) bool {
	if len(v) > 64<<10 || strings.IndexByte(v, '\n') < 0 {
		return false
	}
	head := strings.TrimLeft(v, " \t\r\n")
	if !strings.HasPrefix(head, "--") && !sqlFieldStatement(strings.ToLower(head[:min(len(head), 16)])) {
		return false // cheap: most values start with neither
	}
	var b strings.Builder
	comments, statements := 0, 0
	for line := range strings.SplitSeq(v, "\n") {
		t := strings.TrimSpace(line)
		if t == "" {
			continue
		}
		if strings.HasPrefix(t, "--") {
			comments++
			continue
		}
		if i := strings.IndexByte(t, ';'); i >= 0 {
			if i != len(t)-1 {
				return false
			}
			statements++
		}
		b.WriteString(t)
		b.WriteByte('\n')
	}
	// A file: two statements, or a commented one; a single bare statement is judged as a value.
	if statements < 2 && (statements < 1 || comments < 1) {
		return false
	}
	body := strings.ToLower(b.String())
	if !sqlFieldStatement(body) || strings.Count(body, "'")%2 != 0 || strings.Count(body, `"`)%2 != 0 ||
		strings.Contains(body, "--") || strings.Contains(body, "/*") || strings.Contains(body, "#") {
		return false
	}
	return true
}

// diffHunk is a hunk header followed by at least one line of the hunk.
var diffHunk = regexp.MustCompile(`^@@ -\d+(?:,\d+)? \+\d+(?:,\d+)? @@[^\n]*\n[ +-]`)

// cellMagic is a notebook cell that names its language in a Jupyter cell magic (%%bash,
// %%sql, %%javascript) on its first line, followed by the cell's code.
var cellMagic = regexp.MustCompile(`^%%(?:bash|sh|script\s+\w+|sql|javascript|js|python3?|perl|ruby|html|latex|markdown|writefile\s+\S+|capture|time|timeit)[ \t]*\r?\n`)

// notebookCell reports a body value that is a notebook cell with a cell magic: declared code.
func notebookCell(v string) bool {
	return len(v) > 4 && v[0] == '%' && v[1] == '%' && cellMagic.MatchString(v)
}

// Log text and line-oriented data (Prometheus exposition text, robots.txt). Log shippers, support tools and CI upload log lines (application logs, access logs,
// syslog) whose lines quote what was logged: failed SQL statements, request paths with payloads
// an attacker once sent, file paths, shell commands from a job. Such a value is stored, searched
// or shown, not spliced into a query, a command line or a file path: a body value whose lines
// are log lines (logText) is not inspected for SQL, NoSQL, command injection or traversal. XSS
// and prototype pollution still apply: a log viewer renders the text and a structured log is parsed.
const logTextFamilies = famSQLi | famNoSQL | famCmdi | famTraversal

// logLineStart is the start of a log line: an ISO 8601 or bracketed timestamp, a syslog date, a
// time of day with fractions or a level, a glog prefix, or an access log's client address and
// bracketed date.
var logLineStart = regexp.MustCompile(`^(?:\[?\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2})?|\[?\d{4}/\d{2}/\d{2} \d{2}:\d{2}:\d{2}|[A-Z][a-z]{2} [ \d]\d \d{2}:\d{2}:\d{2} |\[?\d{2}:\d{2}:\d{2}[.,]\d{1,9}\]? |[IWEF]\d{4} \d{2}:\d{2}:\d{2}\.\d+ |[0-9a-fA-F:.]{3,39} \S{1,64} \S{1,64} \[\d{2}/[A-Z][a-z]{2}/\d{4}:\d{2}:\d{2}:\d{2} )`)

// recordLine is a line of a line-oriented data format whose every line has a fixed shape:
// Prometheus exposition text (# HELP / # TYPE comments, metric{labels} value [timestamp]) and
// robots.txt (field: value).
var recordLine = regexp.MustCompile(`^(?:# (?:HELP|TYPE) [a-zA-Z_:][\w:]* .*|[a-zA-Z_:][\w:]*(?:\{(?:[a-zA-Z_]\w*="(?:[^"\\]|\\.)*",?)*\})? [-+]?(?:[0-9.]+(?:[eE][-+]?\d+)?|Inf|NaN)(?: \d{1,16})?|(?i:user-agent|disallow|allow|sitemap|crawl-delay|host|noindex|clean-param):[ \t]*\S*|#.*)\r?$`)

// recordText reports a value of at least two lines, each empty or a recordLine, with at least
// one that is not a comment.
func recordText(v string) bool {
	if len(v) < 16 || strings.Count(v, "\n") < 1 {
		return false
	}
	data := 0
	for line := range strings.SplitSeq(v, "\n") {
		if line == "" || line == "\r" {
			continue
		}
		if len(line) > 512 || !recordLine.MatchString(line) {
			return false
		}
		if line[0] != '#' || strings.HasPrefix(line, "# HELP ") || strings.HasPrefix(line, "# TYPE ") {
			data++
		}
	}
	return data >= 2
}

// traceStart and traceFrame are a stack trace's first line (Python's "Traceback (most recent
// call last):", Java's exception or "Exception in thread", a Go panic, a Node.js error) and its
// frames ("  File \"...\", line 12", "    at com.acme.X(X.java:10)", "goroutine 1 [running]:").
var (
	traceStart = regexp.MustCompile(`^(?:Traceback \(most recent call last\):|Exception in thread "|panic: |goroutine \d+ \[|(?:[\w$]+\.)*[\w$]*(?:Exception|Error)(?::|\r?$)|Caused by: )`)
	traceFrame = regexp.MustCompile(`(?m)^[ \t]+(?:File "|at [\w$<.]|\.\.\. \d+ more)|^[\w/.-]+\.go:\d+`)
)

// stackTrace reports a value that is a stack trace pasted into a ticket or a log shipper: it
// starts with traceStart and has at least two frames (one after Python's Traceback heading).
func stackTrace(v string) bool {
	if len(v) < 40 {
		return false
	}
	head := v[:min(len(v), 64)]
	if !strings.Contains(head, "Error") && !strings.Contains(head, "Exception") && !strings.Contains(head, "Traceback") &&
		!strings.Contains(head, "panic: ") && !strings.Contains(head, "goroutine ") && !strings.Contains(head, "Caused by") {
		return false
	}
	if !traceStart.MatchString(head) {
		return false
	}
	need := 2
	if strings.HasPrefix(v, "Traceback (most recent call last):") {
		need = 1 // the heading is unambiguous; a short trace has one frame
	}
	return len(traceFrame.FindAllStringIndex(v, 2)) >= need
}

// logText reports a value made of log lines: at least two lines start with a timestamp
// (logLineStart), the first line among them, and at least half of the lines that do not start
// with a blank (a stack trace's frames do) are timestamped. The scan reads each line's first
// characters only.
func logText(v string) bool {
	if len(v) < 40 || !(v[0] >= '0' && v[0] <= '9' || v[0] == '[' || v[0] >= 'A' && v[0] <= 'Z' || v[0] >= 'a' && v[0] <= 'f') ||
		strings.IndexByte(v[:40], ':') < 0 {
		return false // every log line start has a digit, "[", a month, a level letter or an address, and a colon
	}
	stamped, flush := 0, 0
	for i, line := range strings.Split(v, "\n") {
		if line == "" || line == "\r" || line[0] == ' ' || line[0] == '\t' {
			continue
		}
		flush++
		if logLineStart.MatchString(line[:min(len(line), 96)]) {
			stamped++
		} else if i == 0 {
			return false
		}
	}
	return stamped >= 2 && 2*stamped >= flush
}
