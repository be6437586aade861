package main

import (
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"

	"github.com/edgeward/edgeward/policies"
)

// replaySchema names the JSON report's schema; it changes only when a field changes meaning or
// goes away (new fields may be added).
const replaySchema = "edgeward.replay/v1"

// replayReport is the output of `edgeward replay`, printed as text or, with --json, as this
// JSON document (documented in envoy/reference/replay.md).
type replayReport struct {
	Schema     string      `json:"schema"`
	Input      reportInput `json:"input"`
	Config     string      `json:"config"`
	Wasm       string      `json:"wasm"`
	Workers    int         `json:"workers"`
	StartupMS  int64       `json:"startup_ms"`
	ElapsedMS  int64       `json:"elapsed_ms"`
	RatePerSec float64     `json:"requests_per_second"`

	Totals   reportTotals   `json:"totals"`
	Statuses map[string]int `json:"statuses"`
	ByRule   []ruleGroup    `json:"by_rule"`
	ByRoute  []routeGroup   `json:"by_route"`

	Expectations *expectations `json:"expectations,omitempty"`

	FalsePositivesLabelled bool               `json:"false_positives_labelled"`
	FalsePositives         []falsePositiveGrp `json:"false_positive_groups"`
	Exclusions             []exclusion        `json:"exclusions"`
	ExclusionsValid        bool               `json:"exclusions_valid"`
	ExclusionsError        string             `json:"exclusions_error,omitempty"`
	Verify                 *verifyResult      `json:"verify,omitempty"`

	Results []caseResult `json:"results"`
}

type reportInput struct {
	File     string   `json:"file"`
	Format   string   `json:"format"`
	Requests int      `json:"requests"`
	Skipped  int      `json:"skipped"`
	Problems []string `json:"problems"`
}

type reportTotals struct {
	Requests int `json:"requests"`
	Allowed  int `json:"allowed"`
	Blocked  int `json:"blocked"`
	Detected int `json:"detected"` // allowed, flagged by a detect-mode rule
	Answered int `json:"answered"`
	Errors   int `json:"errors"`
}

type ruleGroup struct {
	Rule     string   `json:"rule"`
	Blocked  int      `json:"blocked"`
	Detected int      `json:"detected"`
	IDs      []string `json:"ids"`
}

type routeGroup struct {
	Route    string         `json:"route"`
	Requests int            `json:"requests"`
	Blocked  int            `json:"blocked"`
	Detected int            `json:"detected"`
	Rules    map[string]int `json:"rules"`
	IDs      []string       `json:"ids"`
}

// expectations compares verdicts with the inputs' "expect" labels; flagged means blocked or,
// in detect mode, detected.
type expectations struct {
	Labelled          int      `json:"labelled"`
	ExpectBlock       int      `json:"expect_block"`
	ExpectAllow       int      `json:"expect_allow"`
	TruePositives     int      `json:"true_positives"`
	FalseNegatives    int      `json:"false_negatives"`
	FalsePositives    int      `json:"false_positives"`
	TrueNegatives     int      `json:"true_negatives"`
	DetectionRate     float64  `json:"detection_rate"`      // true_positives / expect_block
	FalsePositiveRate float64  `json:"false_positive_rate"` // false_positives / expect_allow
	Agreement         float64  `json:"agreement"`           // (TP + TN) / labelled
	MissedIDs         []string `json:"missed_ids"`
	FalsePositiveIDs  []string `json:"false_positive_ids"`
}

// falsePositiveGrp is one rule x parameter x route group of false positives and the exclusion
// that silences it (nil when none can: not an injection rule, or an unrecoverable name).
type falsePositiveGrp struct {
	Rule      string     `json:"rule"`
	Location  string     `json:"location"`
	Parameter string     `json:"parameter"`
	Route     string     `json:"route"`
	Methods   []string   `json:"methods"`
	Count     int        `json:"count"`
	IDs       []string   `json:"ids"`
	Exclusion *exclusion `json:"exclusion"`
	Note      string     `json:"note,omitempty"`
}

// exclusion is one entry of the injection section's "exclusions" (policies/injection_config.go).
type exclusion struct {
	Rule       string   `json:"rule"`
	Parameter  string   `json:"parameter"`
	Location   string   `json:"location,omitempty"`
	Methods    []string `json:"methods,omitempty"`
	PathPrefix string   `json:"path_prefix,omitempty"`
}

type verifyResult struct {
	Requests        int      `json:"requests"`
	StillFlagged    int      `json:"still_flagged"`
	StillFlaggedIDs []string `json:"still_flagged_ids"`
}

type reportOptions struct {
	maxIDs     int
	routeDepth int
}

// isFalsePositive: flagged although labelled "allow", or flagged and unlabelled (a candidate:
// captured traffic has no labels; review before pasting).
func isFalsePositive(r *caseResult) bool { return r.flagged() && r.Expect != "block" }

// excludable reports whether an injection exclusion can silence r's hit.
func excludable(r *caseResult) bool {
	return r.Location != "" && r.paramKnown && r.Rule != "" && !strings.HasPrefix(r.Rule, "json.")
}

// routeOf groups a raw path by its first depth segments after the engine's normalisation
// (policies.RoutePath), stopping before a segment that looks like an id, with a trailing slash
// so that, as a path_prefix, it matches at a segment boundary.
func routeOf(raw string, depth int) string {
	p := policies.RoutePath(raw)
	segs := strings.Split(strings.Trim(p, "/"), "/")
	var out []string
	for _, s := range segs {
		if s == "" || len(out) >= depth || looksLikeID(s) {
			break
		}
		out = append(out, s)
	}
	if len(out) == 0 {
		return "/"
	}
	return "/" + strings.Join(out, "/") + "/"
}

// looksLikeID: all digits, a UUID, or 16+ hex digits.
func looksLikeID(s string) bool {
	digits, hex := true, true
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			digits = false
		}
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c == '-') {
			hex = false
		}
	}
	return digits || hex && (len(s) >= 16 || len(s) == 36 && strings.Count(s, "-") == 4)
}

func buildReport(in *replayInput, results []caseResult, o reportOptions) *replayReport {
	rep := &replayReport{
		Schema:         replaySchema,
		Input:          reportInput{Format: in.Format, Requests: len(results), Skipped: in.Skipped, Problems: in.Problems},
		Statuses:       map[string]int{},
		ByRule:         []ruleGroup{},
		ByRoute:        []routeGroup{},
		FalsePositives: []falsePositiveGrp{},
		Exclusions:     []exclusion{},
		Results:        results,
	}
	if rep.Input.Problems == nil {
		rep.Input.Problems = []string{}
	}
	addID := func(ids []string, id string) []string {
		if len(ids) < o.maxIDs {
			return append(ids, id)
		}
		return ids
	}
	rules := map[string]*ruleGroup{}
	routes := map[string]*routeGroup{}
	var exp expectations
	labelled := true
	for i := range results {
		r := &results[i]
		r.Route = routeOf(r.Path, o.routeDepth)
		rep.Totals.Requests++
		switch r.Verdict {
		case verdictAllowed:
			rep.Totals.Allowed++
		case verdictBlocked:
			rep.Totals.Blocked++
		case verdictAnswered:
			rep.Totals.Answered++
		case verdictError:
			rep.Totals.Errors++
		}
		if r.Detected {
			rep.Totals.Detected++
		}
		if r.Status != 0 {
			rep.Statuses[strconv.Itoa(r.Status)]++
		}
		rg := routes[r.Route]
		if rg == nil {
			rg = &routeGroup{Route: r.Route, Rules: map[string]int{}, IDs: []string{}}
			routes[r.Route] = rg
		}
		rg.Requests++
		if r.flagged() {
			rule := ruleName(r)
			g := rules[rule]
			if g == nil {
				g = &ruleGroup{Rule: rule, IDs: []string{}}
				rules[rule] = g
			}
			if r.Detected {
				g.Detected++
				rg.Detected++
			} else {
				g.Blocked++
				rg.Blocked++
			}
			g.IDs = addID(g.IDs, r.ID)
			rg.Rules[rule]++
			rg.IDs = addID(rg.IDs, r.ID)
		}
		switch r.Expect {
		case "block":
			exp.Labelled++
			exp.ExpectBlock++
			if r.flagged() {
				exp.TruePositives++
			} else {
				exp.FalseNegatives++
				exp.MissedIDs = addID(exp.MissedIDs, r.ID)
			}
		case "allow":
			exp.Labelled++
			exp.ExpectAllow++
			if r.flagged() {
				exp.FalsePositives++
				exp.FalsePositiveIDs = addID(exp.FalsePositiveIDs, r.ID)
			} else {
				exp.TrueNegatives++
			}
		default:
			labelled = false
		}
	}
	for _, g := range rules {
		rep.ByRule = append(rep.ByRule, *g)
	}
	sort.Slice(rep.ByRule, func(i, j int) bool {
		a, b := rep.ByRule[i], rep.ByRule[j]
		if a.Blocked+a.Detected != b.Blocked+b.Detected {
			return a.Blocked+a.Detected > b.Blocked+b.Detected
		}
		return a.Rule < b.Rule
	})
	for _, g := range routes {
		rep.ByRoute = append(rep.ByRoute, *g)
	}
	sort.Slice(rep.ByRoute, func(i, j int) bool {
		a, b := rep.ByRoute[i], rep.ByRoute[j]
		if a.Blocked+a.Detected != b.Blocked+b.Detected {
			return a.Blocked+a.Detected > b.Blocked+b.Detected
		}
		if a.Requests != b.Requests {
			return a.Requests > b.Requests
		}
		return a.Route < b.Route
	})
	if exp.Labelled > 0 {
		exp.DetectionRate = ratio(exp.TruePositives, exp.ExpectBlock)
		exp.FalsePositiveRate = ratio(exp.FalsePositives, exp.ExpectAllow)
		exp.Agreement = ratio(exp.TruePositives+exp.TrueNegatives, exp.Labelled)
		if exp.MissedIDs == nil {
			exp.MissedIDs = []string{}
		}
		if exp.FalsePositiveIDs == nil {
			exp.FalsePositiveIDs = []string{}
		}
		rep.Expectations = &exp
	}
	rep.FalsePositivesLabelled = labelled && len(results) > 0
	rep.FalsePositives = falsePositiveGroups(results, o)
	for _, g := range rep.FalsePositives {
		if g.Exclusion != nil {
			rep.Exclusions = append(rep.Exclusions, *g.Exclusion)
		}
	}
	return rep
}

// ruleName is the group name of a flagged result: its rule, or its status when the reply names
// none (a host reply, a plain-text local reply).
func ruleName(r *caseResult) string {
	if r.Rule != "" {
		return r.Rule
	}
	return "status-" + strconv.Itoa(r.Status)
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(int(float64(a)/float64(b)*10000)) / 10000
}

// falsePositiveGroups groups the false positives by rule x location x parameter x route and
// writes each group's exclusion.
func falsePositiveGroups(results []caseResult, o reportOptions) []falsePositiveGrp {
	type key struct{ rule, loc, param, route string }
	groups := map[key]*falsePositiveGrp{}
	methods := map[key]map[string]bool{}
	var order []key
	for i := range results {
		r := &results[i]
		if !isFalsePositive(r) {
			continue
		}
		k := key{ruleName(r), r.Location, r.Parameter, r.Route}
		g := groups[k]
		if g == nil {
			g = &falsePositiveGrp{Rule: k.rule, Location: r.Location, Parameter: r.Parameter, Route: r.Route, IDs: []string{}}
			switch {
			case excludable(r):
				x := &exclusion{Rule: r.Rule, Parameter: r.paramName, Location: r.Location}
				if r.Route != "/" {
					x.PathPrefix = r.Route
				}
				g.Exclusion = x
			case strings.HasPrefix(r.Rule, "json."):
				g.Note = "a JSON body limit, not a parameter: raise injection.max_json_depth/max_json_keys"
			case r.Location == "":
				g.Note = "not an injection detection: exclusions do not apply"
			default:
				g.Note = "the logged parameter name is truncated or not recoverable: write this exclusion by hand"
			}
			groups[k] = g
			methods[k] = map[string]bool{}
			order = append(order, k)
		}
		g.Count++
		if len(g.IDs) < o.maxIDs {
			g.IDs = append(g.IDs, r.ID)
		}
		methods[k][r.Method] = true
	}
	out := make([]falsePositiveGrp, 0, len(order))
	for _, k := range order {
		g := groups[k]
		for m := range methods[k] {
			g.Methods = append(g.Methods, m)
		}
		sort.Strings(g.Methods)
		if g.Exclusion != nil {
			g.Exclusion.Methods = g.Methods
		}
		out = append(out, *g)
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Count != out[j].Count {
			return out[i].Count > out[j].Count
		}
		a, b := out[i], out[j]
		return a.Rule+"\x00"+a.Route+"\x00"+a.Location+"\x00"+a.Parameter < b.Rule+"\x00"+b.Route+"\x00"+b.Location+"\x00"+b.Parameter
	})
	return out
}

// exclusionsSnippet is the text to paste: the new entries of injection.exclusions.
func exclusionsSnippet(ex []exclusion) string {
	var b strings.Builder
	b.WriteString("{\n  \"injection\": {\n    \"exclusions\": [\n")
	for i, x := range ex {
		line, _ := json.Marshal(x)
		b.WriteString("      ")
		b.Write(line)
		if i < len(ex)-1 {
			b.WriteString(",")
		}
		b.WriteString("\n")
	}
	b.WriteString("    ]\n  }\n}\n")
	return b.String()
}

// mergeExclusions appends ex to cfg's injection.exclusions (creating the section and the list
// when absent) and returns the merged config; the other keys are kept as they are.
func mergeExclusions(cfg []byte, ex []exclusion) ([]byte, error) {
	var top map[string]json.RawMessage
	if err := json.Unmarshal(cfg, &top); err != nil {
		return nil, fmt.Errorf("config: %w", err)
	}
	if top == nil {
		top = map[string]json.RawMessage{}
	}
	inj := map[string]json.RawMessage{}
	if raw, ok := top["injection"]; ok {
		if err := json.Unmarshal(raw, &inj); err != nil || inj == nil {
			return nil, fmt.Errorf("config: injection: want an object")
		}
	}
	var list []json.RawMessage
	if raw, ok := inj["exclusions"]; ok {
		if err := json.Unmarshal(raw, &list); err != nil {
			return nil, fmt.Errorf("config: injection.exclusions: want an array")
		}
	}
	for _, x := range ex {
		b, err := json.Marshal(x)
		if err != nil {
			return nil, err
		}
		list = append(list, b)
	}
	var err error
	if inj["exclusions"], err = json.Marshal(list); err != nil {
		return nil, err
	}
	if top["injection"], err = json.Marshal(inj); err != nil {
		return nil, err
	}
	return json.MarshalIndent(top, "", "  ")
}

// maxTextRoutes bounds the routes the text report lists.
const maxTextRoutes = 15

// writeReplayText prints the human report.
func writeReplayText(w io.Writer, rep *replayReport) {
	ids := func(list []string, total int) string {
		s := strings.Join(list, " ")
		if more := total - len(list); more > 0 && len(list) > 0 {
			s += fmt.Sprintf(" (+%d more)", more)
		}
		return s
	}
	fmt.Fprintf(w, "edgeward replay: %d requests from %s (%s) with %s on %s\n",
		rep.Totals.Requests, rep.Input.File, rep.Input.Format, rep.Config, rep.Wasm)
	fmt.Fprintf(w, "  %d workers, module start %.1fs, replay %.2fs (%.0f req/s)\n",
		rep.Workers, float64(rep.StartupMS)/1000, float64(rep.ElapsedMS)/1000, rep.RatePerSec)
	if rep.Input.Skipped > 0 {
		fmt.Fprintf(w, "  %d input entries skipped:\n", rep.Input.Skipped)
		for _, p := range rep.Input.Problems {
			fmt.Fprintf(w, "    %s\n", p)
		}
	}
	t := rep.Totals
	fmt.Fprintf(w, "\nVerdicts: %d allowed, %d blocked", t.Allowed, t.Blocked)
	if t.Detected > 0 {
		fmt.Fprintf(w, ", %d allowed but detected (detect mode)", t.Detected)
	}
	if t.Answered > 0 {
		fmt.Fprintf(w, ", %d answered locally", t.Answered)
	}
	if t.Errors > 0 {
		fmt.Fprintf(w, ", %d errors", t.Errors)
	}
	codes := make([]string, 0, len(rep.Statuses))
	for c := range rep.Statuses {
		codes = append(codes, c)
	}
	sort.Strings(codes)
	fmt.Fprint(w, "\nStatuses:")
	for _, c := range codes {
		fmt.Fprintf(w, " %s×%d", c, rep.Statuses[c])
	}
	fmt.Fprintln(w)

	flagged := "Blocked"
	if t.Detected > 0 {
		flagged = "Blocked or detected"
	}
	if len(rep.ByRule) > 0 {
		fmt.Fprintf(w, "\n%s by rule:\n", flagged)
		for _, g := range rep.ByRule {
			n := fmt.Sprintf("%d", g.Blocked)
			if g.Detected > 0 {
				n += fmt.Sprintf(" (+%d detected)", g.Detected)
			}
			fmt.Fprintf(w, "  %-16s %6s  %s\n", g.Rule, n, ids(g.IDs, g.Blocked+g.Detected))
		}
		fmt.Fprintf(w, "\n%s by route:\n", flagged)
		shown, hidden := 0, 0
		for _, g := range rep.ByRoute {
			if g.Blocked+g.Detected == 0 {
				continue
			}
			if shown == maxTextRoutes {
				hidden++
				continue
			}
			shown++
			rules := make([]string, 0, len(g.Rules))
			for r, n := range g.Rules {
				rules = append(rules, fmt.Sprintf("%s %d", r, n))
			}
			sort.Strings(rules)
			fmt.Fprintf(w, "  %-24s %d of %d (%s)\n      %s\n", g.Route, g.Blocked+g.Detected, g.Requests,
				strings.Join(rules, ", "), ids(g.IDs, g.Blocked+g.Detected))
		}
		if hidden > 0 {
			fmt.Fprintf(w, "  ... and %d more routes with blocks (--json lists them all)\n", hidden)
		}
	}
	if e := rep.Expectations; e != nil {
		fmt.Fprintf(w, "\nAgainst the inputs' expect labels (%d labelled):\n", e.Labelled)
		fmt.Fprintf(w, "  detection       %d/%d (%.1f%%), missed: %s\n", e.TruePositives, e.ExpectBlock,
			100*e.DetectionRate, ids(e.MissedIDs, e.FalseNegatives))
		fmt.Fprintf(w, "  false positives %d/%d (%.1f%%): %s\n", e.FalsePositives, e.ExpectAllow,
			100*e.FalsePositiveRate, ids(e.FalsePositiveIDs, e.FalsePositives))
		fmt.Fprintf(w, "  agreement       %.1f%%\n", 100*e.Agreement)
	}
	if len(rep.FalsePositives) > 0 {
		if rep.FalsePositivesLabelled {
			fmt.Fprintln(w, "\nFalse positives by rule × parameter × route:")
		} else {
			fmt.Fprintln(w, "\nBlocked requests without an expect label, by rule × parameter × route (candidate false positives; review them):")
		}
		for _, g := range rep.FalsePositives {
			param := g.Location + ":" + g.Parameter
			if g.Location == "" {
				param = "-"
			}
			fmt.Fprintf(w, "  %-10s %-28s %-20s %4d  %s\n", g.Rule, param, g.Route, g.Count, ids(g.IDs, g.Count))
			if g.Note != "" {
				fmt.Fprintf(w, "      note: %s\n", g.Note)
			}
		}
	}
	if len(rep.Exclusions) > 0 {
		state := "validated with ParseConfig"
		if !rep.ExclusionsValid {
			state = "INVALID: " + rep.ExclusionsError
		}
		fmt.Fprintf(w, "\nExclusions that silence them (add to injection.exclusions; %s):\n%s", state, exclusionsSnippet(rep.Exclusions))
		if v := rep.Verify; v != nil {
			fmt.Fprintf(w, "Re-run with them: %d of %d still flagged", v.StillFlagged, v.Requests)
			if v.StillFlagged > 0 {
				fmt.Fprintf(w, " (another parameter or rule matches next; replay again with the merged config): %s",
					ids(firstN(v.StillFlaggedIDs, 20), v.StillFlagged))
			}
			fmt.Fprintln(w)
		}
	}
}

func firstN(s []string, n int) []string {
	if len(s) > n {
		return s[:n]
	}
	return s
}
