package injection

import (
	"strings"

	"github.com/edgeward/edgeward/policies"
)

// param is one client-controlled string handed to the detectors: a value, or a key (a name, on
// which the structural checks for NoSQL operators and prototype pollution also run).
type param struct {
	Loc  string // LocPath, LocQuery, ...
	Name string // parameter name as reported in events and matched by exclusions
	// Value is the string as sent (for query and form parts, still percent-encoded).
	Value string
	// Key marks a parameter name rather than a value.
	Key bool
	// Plus means "+" encodes a space (query strings and form bodies).
	Plus bool
	// Segments are the key's path segments (JSON object keys from the root, or the parts of a
	// bracket or dotted form key) for the structural checks; nil for values.
	Segments []string
	// FileName marks a multipart part's file name.
	FileName bool
}

// maxParams bounds how many parameters one request part yields; beyond it the rest of the part is
// inspected as one text value, so nothing escapes inspection and the cost stays linear.
const maxParams = 4096

// requestPath emits the URL path (without the query) as one value: the detectors decode it.
func requestPath(rawPath string, emit func(param) bool) bool {
	p := rawPath
	if i := strings.IndexAny(p, "?#"); i >= 0 {
		p = p[:i]
	}
	return emit(param{Loc: LocPath, Name: "path", Value: p})
}

// urlEncodedPairs emits every key and value of an application/x-www-form-urlencoded string
// (a query string or a form body). Repeated keys are each emitted; keys are split into their
// bracket and dot segments for the structural checks. Separators are "&" and ";" is kept in the
// value (as Express's qs does).
func urlEncodedPairs(loc, s string, emit func(param) bool) bool {
	n := 0
	for len(s) > 0 {
		var pair string
		if i := strings.IndexByte(s, '&'); i >= 0 {
			pair, s = s[:i], s[i+1:]
		} else {
			pair, s = s, ""
		}
		if pair == "" {
			continue
		}
		n++
		if n > maxParams {
			return emit(param{Loc: loc, Name: "(rest)", Value: pair + "&" + s, Plus: true})
		}
		k, v, hasEq := strings.Cut(pair, "=")
		name := urlDecodeRepeat(k, true)
		if !emit(param{Loc: loc, Name: name, Value: k, Key: true, Plus: true, Segments: keySegments(name)}) {
			return false
		}
		if hasEq && v != "" {
			if !emit(param{Loc: loc, Name: name, Value: v, Plus: true}) {
				return false
			}
		}
	}
	return true
}

// alwaysInspectedHeaders are the headers that carry client text into applications and logs.
var alwaysInspectedHeaders = []string{"user-agent", "referer", "x-filename"}

// requestHeaderParams emits User-Agent, Referer, every cookie (name and value) and the headers
// named in config.
func requestHeaderParams(h policies.Headers, extra []string, all bool, emit func(param) bool) bool {
	n := 0
	for _, x := range h {
		if n > maxParams {
			break
		}
		if x.Name == "cookie" {
			for _, c := range strings.Split(x.Value, ";") {
				n++
				c = strings.TrimSpace(c)
				if c == "" {
					continue
				}
				k, v, _ := strings.Cut(c, "=")
				name := strings.TrimSpace(k)
				if !emit(param{Loc: LocCookie, Name: name, Value: k, Key: true, Segments: keySegments(urlDecodeRepeat(name, false))}) {
					return false
				}
				if v != "" && !emit(param{Loc: LocCookie, Name: name, Value: v}) {
					return false
				}
			}
			continue
		}
		if !headerInspected(x.Name, extra) && !(all && (!structuredHeader(x.Name) || offGrammar(x.Name, x.Value))) {
			continue
		}
		n++
		if !emit(param{Loc: LocHeader, Name: x.Name, Value: x.Value}) {
			return false
		}
	}
	return true
}

func headerInspected(name string, extra []string) bool {
	for _, a := range alwaysInspectedHeaders {
		if a == name {
			return true
		}
	}
	for _, a := range extra {
		if a == name {
			return true
		}
	}
	return false
}

// structuredHeaders are request headers whose values are protocol syntax, credentials or
// tracing identifiers that applications parse themselves and never treat as text: with
// injection.all_headers on, every other header is inspected (X-Forwarded-For, X-Filter,
// custom headers). A name listed in injection.headers is inspected anyway.
var structuredHeaders = map[string]bool{
	"host": true, "content-length": true, "content-type": true, "content-encoding": true,
	"content-language": true, "content-md5": true, "transfer-encoding": true, "te": true, "trailer": true,
	"accept": true, "accept-encoding": true, "accept-language": true, "accept-charset": true,
	"accept-datetime": true, "authorization": true, "proxy-authorization": true, "connection": true,
	"keep-alive": true, "cache-control": true, "pragma": true, "upgrade": true, "expect": true,
	"if-match": true, "if-none-match": true, "if-modified-since": true, "if-unmodified-since": true,
	"if-range": true, "range": true, "dnt": true, "priority": true, "upgrade-insecure-requests": true,
	"origin": true, "x-request-id": true, "traceparent": true, "tracestate": true, "baggage": true,
	"b3": true, "x-b3-traceid": true, "x-b3-spanid": true, "x-b3-parentspanid": true, "x-b3-sampled": true,
	"x-b3-flags": true, "x-ot-span-context": true, "x-cloud-trace-context": true, "x-amzn-trace-id": true,
	"sentry-trace": true, "x-datadog-trace-id": true, "x-datadog-parent-id": true,
	"x-datadog-sampling-priority": true, "x-forwarded-proto": true, "x-forwarded-port": true,
	"x-csrf-token": true, "x-xsrf-token": true, "x-api-key": true, "digest": true, "signature": true,
	"content-digest": true, "want-digest": true, "repr-digest": true, "want-content-digest": true,
	"want-repr-digest": true, "signature-input": true, "accept-signature": true, "purpose": true, "sec-purpose": true,
	"early-data": true, "forwarded": false,
}

// structuredHeader reports a header that all_headers leaves out: structuredHeaders, pseudo-headers
// (":path" is inspected as the path and query), Sec-* fetch metadata and client hints, Envoy's
// own x-envoy-* headers and the cookie (inspected cookie by cookie).
func structuredHeader(name string) bool {
	return structuredHeaders[name] || strings.HasPrefix(name, ":") || strings.HasPrefix(name, "sec-") ||
		strings.HasPrefix(name, "x-envoy-") || name == "cookie"
}

// tokenListHeaders are structured headers whose values are lists of tokens and parameters only
// (language tags, charsets, codings, q-values): en-US,en;q=0.9. Applications read some of them
// into file names (a language file chosen by Accept-Language), so a value with anything else in
// it (a slash, a dot-dot, a quote, a percent sign, markup) is inspected like any other header.
var tokenListHeaders = map[string]bool{"accept-language": true, "accept-charset": true,
	"accept-encoding": true, "content-language": true, "te": true, "dnt": true,
	"upgrade-insecure-requests": true, "content-encoding": true, "transfer-encoding": true}

// tokenHeaders are structured headers that carry one opaque token (a key, a CSRF token, a
// request or trace id): a value with anything but token characters (base64, hex, URL-safe
// punctuation) is inspected: {"$gt":""} in X-Api-Key is an operator object, not a key.
var tokenHeaders = map[string]bool{"x-api-key": true, "x-csrf-token": true, "x-xsrf-token": true,
	"x-request-id": true, "x-b3-traceid": true, "x-b3-spanid": true, "x-b3-parentspanid": true,
	"x-datadog-trace-id": true, "x-datadog-parent-id": true, "x-amzn-trace-id": true}

// offGrammar reports a tokenListHeaders value with a byte outside its grammar or a "..", or a
// tokenHeaders value with a byte that is not a token character.
func offGrammar(name, v string) bool {
	if tokenHeaders[name] {
		for i := 0; i < len(v); i++ {
			c := v[i]
			if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("-._~+/=:;,", c) >= 0) {
				return true
			}
		}
		return strings.Contains(v, "..")
	}
	if !tokenListHeaders[name] {
		return false
	}
	for i := 0; i < len(v); i++ {
		c := v[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == ',' ||
			c == ';' || c == '=' || c == '.' || c == '*' || c == ' ' || c == '_' || c == '\t') {
			return true
		}
	}
	return strings.Contains(v, "..")
}
