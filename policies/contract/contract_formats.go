package contract

import (
	"net/netip"
	"strings"

	"github.com/edgeward/edgeward/policies"
)

// checkFormat reports whether s is a valid instance of format (one of the declared formats, contract.definitions.*.format; int32 and
// int64 apply to numbers and are checked there).
func checkFormat(format, s string) bool {
	switch format {
	case "uuid":
		return isUUID(s)
	case "email":
		return isEmail(s)
	case "date":
		return isDate(s)
	case "date-time":
		return isDateTime(s)
	case "uri":
		return isURI(s)
	case "ipv4":
		a, err := netip.ParseAddr(s)
		return err == nil && a.Is4()
	case "ipv6":
		a, err := netip.ParseAddr(s)
		return err == nil && a.Is6() && a.Zone() == "" && strings.Contains(s, ":")
	case "byte":
		return isBase64(s)
	}
	return true
}

// isUUID: RFC 4122 text form, 8-4-4-4-12 hexadecimal digits, any case.
func isUUID(s string) bool {
	if len(s) != 36 {
		return false
	}
	for i := 0; i < 36; i++ {
		c := s[i]
		if i == 8 || i == 13 || i == 18 || i == 23 {
			if c != '-' {
				return false
			}
		} else if !policies.IsHex(c) {
			return false
		}
	}
	return true
}

// isEmail follows the addr-spec dot-atom form (RFC 5322 §3.4.1) that HTML and ajv-formats accept:
// atext runs separated by single dots, "@", then a host name of letter-digit-hyphen labels.
func isEmail(s string) bool {
	if len(s) > 254 {
		return false
	}
	at := strings.LastIndexByte(s, '@')
	if at <= 0 || at == len(s)-1 || at > 64 {
		return false
	}
	local, domain := s[:at], s[at+1:]
	for _, part := range strings.Split(local, ".") {
		if part == "" {
			return false
		}
		for i := 0; i < len(part); i++ {
			c := part[i]
			if !(isAlnum(c) || strings.IndexByte("!#$%&'*+/=?^_`{|}~-", c) >= 0) {
				return false
			}
		}
	}
	return isHostname(domain, true)
}

func isAlnum(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// isHostname: dot-separated labels of letters, digits and inner hyphens, 1-63 characters each;
// dotted requires at least two labels.
func isHostname(s string, dotted bool) bool {
	if s == "" || len(s) > 253 {
		return false
	}
	labels := strings.Split(s, ".")
	if dotted && len(labels) < 2 {
		return false
	}
	for _, l := range labels {
		if l == "" || len(l) > 63 || l[0] == '-' || l[len(l)-1] == '-' {
			return false
		}
		for i := 0; i < len(l); i++ {
			if !isAlnum(l[i]) && l[i] != '-' {
				return false
			}
		}
	}
	return true
}

func digits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

func atoi2(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		n = n*10 + int(s[i]-'0')
	}
	return n
}

// isDate: RFC 3339 full-date, YYYY-MM-DD, a real calendar day.
func isDate(s string) bool {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' || !digits(s[:4]) || !digits(s[5:7]) || !digits(s[8:]) {
		return false
	}
	y, m, d := atoi2(s[:4]), atoi2(s[5:7]), atoi2(s[8:])
	if m < 1 || m > 12 || d < 1 {
		return false
	}
	days := [13]int{0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31}[m]
	if m == 2 && (y%4 == 0 && y%100 != 0 || y%400 == 0) {
		days = 29
	}
	return d <= days
}

// isDateTime: RFC 3339 date-time: full-date "T" HH:MM:SS[.frac] then "Z" or ±HH:MM ("t", "z"
// accepted, as the RFC allows).
func isDateTime(s string) bool {
	if len(s) < 20 || !isDate(s[:10]) || s[10] != 'T' && s[10] != 't' {
		return false
	}
	t := s[11:]
	if len(t) < 9 || t[2] != ':' || t[5] != ':' || !digits(t[:2]) || !digits(t[3:5]) || !digits(t[6:8]) {
		return false
	}
	if atoi2(t[:2]) > 23 || atoi2(t[3:5]) > 59 || atoi2(t[6:8]) > 60 {
		return false
	}
	t = t[8:]
	if t[0] == '.' {
		j := 1
		for j < len(t) && t[j] >= '0' && t[j] <= '9' {
			j++
		}
		if j == 1 {
			return false
		}
		t = t[j:]
	}
	switch {
	case t == "Z" || t == "z":
		return true
	case len(t) == 6 && (t[0] == '+' || t[0] == '-') && t[3] == ':' && digits(t[1:3]) && digits(t[4:]):
		return atoi2(t[1:3]) <= 23 && atoi2(t[4:]) <= 59
	}
	return false
}

// isURI: an absolute URI (RFC 3986 §4.3): a scheme, ":", then only URI characters, with
// well-formed percent escapes.
func isURI(s string) bool {
	colon := strings.IndexByte(s, ':')
	if colon <= 0 {
		return false
	}
	for i := 0; i < colon; i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || i > 0 && (c >= '0' && c <= '9' || c == '+' || c == '-' || c == '.')) {
			return false
		}
	}
	rest := s[colon+1:]
	for i := 0; i < len(rest); i++ {
		c := rest[i]
		switch {
		case c == '%':
			if i+2 >= len(rest) || !policies.IsHex(rest[i+1]) || !policies.IsHex(rest[i+2]) {
				return false
			}
			i += 2
		case isAlnum(c) || strings.IndexByte("-._~:/?#[]@!$&'()*+,;=", c) >= 0:
		default:
			return false
		}
	}
	return true
}

// isBase64: standard base64 (RFC 4648 §4) with padding, the OpenAPI "byte" format.
func isBase64(s string) bool {
	if len(s)%4 != 0 {
		return false
	}
	pad := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '=':
			pad++
			if i < len(s)-2 {
				return false
			}
		case pad > 0:
			return false
		case isAlnum(c) || c == '+' || c == '/':
		default:
			return false
		}
	}
	return pad <= 2
}
