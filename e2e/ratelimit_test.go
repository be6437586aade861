package e2e

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/edgeward/edgeward/e2e/devhost"
	"github.com/edgeward/edgeward/e2e/e2etest"
)

// The rate-limit tests run envoy/examples/ratelimit.json: 20 requests per 60s per client IP on
// every path, and POST /api/auth/login 3 per 60s per JSON body field email. Each test starts its
// own dev host (fresh shared data); against E2E_URL (one shared deployment) they first wait for
// enough per-IP allowance and use fresh emails.

func rlExampleConfig(t *testing.T) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(e2etest.RepoRoot(t), "envoy", "examples", "ratelimit.json"))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

type rlResponse struct {
	status int
	header http.Header
	body   []byte
}

func rlSend(t *testing.T, method, url, body string, hdr map[string]string) rlResponse {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, url, rd)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return rlResponse{resp.StatusCode, resp.Header, b}
}

var rlItem = regexp.MustCompile(`"([a-z0-9_.-]+)";r=(\d+);t=(\d+)`)

// rlRemaining reads policy's r from a RateLimit header (-1 when absent).
func rlRemaining(h http.Header, policy string) int {
	for _, v := range h.Values("RateLimit") {
		for _, m := range rlItem.FindAllStringSubmatch(v, -1) {
			if m[1] == policy {
				n, _ := strconv.Atoi(m[2])
				return n
			}
		}
	}
	return -1
}

// rlWaitAllowance waits, against a shared deployment, until the per-IP rule has at least n
// requests of allowance left (it refills one every 3s); a fresh dev host has all 20.
func rlWaitAllowance(t *testing.T, base string, host *devhost.Host, n int) {
	t.Helper()
	if host != nil {
		return
	}
	deadline := time.Now().Add(90 * time.Second)
	for time.Now().Before(deadline) {
		r := rlSend(t, "GET", base+"/ratelimit-probe", "", nil)
		if r.status == 200 && rlRemaining(r.header, "per_ip") >= n {
			return
		}
		time.Sleep(3 * time.Second)
	}
	t.Fatalf("per-IP allowance never reached %d", n)
}

func rlCheckLimited(t *testing.T, r rlResponse, policy, wantPolicy, wantError string) {
	t.Helper()
	if r.status != http.StatusTooManyRequests {
		t.Fatalf("got %d %s, want 429", r.status, r.body)
	}
	ra, err := strconv.Atoi(r.header.Get("Retry-After"))
	if err != nil || ra < 1 || ra > 60 {
		t.Errorf("Retry-After: got %q, want 1..60 seconds", r.header.Get("Retry-After"))
	}
	if got := r.header.Get("RateLimit-Policy"); got != wantPolicy {
		t.Errorf("RateLimit-Policy: got %q, want %q", got, wantPolicy)
	}
	if got, want := r.header.Get("RateLimit"), `"`+policy+`";r=0;t=`+strconv.Itoa(ra); got != want {
		t.Errorf("RateLimit: got %q, want %q", got, want)
	}
	var body struct {
		Error      string `json:"error"`
		RetryAfter int    `json:"retry_after"`
	}
	if err := json.Unmarshal(r.body, &body); err != nil || body.Error != wantError || body.RetryAfter != ra {
		t.Errorf("body: got %s, want {\"error\":%q,\"retry_after\":%d}", r.body, wantError, ra)
	}
}

func TestRateLimitPerClientIP(t *testing.T) {
	base, host := e2etest.BaseURL(t, e2etest.Options{Config: rlExampleConfig(t)})
	rlWaitAllowance(t, base, host, 19)
	// Every request claims another client in X-Forwarded-For: with 0 trusted hops it is ignored.
	xff := func(i int) map[string]string {
		return map[string]string{"X-Forwarded-For": "203.0.113." + strconv.Itoa(i%250+1) + ", 198.51.100." + strconv.Itoa(i%200+1)}
	}
	first := rlSend(t, "GET", base+"/anything", "", xff(0))
	if first.status != 200 {
		t.Fatalf("first request: got %d %s", first.status, first.body)
	}
	if got := first.header.Get("RateLimit-Policy"); got != `"per_ip";q=20;w=60` {
		t.Errorf("allowed response RateLimit-Policy: got %q", got)
	}
	left := rlRemaining(first.header, "per_ip")
	if host != nil && left != 19 {
		t.Fatalf("first request of a fresh host: r=%d, want 19 (RateLimit %q)", left, first.header.Get("RateLimit"))
	}
	sent := 1
	for i := 0; i < left; i++ {
		r := rlSend(t, "GET", base+"/path/"+strconv.Itoa(i), "", xff(i+1))
		sent++
		if r.status != 200 {
			t.Fatalf("request %d: got %d %s, want 200", sent, r.status, r.body)
		}
	}
	r := rlSend(t, "GET", base+"/anything", "", xff(999))
	sent++
	if host != nil && sent != 21 {
		t.Fatalf("sent %d, want the 21st to be limited", sent)
	}
	rlCheckLimited(t, r, "per_ip", `"per_ip";q=20;w=60`, "rate limited")
	if host != nil {
		if got := host.Metrics()["edgeward.rate_limit.per_ip.block"]; got != 1 {
			t.Errorf("edgeward.rate_limit.per_ip.block = %d, want 1 (metrics %v)", got, host.Metrics())
		}
		// The example's budget: the seed plus 4096 slots for each of its two rules.
		if keys, bytes := host.SharedDataStats(); keys > 1+2*4096 || bytes > 2*4096*(len("edgeward/rl/v1/per_ip/4095")+17)+64 {
			t.Errorf("shared data: %d keys %d bytes, over the budget", keys, bytes)
		}
	}
}

func TestRateLimitLoginPerEmail(t *testing.T) {
	base, host := e2etest.BaseURL(t, e2etest.Options{Config: rlExampleConfig(t)})
	rlWaitAllowance(t, base, host, 6)
	var nonce [4]byte
	_, _ = rand.Read(nonce[:])
	alice := "alice-" + hex.EncodeToString(nonce[:]) + "@example.com"
	bob := "bob-" + hex.EncodeToString(nonce[:]) + "@example.com"
	login := func(email string) rlResponse {
		return rlSend(t, "POST", base+"/api/auth/login", `{"email":"`+email+`","password":"wrong"}`,
			map[string]string{"Content-Type": "application/json"})
	}
	for i := 1; i <= 3; i++ {
		if r := login(alice); r.status != 200 {
			t.Fatalf("login %d for one email: got %d %s, want 200", i, r.status, r.body)
		} else if got := rlRemaining(r.header, "login"); got != 3-i {
			t.Errorf("login %d: RateLimit login r=%d, want %d (%q)", i, got, 3-i, r.header.Get("RateLimit"))
		}
	}
	r := login(strings.ToUpper(alice)) // the same email in other case is the same key
	rlCheckLimited(t, r, "login", `"login";q=3;w=60`, "too many login attempts, try again later")
	if r := login(bob); r.status != 200 {
		t.Fatalf("another email: got %d %s, want 200", r.status, r.body)
	}
}
