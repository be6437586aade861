package policies

import "strings"

// Route matches requests by method and path. Paths are compared after normalisation (decoded,
// dot-segments resolved), so `/api/../admin` matches `/admin`, not `/api/`.
type Route struct {
	// Methods: "methods", upper-case; empty means any method.
	Methods []string
	// Prefix: "path_prefix": matches the path itself and anything under it at a segment boundary
	// or not ("/api/" matches "/api/x"; "/api" matches "/api", "/api/x" and "/apix").
	Prefix string
	// Exact: "path": matches only this path (with or without a trailing slash).
	Exact string
	// Except: "except", path prefixes excluded from the match.
	Except []string
}

// routeKeys are the options of a route, as declared ("csrf.routes[]" is a route alone).
var RouteKeys = declaredKeys("csrf.routes[]")

// parseRoute reads the route keys from o (the caller's object also allows routeKeys). A route
// with neither path nor path_prefix matches every path.
func ParseRoute(o Obj) Route {
	// Route paths are matched against the lower-cased request path (see RoutePath), so they are
	// lower-cased here: "/API/" and "/api/" name the same route.
	r := Route{
		Prefix: strings.ToLower(o.Get("path_prefix").String("")),
		Exact:  strings.ToLower(o.Get("path").String("")),
		Except: o.Get("except").StringList(nil),
	}
	for i, e := range r.Except {
		r.Except[i] = strings.ToLower(e)
	}
	for _, m := range o.Get("methods").Array() {
		s := m.NonEmptyString("")
		if s != strings.ToUpper(s) {
			m.Errorf("method must be upper-case, got %q", s)
		}
		r.Methods = append(r.Methods, s)
	}
	if r.Prefix != "" && r.Exact != "" {
		o.n.Errorf("path and path_prefix are mutually exclusive")
	}
	for _, p := range append([]string{r.Prefix, r.Exact}, r.Except...) {
		if p != "" && !strings.HasPrefix(p, "/") {
			o.n.Errorf("paths must start with \"/\", got %q", p)
		}
	}
	return r
}

// Matches reports whether the request's method and normalised path match.
func (r *Route) Matches(method, path string) bool {
	if len(r.Methods) > 0 {
		ok := false
		for _, m := range r.Methods {
			if m == method {
				ok = true
				break
			}
		}
		if !ok {
			return false
		}
	}
	switch {
	case r.Exact != "":
		// A trailing slash does not make another route (Express's default non-strict routing
		// serves /login/ with the /login handler), so it must not escape a rule either.
		if path != r.Exact && strings.TrimSuffix(path, "/") != strings.TrimSuffix(r.Exact, "/") {
			return false
		}
	case r.Prefix != "":
		if !strings.HasPrefix(path, r.Prefix) && path+"/" != r.Prefix {
			return false
		}
	}
	for _, e := range r.Except {
		if strings.HasPrefix(path, e) || path+"/" == e {
			return false
		}
	}
	return true
}
