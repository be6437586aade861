package ratelimit

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"net/netip"
	"net/url"
	"strconv"
	"strings"

	"github.com/tidwall/gjson"

	"github.com/edgeward/edgeward/policies"
)

// KeyKind is the source of one part of a rate-limit key.
type KeyKind int

// Key part kinds. Every part but client_ip, path and method falls back to the client IP when
// its value is absent or empty, so that omitting a header or a body field never escapes a limit
// (nor lumps every such request into one shared bucket).
const (
	// KeyClientIP: "client_ip", the client address per client.trusted_hops, IPv6 grouped by
	// client.ipv6_prefix.
	KeyClientIP KeyKind = iota
	// KeyHeader: "header:NAME", every value of the request header NAME (trimmed, joined by ",";
	// compared exactly: API keys are case-sensitive).
	KeyHeader
	// KeyClaim: "claim:NAME", the top-level claim NAME of the verified token (absent without a
	// valid token).
	KeyClaim
	// KeyBody: "body:PATH", a field of the JSON request body (or of a form-urlencoded body for a
	// one-segment path), trimmed and lower-cased. Duplicate JSON keys resolve to the last one,
	// as JSON.parse and most application parsers do, so that {"email":"x","email":"victim"}
	// counts against the victim.
	KeyBody
	// KeyPath: "path", the normalised route path.
	KeyPath
	// KeyMethod: "method", the request method.
	KeyMethod
)

// KeyPart is one part of a rule's key.
type KeyPart struct {
	Kind KeyKind
	Name string   // header (lower-case) or claim name
	Path []string // body path segments
	raw  string   // body path as configured
}

func (p KeyPart) String() string {
	switch p.Kind {
	case KeyHeader:
		return "header:" + p.Name
	case KeyClaim:
		return "claim:" + p.Name
	case KeyBody:
		return "body:" + p.raw
	case KeyPath:
		return "path"
	case KeyMethod:
		return "method"
	}
	return "client_ip"
}

const (
	maxBodyPathSegments = 8
	maxKeyNameLen       = 128
)

// ParseKeyPart parses one key part: "client_ip", "path", "method", "header:NAME",
// "claim:NAME" or "body:PATH".
func ParseKeyPart(s string) (KeyPart, error) {
	switch s {
	case "client_ip":
		return KeyPart{Kind: KeyClientIP}, nil
	case "path":
		return KeyPart{Kind: KeyPath}, nil
	case "method":
		return KeyPart{Kind: KeyMethod}, nil
	}
	kind, arg, ok := strings.Cut(s, ":")
	if !ok {
		return KeyPart{}, fmt.Errorf("unknown key part %q (want client_ip, path, method, header:NAME, claim:NAME or body:PATH)", s)
	}
	if arg == "" || len(arg) > maxKeyNameLen {
		return KeyPart{}, fmt.Errorf("key part %q: name must be 1 to %d bytes", s, maxKeyNameLen)
	}
	switch kind {
	case "header":
		for i := 0; i < len(arg); i++ {
			if !isTokenChar(arg[i]) {
				return KeyPart{}, fmt.Errorf("key part %q: invalid header name", s)
			}
		}
		return KeyPart{Kind: KeyHeader, Name: policies.LowerASCII(arg)}, nil
	case "claim":
		return KeyPart{Kind: KeyClaim, Name: arg}, nil
	case "body":
		segs, err := parseBodyPath(arg)
		if err != nil {
			return KeyPart{}, fmt.Errorf("key part %q: %w", s, err)
		}
		return KeyPart{Kind: KeyBody, Path: segs, raw: arg}, nil
	}
	return KeyPart{}, fmt.Errorf("unknown key part %q (want client_ip, path, method, header:NAME, claim:NAME or body:PATH)", s)
}

func isTokenChar(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' ||
		strings.IndexByte("!#$%&'*+-.^_`|~", c) >= 0
}

// parseBodyPath splits a gjson-style path into plain segments: keys separated by ".", "\"
// escaping the next character, a numeric segment indexing an array. gjson's wildcards,
// queries and modifiers are refused: a key must name one value.
func parseBodyPath(s string) ([]string, error) {
	var segs []string
	var cur strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '\\':
			if i+1 == len(s) {
				return nil, errors.New("path ends with an escape")
			}
			i++
			cur.WriteByte(s[i])
		case c == '.':
			if cur.Len() == 0 {
				return nil, errors.New("empty path segment")
			}
			segs = append(segs, cur.String())
			cur.Reset()
		case strings.IndexByte("*?#@|!=<>%()[]{}", c) >= 0:
			return nil, fmt.Errorf("wildcards, queries and modifiers are not supported (%q)", c)
		default:
			cur.WriteByte(c)
		}
	}
	if cur.Len() == 0 {
		return nil, errors.New("empty path segment")
	}
	segs = append(segs, cur.String())
	if len(segs) > maxBodyPathSegments {
		return nil, fmt.Errorf("at most %d segments", maxBodyPathSegments)
	}
	return segs, nil
}

// Key part tags in the hashed key material: a value from one source can never equal a value
// from another.
const (
	tagIP     = 'i'
	tagHeader = 'h'
	tagClaim  = 'c'
	tagBody   = 'b'
	tagPath   = 'p'
	tagMethod = 'm'
)

// appendKey appends the rule's resolved key to dst: for each part a tag and the length-prefixed
// value. body is nil in the header phase (rules keyed on the body are resolved only in the body
// phase).
func appendKey(dst []byte, parts []KeyPart, tx *policies.Tx, body []byte) []byte {
	for _, p := range parts {
		tag, v, ok := resolvePart(p, tx, body)
		if !ok {
			tag, v = tagIP, clientKey(tx.ClientIP(), tx.Config().Client.IPv6Prefix)
		}
		dst = append(dst, tag)
		dst = binary.AppendUvarint(dst, uint64(len(v)))
		dst = append(dst, v...)
	}
	return dst
}

func resolvePart(p KeyPart, tx *policies.Tx, body []byte) (byte, string, bool) {
	switch p.Kind {
	case KeyHeader:
		vals := tx.Req.Headers.Values(p.Name)
		var b strings.Builder
		for _, v := range vals {
			if v = strings.TrimSpace(v); v == "" {
				continue
			}
			if b.Len() > 0 {
				b.WriteByte(',')
			}
			b.WriteString(v)
		}
		return tagHeader, b.String(), b.Len() > 0
	case KeyClaim:
		v, ok := claimValue(tx.Claims, p.Name)
		return tagClaim, v, ok
	case KeyBody:
		v, ok := bodyValue(body, p.Path, tx.Req.Headers.Get("content-type"))
		return tagBody, v, ok
	case KeyPath:
		return tagPath, tx.Path, true
	case KeyMethod:
		return tagMethod, tx.Req.Method, true
	}
	return tagIP, clientKey(tx.ClientIP(), tx.Config().Client.IPv6Prefix), true
}

// clientKey is the client address as a limit key: IPv4 as is, IPv6 grouped by its /prefix
// (one subscriber usually holds a whole /56 or /64, so per-address limits would be trivial to
// escape).
func clientKey(a netip.Addr, ipv6Prefix int) string {
	if !a.IsValid() {
		return "invalid"
	}
	if a.Is4() {
		return a.String()
	}
	p, err := a.Prefix(ipv6Prefix)
	if err != nil {
		return a.String()
	}
	return p.String()
}

func claimValue(claims map[string]any, name string) (string, bool) {
	v, ok := claims[name]
	if !ok || v == nil {
		return "", false
	}
	switch x := v.(type) {
	case string:
		return x, x != ""
	case float64:
		return strconv.FormatFloat(x, 'g', -1, 64), true
	case bool:
		return strconv.FormatBool(x), true
	case json.Number:
		return x.String(), true
	}
	b, err := json.Marshal(v)
	if err != nil {
		return "", false
	}
	return string(b), true
}

// bodyValue finds the value at path in a JSON body (last duplicate key wins) or, for a
// one-segment path, in a form-urlencoded body. Values are trimmed and lower-cased (login
// identifiers are compared case-insensitively by most applications, so "Victim@X" must count
// against "victim@x").
func bodyValue(body []byte, path []string, contentType string) (string, bool) {
	if len(body) == 0 {
		return "", false
	}
	if policies.ValidJSON(body) {
		v := gjson.ParseBytes(body)
		for _, seg := range path {
			v = lastMember(v, seg)
			if !v.Exists() {
				return "", false
			}
		}
		var s string
		switch v.Type {
		case gjson.Null:
			return "", false
		case gjson.String:
			s = v.Str
		default:
			s = v.Raw
		}
		s = strings.ToLower(strings.TrimSpace(s))
		return s, s != ""
	}
	ct := policies.LowerASCII(strings.TrimSpace(contentType))
	if len(path) == 1 && strings.HasPrefix(ct, "application/x-www-form-urlencoded") {
		q, err := url.ParseQuery(string(body))
		if err != nil && len(q) == 0 {
			return "", false
		}
		var vals []string
		for _, v := range q[path[0]] {
			if v = strings.ToLower(strings.TrimSpace(v)); v != "" {
				vals = append(vals, v)
			}
		}
		s := strings.Join(vals, ",")
		return s, s != ""
	}
	return "", false
}

// lastMember returns the member seg of an object (the last one when the key repeats) or the
// element seg of an array.
func lastMember(v gjson.Result, seg string) gjson.Result {
	var out gjson.Result
	switch {
	case v.IsObject():
		v.ForEach(func(k, val gjson.Result) bool {
			if k.Str == seg {
				out = val
			}
			return true
		})
	case v.IsArray():
		idx, err := strconv.Atoi(seg)
		if err != nil || idx < 0 {
			return out
		}
		i := 0
		v.ForEach(func(_, val gjson.Result) bool {
			if i == idx {
				out = val
				return false
			}
			i++
			return true
		})
	}
	return out
}
