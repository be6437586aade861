package harden

import (
	"encoding/json"
	"strconv"
	"strings"

	"github.com/edgeward/edgeward/policies"
)

// ErrorPageConfig replaces the upstream's error bodies (stack traces, file paths, framework
// names) with a generic JSON body: "response.errors".
type ErrorPageConfig struct {
	// Scrub5xx: "scrub_5xx", default true: 5xx bodies become {"error":"internal error","request_id":"..."}.
	Scrub5xx bool
	// Scrub4xx: "scrub_4xx", default false: 4xx bodies become {"error":"<generic text for the
	// status>","request_id":"..."} (off by default: 4xx bodies often carry messages clients need).
	Scrub4xx bool
	// ExceptStatuses: "except_statuses", default []: statuses never scrubbed (e.g. 422).
	ExceptStatuses map[int]bool
	// StripHeaders: "strip_headers", default ["x-debug*", "x-runtime", "x-sourcefiles",
	// "x-exception*", "x-stack-trace", "x-stacktrace"]: removed from every 4xx/5xx response; a
	// trailing * matches a prefix.
	StripHeaders []string
	// DebugLogBytes: "debug_log_bytes", default 0 (off): log up to this many bytes of each
	// replaced body at debug level. The original may hold secrets: keep it off in production.
	DebugLogBytes int
}

func parseErrorPages(n policies.Node) ErrorPageConfig {
	o, _ := n.Section("response.errors")
	c := ErrorPageConfig{
		Scrub5xx:       o.Bool("scrub_5xx"),
		Scrub4xx:       o.Bool("scrub_4xx"),
		ExceptStatuses: map[int]bool{},
		StripHeaders:   parseHeaderNames(o.Get("strip_headers"), o.Decl("strip_headers").DefaultStrings()),
		DebugLogBytes:  int(o.Int("debug_log_bytes")),
	}
	for _, e := range o.Get("except_statuses").Array() {
		s := int(e.Int(0, 400, 599))
		if s != 0 {
			c.ExceptStatuses[s] = true
		}
	}
	return c
}

// clientErrorText is the generic message for a scrubbed 4xx.
var clientErrorText = map[int]string{
	400: "bad request", 401: "unauthorized", 402: "payment required", 403: "forbidden",
	404: "not found", 405: "method not allowed", 406: "not acceptable", 407: "proxy authentication required",
	408: "request timeout", 409: "conflict", 410: "gone", 411: "length required",
	412: "precondition failed", 413: "content too large", 414: "uri too long",
	415: "unsupported media type", 416: "range not satisfiable", 417: "expectation failed",
	421: "misdirected request", 422: "unprocessable content", 423: "locked", 424: "failed dependency",
	425: "too early", 426: "upgrade required", 428: "precondition required", 429: "too many requests",
	431: "request header fields too large", 451: "unavailable for legal reasons",
}

// errorBodyHeaders are representation headers that describe the original body and would be
// wrong (or leak) once it is replaced.
var errorBodyHeaders = []string{"content-encoding", "transfer-encoding", "content-range", "etag",
	"last-modified", "content-md5", "content-disposition", "content-language", "content-location",
	"digest", "content-digest", "repr-digest", "accept-ranges"}

// errorOps returns the ops and replacement body for an error response, or nil, nil.
func (c *ErrorPageConfig) errorOps(tx *policies.Tx, status int, headers policies.Headers) ([]policies.HeaderOp, []byte) {
	if status < 400 || status > 599 {
		return nil, nil
	}
	ops := removeOps(c.StripHeaders, headers)
	scrub := status >= 500 && c.Scrub5xx || status < 500 && c.Scrub4xx
	switch {
	case !scrub, c.ExceptStatuses[status]:
		return ops, nil
	case tx.Denied():
		// Edgeward's own local response: already generic.
		return ops, nil
	case tx.Req.Method == "HEAD":
		return ops, nil
	case strings.HasPrefix(policies.LowerASCII(headers.Get("content-type")), "application/grpc"):
		// gRPC clients read the status from trailers; a JSON body would break them.
		return ops, nil
	}
	msg := "internal error"
	if status < 500 {
		msg = clientErrorText[status]
		if msg == "" {
			msg = "request error"
		}
	}
	body, err := json.Marshal(map[string]string{"error": msg, "request_id": tx.Req.ID})
	if err != nil {
		return ops, nil
	}
	for _, name := range errorBodyHeaders {
		if headers.Has(name) {
			ops = append(ops, policies.HeaderOp{Kind: policies.RemoveHeader, Name: name})
		}
	}
	ops = append(ops,
		policies.HeaderOp{Kind: policies.SetHeader, Name: "content-type", Value: "application/json"},
		policies.HeaderOp{Kind: policies.SetHeader, Name: "content-length", Value: strconv.Itoa(len(body))},
		policies.HeaderOp{Kind: policies.SetHeader, Name: "cache-control", Value: "no-store"},
	)
	tx.Event(policies.LogInfo, "response.error_scrubbed", map[string]any{"status": status})
	return ops, body
}
