package harden

import (
	"net/netip"
	"strconv"
	"strings"

	"github.com/edgeward/edgeward/policies"
)

// webOrigin returns the serialised origin ("scheme://host[:port]", lower-case, the scheme's
// default port dropped) of an http(s) origin or, when urlOK, of an absolute http(s) URL (a
// Referer). Anything else (other schemes, userinfo, bad hosts or ports, an origin with a path)
// is not ok.
func webOrigin(s string, urlOK bool) (string, bool) {
	if len(s) > 8192 {
		return "", false
	}
	scheme, rest, found := strings.Cut(s, "://")
	if !found {
		return "", false
	}
	scheme = policies.LowerASCII(scheme)
	if scheme != "http" && scheme != "https" {
		return "", false
	}
	auth := rest
	if i := strings.IndexAny(rest, "/?#\\"); i >= 0 {
		if !urlOK {
			return "", false
		}
		auth = rest[:i]
	}
	host, port, ok := splitAuthority(auth)
	if !ok {
		return "", false
	}
	if port == "80" && scheme == "http" || port == "443" && scheme == "https" {
		port = ""
	}
	if port != "" {
		return scheme + "://" + host + ":" + port, true
	}
	return scheme + "://" + host, true
}

// splitAuthority validates "host[:port]" (host a DNS name, an IPv4 address or a bracketed IPv6
// address; no userinfo) and returns the lower-case host and the port without leading zeros
// ("" when absent or empty).
func splitAuthority(a string) (host, port string, ok bool) {
	if a == "" || len(a) > 261 {
		return "", "", false
	}
	if a[0] == '[' {
		end := strings.IndexByte(a, ']')
		if end < 0 {
			return "", "", false
		}
		addr, err := netip.ParseAddr(a[1:end])
		if err != nil || !addr.Is6() || addr.Zone() != "" {
			return "", "", false
		}
		host = "[" + addr.String() + "]"
		a = a[end+1:]
		if a != "" {
			if a[0] != ':' {
				return "", "", false
			}
			port, ok = hdPort(a[1:])
			return host, port, ok
		}
		return host, "", true
	}
	h, p, hasPort := strings.Cut(a, ":")
	if hasPort {
		if port, ok = hdPort(p); !ok {
			return "", "", false
		}
	}
	host = policies.LowerASCII(h)
	if !hdValidHost(host) {
		return "", "", false
	}
	return host, port, true
}

func hdPort(p string) (string, bool) {
	if p == "" {
		return "", true
	}
	if len(p) > 5 {
		return "", false
	}
	for i := 0; i < len(p); i++ {
		if p[i] < '0' || p[i] > '9' {
			return "", false
		}
	}
	n, err := strconv.Atoi(p)
	if err != nil || n < 1 || n > 65535 {
		return "", false
	}
	return strconv.Itoa(n), true
}

// hdValidHost accepts a lower-case DNS name (letters, digits, '-', '_'; dot-separated labels
// of 1-63 bytes, an optional trailing dot) or an IPv4 address.
func hdValidHost(h string) bool {
	if h == "" || len(h) > 253 {
		return false
	}
	label := 0
	for i := 0; i < len(h); i++ {
		c := h[i]
		switch {
		case 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-' || c == '_':
			label++
			if label > 63 {
				return false
			}
		case c == '.':
			if label == 0 {
				return false
			}
			label = 0
		default:
			return false
		}
	}
	return true
}
