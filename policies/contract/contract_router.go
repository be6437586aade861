package contract

import (
	"slices"
	"strings"

	"github.com/edgeward/edgeward/policies"
)

// The contract's router: every operation's path template in one tree of segments, matched in
// one pass over the request's path segments. Literal segments are children by name; parameter
// segments ("{id}", or "{name}.json" with literal text around it) are edges tried on every
// segment. The walk keeps the set of tree nodes the path so far can be at (as a Thompson NFA
// does), so "/users/me" and "/users/{id}/posts" never need backtracking; at the end the most
// specific template wins (a literal segment beats a parameter, as OpenAPI requires).

// tmplSeg is one segment of a path template.
type tmplSeg struct {
	lit    string // literal segment (lower-case), when param is ""
	param  string // the (first) parameter's name
	prefix string // literal text before the parameter in the segment (lower-case)
	suffix string // after the last parameter
	// More parameters in the segment ("{base}...{head}"): seps[i] (lower-case, not empty) comes
	// before more[i].
	seps, more []string
}

// names are the segment's parameter names, in order.
func (s *tmplSeg) names() []string {
	if s.param == "" {
		return nil
	}
	return append([]string{s.param}, s.more...)
}

// parseTemplate splits a template into segments; it returns a problem description or "".
func parseTemplate(t string) ([]tmplSeg, string) {
	if !strings.HasPrefix(t, "/") {
		return nil, "must start with \"/\""
	}
	var out []tmplSeg
	for _, raw := range strings.Split(t[1:], "/") {
		if raw == "" {
			continue
		}
		open := strings.IndexByte(raw, '{')
		if open < 0 {
			if strings.ContainsRune(raw, '}') {
				return nil, "unbalanced \"}\" in " + raw
			}
			lit := strings.ToLower(policies.PercentDecodeLoose(raw))
			if lit == "." || lit == ".." {
				return nil, "dot-segments are not paths an API serves"
			}
			out = append(out, tmplSeg{lit: lit})
			continue
		}
		if strings.ContainsRune(raw[:open], '}') {
			return nil, "unbalanced braces in " + raw
		}
		seg := tmplSeg{prefix: strings.ToLower(raw[:open])}
		rest := raw[open:]
		for i := 0; rest != ""; i++ {
			// rest starts with "{"
			end := strings.IndexByte(rest, '}')
			if end < 0 || strings.ContainsRune(rest[1:end], '{') {
				return nil, "unbalanced braces in " + raw
			}
			name := rest[1:end]
			if name == "" {
				return nil, "empty parameter name in " + raw
			}
			rest = rest[end+1:]
			lit := rest
			if next := strings.IndexByte(rest, '{'); next >= 0 {
				lit, rest = rest[:next], rest[next:]
			} else {
				rest = ""
			}
			if strings.ContainsRune(lit, '}') {
				return nil, "unbalanced braces in " + raw
			}
			if i == 0 {
				seg.param = name
			} else {
				seg.more = append(seg.more, name)
			}
			if rest == "" {
				seg.suffix = strings.ToLower(lit)
			} else if lit == "" {
				return nil, "two parameters with no literal text between them in " + raw
			} else {
				seg.seps = append(seg.seps, strings.ToLower(lit))
			}
		}
		out = append(out, seg)
	}
	return out, ""
}

// segValues splits a request's path segment (seg, and low its lower-cased copy) into the
// template segment's parameter values: the literal prefix and suffix must be there, and each
// separator is its first occurrence after a non-empty value; every value is non-empty. nil when
// the segment does not match. Without separators nothing is allocated when only matching
// (values false).
func (s *tmplSeg) segValues(seg, low string, values bool) ([]string, bool) {
	return splitSegment(seg, low, s.prefix, s.suffix, s.seps, values)
}

func splitSegment(seg, low, prefix, suffix string, seps []string, values bool) ([]string, bool) {
	if len(low) <= len(prefix)+len(suffix) || !strings.HasPrefix(low, prefix) || !strings.HasSuffix(low, suffix) {
		return nil, false
	}
	mid, lmid := seg[len(prefix):len(seg)-len(suffix)], low[len(prefix):len(low)-len(suffix)]
	var out []string
	for _, sep := range seps {
		i := strings.Index(lmid[1:], sep)
		if i < 0 {
			return nil, false
		}
		i++
		if values {
			out = append(out, mid[:i])
		}
		mid, lmid = mid[i+len(sep):], lmid[i+len(sep):]
		if lmid == "" {
			return nil, false
		}
	}
	if values {
		out = append(out, mid)
	}
	return out, true
}

type rnode struct {
	lit    map[string]*rnode
	params []redge
	ops    map[string]*ContractOperation // method -> operation
	allow  string                        // the Allow header: ops' methods
	rank   []byte                        // per segment: 2 literal, 1 parameter with text, 0 bare parameter
	tmpl   string
}

type redge struct {
	prefix, suffix string
	seps           []string
	next           *rnode
}

type router struct {
	root  *rnode
	nodes int
}

func buildRouter(ops []ContractOperation, at policies.Node) *router {
	r := &router{root: &rnode{}}
	for i := range ops {
		op := &ops[i]
		if op.Path == "" || op.Method == "" || (op.segs == nil && op.Path != "/" && strings.Trim(op.Path, "/") != "") {
			continue
		}
		n := r.root
		var rank []byte
		for _, s := range op.segs {
			if s.param == "" {
				if n.lit == nil {
					n.lit = map[string]*rnode{}
				}
				c := n.lit[s.lit]
				if c == nil {
					c = &rnode{}
					n.lit[s.lit] = c
					r.nodes++
				}
				n = c
				rank = append(rank, 2)
				continue
			}
			var c *rnode
			for _, e := range n.params {
				if e.prefix == s.prefix && e.suffix == s.suffix && slices.Equal(e.seps, s.seps) {
					c = e.next
				}
			}
			if c == nil {
				c = &rnode{}
				n.params = append(n.params, redge{prefix: s.prefix, suffix: s.suffix, seps: s.seps, next: c})
				r.nodes++
			}
			n = c
			if s.prefix != "" || s.suffix != "" || len(s.seps) > 0 {
				rank = append(rank, 1)
			} else {
				rank = append(rank, 0)
			}
		}
		if n.ops == nil {
			n.ops = map[string]*ContractOperation{}
			n.rank = rank
			n.tmpl = op.Path
		}
		if prev, dup := n.ops[op.Method]; dup {
			at.Errorf("%s %s and %s %s are the same operation", prev.Method, prev.Path, op.Method, op.Path)
			continue
		}
		n.ops[op.Method] = op
		n.allow = methodsList(n.ops)
	}
	return r
}

// match finds the node of the most specific template matching segs (lower-cased for the
// literals), or nil.
func (r *router) match(segs []string) *rnode {
	var bufA, bufB [8]*rnode
	cur := append(bufA[:0], r.root)
	next := bufB[:0]
	for _, seg := range segs {
		low := policies.LowerASCII(seg)
		next = next[:0]
		for _, n := range cur {
			if c := n.lit[low]; c != nil {
				next = addNode(next, c)
			}
			for _, e := range n.params {
				if _, ok := splitSegment(low, low, e.prefix, e.suffix, e.seps, false); ok {
					next = addNode(next, e.next)
				}
			}
		}
		if len(next) == 0 {
			return nil
		}
		cur, next = next, cur
	}
	var best *rnode
	for _, n := range cur {
		if n.ops != nil && (best == nil || rankLess(best.rank, n.rank)) {
			best = n
		}
	}
	return best
}

func addNode(set []*rnode, n *rnode) []*rnode {
	for _, x := range set {
		if x == n {
			return set
		}
	}
	return append(set, n)
}

func rankLess(a, b []byte) bool {
	for i := 0; i < len(a) && i < len(b); i++ {
		if a[i] != b[i] {
			return a[i] < b[i]
		}
	}
	return len(a) < len(b)
}

// pathSegments splits a request's raw :path (query dropped) into its segments, each
// percent-decoded once with the case kept: empty segments are dropped (repeated and trailing
// slashes) and dot-segments resolved, as RoutePath does; an encoded slash stays inside its
// segment. canonical is false when the raw path needed any of that or holds a percent escape or
// a backslash (the detectors then still inspect the path).
func pathSegments(raw string) (segs []string, canonical bool) {
	if i := strings.IndexAny(raw, "?#"); i >= 0 {
		raw = raw[:i]
	}
	canonical = !strings.ContainsAny(raw, "%\\") && strings.HasPrefix(raw, "/")
	rest := strings.TrimPrefix(raw, "/")
	for rest != "" {
		var s string
		if i := strings.IndexByte(rest, '/'); i >= 0 {
			s, rest = rest[:i], rest[i+1:] // a trailing slash is the same route (Express's non-strict routing)
		} else {
			s, rest = rest, ""
		}
		if s == "" {
			canonical = false // "//"
			continue
		}
		d := percentDecodeOnce(s)
		switch d {
		case ".":
			canonical = false
			continue
		case "..":
			canonical = false
			if len(segs) > 0 {
				segs = segs[:len(segs)-1]
			}
			continue
		}
		segs = append(segs, d)
	}
	return segs, canonical
}

// percentDecodeOnce decodes %XX escapes once (a value's one decoding, as applications do),
// leaving malformed ones as they are.
func percentDecodeOnce(s string) string {
	if strings.IndexByte(s, '%') < 0 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); i++ {
		if s[i] == '%' && i+2 < len(s) && policies.IsHex(s[i+1]) && policies.IsHex(s[i+2]) {
			b.WriteByte(policies.Unhex(s[i+1])<<4 | policies.Unhex(s[i+2]))
			i += 2
			continue
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// formDecode decodes a query or form key or value once: "+" is a space.
func formDecode(s string) string {
	if strings.IndexByte(s, '+') >= 0 {
		s = strings.ReplaceAll(s, "+", " ")
	}
	return percentDecodeOnce(s)
}
