package ratelimit

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/edgeward/edgeward/policies"
)

const globalCfg = `{"injection":{"enabled":false},"client":{"trusted_hops":0},"rate_limit":{
 "global":{"cluster":"rls","domain":"edgeward","timeout":"250ms"%s},
 "rules":[
  {"id":"per_ip","backend":"global","key":"client_ip","limit":2,"window":"1m"},
  {"id":"login","backend":"global","methods":["POST"],"path":"/login","key":"body:email","limit":1,"window":"1h"}]}}`

func globalEngine(t testing.TB, extra string) *policies.Engine {
	t.Helper()
	return newRLEngine(t, strings.Replace(globalCfg, "%s", extra, 1), policies.NewMemStore())
}

func TestParseGlobalConfig(t *testing.T) {
	tests := []struct {
		name string
		cfg  string
		want []string // error substrings; none means valid
	}{
		{"defaults", `{"rate_limit":{"global":{"cluster":"c","domain":"d"},"rules":[{"id":"a","backend":"global","limit":1,"window":"1s"}]}}`, nil},
		{"no global rule needs no section", `{"rate_limit":{"rules":[{"id":"a","limit":1,"window":"90s"}]}}`, nil},
		{"missing cluster and domain", `{"rate_limit":{"rules":[{"id":"a","backend":"global","limit":1,"window":"1m"}]}}`,
			[]string{`rate_limit.global.cluster: required`, `rate_limit.global.domain: required`}},
		{"window without unit", `{"rate_limit":{"global":{"cluster":"c","domain":"d"},"rules":[{"id":"a","backend":"global","limit":1,"window":"90s"}]}}`,
			[]string{`rate_limit.rules[0].window: with backend "global" must be`}},
		{"skip successful", `{"rate_limit":{"global":{"cluster":"c","domain":"d"},"rules":[{"id":"a","backend":"global","limit":1,"window":"1m","skip_successful_requests":true}]}}`,
			[]string{`rate_limit.rules[0].skip_successful_requests: is not supported`}},
		{"bad domain", `{"rate_limit":{"global":{"cluster":"c","domain":"a b"}}}`, []string{`rate_limit.global.domain: must match`}},
		{"bad on_failure", `{"rate_limit":{"global":{"on_failure":"open"}}}`, []string{`rate_limit.global.on_failure: must be one of`}},
		{"timeout range", `{"rate_limit":{"global":{"timeout":"10s"}}}`, []string{`rate_limit.global.timeout: must be between`}},
		{"unknown key", `{"rate_limit":{"global":{"url":"http://x"}}}`, []string{`rate_limit.global.url`}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := policies.ParseConfig([]byte(tc.cfg))
			if len(tc.want) == 0 {
				if err != nil {
					t.Fatalf("got %v, want no error", err)
				}
				return
			}
			if err == nil {
				t.Fatal("got no error")
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("got %q, want it to contain %q", err, w)
				}
			}
		})
	}
	c, err := policies.ParseConfig([]byte(`{"rate_limit":{"global":{"cluster":"rls","domain":"d"}}}`))
	if err != nil {
		t.Fatal(err)
	}
	g := ConfigOf(c).Global
	if g.Timeout != 100*time.Millisecond || g.OnFailure != "local" || g.Authority != "rls" {
		t.Errorf("defaults: got %+v", g)
	}
}

// callOf runs the header phase and, when it asks for the body, the body phase, until a phase
// asks for a call-out.
func callOf(t *testing.T, e *policies.Engine, method, path, src, body string, at time.Duration) (*policies.Tx, policies.Decision) {
	t.Helper()
	tx := e.NewTx(&policies.Request{Method: method, Path: path, SourceAddress: src,
		Headers: policies.Headers{{Name: "content-type", Value: "application/json"}}}, rlT0.Add(at))
	d := tx.RequestHeaders()
	if d.Action == policies.NeedBody {
		d = tx.RequestBody([]byte(body), false)
	}
	return tx, d
}

type sentRequest struct {
	Domain      string `json:"domain"`
	HitsAddend  int    `json:"hits_addend"`
	Descriptors []struct {
		Entries []DescriptorEntry `json:"entries"`
	} `json:"descriptors"`
}

func TestGlobalDescriptors(t *testing.T) {
	e := globalEngine(t, "")
	ipKey := func(ip string) string { return GlobalKeyValue(nil, append([]byte{tagIP, byte(len(ip))}, ip...)) }
	mailKey := func(m string) string { return GlobalKeyValue(nil, append([]byte{tagBody, byte(len(m))}, m...)) }
	tests := []struct {
		name, method, path, src, body string
		want                          [][]DescriptorEntry
	}{
		{"ip rule only", "GET", "/x", "192.0.2.1:1", "", [][]DescriptorEntry{GlobalDescriptor("per_ip", ipKey("192.0.2.1"))}},
		{"ipv6 grouped by /56", "GET", "/x", "[2001:db8:0:1ff::1]:1", "", [][]DescriptorEntry{GlobalDescriptor("per_ip", ipKey("2001:db8:0:100::/56"))}},
		{"login: body phase asks both", "POST", "/login", "192.0.2.1:1", `{"email":" Victim@X.example "}`,
			nil}, // header phase asks per_ip first; checked below
	}
	for _, tc := range tests[:2] {
		t.Run(tc.name, func(t *testing.T) {
			_, d := callOf(t, e, tc.method, tc.path, tc.src, tc.body, 0)
			if d.Action != policies.CallOut || d.Call == nil {
				t.Fatalf("got %v, want call_out", d.Action)
			}
			checkCall(t, d.Call, tc.want)
		})
	}
	t.Run("login body key", func(t *testing.T) {
		tx := e.NewTx(&policies.Request{Method: "POST", Path: "/login", SourceAddress: "192.0.2.1:1",
			Headers: policies.Headers{{Name: "content-type", Value: "application/json"}}}, rlT0)
		d := tx.RequestHeaders()
		if d.Action != policies.CallOut {
			t.Fatalf("header phase: got %v, want call_out (per_ip)", d.Action)
		}
		checkCall(t, d.Call, [][]DescriptorEntry{GlobalDescriptor("per_ip", ipKey("192.0.2.1"))})
		d = tx.CallOutResponse(200, []byte(`{"overallCode":"OK","statuses":[{"code":"OK","currentLimit":{"requestsPerUnit":2,"unit":"MINUTE"},"limitRemaining":1}]}`))
		if d.Action != policies.NeedBody {
			t.Fatalf("after the answer: got %v, want need_body", d.Action)
		}
		d = tx.RequestBody([]byte(`{"email":" Victim@X.example "}`), false)
		if d.Action != policies.CallOut {
			t.Fatalf("body phase: got %v, want call_out", d.Action)
		}
		checkCall(t, d.Call, [][]DescriptorEntry{GlobalDescriptor("login", mailKey("victim@x.example"))})
		// Without the field the key is the client IP (under the login rule).
		tx2, d2 := callOf(t, e, "POST", "/login", "192.0.2.9:1", "", 0)
		if d2.Action != policies.CallOut {
			t.Fatal("want call_out")
		}
		tx2.CallOutResponse(200, []byte(`{"overallCode":"OK"}`))
		d2 = tx2.RequestBody([]byte(`{"user":"x"}`), false)
		checkCall(t, d2.Call, [][]DescriptorEntry{GlobalDescriptor("login", ipKey("192.0.2.9"))})
	})
	t.Run("hash_seed keys the value", func(t *testing.T) {
		seeded := newRLEngine(t, `{"rate_limit":{"hash_seed":"0123456789abcdef","global":{"cluster":"c","domain":"d"},
			"rules":[{"id":"a","backend":"global","limit":1,"window":"1s"}]}}`, policies.NewMemStore())
		_, d := callOf(t, seeded, "GET", "/", "192.0.2.1:1", "", 0)
		want := GlobalKeyValue([]byte("0123456789abcdef"), append([]byte{tagIP, 9}, "192.0.2.1"...))
		checkCall(t, d.Call, [][]DescriptorEntry{GlobalDescriptor("a", want)})
		if want == ipKey("192.0.2.1") || len(want) != 32 {
			t.Errorf("seeded value %q", want)
		}
	})
}

func checkCall(t *testing.T, c *policies.HTTPCall, want [][]DescriptorEntry) {
	t.Helper()
	if c.Cluster != "rls" && c.Cluster != "c" {
		t.Errorf("cluster %q", c.Cluster)
	}
	for _, h := range []policies.Header{{Name: ":method", Value: "POST"}, {Name: ":path", Value: "/json"}, {Name: "content-type", Value: "application/json"}} {
		if got := c.Headers.Get(h.Name); got != h.Value {
			t.Errorf("header %s = %q, want %q", h.Name, got, h.Value)
		}
	}
	if c.Headers.Get(":authority") == "" {
		t.Error("no :authority")
	}
	var got sentRequest
	if err := json.Unmarshal(c.Body, &got); err != nil {
		t.Fatalf("body %s: %v", c.Body, err)
	}
	if got.HitsAddend != 1 || got.Domain == "" {
		t.Errorf("body %s", c.Body)
	}
	if len(got.Descriptors) != len(want) {
		t.Fatalf("descriptors: got %s, want %d", c.Body, len(want))
	}
	for i := range want {
		if a, b := got.Descriptors[i].Entries, want[i]; len(a) != len(b) || a[0] != b[0] || a[1] != b[1] {
			t.Errorf("descriptor %d: got %v, want %v", i, a, b)
		}
	}
}

func TestParseGlobalAnswer(t *testing.T) {
	tests := []struct {
		name    string
		status  int
		body    string
		want    globalAnswer
		wantErr string
	}{
		{"ok protojson", 200, `{"overallCode":"OK","statuses":[{"code":"OK","currentLimit":{"requestsPerUnit":5,"unit":"MINUTE"},"limitRemaining":4,"durationUntilReset":"12s"}]}`,
			globalAnswer{statuses: []globalStatus{{hasLimit: true, limit: 5, unitSeconds: 60, remaining: 4, hasReset: true, reset: 12 * time.Second}}}, ""},
		{"over limit, remaining omitted (zero)", 429, `{"overallCode":"OVER_LIMIT","statuses":[{"code":"OVER_LIMIT","currentLimit":{"requestsPerUnit":5,"unit":"HOUR"},"durationUntilReset":"0.500s"}]}`,
			globalAnswer{over: true, statuses: []globalStatus{{over: true, hasLimit: true, limit: 5, unitSeconds: 3600, hasReset: true, reset: 500 * time.Millisecond}}}, ""},
		{"snake case and numbers", 200, `{"overall_code":2,"statuses":[{"code":2,"current_limit":{"requests_per_unit":"7","unit":4},"limit_remaining":0,"duration_until_reset":"3600s"}]}`,
			globalAnswer{over: true, statuses: []globalStatus{{over: true, hasLimit: true, limit: 7, unitSeconds: 86400, hasReset: true, reset: time.Hour}}}, ""},
		{"no statuses", 200, `{"overallCode":"OK"}`, globalAnswer{}, ""},
		{"unknown descriptor (no current limit)", 200, `{"overallCode":"OK","statuses":[{"code":"OK"}]}`, globalAnswer{statuses: []globalStatus{{}}}, ""},
		{"bad fields ignored", 200, `{"overallCode":"OK","statuses":[{"code":"OK","currentLimit":{"requestsPerUnit":-1,"unit":"FORTNIGHT"},"limitRemaining":1.5,"durationUntilReset":"-3s"}]}`,
			globalAnswer{statuses: []globalStatus{{}}}, ""},
		{"reset", 0, ``, globalAnswer{}, "no response"},
		{"envoy timeout", 504, `upstream request timeout`, globalAnswer{}, "HTTP 504"},
		{"service error", 500, `{"overallCode":"OK"}`, globalAnswer{}, "HTTP 500"},
		{"not json", 200, `OK`, globalAnswer{}, "not JSON"},
		{"empty", 200, ``, globalAnswer{}, "not JSON"},
		{"array", 200, `[]`, globalAnswer{}, "not a JSON object"},
		{"missing overall code", 200, `{"statuses":[]}`, globalAnswer{}, "overallCode: missing"},
		{"unknown overall code", 200, `{"overallCode":"MAYBE"}`, globalAnswer{}, "unknown code"},
		{"statuses not array", 200, `{"overallCode":"OK","statuses":{}}`, globalAnswer{}, "not an array"},
		{"status not object", 200, `{"overallCode":"OK","statuses":[1]}`, globalAnswer{}, "statuses[0]: not an object"},
		{"status without code", 200, `{"overallCode":"OK","statuses":[{"limitRemaining":3}]}`, globalAnswer{}, "statuses[0]: code"},
		{"too long", 200, `{"overallCode":"OK","x":"` + strings.Repeat("a", maxGlobalAnswerBytes) + `"}`, globalAnswer{}, "longer than"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := parseGlobalAnswer(tc.status, []byte(tc.body))
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("got error %v, want %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("got error %v", err)
			}
			if got.over != tc.want.over || len(got.statuses) != len(tc.want.statuses) {
				t.Fatalf("got %+v, want %+v", got, tc.want)
			}
			for i := range got.statuses {
				if got.statuses[i] != tc.want.statuses[i] {
					t.Errorf("status %d: got %+v, want %+v", i, got.statuses[i], tc.want.statuses[i])
				}
			}
		})
	}
}

func FuzzParseGlobalAnswer(f *testing.F) {
	for _, s := range []string{
		`{"overallCode":"OK","statuses":[{"code":"OK","currentLimit":{"requestsPerUnit":5,"unit":"MINUTE"},"limitRemaining":4,"durationUntilReset":"12s"}]}`,
		`{"overallCode":"OVER_LIMIT","statuses":[{"code":"OVER_LIMIT","currentLimit":{"requestsPerUnit":5,"unit":"HOUR"},"durationUntilReset":"0.500s"}]}`,
		`{"overall_code":2,"statuses":[{"code":2,"current_limit":{"requests_per_unit":"7","unit":4}}]}`,
		`{"overallCode":"OK","statuses":[1]}`, `[]`, `OK`, ``,
	} {
		f.Add(200, []byte(s))
		f.Add(429, []byte(s))
	}
	e := globalEngine(f, "")
	f.Fuzz(func(t *testing.T, status int, body []byte) {
		a, err := parseGlobalAnswer(status, body)
		if err != nil {
			return
		}
		if len(a.statuses) > maxGlobalStatuses {
			t.Fatalf("%d statuses", len(a.statuses))
		}
		for _, s := range a.statuses {
			if s.remaining < 0 || s.limit < 0 || s.reset < 0 || s.reset > maxGlobalReset {
				t.Fatalf("out of range: %+v", s)
			}
		}
		// The engine applies any accepted answer without panicking.
		tx, d := callOf(t, e, "GET", "/", "192.0.2.1:1", "", 0)
		if d.Action == policies.CallOut {
			_ = tx.CallOutResponse(status, body)
		}
	})
}

func TestGlobalAnswerApplied(t *testing.T) {
	ok := `{"overallCode":"OK","statuses":[{"code":"OK","currentLimit":{"requestsPerUnit":2,"unit":"MINUTE"},"limitRemaining":1,"durationUntilReset":"30s"}]}`
	over := `{"overallCode":"OVER_LIMIT","statuses":[{"code":"OVER_LIMIT","currentLimit":{"requestsPerUnit":2,"unit":"MINUTE"},"durationUntilReset":"12.3s"}]}`
	overNoStatus := `{"overallCode":"OVER_LIMIT"}`
	tests := []struct {
		name, cfg   string
		status      int
		body        string
		wantAction  policies.Action
		wantStatus  int
		wantHeaders map[string]string
		wantMetric  string
	}{
		{"ok", "", 200, ok, policies.Continue, 0, nil, ""},
		{"over limit", "", 429, over, policies.Deny, 429, map[string]string{"retry-after": "13",
			"ratelimit-policy": `"per_ip";q=2;w=60`, "ratelimit": `"per_ip";r=0;t=13`}, "rate_limit.per_ip.block"},
		{"over limit without statuses: window as retry", "", 429, overNoStatus, policies.Deny, 429, map[string]string{"retry-after": "60"}, "rate_limit.per_ip.block"},
		{"service limit differs", "", 429, strings.Replace(over, `"requestsPerUnit":2`, `"requestsPerUnit":9`, 1), policies.Deny, 429,
			map[string]string{"ratelimit-policy": `"per_ip";q=9;w=60`}, ""},
		{"unknown rule: allowed, warned", "", 200, `{"overallCode":"OK","statuses":[{"code":"OK"}]}`, policies.Continue, 0, nil, "rate_limit.global_unknown_rule"},
		{"failure, local fallback allows", "", 504, "upstream request timeout", policies.Continue, 0, nil, "rate_limit.global_fallback"},
		{"failure, allow", `,"on_failure":"allow"`, 0, "", policies.Continue, 0, nil, "rate_limit.global_fallback"},
		{"failure, deny", `,"on_failure":"deny"`, 200, "garbage", policies.Deny, 503, nil, "rate_limit.global_fallback"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e := globalEngine(t, tc.cfg)
			tx, d := callOf(t, e, "GET", "/", "192.0.2.1:1", "", 0)
			if d.Action != policies.CallOut || !tx.CallOutPending() {
				t.Fatalf("got %v, want call_out", d.Action)
			}
			d = tx.CallOutResponse(tc.status, []byte(tc.body))
			if d.Action != tc.wantAction || (tc.wantStatus != 0 && d.Status != tc.wantStatus) {
				t.Fatalf("got %v %d %s, want %v %d", d.Action, d.Status, d.Body, tc.wantAction, tc.wantStatus)
			}
			for k, v := range tc.wantHeaders {
				if got := d.Headers.Get(k); got != v {
					t.Errorf("%s = %q, want %q", k, got, v)
				}
			}
			if tc.wantMetric != "" && !hasEvent(tx.Events(), tc.wantMetric) {
				t.Errorf("no %s event", tc.wantMetric)
			}
			if d2 := tx.CallOutResponse(200, []byte(ok)); d2.Action != policies.Continue {
				t.Errorf("a second answer: got %v, want continue (ignored)", d2.Action)
			}
		})
	}
	t.Run("ok adds RateLimit headers to the response", func(t *testing.T) {
		e := globalEngine(t, "")
		tx, _ := callOf(t, e, "GET", "/", "192.0.2.1:1", "", 0)
		tx.CallOutResponse(200, []byte(ok))
		res := tx.ResponseHeaders(200, nil)
		want := map[string]string{"ratelimit-policy": `"per_ip";q=2;w=60`, "ratelimit": `"per_ip";r=1;t=30`}
		for _, op := range res.Ops {
			if w, ok := want[op.Name]; ok && op.Value != w {
				t.Errorf("%s = %q, want %q", op.Name, op.Value, w)
			}
			delete(want, op.Name)
		}
		if len(want) != 0 {
			t.Errorf("missing %v in %v", want, res.Ops)
		}
	})
	t.Run("detect mode lets through", func(t *testing.T) {
		e := newRLEngine(t, `{"injection":{"enabled":false},"rate_limit":{"global":{"cluster":"c","domain":"d"},"rules":[{"id":"per_ip","backend":"global","limit":2,"window":"1m","mode":"detect"}]}}`, policies.NewMemStore())
		tx, _ := callOf(t, e, "GET", "/", "192.0.2.1:1", "", 0)
		if d := tx.CallOutResponse(429, []byte(over)); d.Action != policies.Continue {
			t.Fatalf("got %v, want continue", d.Action)
		}
		if !hasEvent(tx.Events(), "rate_limit.per_ip.detect") {
			t.Error("no detect event")
		}
	})
}

func hasEvent(evs []policies.Event, m string) bool {
	for _, ev := range evs {
		if ev.Metric == m {
			return true
		}
	}
	return false
}

// TestGlobalFallback: with the service failing, the local limiter applies each rule (limit 2 per
// minute), every fallback is counted, and the log line is written once per interval.
func TestGlobalFallback(t *testing.T) {
	e := globalEngine(t, "")
	type step struct {
		at         time.Duration
		wantStatus int
		wantLog    bool
	}
	steps := []step{
		{0, 200, true},
		{time.Second, 200, false},
		{2 * time.Second, 429, false}, // local fallback: 2 per minute
		{59 * time.Second, 200, false},
		{61 * time.Second, 200, true}, // a minute after the first line
		{62 * time.Second, 429, false},
	}
	for i, s := range steps {
		tx, d := callOf(t, e, "GET", "/", "192.0.2.1:1", "", s.at)
		if d.Action != policies.CallOut {
			t.Fatalf("step %d: got %v, want call_out", i, d.Action)
		}
		d = tx.CallOutFailed("dispatch: bad argument")
		got := 200
		if d.Action == policies.Deny {
			got = d.Status
		}
		if got != s.wantStatus {
			t.Errorf("step %d: status %d, want %d", i, got, s.wantStatus)
		}
		counted, logged := 0, false
		for _, ev := range tx.Events() {
			if ev.Metric == "rate_limit.global_fallback" {
				counted++
				if len(ev.JSON) > 0 {
					logged = true
					if i == 4 && !strings.Contains(string(ev.JSON), `"suppressed_since_last_log":3`) {
						t.Errorf("step %d: log %s, want 3 suppressed", i, ev.JSON)
					}
				}
			}
		}
		if counted != 1 || logged != s.wantLog {
			t.Errorf("step %d: counted %d, logged %v; want 1, %v", i, counted, logged, s.wantLog)
		}
	}
}

func TestGlobalServiceConfig(t *testing.T) {
	c, err := policies.ParseConfig([]byte(strings.Replace(globalCfg, "%s", "", 1)))
	if err != nil {
		t.Fatal(err)
	}
	b, err := GlobalServiceConfig(c)
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range []string{`domain: "edgeward"`, "value: \"per_ip\"\n    descriptors:\n      - key: key\n        rate_limit:\n          unit: minute\n          requests_per_unit: 2\n",
		"value: \"login\"\n    descriptors:\n      - key: key\n        rate_limit:\n          unit: hour\n          requests_per_unit: 1\n"} {
		if !strings.Contains(string(b), w) {
			t.Errorf("missing %q in\n%s", w, b)
		}
	}
	local, _ := policies.ParseConfig([]byte(`{"rate_limit":{"rules":[{"id":"a","limit":1,"window":"1m"}]}}`))
	if _, err := GlobalServiceConfig(local); err == nil {
		t.Error("no error without global rules")
	}
}
