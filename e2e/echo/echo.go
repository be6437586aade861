// Package echo is the built-in echo upstream: it simulates a leaky Express app behind the edge
// (CONTRACT.md, "Built-in echo upstream").
//
//   - any path: 200, application/json {"method","path","headers":{lower-case name: value},
//     "body_bytes"}; repeated headers are joined with ", ".
//   - /status/{code}: that status (200-599) with a Node-style stack trace body.
//   - /cookie: 200 with Set-Cookie: sid=abc123; Path=/ (and the echo JSON).
//
// Every response carries X-Powered-By: Express and Server: Express.
package echo

import (
	"encoding/json"
	"io"
	"net/http"
	"strconv"
	"strings"
)

// StackTrace is the body of /status/{code} responses.
const StackTrace = "Error: boom\n" +
	"    at Object.<anonymous> (/srv/app/server.js:10:5)\n" +
	"    at Module._compile (node:internal/modules/cjs/loader:1256:14)\n" +
	"    at Layer.handle [as handle_request] (/srv/app/node_modules/express/lib/router/layer.js:95:5)\n"

// Reply is the JSON body of an echo response.
type Reply struct {
	Method    string            `json:"method"`
	Path      string            `json:"path"`
	Headers   map[string]string `json:"headers"`
	BodyBytes int64             `json:"body_bytes"`
}

// Handler returns the echo upstream.
func Handler() http.Handler { return http.HandlerFunc(serve) }

func serve(w http.ResponseWriter, r *http.Request) {
	n, _ := io.Copy(io.Discard, r.Body)
	h := w.Header()
	h.Set("X-Powered-By", "Express")
	h.Set("Server", "Express")
	if code, ok := statusPath(r.URL.Path); ok {
		h.Set("Content-Type", "text/plain; charset=utf-8")
		h.Set("Content-Length", strconv.Itoa(len(StackTrace)))
		w.WriteHeader(code)
		io.WriteString(w, StackTrace)
		return
	}
	if r.URL.Path == "/cookie" {
		h.Set("Set-Cookie", "sid=abc123; Path=/")
	}
	rep := Reply{Method: r.Method, Path: r.URL.Path, Headers: map[string]string{}, BodyBytes: n}
	if r.URL.RawQuery != "" {
		rep.Path += "?" + r.URL.RawQuery
	}
	for k, vs := range r.Header {
		rep.Headers[strings.ToLower(k)] = strings.Join(vs, ", ")
	}
	if r.Host != "" {
		rep.Headers["host"] = r.Host
	}
	body, _ := json.Marshal(rep)
	h.Set("Content-Type", "application/json")
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(http.StatusOK)
	w.Write(body)
}

// statusPath parses /status/{code} with code in 200-599.
func statusPath(p string) (int, bool) {
	rest, ok := strings.CutPrefix(p, "/status/")
	if !ok {
		return 0, false
	}
	code, err := strconv.Atoi(rest)
	if err != nil || code < 200 || code > 599 {
		return 0, false
	}
	return code, true
}
