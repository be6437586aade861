package policies

import (
	"net/netip"
	"strings"
)

// Header is one HTTP header; Name is lower-case (HTTP/2 and Envoy's header maps are).
type Header struct{ Name, Value string }

// Headers is an ordered header list that may repeat names.
type Headers []Header

// Get returns the first value of name (lower-case), or "".
func (h Headers) Get(name string) string {
	for _, x := range h {
		if x.Name == name {
			return x.Value
		}
	}
	return ""
}

// Has reports whether name is present.
func (h Headers) Has(name string) bool {
	for _, x := range h {
		if x.Name == name {
			return true
		}
	}
	return false
}

// Values returns every value of name, in order.
func (h Headers) Values(name string) []string {
	var out []string
	for _, x := range h {
		if x.Name == name {
			out = append(out, x.Value)
		}
	}
	return out
}

// Request is what the engine sees of a request at the headers phase. Headers excludes the HTTP/2
// pseudo-headers, which are in Method, Path, Authority and Scheme.
type Request struct {
	Method    string
	Path      string // raw :path, with the query string, as sent
	Authority string
	Scheme    string
	Headers   Headers
	// SourceAddress is the connection's peer ("ip:port" or "ip"), the source.address property.
	SourceAddress string
	// ID is the request id (x-request-id by default), set by the glue.
	ID string
}

// RawQuery returns the query string of a raw :path, as sent ("" when none; a fragment dropped).
func RawQuery(rawPath string) string {
	i := strings.IndexByte(rawPath, '?')
	if i < 0 {
		return ""
	}
	q := rawPath[i+1:]
	if j := strings.IndexByte(q, '#'); j >= 0 {
		q = q[:j]
	}
	return q
}

// RoutePath returns the path used for route matching: the query dropped, percent-decoding
// repeated until stable, backslashes turned into slashes, repeated slashes merged, dot-segments
// resolved and ASCII lower-cased (Express routes are case-insensitive by default, so `/API/x`
// reaches the handler for `/api/x` and must meet the same requirements).
func RoutePath(raw string) string {
	p := raw
	if i := strings.IndexAny(p, "?#"); i >= 0 {
		p = p[:i]
	}
	for i := 0; i < 4; i++ {
		d := PercentDecodeLoose(p)
		if d == p {
			break
		}
		p = d
	}
	p = strings.ReplaceAll(p, "\\", "/")
	p = strings.ReplaceAll(p, "\x00", "")
	return strings.ToLower(cleanPath(p))
}

// cleanPath merges slashes and resolves "." and ".." segments; the result starts with "/" and
// keeps a trailing slash.
func cleanPath(p string) string {
	if isCleanPath(p) {
		return p // what cleanPathSegments would build, without building it
	}
	return cleanPathSegments(p)
}

// cleanPathSegments is cleanPath by splitting the path and joining the resolved segments.
func cleanPathSegments(p string) string {
	trailing := strings.HasSuffix(p, "/") || strings.HasSuffix(p, "/.") || strings.HasSuffix(p, "/..")
	segs := strings.Split(p, "/")
	out := make([]string, 0, len(segs))
	for _, s := range segs {
		switch s {
		case "", ".":
		case "..":
			if len(out) > 0 {
				out = out[:len(out)-1]
			}
		default:
			out = append(out, s)
		}
	}
	r := "/" + strings.Join(out, "/")
	if trailing && r != "/" {
		r += "/"
	}
	return r
}

// isCleanPath reports a path that cleanPath returns unchanged: it starts with "/" and has no
// empty segment except after a trailing "/", no "." and no ".." segment.
func isCleanPath(p string) bool {
	if p == "" || p[0] != '/' {
		return false
	}
	start := 1
	for i := 1; i <= len(p); i++ {
		if i < len(p) && p[i] != '/' {
			continue
		}
		switch p[start:i] {
		case ".", "..":
			return false
		case "":
			if i < len(p) {
				return false
			}
		}
		start = i + 1
	}
	return true
}

// percentDecodeLoose decodes %XX and %uXXXX escapes, leaving malformed ones as they are.
func PercentDecodeLoose(s string) string {
	if !strings.Contains(s, "%") {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '%' {
			if i+2 < len(s)+0 && i+2 <= len(s)-1 && IsHex(s[i+1]) && IsHex(s[i+2]) {
				b.WriteByte(Unhex(s[i+1])<<4 | Unhex(s[i+2]))
				i += 2
				continue
			}
			if i+5 <= len(s)-1 && (s[i+1] == 'u' || s[i+1] == 'U') && IsHex(s[i+2]) && IsHex(s[i+3]) && IsHex(s[i+4]) && IsHex(s[i+5]) {
				r := rune(Unhex(s[i+2]))<<12 | rune(Unhex(s[i+3]))<<8 | rune(Unhex(s[i+4]))<<4 | rune(Unhex(s[i+5]))
				b.WriteRune(r)
				i += 5
				continue
			}
		}
		b.WriteByte(c)
	}
	return b.String()
}

func IsHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func Unhex(c byte) byte {
	switch {
	case '0' <= c && c <= '9':
		return c - '0'
	case 'a' <= c && c <= 'f':
		return c - 'a' + 10
	default:
		return c - 'A' + 10
	}
}

// ClientIP returns the client address: the connection's source address, or, with trusted_hops
// N > 0, the entry of X-Forwarded-For that the Nth trusted proxy appended (the rightmost N-th
// entry, after dropping an entry Envoy appended for the peer itself; entries further left are
// client-controlled). Invalid data falls back to the source.
func ClientIP(req *Request, trustedHops int) netip.Addr {
	src := parseAddr(req.SourceAddress)
	if trustedHops <= 0 {
		return src
	}
	var entries []string
	for _, v := range req.Headers.Values("x-forwarded-for") {
		for _, e := range strings.Split(v, ",") {
			entries = append(entries, strings.TrimSpace(e))
		}
	}
	// Envoy with use_remote_address appends the connection's peer itself before filters run; that
	// entry is not one of the trusted hops' (it is source.address), so it is dropped first.
	if n := len(entries); n > 0 && src.IsValid() && parseAddr(entries[n-1]) == src {
		entries = entries[:n-1]
	}
	if len(entries) < trustedHops {
		if len(entries) == 0 {
			return src
		}
		trustedHops = len(entries)
	}
	if a := parseAddr(entries[len(entries)-trustedHops]); a.IsValid() {
		return a
	}
	return src
}

func parseAddr(s string) netip.Addr {
	s = strings.TrimSpace(s)
	if ap, err := netip.ParseAddrPort(s); err == nil {
		return ap.Addr().Unmap()
	}
	s = strings.TrimSuffix(strings.TrimPrefix(s, "["), "]")
	if a, err := netip.ParseAddr(s); err == nil {
		return a.Unmap()
	}
	return netip.Addr{}
}

// isToken reports whether s is an RFC 9110 token (header names, cookie names).
func IsToken(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' {
			continue
		}
		if !strings.ContainsRune("!#$%&'*+-.^_`|~", rune(c)) {
			return false
		}
	}
	return true
}
