package auth

import (
	"encoding/json"
	"strconv"
	"strings"
)

// claimOp is what a ClaimRule asks of its claim.
type claimOp int

const (
	claimPresent     claimOp = iota // the claim exists and is not null
	claimContainsAll                // every value is in the claim (array, or space-separated string like scope)
	claimContainsAny                // at least one value is in the claim
	claimEquals                     // the claim equals a string, number or boolean
	claimOneOf                      // the claim is a string among the values
)

// ClaimRule is one "claims" entry of an auth rule:
// {"claim": "scope", "contains": ["orders:write"]}, {"claim": "roles", "contains_any": ["admin"]},
// {"claim": "tenant", "equals": "acme"}, {"claim": ["realm_access", "roles"], "contains": "admin"},
// {"claim": "email"} (present).
type ClaimRule struct {
	// Path: "claim", a top-level claim name, or an array of names for a nested claim.
	Path []string
	Op   claimOp
	// Values: "contains", "contains_any" or "one_of" (a string or an array of strings).
	Values []string
	// Equal: "equals", a string, float64 or bool.
	Equal any
}

// lookupClaim walks path through nested objects.
func lookupClaim(claims map[string]any, path []string) (any, bool) {
	var cur any = claims
	for _, k := range path {
		m, ok := cur.(map[string]any)
		if !ok {
			return nil, false
		}
		if cur, ok = m[k]; !ok {
			return nil, false
		}
	}
	return cur, cur != nil
}

// satisfiedBy reports whether verified claims meet the rule.
func (r *ClaimRule) satisfiedBy(claims map[string]any) bool {
	v, ok := lookupClaim(claims, r.Path)
	if !ok {
		return false
	}
	switch r.Op {
	case claimContainsAll, claimContainsAny:
		have := claimStrings(v)
		n := 0
		for _, want := range r.Values {
			if containsString(have, want) {
				n++
			}
		}
		if r.Op == claimContainsAll {
			return n == len(r.Values)
		}
		return n > 0
	case claimOneOf:
		s, isStr := v.(string)
		return isStr && containsString(r.Values, s)
	case claimEquals:
		switch want := r.Equal.(type) {
		case string:
			s, isStr := v.(string)
			return isStr && s == want
		case bool:
			b, isBool := v.(bool)
			return isBool && b == want
		case float64:
			num, isNum := v.(json.Number)
			if !isNum {
				return false
			}
			f, err := strconv.ParseFloat(string(num), 64)
			return err == nil && f == want
		}
		return false
	}
	return true
}

// claimStrings reads a claim as a set of strings: an array's string elements, or a
// space-separated string (OAuth scope, RFC 8693 §4.2).
func claimStrings(v any) []string {
	switch x := v.(type) {
	case string:
		return strings.Fields(x)
	case []any:
		out := make([]string, 0, len(x))
		for _, e := range x {
			if s, ok := e.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}

// scopeHint is the RFC 6750 scope="..." attribute for a failed scope rule, when its values are
// valid scope tokens; "" otherwise.
func (r *ClaimRule) scopeHint() string {
	if len(r.Path) != 1 || (r.Path[0] != "scope" && r.Path[0] != "scp") ||
		(r.Op != claimContainsAll && r.Op != claimContainsAny) {
		return ""
	}
	for _, v := range r.Values {
		for i := 0; i < len(v); i++ {
			if c := v[i]; c <= 0x20 || c > 0x7e || c == '"' || c == '\\' {
				return ""
			}
		}
	}
	return strings.Join(r.Values, " ")
}

// claimHeaderValue renders a claim for an upstream header: strings as they are, anything else as
// JSON; control characters (CR, LF, NUL, ...) are removed so a claim can never split or end a
// header, and surrounding whitespace is trimmed.
func claimHeaderValue(v any) string {
	var s string
	switch x := v.(type) {
	case string:
		s = x
	case json.Number:
		s = string(x)
	default:
		b, err := json.Marshal(x)
		if err != nil {
			return ""
		}
		s = string(b)
	}
	return strings.TrimSpace(sanitizeHeaderValue(s))
}

// sanitizeHeaderValue drops ASCII control characters except horizontal tab, and DEL.
func sanitizeHeaderValue(s string) string {
	clean := true
	for i := 0; i < len(s); i++ {
		if c := s[i]; (c < 0x20 && c != '\t') || c == 0x7f {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		if c := s[i]; (c >= 0x20 || c == '\t') && c != 0x7f {
			b = append(b, c)
		}
	}
	return string(b)
}
