package e2e

import (
	"bytes"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/edgeward/edgeward/e2e/e2etest"
	"github.com/edgeward/edgeward/policies"
	"github.com/edgeward/edgeward/policies/ratelimit"
)

// The global rate limit test runs the real service (github.com/envoyproxy/ratelimit, built from
// its Go module) on a real Redis (Debian's redis-server), and two dev hosts (two Envoys: each its
// own shared data) calling it. Missing inputs fail the test: `.ci/run` installs redis-server.

const ratelimitModule = "github.com/envoyproxy/ratelimit/src/service_cmd@v1.4.1-0.20260122083618-3fb702589d36"

// globalN is the per-minute limit shared by the two hosts.
const globalN = 5

const globalTestConfig = `{
  "injection": {"enabled": false},
  "rate_limit": {
    "global": {"cluster": "ratelimit", "domain": "edgeward-e2e", "timeout": "2s", "on_failure": "local"},
    "rules": [
      {"id": "per_ip", "backend": "global", "key": "client_ip", "limit": 5, "window": "1m", "except": ["/login"]},
      {"id": "login", "backend": "global", "methods": ["POST"], "path": "/login", "key": "body:email", "limit": 2, "window": "1m"}
    ]
  }
}`

func TestRateLimitGlobalAcrossHosts(t *testing.T) {
	// Two dev hosts of its own (like two Envoys), E2E_URL or not.
	redisURL := startRedis(t)
	cfg, err := policies.ParseConfig([]byte(globalTestConfig))
	if err != nil {
		t.Fatal(err)
	}
	svcYAML, err := ratelimit.GlobalServiceConfig(cfg)
	if err != nil {
		t.Fatal(err)
	}
	svc := startRatelimitService(t, redisURL, svcYAML)

	// Fixed one-minute windows: keep the test inside one.
	if left := time.Minute - time.Duration(time.Now().UnixNano()%int64(time.Minute)); left < 20*time.Second {
		t.Logf("waiting %s for the next minute window", left)
		time.Sleep(left + 500*time.Millisecond)
	}
	clusters := map[string]string{"ratelimit": svc.url}
	a, hostA := e2etest.Start(t, e2etest.Options{Config: []byte(globalTestConfig), Clusters: clusters})
	b, hostB := e2etest.Start(t, e2etest.Options{Config: []byte(globalTestConfig), Clusters: clusters})
	bases := []string{a, b}

	t.Run("client_ip limit holds across both hosts", func(t *testing.T) {
		passed, limited := 0, 0
		for i := 0; i < 2*globalN+2; i++ {
			r := rlSend(t, "GET", bases[i%2]+"/anything", "", nil)
			switch r.status {
			case 200:
				passed++
			case 429:
				limited++
				for _, h := range []string{"Retry-After", "RateLimit-Policy", "RateLimit"} {
					if r.header.Get(h) == "" {
						t.Errorf("429 without %s: %v", h, r.header)
					}
				}
				if got := r.header.Get("RateLimit-Policy"); got != `"per_ip";q=5;w=60` {
					t.Errorf("RateLimit-Policy = %q", got)
				}
				if ra, _ := strconv.Atoi(r.header.Get("Retry-After")); ra < 1 || ra > 60 {
					t.Errorf("Retry-After = %q", r.header.Get("Retry-After"))
				}
			default:
				t.Fatalf("request %d: status %d: %s", i, r.status, r.body)
			}
		}
		if passed != globalN || limited != globalN+2 {
			t.Errorf("passed %d, limited %d; want %d passed in total across two hosts (not %d), %d limited",
				passed, limited, globalN, 2*globalN, globalN+2)
		}
	})

	t.Run("body-keyed login limit holds across both hosts", func(t *testing.T) {
		hdr := map[string]string{"content-type": "application/json"}
		var got []int
		for i := 0; i < 5; i++ {
			email := "Victim@Example.org"
			if i%2 == 1 {
				email = " victim@example.org" // same key after trim + lower-case
			}
			r := rlSend(t, "POST", bases[i%2]+"/login", `{"email":"`+email+`","password":"x"}`, hdr)
			got = append(got, r.status)
		}
		if want := []int{200, 200, 429, 429, 429}; fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("statuses %v, want %v", got, want)
		}
		if r := rlSend(t, "POST", b+"/login", `{"email":"other@example.org"}`, hdr); r.status != 200 {
			t.Errorf("another email: status %d, want 200", r.status)
		}
	})

	if t.Failed() {
		return
	}
	t.Run("service down: local fallback, counted", func(t *testing.T) {
		svc.stop(t)
		before := hostA.Metrics()["edgeward.rate_limit.global_fallback"]
		if before != 0 {
			t.Errorf("%d fallbacks while the service was up", before)
		}
		var got []int
		for i := 0; i < globalN+1; i++ {
			got = append(got, rlSend(t, "GET", a+"/anything", "", nil).status)
		}
		// Host A's own local limiter: N per minute on this host.
		for i, s := range got {
			w := 200
			if i == globalN {
				w = 429
			}
			if s != w {
				t.Errorf("fallback statuses %v, want %d×200 then 429", got, globalN)
				break
			}
		}
		after := hostA.Metrics()["edgeward.rate_limit.global_fallback"]
		if after-before != uint64(globalN+1) {
			t.Errorf("edgeward.rate_limit.global_fallback went %d → %d, want +%d", before, after, globalN+1)
		}
		logged := 0
		for _, l := range hostA.Logs() {
			if strings.Contains(l.Message, `"event":"rate_limit.global_fallback"`) {
				logged++
			}
		}
		if logged < 1 || logged > 2 { // at most once per interval per VM (2 workers)
			t.Errorf("fallback logged %d times, want once per VM per interval", logged)
		}
		if hostB.Metrics()["edgeward.rate_limit.global_fallback"] != 0 {
			t.Errorf("host B counted fallbacks it never made")
		}
	})
}

// startRedis runs redis-server on a free loopback port without persistence.
func startRedis(t *testing.T) string {
	t.Helper()
	bin, err := exec.LookPath("redis-server")
	if err != nil {
		t.Fatal("redis-server not found: install it (Debian: apt-get install -y redis-server); the global rate limit end-to-end test needs it")
	}
	port := freePort(t)
	cmd := exec.Command(bin, "--port", strconv.Itoa(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", t.TempDir())
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatalf("starting redis-server: %v", err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	addr := "127.0.0.1:" + strconv.Itoa(port)
	waitFor(t, "redis-server", &out, func() bool {
		c, err := net.DialTimeout("tcp", addr, 200*time.Millisecond)
		if err != nil {
			return false
		}
		defer c.Close()
		_, _ = c.Write([]byte("PING\r\n"))
		buf := make([]byte, 7)
		_ = c.SetReadDeadline(time.Now().Add(time.Second))
		n, _ := c.Read(buf)
		return strings.HasPrefix(string(buf[:n]), "+PONG")
	})
	return addr
}

type ratelimitService struct {
	url string
	cmd *exec.Cmd
}

func (s *ratelimitService) stop(t *testing.T) {
	t.Helper()
	_ = s.cmd.Process.Kill()
	_ = s.cmd.Wait()
}

// startRatelimitService builds (once, into the user cache) and runs the rate limit service with
// the given config, on free loopback ports.
func startRatelimitService(t *testing.T, redisAddr string, config []byte) *ratelimitService {
	t.Helper()
	bin := ratelimitBinary(t)
	root := t.TempDir()
	cfgDir := filepath.Join(root, "ratelimit", "config")
	if err := os.MkdirAll(cfgDir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(cfgDir, "config.yaml"), config, 0o644); err != nil {
		t.Fatal(err)
	}
	port, grpcPort, debugPort := freePort(t), freePort(t), freePort(t)
	cmd := exec.Command(bin)
	cmd.Env = append(os.Environ(),
		"HOST=127.0.0.1", "GRPC_HOST=127.0.0.1", "DEBUG_HOST=127.0.0.1",
		"PORT="+strconv.Itoa(port), "GRPC_PORT="+strconv.Itoa(grpcPort), "DEBUG_PORT="+strconv.Itoa(debugPort),
		"RUNTIME_ROOT="+root, "RUNTIME_SUBDIRECTORY=ratelimit", "RUNTIME_APPDIRECTORY=config", "RUNTIME_WATCH_ROOT=false",
		"USE_STATSD=false", "REDIS_SOCKET_TYPE=tcp", "REDIS_URL="+redisAddr, "LOG_LEVEL=warn",
	)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatalf("starting the rate limit service: %v", err)
	}
	s := &ratelimitService{url: "http://127.0.0.1:" + strconv.Itoa(port), cmd: cmd}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	waitFor(t, "the rate limit service", &out, func() bool {
		// A descriptor the config does not know: OK without touching any counter.
		resp, err := http.Post(s.url+"/json", "application/json",
			strings.NewReader(`{"domain":"edgeward-e2e","descriptors":[{"entries":[{"key":"probe","value":"x"}]}]}`))
		if err != nil {
			return false
		}
		resp.Body.Close()
		return resp.StatusCode == 200
	})
	return s
}

// ratelimitBinary returns the service's binary, building it with `go install` into the user
// cache directory the first time (about a minute).
func ratelimitBinary(t *testing.T) string {
	t.Helper()
	dir, err := os.UserCacheDir()
	if err != nil {
		dir = os.TempDir()
	}
	version := ratelimitModule[strings.LastIndex(ratelimitModule, "@")+1:]
	gobin := filepath.Join(dir, "edgeward", "ratelimit-"+version)
	bin := filepath.Join(gobin, "service_cmd")
	if _, err := os.Stat(bin); err == nil {
		return bin
	}
	t.Logf("building %s (about a minute, once)", ratelimitModule)
	cmd := exec.Command("go", "install", ratelimitModule)
	cmd.Dir = os.TempDir() // outside this module
	cmd.Env = append(os.Environ(), "GOBIN="+gobin, "GOFLAGS=", "GOWORK=off")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go install %s: %v\n%s", ratelimitModule, err, out)
	}
	return bin
}

func freePort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

func waitFor(t *testing.T, what string, out *bytes.Buffer, ready func() bool) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		if ready() {
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("%s did not become ready in 30s; output:\n%s", what, out.String())
}

// TestRateLimitGlobalTimeout: a service that does not answer within global.timeout is a failure
// (Envoy's 504), and on_failure "deny" answers 503 without waiting for the service.
func TestRateLimitGlobalTimeout(t *testing.T) {
	// A dev host of its own, E2E_URL or not.
	hang := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-time.After(time.Second):
		}
	}))
	t.Cleanup(hang.Close)
	cfg := `{"injection":{"enabled":false},"rate_limit":{
	  "global":{"cluster":"ratelimit","domain":"d","timeout":"150ms","on_failure":"deny"},
	  "rules":[{"id":"per_ip","backend":"global","limit":5,"window":"1m"}]}}`
	base, host := e2etest.Start(t, e2etest.Options{Config: []byte(cfg), Clusters: map[string]string{"ratelimit": hang.URL}})
	start := time.Now()
	r := rlSend(t, "GET", base+"/anything", "", nil)
	if took := time.Since(start); took > 3*time.Second {
		t.Errorf("took %s, want about the 150ms time-out", took)
	}
	if r.status != 503 {
		t.Errorf("status %d, want 503 (on_failure deny): %s", r.status, r.body)
	}
	if got := host.Metrics()["edgeward.rate_limit.global_fallback"]; got != 1 {
		t.Errorf("edgeward.rate_limit.global_fallback = %d, want 1", got)
	}
}
