package policies_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/edgeward/edgeward/policies/internal/optspec"

	"github.com/edgeward/edgeward/policies"
)

// TestEveryDeclaredOptionIsRead parses a config holding every option of the schema (the probe
// of TestSchemaKeysAreParserKeys) and checks that a parser read each declared option: an option
// declared (and so accepted) but never read would be a setting with no effect.
func TestEveryDeclaredOptionIsRead(t *testing.T) {
	d := readSchemaDoc(t)
	inst := d.probe(d.root, "", map[string][]string{}, 0)
	doc, err := json.Marshal(inst)
	if err != nil {
		t.Fatal(err)
	}
	read := map[string]bool{}
	policies.OptionRead = func(section, name string) { read[section+"\x00"+name] = true }
	defer func() { policies.OptionRead = nil }()
	if _, err := policies.ParseConfig(doc); err == nil {
		t.Fatal("the probe holds unknown keys, yet ParseConfig accepted it")
	}
	n := 0
	for _, s := range optspec.Sections {
		if s.Key == "response.csp.directives" {
			continue // a map of directive names, read by the CSP parser as a map
		}
		for _, o := range s.Opts {
			n++
			if !read[s.Key+"\x00"+o.Name] {
				t.Errorf("%s is declared but no parser read it", s.Path(o.Name))
			}
		}
	}
	if n < 150 {
		t.Errorf("checked %d options, want every declared one", n)
	}
}

// TestDeclaredSections checks that every section a parser names is declared, and that an
// undeclared option read through a section is an error naming its path, not a silent default.
func TestDeclaredSections(t *testing.T) {
	for _, k := range []string{"", "client", "body", "body.routes[]", "csrf.routes[]", "rate_limit.global", "auth.providers[].remote_jwks"} {
		if optspec.Lookup(k) == nil {
			t.Errorf("section %q is not declared", k)
		}
	}
	if len(policies.RouteKeys) != 4 {
		t.Errorf("routeKeys = %v, want the 4 route options", policies.RouteKeys)
	}
	var errs []error
	root := policies.Node{Errs: &errs}
	o, _ := root.Section("client")
	o.Int("no_such_option")
	if len(errs) != 1 || !strings.Contains(errs[0].Error(), "no_such_option: internal error") {
		t.Errorf("reading an undeclared option: %v, want one internal error naming it", errs)
	}
	errs = nil
	root.Section("no_such_section")
	if len(errs) != 1 || !strings.Contains(errs[0].Error(), "no declaration of section") {
		t.Errorf("reading an undeclared section: %v", errs)
	}
}
