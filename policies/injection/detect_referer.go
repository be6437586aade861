package injection

import "strings"

// refererDotsResolved reports a Referer value whose only path-traversal look comes from
// dot-segments a browser resolves before sending any request: an absolute http(s) URL whose
// path "/docs/../guide/" stays under the root once resolved, with no ".." in the query or
// fragment, no encoded or backslash forms, and no sensitive file in the resolved URL. The
// Referer is client-controlled, so anything else (a ".." above the root, "..;", "....", "%2e",
// "\", "//", a sensitive target) keeps the traversal family on the value.
func refererDotsResolved(v string) bool {
	if len(v) > 2048 || !strings.Contains(v, "..") {
		return false
	}
	l := strings.ToLower(v)
	var rest string
	switch {
	case strings.HasPrefix(l, "https://"):
		rest = l[len("https://"):]
	case strings.HasPrefix(l, "http://"):
		rest = l[len("http://"):]
	default:
		return false
	}
	end := strings.IndexAny(rest, "/?#")
	if end <= 0 || rest[end] != '/' {
		return false
	}
	host, rest := rest[:end], rest[end:]
	for i := 0; i < len(host); i++ {
		c := host[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '.' || c == '-' || c == ':' || c == '[' || c == ']') {
			return false
		}
	}
	if strings.Contains(host, "..") {
		return false
	}
	path, tail := rest, ""
	if q := strings.IndexAny(rest, "?#"); q >= 0 {
		path, tail = rest[:q], rest[q:]
	}
	if strings.Contains(tail, "..") || strings.ContainsAny(path, "\\%;\x00 \t\r\n") || strings.Contains(path, "//") {
		return false
	}
	segs := strings.Split(path[1:], "/")
	out := make([]string, 0, len(segs))
	for i, s := range segs {
		last := i == len(segs)-1
		switch {
		case s == "..":
			if len(out) == 0 {
				return false // above the root
			}
			out = out[:len(out)-1]
			if last {
				out = append(out, "")
			}
		case s == ".":
			if last {
				out = append(out, "")
			}
		case strings.Contains(s, ".."):
			return false // "...", "..foo": not a dot-segment a browser resolves
		default:
			out = append(out, s)
		}
	}
	resolved := l[:len(l)-len(rest)] + "/" + strings.Join(out, "/") + tail
	return !detectTraversal(resolved)
}
