package parity

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// rateLimitConfig is the Edgeward twin of testdata/js/server.js's limiters: same limits, windows,
// keys, header styles and messages.
const rateLimitConfig = `{"injection":{"enabled":false},"response":{"enabled":false},"rate_limit":{"rules":[
  {"id":"api","path_prefix":"/api/data/","limit":100,"window":"15m","header_style":"draft-7",
   "message":{"error":"too many requests"}},
  {"id":"login","methods":["POST"],"path":"/api/auth/login","key":"body:email","limit":10,"window":"1h",
   "skip_successful_requests":true,"header_style":["draft-6","legacy"],"message":{"error":"too many login attempts"}},
  {"id":"login-ip","methods":["POST"],"path":"/api/auth/login-ip","key":"client_ip","limit":10,"window":"1h",
   "skip_successful_requests":true,"header_style":"draft-8","message":{"error":"too many login attempts"}},
  {"id":"reset","methods":["POST"],"path":"/api/auth/reset","key":"body:email","limit":3,"window":"24h",
   "header_style":["draft-8","legacy"],"message":{"error":"too many reset requests"}},
  {"id":"public","path_prefix":"/public/","limit":5,"window":"1m","header_style":"legacy","message_format":"text"}
]}}`

type rlStep struct{ method, path, body string }

func repeat(n int, s rlStep) []rlStep {
	out := make([]rlStep, n)
	for i := range out {
		out[i] = s
	}
	return out
}

func login(path, email, password string) rlStep {
	b, _ := json.Marshal(map[string]string{"email": email, "password": password})
	if email == "" {
		b, _ = json.Marshal(map[string]string{"password": password})
	}
	return rlStep{"POST", path, string(b)}
}

func loginSequence(path, email string) []rlStep {
	// 5 failures, 3 successes (given back), 5 failures: 10 failures, all let through; then the 11th
	// failure and even a right password are refused.
	var s []rlStep
	s = append(s, repeat(5, login(path, email, "wrong"))...)
	s = append(s, repeat(3, login(path, strings.ToUpper(email), "right"))...)
	s = append(s, repeat(5, login(path, " "+email, "wrong"))...)
	return append(s, login(path, email, "wrong"), login(path, email, "right"))
}

// TestParityRateLimit: the usual express-rate-limit limiters and their Edgeward rules, request by
// request: status, which request is refused first, header fields and values, 429 body.
func TestParityRateLimit(t *testing.T) {
	apps := nodeApps(t)
	edge := edgeward(t, rateLimitConfig, apps["plain"], nil, 2)
	for _, sc := range []struct {
		name, style string
		skip        bool
		steps       []rlStep
	}{
		{"api 100 per 15 minutes", "draft-7", false, repeat(102, rlStep{"GET", "/api/data/items", ""})},
		{"login 10 per hour by email, skipSuccessfulRequests", "draft-6+legacy", true, loginSequence("/api/auth/login", "alice@example.com")},
		{"login 10 per hour by IP, skipSuccessfulRequests", "draft-8", true, loginSequence("/api/auth/login-ip", "")},
		{"password reset 3 per 24 hours", "draft-8+legacy", false, repeat(5, rlStep{"POST", "/api/auth/reset", `{"email":"bob@example.com"}`})},
		{"express-rate-limit defaults", "legacy", false, repeat(7, rlStep{"GET", "/public/page", ""})},
	} {
		t.Run(sc.name, func(t *testing.T) {
			firstE, firstX := -1, -1
			for i, st := range sc.steps {
				ct := ""
				if st.body != "" {
					ct = "application/json"
				}
				x := do(t, st.method, apps["ratelimit"]+st.path, ct, st.body, nil)
				e := do(t, st.method, edge+st.path, ct, st.body, nil)
				if x.status == 429 && firstX < 0 {
					firstX = i + 1
				}
				if e.status == 429 && firstE < 0 {
					firstE = i + 1
				}
				if x.status != e.status {
					t.Fatalf("request %d (%s %s): express-rate-limit %d, Edgeward %d", i+1, st.method, st.path, x.status, e.status)
				}
				compareRateLimit(t, fmt.Sprintf("request %d (%d)", i+1, x.status), sc.style, sc.skip && x.status < 400, x, e)
			}
			if firstX < 0 {
				t.Fatalf("express-rate-limit refused none of %d requests", len(sc.steps))
			}
			t.Logf("first refused: request %d by both", firstE)
		})
	}
}

// rlFields reads the rate-limit fields of a response in one style: limit, remaining, reset (as
// integers), the policy text and, for draft-8, the name and pk.
type rlFields struct {
	present                          []string
	limit, remaining, reset, window  string
	policyName, limitName, policyRaw string
	pk                               bool
	retryAfter                       string
}

var rlHeaderNames = []string{"RateLimit-Policy", "RateLimit", "RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset",
	"X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset", "Retry-After"}

func readRL(t *testing.T, style string, h http.Header) rlFields {
	t.Helper()
	var f rlFields
	for _, n := range rlHeaderNames {
		if len(h.Values(n)) > 0 {
			f.present = append(f.present, n)
		}
	}
	f.retryAfter = h.Get("Retry-After")
	params := func(item string) (string, map[string]string) {
		parts := strings.Split(item, ";")
		m := map[string]string{}
		for _, p := range parts[1:] {
			k, v, _ := strings.Cut(strings.TrimSpace(p), "=")
			m[k] = v
		}
		return strings.TrimSpace(parts[0]), m
	}
	switch {
	case strings.HasPrefix(style, "draft-8"):
		name, p := params(h.Get("RateLimit-Policy"))
		f.policyName, f.limit, f.window = name, p["q"], p["w"]
		_, f.pk = p["pk"]
		name, p = params(h.Get("RateLimit"))
		f.limitName, f.remaining, f.reset = name, p["r"], p["t"]
	case strings.HasPrefix(style, "draft-7"):
		f.policyRaw = h.Get("RateLimit-Policy")
		for _, kv := range strings.Split(h.Get("RateLimit"), ",") {
			k, v, _ := strings.Cut(strings.TrimSpace(kv), "=")
			switch k {
			case "limit":
				f.limit = v
			case "remaining":
				f.remaining = v
			case "reset":
				f.reset = v
			}
		}
	case strings.HasPrefix(style, "draft-6"):
		f.policyRaw = h.Get("RateLimit-Policy")
		f.limit, f.remaining, f.reset = h.Get("RateLimit-Limit"), h.Get("RateLimit-Remaining"), h.Get("RateLimit-Reset")
	}
	if strings.Contains(style, "legacy") && !strings.HasPrefix(style, "legacy") {
		// Checked apart, in compareLegacy.
		return f
	}
	if style == "legacy" {
		f.limit, f.remaining, f.reset = h.Get("X-RateLimit-Limit"), h.Get("X-RateLimit-Remaining"), h.Get("X-RateLimit-Reset")
	}
	return f
}

func isInt(s string) bool {
	_, err := strconv.ParseInt(s, 10, 64)
	return err == nil
}

// compareRateLimit compares one response pair; success marks a successful response under
// skip_successful_requests.
func compareRateLimit(t *testing.T, what, style string, success bool, x, e reply) {
	t.Helper()
	xf, ef := readRL(t, style, x.header), readRL(t, style, e.header)
	if strings.Join(xf.present, ",") != strings.Join(ef.present, ",") {
		t.Errorf("%s: fields: express-rate-limit %v, Edgeward %v", what, xf.present, ef.present)
	}
	if xf.limit != ef.limit || xf.window != ef.window || xf.policyRaw != ef.policyRaw || xf.policyName != ef.policyName || xf.limitName != ef.limitName {
		t.Errorf("%s: policy: express-rate-limit %+v, Edgeward %+v", what, xf, ef)
	}
	checkRemaining(t, what, success, xf.remaining, ef.remaining)
	if !isInt(xf.reset) && xf.reset != "" || !isInt(ef.reset) && ef.reset != "" || (xf.reset == "") != (ef.reset == "") {
		t.Errorf("%s: reset: express-rate-limit %q, Edgeward %q", what, xf.reset, ef.reset)
	} else if xf.reset != ef.reset {
		_ = diff(t, "ratelimit-reset")
	}
	if xf.pk && !ef.pk {
		_ = diff(t, "ratelimit-draft8-pk")
	} else if xf.pk != ef.pk {
		t.Errorf("%s: pk: express-rate-limit %v, Edgeward %v", what, xf.pk, ef.pk)
	}
	if strings.Contains(style, "legacy") {
		for _, n := range []string{"X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset"} {
			xv, ev := x.header.Get(n), e.header.Get(n)
			switch n {
			case "X-RateLimit-Limit":
				if xv != ev {
					t.Errorf("%s: %s: express-rate-limit %q, Edgeward %q", what, n, xv, ev)
				}
			case "X-RateLimit-Remaining":
				checkRemaining(t, what+" "+n, success, xv, ev)
			case "X-RateLimit-Reset":
				// Both Unix times in seconds, in the future; which instant differs (ratelimit-reset).
				now := time.Now().Unix()
				xs, _ := strconv.ParseInt(xv, 10, 64)
				es, _ := strconv.ParseInt(ev, 10, 64)
				if xs < now-5 || es < now-5 {
					t.Errorf("%s: %s: express-rate-limit %q, Edgeward %q, want Unix times from now on", what, n, xv, ev)
				}
				_ = diff(t, "ratelimit-reset")
				_ = diff(t, "ratelimit-legacy-date")
			}
		}
	}
	if x.status != 429 {
		return
	}
	if !isInt(xf.retryAfter) || !isInt(ef.retryAfter) {
		t.Errorf("%s: Retry-After: express-rate-limit %q, Edgeward %q", what, xf.retryAfter, ef.retryAfter)
	}
	xct, ect := x.header.Get("Content-Type"), e.header.Get("Content-Type")
	if strings.HasPrefix(xct, "application/json") {
		var xb, eb any
		if json.Unmarshal(x.body, &xb) != nil || json.Unmarshal(e.body, &eb) != nil || fmt.Sprint(xb) != fmt.Sprint(eb) || !strings.HasPrefix(ect, "application/json") {
			t.Errorf("%s: body: express-rate-limit %s %s, Edgeward %s %s", what, xct, x.body, ect, e.body)
		}
		return
	}
	if string(x.body) != string(e.body) {
		t.Errorf("%s: body: express-rate-limit %q, Edgeward %q", what, x.body, e.body)
	}
	if xct != ect {
		if !strings.HasPrefix(xct, "text/html") || ect != "text/plain; charset=utf-8" {
			t.Errorf("%s: Content-Type: express-rate-limit %q, Edgeward %q", what, xct, ect)
		}
		_ = diff(t, "ratelimit-text-content-type")
	}
}

func checkRemaining(t *testing.T, what string, success bool, xv, ev string) {
	t.Helper()
	if !success {
		if xv != ev {
			t.Errorf("%s: remaining: express-rate-limit %q, Edgeward %q", what, xv, ev)
		}
		return
	}
	x, errX := strconv.Atoi(xv)
	e, errE := strconv.Atoi(ev)
	if errX != nil || errE != nil || e != x+1 {
		t.Errorf("%s: remaining after a success: express-rate-limit %q, Edgeward %q (want one more: %s)", what, xv, ev, diff(t, "ratelimit-remaining-after-success").id)
	}
}

// TestParityLoginBruteForceConcurrent: 40, 90 and 200 concurrent wrong-password logins for one
// email under a limit of 10 per hour (skipSuccessfulRequests), every guess held by the app until
// all have arrived or been refused: neither express-rate-limit nor Edgeward (4 VMs sharing one
// store) lets more than 10 reach the app.
func TestParityLoginBruteForceConcurrent(t *testing.T) {
	apps := nodeApps(t)
	edge := edgeward(t, rateLimitConfig, apps["plain"], nil, 4)
	for _, n := range []int{40, 90, 200} {
		for _, side := range []struct{ name, base, app string }{
			{"express-rate-limit", apps["ratelimit"], apps["ratelimit"]},
			{"Edgeward", edge, apps["plain"]},
		} {
			t.Run(fmt.Sprintf("%d %s", n, side.name), func(t *testing.T) {
				reached, refused := burst(t, side.base, side.app, n, fmt.Sprintf("victim-%d@example.com", n))
				if reached > 10 || reached+refused != n {
					t.Errorf("%d concurrent wrong-password logins: %d reached the app, %d refused; want at most 10 and the rest refused", n, reached, refused)
				}
				t.Logf("%d concurrent: %d reached the app, %d refused", n, reached, refused)
			})
		}
	}
}

// burst sends n concurrent wrong-password logins for email through base while app holds every
// login it receives, releases them once each has reached the app or been refused, and returns
// how many reached the app and how many were refused with 429.
func burst(t *testing.T, base, app string, n int, email string) (reached, refused int) {
	t.Helper()
	do(t, "POST", app+"/__hold", "", "", nil)
	defer do(t, "POST", app+"/__release", "", "", nil)
	body, _ := json.Marshal(map[string]string{"email": email, "password": "wrong"})
	var nRefused, nOther atomic.Int64
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			resp, err := client.Post(base+"/api/auth/login", "application/json", strings.NewReader(string(body)))
			if err != nil {
				nOther.Add(1)
				return
			}
			resp.Body.Close()
			switch resp.StatusCode {
			case 429:
				nRefused.Add(1)
			case 401:
			default:
				nOther.Add(1)
			}
		}()
	}
	stats := func() int {
		var s struct{ Reached int }
		_ = json.Unmarshal(do(t, "GET", app+"/__stats", "", "", nil).body, &s)
		return s.Reached
	}
	// The deadline only keeps a broken build from hanging the suite; nothing is timed.
	deadline := time.Now().Add(60 * time.Second)
	for stats()+int(nRefused.Load()+nOther.Load()) < n && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	reached = stats()
	do(t, "POST", app+"/__release", "", "", nil)
	wg.Wait()
	if nOther.Load() != 0 {
		t.Errorf("%d requests ended neither 401 nor 429", nOther.Load())
	}
	return stats(), int(nRefused.Load())
}
