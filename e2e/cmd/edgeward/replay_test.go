package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/edgeward/edgeward/e2e/e2etest"
	"github.com/edgeward/edgeward/policies"
	"github.com/edgeward/edgeward/policies/injection"
)

// crsCorpus is the third-party CRS regression corpus, kept in the repository (see its README).
func crsCorpus(t *testing.T) string {
	t.Helper()
	p := filepath.Join(e2etest.RepoRoot(t), "policies", "testdata", "crs", "crs-regression-pl2.jsonl")
	if _, err := os.Stat(p); err != nil {
		t.Fatalf("CRS corpus missing (it must never be skipped): %v", err)
	}
	return p
}

func readRepoFile(t *testing.T, rel string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(e2etest.RepoRoot(t), rel))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestReplayCRSMatchesHTTP replays the whole CRS corpus in-process with envoy/examples/waf.json,
// then sends a sample of the same requests to the dev host over real HTTP: every verdict
// (status and rule) must agree.
func TestReplayCRSMatchesHTTP(t *testing.T) {
	data, err := os.ReadFile(crsCorpus(t))
	if err != nil {
		t.Fatal(err)
	}
	in, err := parseReplayInput(data)
	if err != nil {
		t.Fatal(err)
	}
	if in.Format != formatJSONL || len(in.Cases) != 2014 || in.Skipped != 0 {
		t.Fatalf("corpus: format %s, %d cases, %d skipped; want jsonl, 2014, 0", in.Format, len(in.Cases), in.Skipped)
	}
	cfg := readRepoFile(t, "envoy/examples/waf.json")
	r := &replayer{wasm: e2etest.Module(t, ""), workers: 2, idHeader: "x-request-id", cache: e2etest.Cache(t)}
	start := time.Now()
	results, startup, err := r.run(context.Background(), cfg, in.Cases)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("replayed %d cases in %v (module start %v)", len(results), time.Since(start)-startup, startup)
	rep := buildReport(in, results, reportOptions{maxIDs: 10, routeDepth: 2})
	if rep.Totals.Requests != len(in.Cases) || rep.Totals.Errors != 0 {
		t.Fatalf("totals %+v: want every one of %d cases run without error", rep.Totals, len(in.Cases))
	}
	if rep.Totals.Blocked == 0 || rep.Totals.Allowed == 0 {
		t.Fatalf("totals %+v: want both blocked and allowed requests", rep.Totals)
	}
	for i := range results {
		res := &results[i]
		if res.Verdict == verdictBlocked && res.Status == 403 && (res.Rule == "" || res.Location == "" || res.Parameter == "") {
			t.Errorf("%s: blocked without rule/location/parameter: %+v", res.ID, *res)
		}
	}
	e := rep.Expectations
	if e == nil || e.Labelled != len(in.Cases) || e.TruePositives+e.FalseNegatives != e.ExpectBlock {
		t.Fatalf("expectations %+v: want every case labelled and counted", e)
	}
	t.Logf("detection %.1f%%, false positives %d/%d, %d exclusion groups", 100*e.DetectionRate, e.FalsePositives, e.ExpectAllow, len(rep.FalsePositives))

	base, _ := e2etest.Start(t, e2etest.Options{Config: cfg, Workers: 2})
	addr := strings.TrimPrefix(base, "http://")
	const sample = 200
	stride := len(in.Cases) / sample
	var idx []int
	for i := 0; i < len(in.Cases) && len(idx) < sample; i += stride {
		idx = append(idx, i)
	}
	type verdict struct {
		status int
		rule   string
	}
	got := make([]verdict, len(idx))
	errs := make([]error, len(idx))
	var wg sync.WaitGroup
	sem := make(chan struct{}, 8)
	for k, i := range idx {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			status, body, err := sendRaw(addr, &in.Cases[i], fmt.Sprintf("http-%d", i))
			errs[k] = err
			got[k] = verdict{status, ruleOf(status, body)}
		}()
	}
	wg.Wait()
	agree, blocked := 0, 0
	for k, i := range idx {
		if errs[k] != nil {
			t.Errorf("%s over HTTP: %v", in.Cases[i].ID, errs[k])
			continue
		}
		want := verdict{results[i].Status, ""}
		if results[i].Verdict == verdictBlocked {
			want.rule = results[i].Rule
			blocked++
		}
		if got[k] != want {
			t.Errorf("%s: over HTTP %+v, replayed %+v", in.Cases[i].ID, got[k], want)
			continue
		}
		agree++
	}
	if agree != sample || blocked == 0 {
		t.Errorf("%d of %d sampled verdicts agree (%d blocked); want all %d, some blocked", agree, len(idx), blocked, sample)
	}
}

// sendRaw sends c over a new connection exactly as replay builds it and returns the response.
func sendRaw(addr string, c *replayCase, id string) (int, []byte, error) {
	// A dial on a loaded 2-core CI machine once timed out before the handshake (the verdict
	// is what is compared, not the connection): up to three dials.
	var conn net.Conn
	var err error
	for try := 0; try < 3; try++ {
		if conn, err = net.DialTimeout("tcp", addr, 10*time.Second); err == nil {
			break
		}
	}
	if err != nil {
		return 0, nil, err
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(30 * time.Second))
	if err := writeRawRequest(conn, c, "x-request-id", id); err != nil {
		return 0, nil, err
	}
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	return resp.StatusCode, body, err
}

func ruleOf(status int, body []byte) string {
	if status < 400 {
		return ""
	}
	var b struct {
		Rule string `json:"rule"`
	}
	json.Unmarshal(body, &b)
	return b.Rule
}

// TestReplayCommand runs `edgeward replay` on the HAR fixture, as text and as JSON.
func TestReplayCommand(t *testing.T) {
	wasm := filepath.Join(t.TempDir(), "edgeward.wasm")
	if err := os.WriteFile(wasm, e2etest.Module(t, ""), 0o644); err != nil {
		t.Fatal(err)
	}
	cfg := filepath.Join(e2etest.RepoRoot(t), "envoy", "examples", "waf.json")
	har := filepath.Join("testdata", "replay.har")
	args := []string{"--config", cfg, "--requests", har, "--wasm", wasm, "--workers", "2", "--quiet"}

	var stdout, stderr bytes.Buffer
	if code := replayCmd(append(args, "--json"), &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d, stderr:\n%s", code, stderr.String())
	}
	var rep struct {
		Schema string `json:"schema"`
		Input  struct {
			Format   string   `json:"format"`
			Requests int      `json:"requests"`
			Skipped  int      `json:"skipped"`
			Problems []string `json:"problems"`
		} `json:"input"`
		Totals         reportTotals       `json:"totals"`
		ByRule         []ruleGroup        `json:"by_rule"`
		ByRoute        []routeGroup       `json:"by_route"`
		FalsePositives []falsePositiveGrp `json:"false_positive_groups"`
		Exclusions     []exclusion        `json:"exclusions"`
		Valid          bool               `json:"exclusions_valid"`
		Verify         *verifyResult      `json:"verify"`
		Results        []caseResult       `json:"results"`
	}
	if err := json.Unmarshal(stdout.Bytes(), &rep); err != nil {
		t.Fatalf("--json output: %v\n%s", err, stdout.String())
	}
	if rep.Schema != replaySchema || rep.Input.Format != "har" || rep.Input.Requests != 4 || rep.Input.Skipped != 1 {
		t.Errorf("schema %q input %+v: want %s, har, 4 requests, 1 skipped", rep.Schema, rep.Input, replaySchema)
	}
	wantX := []exclusion{{Rule: "sqli", Parameter: "password", Location: "body", Methods: []string{"POST"}, PathPrefix: "/login/"}}
	if !reflect.DeepEqual(rep.Exclusions, wantX) || !rep.Valid {
		t.Errorf("exclusions %+v (valid %v), want %+v", rep.Exclusions, rep.Valid, wantX)
	}
	if rep.Verify == nil || rep.Verify.Requests != 1 || rep.Verify.StillFlagged != 0 {
		t.Errorf("verify %+v: want the one false positive silenced", rep.Verify)
	}
	if rep.Totals.Blocked != 1 || rep.Totals.Allowed != 3 || len(rep.ByRule) != 1 || rep.ByRule[0].Rule != "sqli" ||
		!reflect.DeepEqual(rep.ByRule[0].IDs, []string{"2"}) {
		t.Errorf("totals %+v by_rule %+v: want one sqli block, id 2", rep.Totals, rep.ByRule)
	}
	if len(rep.Results) != 4 || rep.Results[1].ID != "checkout-1" || rep.Results[1].Route != "/api/orders/" {
		t.Errorf("results %+v: want 4, the second with id checkout-1 on route /api/orders/", rep.Results)
	}

	// Detect mode: nothing blocked, the detection still reported and excluded.
	detect := filepath.Join(t.TempDir(), "detect.json")
	if err := os.WriteFile(detect, []byte(`{"injection": {"mode": "detect"}}`), 0o644); err != nil {
		t.Fatal(err)
	}
	stdout.Reset()
	dargs := append([]string{}, args...)
	dargs[1] = detect
	if code := replayCmd(append(dargs, "--json"), &stdout, &stderr); code != 0 {
		t.Fatalf("detect mode: exit %d, stderr:\n%s", code, stderr.String())
	}
	rep.Exclusions, rep.Verify = nil, nil
	if err := json.Unmarshal(stdout.Bytes(), &rep); err != nil {
		t.Fatal(err)
	}
	if rep.Totals.Blocked != 0 || rep.Totals.Detected != 1 || !reflect.DeepEqual(rep.Exclusions, wantX) ||
		rep.Verify == nil || rep.Verify.StillFlagged != 0 {
		t.Errorf("detect mode: totals %+v exclusions %+v verify %+v: want 1 detected, the same exclusion, silenced", rep.Totals, rep.Exclusions, rep.Verify)
	}

	stdout.Reset()
	if code := replayCmd(args, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d, stderr:\n%s", code, stderr.String())
	}
	for _, want := range []string{"Blocked by rule:", "sqli", "/login/", "candidate false positives",
		`{"rule":"sqli","parameter":"password","location":"body","methods":["POST"],"path_prefix":"/login/"}`,
		"validated with ParseConfig", "0 of 1 still flagged"} {
		if !strings.Contains(stdout.String(), want) {
			t.Errorf("text report lacks %q:\n%s", want, stdout.String())
		}
	}
}

func TestReplayFlags(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"no config", []string{"--requests", "x"}, "--config is required"},
		{"no requests", []string{"--config", "x"}, "--requests is required"},
		{"workers", []string{"--config", "x", "--requests", "y", "--workers", "0"}, "--workers 0"},
		{"route depth", []string{"--config", "x", "--requests", "y", "--route-depth", "9"}, "--route-depth 9"},
		{"extra", []string{"--config", "x", "--requests", "y", "z"}, "unexpected arguments"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := parseReplayFlags(tt.args, io.Discard)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v, want %q", err, tt.want)
			}
		})
	}
	var stderr bytes.Buffer
	if code := replayCmd([]string{"--config", "/nonexistent.json", "--requests", "x"}, io.Discard, &stderr); code != 1 ||
		!strings.Contains(stderr.String(), "config") {
		t.Errorf("missing config: exit %d, stderr %q", code, stderr.String())
	}
}

func TestParseHAR(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("testdata", "replay.har"))
	if err != nil {
		t.Fatal(err)
	}
	in, err := parseReplayInput(data)
	if err != nil {
		t.Fatal(err)
	}
	want := []replayCase{
		{ID: "0", Method: "GET", Path: "/api/search?q=blue+shoes&sort=price", Host: "shop.example.com",
			Headers: [][2]string{{"accept", "application/json"}, {"cookie", "sid=abc; theme=dark"}, {"user-agent", "Mozilla/5.0"}}},
		{ID: "checkout-1", Method: "POST", Path: "/api/orders/12345/notes", Host: "shop.example.com:8080",
			Headers: [][2]string{{"Content-Type", "application/json"}, {"Content-Length", "999"}, {"X-Request-Id", "captured-id"}},
			Body:    `{"note":"select the blue one or the red one"}`},
		{ID: "2", Method: "POST", Path: "/login", Host: "shop.example.com",
			Headers: [][2]string{{"Content-Type", "application/x-www-form-urlencoded"}},
			Body:    "password=a%27+OR+%271%27%3D%271&user=ann"},
		{ID: "4", Method: "GET", Path: "/?ref=mail", Host: "shop.example.com"},
	}
	if in.Format != formatHAR || in.Skipped != 1 || len(in.Problems) != 1 || !strings.Contains(in.Problems[0], "entries[3]") {
		t.Errorf("format %s skipped %d problems %q: want har, 1, entries[3]", in.Format, in.Skipped, in.Problems)
	}
	if len(in.Cases) != len(want) {
		t.Fatalf("got %d cases, want %d", len(in.Cases), len(want))
	}
	for i := range want {
		if !reflect.DeepEqual(in.Cases[i], want[i]) {
			t.Errorf("case %d:\n got %+v\nwant %+v", i, in.Cases[i], want[i])
		}
	}
	// The request the module sees: body length recomputed, the captured request id replaced.
	r := buildRequest(&in.Cases[1], "x-request-id", "replay-1")
	if got := r.Header.Get("Content-Length"); got != "45" || r.Header.Get("X-Request-Id") != "replay-1" || r.Host != "shop.example.com:8080" || r.RequestURI != "/api/orders/12345/notes" {
		t.Errorf("request: content-length %q, id %q, host %q, uri %q", got, r.Header.Get("X-Request-Id"), r.Host, r.RequestURI)
	}
}

func TestParseJSONL(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		want    []replayCase
		skipped int
		err     string
	}{
		{
			name: "corpus line",
			in:   `{"id": "crs-1", "category": "sqli", "expect": "block", "method": "GET", "path": "/get?x=1%27", "headers": {"User-Agent": "t", "Host": "h.example"}, "body": "", "crs_rule": 942100}`,
			want: []replayCase{{ID: "crs-1", Method: "GET", Path: "/get?x=1%27", Host: "h.example", Headers: [][2]string{{"User-Agent", "t"}}, Expect: "block"}},
		},
		{
			name: "defaults, numeric id, repeated header, url",
			in:   "\n{\"id\": 7, \"url\": \"http://a.example/x?y\", \"headers\": {\"Cookie\": [\"a=1\", \"b=2\"]}}\n{\"path\": \"/p\", \"method\": \"PUT\", \"body\": \"data\"}\n",
			want: []replayCase{
				{ID: "7", Method: "GET", Path: "/x?y", Host: "a.example", Headers: [][2]string{{"Cookie", "a=1"}, {"Cookie", "b=2"}}},
				{ID: "3", Method: "PUT", Path: "/p", Body: "data"},
			},
		},
		{
			name:    "bad lines skipped",
			in:      "{\"path\": \"/ok\"}\n{not json\n{\"path\": \"relative\"}\n{\"path\": \"/x\", \"expect\": \"maybe\"}\n{\"path\": \"/x\", \"method\": \"GE T\"}\n{\"path\": \"/x\", \"headers\": {\"bad name\": \"v\"}}\n{\"path\": \"/a b\"}\n{\"path\": \"/x\", \"headers\": {\"X\": \"a\\r\\nInjected: 1\"}}\n",
			want:    []replayCase{{ID: "1", Method: "GET", Path: "/ok"}},
			skipped: 7,
		},
		{name: "json array", in: `[{"id": "a", "path": "/a"}]`, want: []replayCase{{ID: "a", Method: "GET", Path: "/a"}}},
		{name: "empty", in: " \n", err: "empty input"},
		{name: "not json", in: "GET / HTTP/1.1", err: "unknown format"},
		{name: "nothing usable", in: `{"path": ""}`, err: "no usable request"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in, err := parseReplayInput([]byte(tt.in))
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("err = %v, want %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(in.Cases, tt.want) || in.Skipped != tt.skipped {
				t.Errorf("got %+v (skipped %d, %q)\nwant %+v (skipped %d)", in.Cases, in.Skipped, in.Problems, tt.want, tt.skipped)
			}
		})
	}
}

func TestLoggedParameter(t *testing.T) {
	tests := []struct {
		in      string
		name    string
		key, ok bool
	}{
		{"q", "q", false, true},
		{"user.name", "user.name", false, true},
		{`$where (name)`, "$where", true, true},
		{`caf\u00e9`, "café", false, true},
		{`a\"b`, `a"b`, false, true},
		{`x\x00y`, "x\x00y", false, true},
		{"aaaa...(truncated)", "aaaa...(truncated)", false, false},
		{`bad\q`, `bad\q`, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			name, key, ok := loggedParameter(tt.in)
			if name != tt.name || key != tt.key || ok != tt.ok {
				t.Errorf("loggedParameter(%q) = %q, %v, %v; want %q, %v, %v", tt.in, name, key, ok, tt.name, tt.key, tt.ok)
			}
		})
	}
}

func TestRouteOf(t *testing.T) {
	tests := []struct {
		path  string
		depth int
		want  string
	}{
		{"/", 2, "/"},
		{"/get?x=1", 2, "/get/"},
		{"/API/V1/users/42?x", 2, "/api/v1/"},
		{"/users/42/profile", 2, "/users/"},
		{"/a/b/c", 1, "/a/"},
		{"/files/0f8fad5b-d9cb-469f-a165-70867728950e/raw", 3, "/files/"},
		{"/a/%2e%2e/admin/x", 2, "/admin/x/"},
		{"//a\\b/c", 2, "/a/b/"},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			if got := routeOf(tt.path, tt.depth); got != tt.want {
				t.Errorf("routeOf(%q, %d) = %q, want %q", tt.path, tt.depth, got, tt.want)
			}
		})
	}
}

func TestEventCollector(t *testing.T) {
	c := newEventCollector(replayIDPrefix)
	lines := "[warn] [worker 0] wasm log edgeward: {\"event\":\"injection.sqli.block\",\"request_id\":\"replay-3\",\"rule\":\"sqli\",\"action\":\"block\",\"location\":\"query\",\"parameter\":\"id\"}\n" +
		"[warn] [worker 1] wasm log edgeward: {\"event\":\"injection.xss.block\",\"request_id\":\"other-1\",\"rule\":\"xss\"}\n" +
		"[info] [worker 0] wasm log edgeward: {\"event\":\"ratelimit.allow\",\"request_id\":\"replay-3\"}\n" +
		"[info] [worker -1] replaced failed instance\n[warn] [worker 0] wasm log edgeward: {broken\n" +
		"[info] [worker 0] wasm log edgeward: {\"event\":\"injection.cmdi.detect\",\"request_id\":\"replay-3\",\"rule\":\"cmdi\",\"action\":\"detect\",\"location\":\"body\",\"parameter\":\"x (name)\"}"
	// Written in uneven pieces: lines are reassembled.
	for len(lines) > 0 {
		n := min(37, len(lines))
		c.Write([]byte(lines[:n]))
		lines = lines[n:]
	}
	c.Write([]byte("\n"))
	got := c.take("replay-3")
	want := []injectionEvent{
		{Event: "injection.sqli.block", RequestID: "replay-3", Rule: "sqli", Action: "block", Location: "query", Parameter: "id"},
		{Event: "injection.cmdi.detect", RequestID: "replay-3", Rule: "cmdi", Action: "detect", Location: "body", Parameter: "x (name)"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("take = %+v\nwant %+v", got, want)
	}
	if again := c.take("replay-3"); again != nil || len(c.byID) != 0 {
		t.Errorf("after take: %+v, %d ids kept", again, len(c.byID))
	}
}

// TestExclusionsRoundTrip: the suggested exclusions, merged into configs with and without an
// exclusions list, parse with policies.ParseConfig; the printed snippet is the same entries.
func TestExclusionsRoundTrip(t *testing.T) {
	results := []caseResult{
		{ID: "a", Method: "POST", Path: "/login", Verdict: verdictBlocked, Status: 403, Rule: "sqli", Location: "body", Parameter: "password"},
		{ID: "b", Method: "PUT", Path: "/LOGIN?x=1", Verdict: verdictBlocked, Status: 403, Rule: "sqli", Location: "body", Parameter: "password"},
		{ID: "c", Method: "GET", Path: "/?q=x", Verdict: verdictAllowed, Status: 200, Detected: true, Rule: "xss", Location: "query", Parameter: `caf\u00e9 (name)`},
		{ID: "d", Method: "POST", Path: "/api/v1/x", Verdict: verdictBlocked, Status: 400, Rule: "json.depth", Location: "body"},
		{ID: "e", Method: "GET", Path: "/api/v1/x", Verdict: verdictBlocked, Status: 429, Rule: "ratelimit"},
		{ID: "f", Method: "GET", Path: "/api/v1/x", Verdict: verdictBlocked, Status: 403, Rule: "sqli", Location: "query", Parameter: "zzz...(truncated)"},
		{ID: "g", Method: "GET", Path: "/x?id=1", Verdict: verdictBlocked, Status: 403, Rule: "sqli", Location: "query", Parameter: "id", Expect: "block"},
		{ID: "h", Method: "GET", Path: "/x?id=2", Verdict: verdictAllowed, Status: 200, Expect: "allow"},
	}
	for i := range results {
		if p := results[i].Parameter; p != "" {
			results[i].paramName, _, results[i].paramKnown = loggedParameter(p)
		}
	}
	rep := buildReport(&replayInput{Format: formatJSONL}, results, reportOptions{maxIDs: 10, routeDepth: 2})
	want := []exclusion{
		{Rule: "sqli", Parameter: "password", Location: "body", Methods: []string{"POST", "PUT"}, PathPrefix: "/login/"},
		{Rule: "xss", Parameter: "café", Location: "query", Methods: []string{"GET"}},
	}
	if !reflect.DeepEqual(rep.Exclusions, want) {
		t.Fatalf("exclusions %+v\nwant %+v", rep.Exclusions, want)
	}
	if len(rep.FalsePositives) != 5 || rep.FalsePositivesLabelled {
		t.Errorf("%d groups (labelled %v): want 5 (a+b, c, d, e, f), unlabelled", len(rep.FalsePositives), rep.FalsePositivesLabelled)
	}
	for _, g := range rep.FalsePositives {
		if (g.Exclusion == nil) == (g.Note == "") {
			t.Errorf("group %+v: want either an exclusion or a note", g)
		}
	}
	var snippet struct {
		Injection struct {
			Exclusions []exclusion `json:"exclusions"`
		} `json:"injection"`
	}
	if err := json.Unmarshal([]byte(exclusionsSnippet(want)), &snippet); err != nil || !reflect.DeepEqual(snippet.Injection.Exclusions, want) {
		t.Errorf("snippet does not round-trip: %v\n%s", err, exclusionsSnippet(want))
	}
	configs := map[string][]byte{
		"waf.json":            readRepoFile(t, "envoy/examples/waf.json"),
		"empty":               []byte(`{}`),
		"existing exclusions": []byte(`{"injection": {"custom_rules": [{"id": "no-admin", "literal": "admin"}], "exclusions": [{"rule": "no-admin", "parameter": "role"}]}}`),
	}
	for name, cfg := range configs {
		t.Run(name, func(t *testing.T) {
			merged, err := mergeExclusions(cfg, want)
			if err != nil {
				t.Fatal(err)
			}
			c, err := policies.ParseConfig(merged)
			if err != nil {
				t.Fatalf("ParseConfig(merged): %v\n%s", err, merged)
			}
			n := len(injection.ConfigOf(c).Injection.Exclusions)
			if n < len(want) {
				t.Fatalf("%d exclusions after merge, want at least %d", n, len(want))
			}
			for i, x := range want {
				got := injection.ConfigOf(c).Injection.Exclusions[n-len(want)+i]
				if got.Rule != x.Rule || got.Parameter != x.Parameter || got.Location != x.Location ||
					got.Route.Prefix != x.PathPrefix || !reflect.DeepEqual(got.Route.Methods, x.Methods) {
					t.Errorf("exclusion %d parsed as %+v, want %+v", i, got, x)
				}
			}
		})
	}
	if _, err := mergeExclusions([]byte(`{"injection": []}`), want); err == nil {
		t.Error("merge into a non-object injection: want an error")
	}
}

func TestProgressLine(t *testing.T) {
	tests := []struct {
		done, total int64
		elapsed     time.Duration
		bar         bool
		want        string
	}{
		{0, 10, 0, false, "replay: 0/10   0%  0 req/s  ETA ?"},
		{500, 1000, time.Second, false, "replay: 500/1000  50%  500 req/s  ETA 1s"},
		{1000, 1000, 2 * time.Second, true, "[##############################] 1000/1000 100%  500 req/s  ETA 0s   "},
	}
	for _, tt := range tests {
		if got := progressLine(tt.done, tt.total, tt.elapsed, tt.bar); got != tt.want {
			t.Errorf("progressLine(%d, %d, %v, %v) = %q, want %q", tt.done, tt.total, tt.elapsed, tt.bar, got, tt.want)
		}
	}
}

func FuzzParseReplayInput(f *testing.F) {
	if b, err := os.ReadFile(filepath.Join("testdata", "replay.har")); err == nil {
		f.Add(b)
	}
	for _, s := range []string{
		`{"id": "crs-1", "expect": "block", "method": "GET", "path": "/get?x=1%27", "headers": {"User-Agent": "t"}, "body": ""}`,
		`[{"url": "http://a/b"}]`, `{"log": {"entries": [{"request": {"url": "http://h"}}]}}`, "{\n}", "",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		in, err := parseReplayInput(data)
		if err != nil {
			return
		}
		for i := range in.Cases {
			c := &in.Cases[i]
			if c.Path == "" || (!strings.HasPrefix(c.Path, "/") && c.Path != "*") || !validToken(c.Method) {
				t.Fatalf("accepted an unsendable case %+v", *c)
			}
			if strings.ContainsAny(c.Path, " \r\n\x00") {
				t.Fatalf("accepted a request target with a space or control character: %q", c.Path)
			}
			for _, h := range c.Headers {
				if !validToken(h[0]) || strings.ContainsAny(h[1], "\r\n\x00") {
					t.Fatalf("accepted an unsendable header %q", h)
				}
			}
			buildRequest(c, "x-request-id", "replay-0")
		}
	})
}

func FuzzLoggedParameter(f *testing.F) {
	for _, s := range []string{"q", `$where (name)`, `caf\u00e9`, `a\"b`, "aaaa...(truncated)", `bad\q`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		name, _, ok := loggedParameter(s)
		if ok && len(name) > len(s) {
			t.Fatalf("unescaped %q grew to %q", s, name)
		}
	})
}
