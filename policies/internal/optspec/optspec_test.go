package optspec

import (
	"strings"
	"testing"
)

// TestDeclarations checks the declarations themselves: keys unique, every reference to a
// section or a type resolvable, defaults of the declared type and within range, duration ranges
// parseable, and every option documented (its own Doc or its type's).
func TestDeclarations(t *testing.T) {
	types := map[string]string{}
	for _, ty := range Types {
		if types[ty.Name] != "" {
			t.Errorf("type %s declared twice", ty.Name)
		}
		types[ty.Name] = ty.Schema
	}
	defs := map[string]bool{}
	keys := map[string]bool{}
	for _, s := range Sections {
		if keys[s.Key] {
			t.Errorf("section %q declared twice", s.Key)
		}
		keys[s.Key] = true
		if s.Def != "" {
			if defs[s.Def] || types[s.Def] != "" {
				t.Errorf("section %q: def %s declared twice", s.Key, s.Def)
			}
			defs[s.Def] = true
		}
	}
	if !keys[""] {
		t.Fatal("no top-level section")
	}
	for _, s := range Sections {
		names := map[string]bool{}
		for _, o := range s.Opts {
			p := s.Path(o.Name)
			if names[o.Name] {
				t.Errorf("%s declared twice", p)
			}
			names[o.Name] = true
			for _, r := range []string{o.Ref, o.Items} {
				if r != "" && types[r] == "" && !defs[r] {
					t.Errorf("%s: no type or section def %q", p, r)
				}
			}
			for _, k := range []string{o.Section, o.ItemSection} {
				if k != "" && !keys[k] {
					t.Errorf("%s: no section %q", p, k)
				}
			}
			if o.Doc == "" && !strings.Contains(types[o.Ref], `"description"`) && o.Section == "" {
				t.Errorf("%s: no meaning (Doc)", p)
			}
			if strings.Contains(o.Doc, "\n") {
				t.Errorf("%s: meaning spans lines", p)
			}
			if o.Dur != nil {
				min, max, ok := o.Dur.Bounds()
				if !ok || min > max {
					t.Errorf("%s: bad duration range %v", p, *o.Dur)
				}
				if d := o.DefaultDuration(); o.Default != nil && ok && (d < min || d > max) {
					t.Errorf("%s: default %v outside %v", p, o.Default, *o.Dur)
				}
			}
			if o.Range != nil && o.Default != nil {
				var f float64
				switch v := o.Default.(type) {
				case int:
					f = float64(v)
				case float64:
					f = v
				default:
					t.Errorf("%s: numeric option with default %T", p, o.Default)
				}
				if f < o.Range.Min || f > o.Range.Max {
					t.Errorf("%s: default %v outside %v to %v", p, o.Default, o.Range.Min, o.Range.Max)
				}
			}
			if o.Enum != nil && o.Default != nil {
				ok := false
				for _, e := range o.Enum {
					ok = ok || e == o.Default
				}
				if !ok {
					t.Errorf("%s: default %v not among %v", p, o.Default, o.Enum)
				}
			}
		}
	}
	for _, k := range []string{"client", "auth.providers[].remote_jwks", "rate_limit.rules[]", "rate_limit.global", "response.csp"} {
		if Lookup(k) == nil {
			t.Errorf("Lookup(%q) = nil", k)
		}
	}
}
