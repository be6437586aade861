package ratelimit

import (
	"encoding/json"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/edgeward/edgeward/policies"
	"github.com/edgeward/edgeward/policies/internal/storetest"
)

var rlT0 = time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)

// exampleRateLimit is the rate_limit section of envoy/examples/ratelimit.json.
const exampleRateLimit = `{"client":{"trusted_hops":0},"rate_limit":{"rules":[
 {"id":"per_ip","key":"client_ip","limit":20,"window":"60s"},
 {"id":"login","methods":["POST"],"path":"/api/auth/login","key":"body:email","limit":3,"window":"60s"}]}}`

func newRLEngine(t testing.TB, cfg string, store policies.Store) *policies.Engine {
	t.Helper()
	c, err := policies.ParseConfig([]byte(cfg))
	if err != nil {
		t.Fatalf("ParseConfig: %v", err)
	}
	e, err := policies.NewEngine(c, policies.Options{Store: store})
	if err != nil {
		t.Fatalf("NewEngine: %v", err)
	}
	return e
}

// rlReq is one request through the limiter's hooks only (the other features stay out of the
// way), as the engine calls them.
type rlReq struct {
	method, path, src string
	headers           policies.Headers
	body              string
	at                time.Duration
}

func rlDo(e *policies.Engine, r rlReq) (*policies.Decision, *policies.Tx) {
	if r.method == "" {
		r.method = "GET"
	}
	if r.src == "" {
		r.src = "192.0.2.1:5000"
	}
	tx := e.NewTx(&policies.Request{Method: r.method, Path: r.path, Headers: r.headers, SourceAddress: r.src}, rlT0.Add(r.at))
	d, wantBody := limiterOf(e).requestHeaders(tx)
	if d == nil && wantBody {
		d = limiterOf(e).requestBody(tx, []byte(r.body))
	}
	if d != nil {
		tx.Deny(*d)
	}
	return d, tx
}

func status(d *policies.Decision) int {
	if d == nil {
		return 200
	}
	return d.Status
}

func TestRateLimitExample(t *testing.T) {
	type step struct {
		name string
		req  rlReq
		n    int // repeat
		want int
	}
	login := func(email string) rlReq {
		return rlReq{method: "POST", path: "/api/auth/login", body: `{"email":"` + email + `","password":"x"}`,
			headers: policies.Headers{{Name: "content-type", Value: "application/json"}}, src: "198.51.100.7:1"}
	}
	tests := []struct {
		name  string
		steps []step
	}{
		{"21st request from one IP is limited whatever X-Forwarded-For says", []step{
			{"first 20", rlReq{path: "/x"}, 20, 200},
			{"21st", rlReq{path: "/y", headers: policies.Headers{{Name: "x-forwarded-for", Value: "203.0.113.9"}}}, 1, 429},
			{"spoofed XFF", rlReq{path: "/y", headers: policies.Headers{{Name: "x-forwarded-for", Value: "203.0.113.10, 203.0.113.11"}}}, 1, 429},
			{"other client", rlReq{path: "/y", src: "192.0.2.2:1"}, 1, 200},
			{"3s later one more", rlReq{path: "/y", at: 3 * time.Second}, 1, 200},
			{"then limited again", rlReq{path: "/y", at: 3 * time.Second}, 1, 429},
			{"a minute later, full", rlReq{path: "/y", at: 63 * time.Second}, 20, 200},
		}},
		{"three logins per email, the fourth limited, another email passes", []step{
			{"3 for alice", login("alice@example.com"), 3, 200},
			{"4th for alice", login("alice@example.com"), 1, 429},
			{"case and spaces do not escape", login(" Alice@EXAMPLE.com "), 1, 429},
			{"bob passes", login("bob@example.com"), 1, 200},
		}},
		{"duplicate JSON keys count against the last one (what the app reads)", []step{
			{"3 for victim", login("victim@example.com"), 3, 200},
			{"decoy first", rlReq{method: "POST", path: "/api/auth/login", src: "198.51.100.8:1",
				body: `{"email":"decoy@example.com","email":"victim@example.com"}`}, 1, 429},
		}},
		{"no email falls back to the client IP", []step{
			{"3 without email", rlReq{method: "POST", path: "/api/auth/login", body: `{"user":"a"}`, src: "198.51.100.9:1"}, 3, 200},
			{"4th not JSON", rlReq{method: "POST", path: "/api/auth/login", body: `email=a`, src: "198.51.100.9:1"}, 1, 429},
			{"other IP", rlReq{method: "POST", path: "/api/auth/login", body: `{}`, src: "198.51.100.10:1"}, 1, 200},
		}},
		{"form-encoded logins count per email too", []step{
			{"3 form", rlReq{method: "POST", path: "/api/auth/login", body: `email=Carol%40example.com&password=x`,
				headers: policies.Headers{{Name: "content-type", Value: "application/x-www-form-urlencoded"}}, src: "198.51.100.11:1"}, 3, 200},
			{"json for the same email", login("carol@example.com"), 1, 429},
		}},
		{"route normalisation: /API/auth/../auth/login is the login route", []step{
			{"3", login("dave@example.com"), 3, 200},
			{"4th via odd path", rlReq{method: "POST", path: "/API/auth/../auth//login?x=1", body: `{"email":"dave@example.com"}`, src: "198.51.100.12:1"}, 1, 429},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newRLEngine(t, exampleRateLimit, nil)
			for _, s := range tt.steps {
				for i := 0; i < s.n; i++ {
					d, _ := rlDo(e, s.req)
					if got := status(d); got != s.want {
						t.Fatalf("%s #%d: got %d, want %d", s.name, i+1, got, s.want)
					}
				}
			}
		})
	}
}

func TestRateLimitDeniedResponse(t *testing.T) {
	e := newRLEngine(t, exampleRateLimit, nil)
	for i := 0; i < 20; i++ {
		rlDo(e, rlReq{path: "/"})
	}
	d, tx := rlDo(e, rlReq{path: "/", at: 500 * time.Millisecond})
	if d == nil || d.Status != 429 || d.Rule != "rate_limit.per_ip" {
		t.Fatalf("got %+v, want 429 rate_limit.per_ip", d)
	}
	want := map[string]string{
		"retry-after":      "3",
		"ratelimit-policy": `"per_ip";q=20;w=60`,
		"ratelimit":        `"per_ip";r=0;t=3`,
		"content-type":     "application/json",
	}
	for name, v := range want {
		if got := d.Headers.Get(name); got != v {
			t.Errorf("%s: got %q, want %q", name, got, v)
		}
	}
	var body map[string]any
	if err := json.Unmarshal(d.Body, &body); err != nil || body["error"] != "rate limited" || body["retry_after"] != float64(3) {
		t.Errorf("body: got %s (%v), want {\"error\":\"rate limited\",\"retry_after\":3}", d.Body, err)
	}
	evs := tx.Events()
	if len(evs) != 1 || evs[0].Metric != "rate_limit.per_ip.block" || evs[0].Level != policies.LogWarn {
		t.Fatalf("events: got %+v, want one rate_limit.per_ip.block", evs)
	}
	var line map[string]any
	if err := json.Unmarshal(evs[0].JSON, &line); err != nil || line["rule"] != "per_ip" || line["retry_after"] != float64(3) {
		t.Errorf("log line: %s", evs[0].JSON)
	}
}

func TestRateLimitExampleFile(t *testing.T) {
	b, err := os.ReadFile("../../envoy/examples/ratelimit.json")
	if err != nil {
		t.Fatal(err)
	}
	c, err := policies.ParseConfig(b)
	if err != nil {
		t.Fatal(err)
	}
	want, _ := policies.ParseConfig([]byte(exampleRateLimit))
	if len(ConfigOf(c).Rules) != 2 || c.Client.TrustedHops != 0 {
		t.Fatalf("example: %+v", ConfigOf(c))
	}
	for i, r := range ConfigOf(c).Rules {
		w := ConfigOf(want).Rules[i]
		if r.ID != w.ID || r.Limit != w.Limit || r.Window != w.Window || r.Key[0].String() != w.Key[0].String() ||
			r.Route.Exact != w.Route.Exact || strings.Join(r.Route.Methods, ",") != strings.Join(w.Route.Methods, ",") {
			t.Errorf("rule %d: got %+v, want %+v", i, r, w)
		}
	}
}

func TestRateLimitLoginLogNeverHoldsTheEmail(t *testing.T) {
	e := newRLEngine(t, exampleRateLimit, nil)
	var tx *policies.Tx
	for i := 0; i < 4; i++ {
		_, tx = rlDo(e, rlReq{method: "POST", path: "/api/auth/login", body: `{"email":"secret-person@example.com"}`})
	}
	evs := tx.Events()
	if len(evs) != 1 || evs[0].Metric != "rate_limit.login.block" {
		t.Fatalf("events: got %+v", evs)
	}
	if strings.Contains(string(evs[0].JSON), "secret-person") {
		t.Errorf("log line leaks the key: %s", evs[0].JSON)
	}
}

func TestRateLimitHeadersOnAllowed(t *testing.T) {
	tests := []struct {
		name        string
		cfg         string
		req         rlReq
		wantPolicy  string
		wantLimit   string
		wantNoOps   bool
		respondWith int
	}{
		{"both rules on login", exampleRateLimit,
			rlReq{method: "POST", path: "/api/auth/login", body: `{"email":"e@x"}`}, `"per_ip";q=20;w=60, "login";q=3;w=60`,
			`"per_ip";r=19;t=3, "login";r=2;t=20`, false, 200},
		{"one rule elsewhere", exampleRateLimit, rlReq{path: "/a"}, `"per_ip";q=20;w=60`, `"per_ip";r=19;t=3`, false, 200},
		{"turned off globally", `{"rate_limit":{"headers_on_allowed":false,"rules":[{"id":"a","limit":5,"window":"10s"}]}}`,
			rlReq{path: "/a"}, "", "", true, 200},
		{"turned on per rule", `{"rate_limit":{"headers_on_allowed":false,"rules":[{"id":"a","limit":5,"window":"10s","headers_on_allowed":true}]}}`,
			rlReq{path: "/a"}, `"a";q=5;w=10`, `"a";r=4;t=2`, false, 200},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newRLEngine(t, tt.cfg, nil)
			d, tx := rlDo(e, tt.req)
			if d != nil {
				t.Fatalf("denied: %+v", d)
			}
			ops := limiterOf(e).responseHeaders(tx, tt.respondWith)
			if tt.wantNoOps {
				if len(ops) != 0 {
					t.Fatalf("got ops %+v, want none", ops)
				}
				return
			}
			got := map[string]string{}
			for _, op := range ops {
				if op.Kind != policies.AddHeader {
					t.Errorf("op %+v: want AddHeader", op)
				}
				got[op.Name] = op.Value
			}
			if got["ratelimit-policy"] != tt.wantPolicy || got["ratelimit"] != tt.wantLimit {
				t.Errorf("got policy %q limit %q, want %q %q", got["ratelimit-policy"], got["ratelimit"], tt.wantPolicy, tt.wantLimit)
			}
			if again := limiterOf(e).responseHeaders(tx, tt.respondWith); again != nil {
				t.Errorf("second call: got %+v, want nil", again)
			}
		})
	}
}

func TestRateLimitSkipSuccessfulRequests(t *testing.T) {
	cfg := `{"rate_limit":{"rules":[{"id":"fail","limit":2,"window":"60s","skip_successful_requests":true}]}}`
	e := newRLEngine(t, cfg, nil)
	steps := []struct {
		status int // response status; 0: expect the request to be denied
		at     time.Duration
	}{
		{200, 0}, {200, 0}, {200, 0}, {302, 0}, // successes never count
		{401, 0}, {401, 0}, // two failures count
		{0, 0}, // over: denied at request time
		{0, 29 * time.Second},
		{401, 30 * time.Second}, // one refilled
		{0, 31 * time.Second},
	}
	for i, s := range steps {
		d, tx := rlDo(e, rlReq{path: "/login", at: s.at})
		if s.status == 0 {
			if status(d) != 429 {
				t.Fatalf("step %d: got %d, want 429", i, status(d))
			}
			limiterOf(e).responseHeaders(tx, 429) // the local reply: must not count
			continue
		}
		if d != nil {
			t.Fatalf("step %d: denied %+v", i, d)
		}
		limiterOf(e).responseHeaders(tx, s.status)
	}
}

func TestRateLimitStrictestDenialWinsAndNothingCounts(t *testing.T) {
	cfg := `{"rate_limit":{"rules":[
		{"id":"short","limit":2,"window":"10s"},
		{"id":"long","limit":3,"window":"300s"},
		{"id":"other","limit":100,"window":"60s"}]}}`
	e := newRLEngine(t, cfg, nil)
	for i := 0; i < 2; i++ {
		if d, _ := rlDo(e, rlReq{path: "/"}); d != nil {
			t.Fatalf("request %d denied", i)
		}
	}
	// short denies (retry 5s); long still allows.
	d, _ := rlDo(e, rlReq{path: "/", at: time.Second})
	if d == nil || d.Rule != "rate_limit.short" || d.Headers.Get("retry-after") != "4" {
		t.Fatalf("got %+v, want short with retry 4", d)
	}
	// The denied request was not counted by long: one more at 5s passes (long's 3rd), then
	// both deny and long's retry is the longer one.
	if d, _ := rlDo(e, rlReq{path: "/", at: 5 * time.Second}); d != nil {
		t.Fatalf("at 5s: denied %+v", d)
	}
	d, tx := rlDo(e, rlReq{path: "/", at: 10 * time.Second})
	if d == nil || d.Rule != "rate_limit.long" {
		t.Fatalf("at 10s: got %+v, want long", d)
	}
	ops := limiterOf(e).responseHeaders(tx, 429)
	if ops != nil {
		t.Errorf("denied request got response ops %+v", ops)
	}
}

func TestRateLimitCustomResponse(t *testing.T) {
	tests := []struct {
		name, rule string
		wantStatus int
		wantBody   string
	}{
		{"string message", `"message":"slow down"`, 429, `{"error":"slow down","retry_after":10}`},
		{"object message", `"status":503,"message":{"code":"E_RATE","detail":"later"}`, 503, `{"code":"E_RATE","detail":"later"}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newRLEngine(t, `{"rate_limit":{"rules":[{"id":"r","limit":1,"window":"10s",`+tt.rule+`}]}}`, nil)
			rlDo(e, rlReq{path: "/"})
			d, _ := rlDo(e, rlReq{path: "/"})
			if d == nil || d.Status != tt.wantStatus || string(d.Body) != tt.wantBody || d.Headers.Get("retry-after") != "10" {
				t.Fatalf("got %+v, want %d %s", d, tt.wantStatus, tt.wantBody)
			}
		})
	}
}

func TestRateLimitDetectMode(t *testing.T) {
	e := newRLEngine(t, `{"mode":"detect","rate_limit":{"rules":[{"id":"r","limit":1,"window":"10s"}]}}`, nil)
	rlDo(e, rlReq{path: "/"})
	d, tx := rlDo(e, rlReq{path: "/"})
	if d != nil {
		t.Fatalf("detect mode denied: %+v", d)
	}
	if evs := tx.Events(); len(evs) != 1 || evs[0].Metric != "rate_limit.r.detect" {
		t.Fatalf("events: %+v", evs)
	}
	e = newRLEngine(t, `{"mode":"detect","rate_limit":{"rules":[{"id":"r","limit":1,"window":"10s","mode":"enforce"}]}}`, nil)
	rlDo(e, rlReq{path: "/"})
	if d, _ := rlDo(e, rlReq{path: "/"}); status(d) != 429 {
		t.Fatalf("per-rule enforce: got %d, want 429", status(d))
	}
}

func TestRateLimitKeys(t *testing.T) {
	tests := []struct {
		name     string
		key      string
		trusted  int
		a, b     rlReq
		sameSlot bool // whether a and b share one allowance
	}{
		{"ipv6 grouped by /56", `"client_ip"`, 0, rlReq{src: "[2001:db8:0:1::1]:1"}, rlReq{src: "[2001:db8:0:ff::2]:1"}, true},
		{"ipv6 other /56", `"client_ip"`, 0, rlReq{src: "[2001:db8:0:1::1]:1"}, rlReq{src: "[2001:db8:1:1::1]:1"}, false},
		{"ipv4-mapped is ipv4", `"client_ip"`, 0, rlReq{src: "[::ffff:192.0.2.1]:1"}, rlReq{src: "192.0.2.1:2"}, true},
		{"xff trusted with 1 hop", `"client_ip"`, 1,
			rlReq{src: "10.0.0.1:1", headers: policies.Headers{{Name: "x-forwarded-for", Value: "203.0.113.1"}}},
			rlReq{src: "10.0.0.1:1", headers: policies.Headers{{Name: "x-forwarded-for", Value: "203.0.113.2"}}}, false},
		{"xff ignored with 0 hops", `"client_ip"`, 0,
			rlReq{src: "10.0.0.1:1", headers: policies.Headers{{Name: "x-forwarded-for", Value: "203.0.113.1"}}},
			rlReq{src: "10.0.0.1:1", headers: policies.Headers{{Name: "x-forwarded-for", Value: "203.0.113.2"}}}, true},
		{"header key", `"header:X-Api-Key"`, 0,
			rlReq{headers: policies.Headers{{Name: "x-api-key", Value: "k1"}}}, rlReq{headers: policies.Headers{{Name: "x-api-key", Value: "k2"}}}, false},
		{"header key same value other IPs", `"header:x-api-key"`, 0,
			rlReq{src: "192.0.2.1:1", headers: policies.Headers{{Name: "x-api-key", Value: "k1"}}},
			rlReq{src: "192.0.2.2:1", headers: policies.Headers{{Name: "x-api-key", Value: " k1 "}}}, true},
		{"absent header falls back to IP", `"header:x-api-key"`, 0, rlReq{src: "192.0.2.1:1"}, rlReq{src: "192.0.2.2:1"}, false},
		{"header value equal to an IP is not that IP", `"header:x-api-key"`, 0,
			rlReq{src: "192.0.2.1:1"}, rlReq{src: "192.0.2.2:1", headers: policies.Headers{{Name: "x-api-key", Value: "192.0.2.1"}}}, false},
		{"combination", `["client_ip","path"]`, 0, rlReq{path: "/a"}, rlReq{path: "/b"}, false},
		{"combination same", `["client_ip","method"]`, 0, rlReq{path: "/a"}, rlReq{path: "/b"}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := `{"client":{"trusted_hops":` + policies.Itoa(tt.trusted) + `},"rate_limit":{"rules":[{"id":"k","limit":1,"window":"60s","key":` + tt.key + `}]}}`
			e := newRLEngine(t, cfg, nil)
			if d, _ := rlDo(e, tt.a); d != nil {
				t.Fatalf("first request denied: %+v", d)
			}
			d, _ := rlDo(e, tt.b)
			if got := d != nil; got != tt.sameSlot {
				t.Fatalf("second request denied=%v, want %v", got, tt.sameSlot)
			}
		})
	}
}

func TestRateLimitClaimKey(t *testing.T) {
	e := newRLEngine(t, `{"rate_limit":{"rules":[{"id":"u","limit":1,"window":"60s","key":"claim:sub"}]}}`, nil)
	do := func(src string, claims map[string]any) *policies.Decision {
		tx := e.NewTx(&policies.Request{Method: "GET", Path: "/", SourceAddress: src}, rlT0)
		tx.Claims = claims
		d, _ := limiterOf(e).requestHeaders(tx)
		return d
	}
	if do("192.0.2.1:1", map[string]any{"sub": "u1"}) != nil {
		t.Fatal("first u1 denied")
	}
	if do("192.0.2.2:1", map[string]any{"sub": "u1"}) == nil {
		t.Fatal("u1 from another IP not limited")
	}
	if do("192.0.2.2:1", map[string]any{"sub": "u2"}) != nil {
		t.Fatal("u2 denied")
	}
	if do("192.0.2.3:1", nil) != nil {
		t.Fatal("no token (IP fallback) denied")
	}
	if do("192.0.2.3:1", nil) == nil {
		t.Fatal("no token twice from one IP not limited")
	}
}

func TestRateLimitFailMode(t *testing.T) {
	tests := []struct {
		name       string
		failMode   string
		store      policies.Store
		wantStatus int
		wantMetric string
	}{
		{"store error, closed", "closed", storetest.Failing{}, 503, "rate_limit.store_error"},
		{"store error, open", "open", storetest.Failing{}, 200, "rate_limit.store_error"},
		{"cas exhausted, closed", "closed", storetest.Conflict{MemStore: policies.NewMemStore()}, 503, "rate_limit.cas_exhausted"},
		{"cas exhausted, open", "open", storetest.Conflict{MemStore: policies.NewMemStore()}, 200, "rate_limit.cas_exhausted"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newRLEngine(t, `{"fail_mode":"`+tt.failMode+`","rate_limit":{"hash_seed":"0123456789abcdef","rules":[{"id":"r","limit":5,"window":"10s","slots":8}]}}`, tt.store)
			d, tx := rlDo(e, rlReq{path: "/"})
			if got := status(d); got != tt.wantStatus {
				t.Fatalf("got %d, want %d", got, tt.wantStatus)
			}
			evs := tx.Events()
			if len(evs) == 0 || evs[0].Metric != tt.wantMetric {
				t.Fatalf("events: got %+v, want %s", evs, tt.wantMetric)
			}
		})
	}
}

func TestRateLimitThroughEngine(t *testing.T) {
	// The full phase order: the limiter's 429 comes out of Tx.RequestHeaders, and its body
	// phase out of Tx.RequestBody.
	e := newRLEngine(t, exampleRateLimit, nil)
	for i := 0; i < 4; i++ {
		tx := e.NewTx(&policies.Request{Method: "POST", Path: "/api/auth/login", SourceAddress: "192.0.2.50:1",
			Headers: policies.Headers{{Name: "content-type", Value: "application/json"}}}, rlT0)
		d := tx.RequestHeaders()
		if d.Action != policies.NeedBody {
			t.Fatalf("request %d: headers phase got %v, want need_body", i, d.Action)
		}
		d = tx.RequestBody([]byte(`{"email":"eve@example.com"}`), false)
		want := policies.Continue
		if i == 3 {
			want = policies.Deny
		}
		if d.Action != want || (want == policies.Deny && d.Status != 429) {
			t.Fatalf("request %d: body phase got %v %d, want %v", i, d.Action, d.Status, want)
		}
	}
}

// countingStore counts the reads of a Store.
type countingStore struct {
	policies.Store
	gets, sets int
}

func (c *countingStore) Set(key string, v []byte, cas uint32) error {
	c.sets++
	return c.Store.Set(key, v, cas)
}

func (c *countingStore) Get(key string) ([]byte, uint32, error) {
	c.gets++
	return c.Store.Get(key)
}

// TestEnsureSlotsOnce: the first VM creates every slot of a rule; a VM starting after it reads
// the last slot only; a rule whose slots grew is completed by the next VM; a partly created set
// (a VM stopped midway) is completed.
func TestEnsureSlotsOnce(t *testing.T) {
	cs := &countingStore{Store: policies.NewMemStore()}
	s := &slotStore{store: cs}
	s.ensureSlots("r", 100)
	if cs.gets != 1 || cs.sets != 100 {
		t.Fatalf("first VM: %d reads and %d writes, want 1 (the last slot) and 100 (one create-if-absent each)", cs.gets, cs.sets)
	}
	for i := uint32(0); i < 100; i++ {
		if _, _, err := cs.Store.Get(slotKey("r", i)); err != nil {
			t.Fatalf("slot %d: %v", i, err)
		}
	}
	cs.gets, cs.sets = 0, 0
	s.ensureSlots("r", 100)
	if cs.gets != 1 || cs.sets != 0 {
		t.Fatalf("second VM: %d reads and %d writes, want 1 and 0", cs.gets, cs.sets)
	}
	cs.gets, cs.sets = 0, 0
	s.ensureSlots("r", 150)
	if cs.gets != 1 || cs.sets != 150 {
		t.Fatalf("slots raised: %d reads and %d writes, want 1 and 150", cs.gets, cs.sets)
	}
	if _, _, err := cs.Store.Get(slotKey("r", 149)); err != nil {
		t.Fatalf("slot 149 after slots were raised: %v", err)
	}
	// A set stopped midway: slots 0-9 exist, the rest not.
	ms := &countingStore{Store: policies.NewMemStore()}
	for i := uint32(0); i < 10; i++ {
		_ = ms.Store.Set(slotKey("p", i), encodeSlot(slot{fp: 7, tat: 9}), 0)
	}
	(&slotStore{store: ms}).ensureSlots("p", 50)
	for i := uint32(0); i < 50; i++ {
		v, _, err := ms.Store.Get(slotKey("p", i))
		if err != nil {
			t.Fatalf("slot %d: %v", i, err)
		}
		if want := (slot{fp: 7, tat: 9}); i < 10 && decodeSlot(v) != want {
			t.Fatalf("slot %d overwritten: %+v", i, decodeSlot(v))
		}
	}
}
