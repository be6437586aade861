package auth

import (
	"strings"

	"github.com/edgeward/edgeward/policies"
)

// tokenSource says where a token was found.
type tokenSource int

const (
	srcNone tokenSource = iota
	srcBearer
	srcHeader
	srcCookie
)

// maxCookieHeaderPairs bounds the cookie pairs scanned per request.
const maxCookieHeaderPairs = 256

// extractToken finds the request's token in the configured sources. It returns the token and its
// source, or a failure reason, both answered 400 invalid_request (RFC 6750 §3.1: the request is
// malformed or uses more than one method): "malformed_header" (an Authorization header with the
// Bearer scheme but no single well-formed token: `Bearer`, `Bearer a b`) or "multiple_tokens" (two
// Authorization headers, two cookies of that name, or different tokens in different sources: RFC
// 6750 §2 allows one method per request, and picking one would let a proxy and the upstream
// disagree on which token counts). No token at all returns "", srcNone, "".
func extractToken(h policies.Headers, s TokenSources) (tok string, src tokenSource, reason string) {
	var found [3]string
	if s.Bearer {
		vals := h.Values("authorization")
		bearers := 0
		for _, v := range vals {
			t, isBearer, ok := parseBearer(v)
			if !isBearer {
				continue
			}
			bearers++
			if !ok {
				return "", srcBearer, "malformed_header"
			}
			found[0] = t
		}
		if bearers > 1 {
			return "", srcBearer, "multiple_tokens"
		}
		if bearers == 1 && len(vals) > 1 {
			// A Bearer header next to another Authorization header: ambiguous.
			return "", srcBearer, "multiple_tokens"
		}
	}
	if s.Header != "" {
		vals := h.Values(s.Header)
		if len(vals) > 1 {
			return "", srcHeader, "multiple_tokens"
		}
		if len(vals) == 1 {
			found[1] = trimOWS(vals[0])
		}
	}
	if s.Cookie != "" {
		t, n := cookieValue(h, s.Cookie)
		if n > 1 {
			return "", srcCookie, "multiple_tokens"
		}
		found[2] = t
	}
	for i, t := range found {
		if t == "" {
			continue
		}
		if tok != "" && t != tok {
			return "", src, "multiple_tokens"
		}
		if tok == "" {
			tok, src = t, tokenSource(i+1)
		}
	}
	return tok, src, ""
}

// parseBearer reads `Bearer <token68>` (RFC 6750 §2.1; the scheme is case-insensitive, RFC 9110
// §11.1). isBearer is false for other schemes (Basic, ...). ok is false for a Bearer header
// without a single well-formed token.
func parseBearer(v string) (tok string, isBearer, ok bool) {
	v = trimOWS(v)
	scheme, rest, _ := strings.Cut(v, " ")
	if !strings.EqualFold(scheme, "bearer") {
		// A tab after the scheme is not valid syntax, but do not let it slip past as "not bearer".
		if sch, _, tab := strings.Cut(v, "\t"); tab && strings.EqualFold(sch, "bearer") {
			return "", true, false
		}
		return "", false, false
	}
	rest = strings.TrimLeft(rest, " ")
	if rest == "" || !isToken68(rest) {
		return "", true, false
	}
	return rest, true, true
}

// isToken68 checks RFC 9110's token68: 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"=".
func isToken68(s string) bool {
	i := 0
	for ; i < len(s); i++ {
		c := s[i]
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("-._~+/", c) >= 0 {
			continue
		}
		break
	}
	if i == 0 {
		return false
	}
	for ; i < len(s); i++ {
		if s[i] != '=' {
			return false
		}
	}
	return true
}

// cookieValue returns the value of cookie name across every Cookie header and how many times the
// name occurred (a repeated name is cookie tossing: refuse rather than guess).
func cookieValue(h policies.Headers, name string) (string, int) {
	val, count, pairs := "", 0, 0
	for _, hv := range h.Values("cookie") {
		for part := range strings.SplitSeq(hv, ";") {
			if pairs++; pairs > maxCookieHeaderPairs {
				return val, count
			}
			k, v, ok := strings.Cut(trimOWS(part), "=")
			if !ok || trimOWS(k) != name {
				continue
			}
			count++
			v = trimOWS(v)
			if len(v) >= 2 && v[0] == '"' && v[len(v)-1] == '"' {
				v = v[1 : len(v)-1]
			}
			val = v
		}
	}
	return val, count
}

func trimOWS(s string) string { return strings.Trim(s, " \t") }
