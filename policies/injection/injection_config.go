package injection

import (
	"net/netip"
	"regexp"
	"strings"

	"github.com/edgeward/edgeward/policies"
)

// Rule families. The family name is also the rule id of its built-in detector.
const (
	famSQLi family = 1 << iota
	famXSS
	famNoSQL
	famProto
	famTraversal
	famCmdi
	famAll = famSQLi | famXSS | famNoSQL | famProto | famTraversal | famCmdi
)

type family uint8

var familyNames = []struct {
	f    family
	name string
}{{famSQLi, "sqli"}, {famXSS, "xss"}, {famNoSQL, "nosql"}, {famProto, "proto"}, {famTraversal, "traversal"}, {famCmdi, "cmdi"}}

func (f family) String() string {
	for _, n := range familyNames {
		if n.f == f {
			return n.name
		}
	}
	return "custom"
}

// Request parts a value is found in, as named in config and in events (the core's, which
// ParamNote uses too).
const (
	LocPath   = policies.LocPath
	LocQuery  = policies.LocQuery
	LocHeader = policies.LocHeader
	LocCookie = policies.LocCookie
	LocBody   = policies.LocBody
)

var allLocations = []string{LocPath, LocQuery, LocHeader, LocCookie, LocBody}

// InjectionConfig is the "injection" section: which detectors run, where, and how they act.
type InjectionConfig struct {
	// Enabled: "enabled", default true. Off turns every injection detector off (schemas still apply).
	Enabled bool
	// Mode: "mode", default the top-level "mode" (enforce): enforce blocks with 403, detect logs,
	// counts and lets the request pass.
	Mode policies.Mode
	// Families: "families", an object of booleans {"sqli","xss","nosql","proto","traversal","cmdi"},
	// each default true.
	Families family
	// Sensitivity: "sensitivity", default 2 (1..4): how much evidence a value needs (see
	// sensitivity.go); higher blocks more, like CRS's paranoia levels.
	Sensitivity int
	// AllHeaders: "all_headers", default true: every request header is inspected except the
	// structured ones (structuredHeaders: Host, Accept*, Authorization, Content-*, caching,
	// tracing, Sec-*, pseudo-headers); false inspects only User-Agent, Referer, X-Filename,
	// Cookie and Headers.
	AllHeaders bool
	// Headers: "headers", request header names inspected in any case (lower-cased), default
	// none; User-Agent, Referer, X-Filename and every Cookie value are always inspected.
	Headers []string
	// Content: "content", what the operator declares a parameter on a route holds (source code,
	// command lines, SQL, markdown, logs, a GraphQL document), and so which families do not apply
	// to it (content.go). Nothing in a request can make such a declaration: without one, every
	// value is inspected in full whatever it looks like.
	Content []ContentDecl
	// MaxJSONDepth: "max_json_depth", default 64 (1..1024): deeper JSON bodies are refused with
	// 400, rule "json.depth".
	MaxJSONDepth int
	// MaxJSONKeys: "max_json_keys", default 10000 (1..1000000): JSON bodies with more object keys
	// plus array elements are refused with 413, rule "json.keys".
	MaxJSONKeys int
	// AllowCIDRs: "allow_cidrs", client networks that skip injection inspection, default none.
	AllowCIDRs []netip.Prefix
	// CustomRules: "custom_rules", extra rules.
	CustomRules []CustomRule
	// Exclusions: "exclusions", rule and parameter pairs not to inspect (false-positive tuning).
	Exclusions []Exclusion
	// Routes: "routes", per-route overrides; the first matching route applies.
	Routes []InjectionRoute
}

// CustomRule is one "custom_rules" entry: a pattern looked for in the named request parts.
type CustomRule struct {
	// ID: "id", required, the rule id reported in the 403 and events; must not be a family name.
	ID string
	// Locations: "locations", default every part: "path", "query", "header", "cookie", "body".
	Locations []string
	// Pattern: "pattern", an RE2 regular expression (use (?i) for case-insensitive), or
	Pattern *regexp.Regexp
	// Literal: "literal", a case-insensitive substring. Exactly one of pattern and literal.
	Literal string
	// Names: "parameters", default all: only values of these parameter names are checked.
	Names []string
}

// Exclusion is one "exclusions" entry: rule Rule is not applied to parameter Parameter.
type Exclusion struct {
	// Rule: "rule", required: a family name or custom rule id; "*" for every rule.
	Rule string
	// Parameter: "parameter", required: the parameter name as events report it (query or form
	// key, cookie or header name, JSON path such as "post.body").
	Parameter string
	// Location: "location", default any.
	Location string
	// Route: optional "methods", "path_prefix", "path", "except"; default every request.
	Route    policies.Route
	hasRoute bool
}

// InjectionRoute is one "routes" entry: overrides for matching requests.
type InjectionRoute struct {
	Route policies.Route
	// Enabled: "enabled", default true; false skips injection inspection on the route.
	Enabled bool
	// Mode: "mode", default the section's mode.
	Mode policies.Mode
	// Families: "families", default the section's families; each named family overrides.
	Families family
	// Sensitivity: "sensitivity", default the section's.
	Sensitivity int
}

// parseFamilies reads the families object of section key; a family takes its declared default,
// or def's when it has none (a route's families default to the section's).
func parseFamilies(n policies.Node, key string, def family) family {
	o, _ := n.Section(key)
	out := def
	for _, f := range familyNames {
		on := o.BoolOr(f.name, def&f.f != 0)
		if on {
			out |= f.f
		} else {
			out &^= f.f
		}
	}
	return out
}

func isFamilyName(s string) bool {
	for _, f := range familyNames {
		if f.name == s {
			return true
		}
	}
	return false
}

func parseInjection(n policies.Node, mode policies.Mode) InjectionConfig {
	o, _ := n.Section("injection")
	c := InjectionConfig{
		Enabled:      o.Bool("enabled"),
		Mode:         o.Mode("mode", mode),
		Families:     parseFamilies(o.Get("families"), "injection.families", famAll),
		Sensitivity:  int(o.Int("sensitivity")),
		MaxJSONDepth: int(o.Int("max_json_depth")),
		MaxJSONKeys:  int(o.Int("max_json_keys")),
		AllHeaders:   o.Bool("all_headers"),
	}
	if cc := o.Get("code_context"); cc.Exists() && cc.Bool(false) {
		// Removed: request content (a fence, a "language" key, a shebang) used to relax inspection.
		cc.Errorf("was removed: nothing in a request relaxes inspection any more; declare what a parameter holds with injection.content")
	}
	c.Content = parseContentDecls(o.Get("content"))
	for _, h := range o.Get("headers").Array() {
		s := h.NonEmptyString("")
		if s != "" {
			c.Headers = append(c.Headers, policies.LowerASCII(s))
		}
	}
	for _, a := range o.Get("allow_cidrs").Array() {
		s := a.NonEmptyString("")
		if s == "" {
			continue
		}
		p, err := netip.ParsePrefix(s)
		if err != nil {
			if ad, err2 := netip.ParseAddr(s); err2 == nil {
				p = netip.PrefixFrom(ad.Unmap(), ad.Unmap().BitLen())
			} else {
				a.Errorf("must be a CIDR such as \"10.0.0.0/8\", got %q", s)
				continue
			}
		}
		if p.Addr().Is4In6() {
			p = netip.PrefixFrom(p.Addr().Unmap(), p.Bits()-96)
		}
		c.AllowCIDRs = append(c.AllowCIDRs, p.Masked())
	}
	seen := map[string]bool{}
	for _, r := range o.Get("custom_rules").Array() {
		ro, _ := r.Section("injection.custom_rules[]")
		cr := CustomRule{ID: ro.Get("id").NonEmptyString("")}
		if cr.ID == "" && !ro.Get("id").Exists() {
			ro.Get("id").Errorf("required")
		}
		if isFamilyName(cr.ID) || strings.HasPrefix(cr.ID, "json.") {
			ro.Get("id").Errorf("%q is a built-in rule id", cr.ID)
		}
		if seen[cr.ID] && cr.ID != "" {
			ro.Get("id").Errorf("duplicate rule id %q", cr.ID)
		}
		seen[cr.ID] = true
		cr.Locations = parseLocations(ro.Get("locations"))
		cr.Pattern = ro.Get("pattern").Regexp()
		cr.Literal = strings.ToLower(ro.Get("literal").String(""))
		cr.Names = ro.Get("parameters").StringList(nil)
		switch {
		case ro.Get("pattern").Exists() && ro.Get("literal").Exists():
			r.Errorf("pattern and literal are mutually exclusive")
		case !ro.Get("pattern").Exists() && !ro.Get("literal").Exists():
			r.Errorf("one of pattern or literal is required")
		case ro.Get("literal").Exists() && cr.Literal == "":
			ro.Get("literal").Errorf("must not be empty")
		}
		c.CustomRules = append(c.CustomRules, cr)
	}
	for _, e := range o.Get("exclusions").Array() {
		eo, _ := e.Section("injection.exclusions[]")
		x := Exclusion{
			Rule:      eo.Get("rule").NonEmptyString(""),
			Parameter: eo.Get("parameter").NonEmptyString(""),
		}
		if !eo.Get("rule").Exists() {
			eo.Get("rule").Errorf("required")
		} else if x.Rule != "*" && !isFamilyName(x.Rule) && !seen[x.Rule] && x.Rule != "" {
			eo.Get("rule").Errorf("unknown rule %q (a family name, a custom rule id or \"*\")", x.Rule)
		}
		if !eo.Get("parameter").Exists() {
			eo.Get("parameter").Errorf("required")
		}
		if eo.Get("location").Exists() {
			x.Location = eo.Get("location").Enum("", allLocations...)
		}
		for _, k := range policies.RouteKeys {
			if eo.Get(k).Exists() {
				x.hasRoute = true
			}
		}
		x.Route = policies.ParseRoute(eo)
		c.Exclusions = append(c.Exclusions, x)
	}
	for _, r := range o.Get("routes").Array() {
		ro, _ := r.Section("injection.routes[]")
		c.Routes = append(c.Routes, InjectionRoute{
			Route:       policies.ParseRoute(ro),
			Enabled:     ro.Bool("enabled"),
			Mode:        ro.Mode("mode", c.Mode),
			Families:    parseFamilies(ro.Get("families"), "injection.routes[].families", c.Families),
			Sensitivity: int(ro.IntOr("sensitivity", int64(c.Sensitivity))),
		})
	}
	return c
}

func parseLocations(n policies.Node) []string {
	if !n.Exists() {
		return append([]string(nil), allLocations...)
	}
	var out []string
	for _, e := range n.Array() {
		out = append(out, e.Enum("", allLocations...))
	}
	if len(out) == 0 {
		n.Errorf("must name at least one location")
	}
	return out
}
