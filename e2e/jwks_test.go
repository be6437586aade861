package e2e

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"math/big"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/edgeward/edgeward/e2e/devhost"
	"github.com/edgeward/edgeward/e2e/e2etest"
)

// Remote key sets (auth.providers[].remote_jwks) through the compiled module: a real JWKS server
// on loopback, reached through the dev host's cluster "idp", four VMs sharing one shared-data
// store. The dev host's manual ticks and clock stand in for time: no sleep, no timed assertion.
// These tests drive the host's timer and clock, so they always run their own dev host (E2E_URL
// or not).

const jwksIssuer = "https://idp.test"

func jwksConfig(remote string) []byte {
	return []byte(`{"injection":{"enabled":false},"auth":{"providers":[{"name":"idp","issuers":["` + jwksIssuer + `"],
	  "audiences":["api"],"algorithms":["RS256"],` + remote + `}],
	  "rules":[{"path_prefix":"/api/"}],"forward":{"claims":{"sub":"x-user-id"}}}}`)
}

// idpServer is a JWK Set server whose answers the test changes: the keys it serves, or one of
// the ways a key server fails. It can be stopped and started again on the same address.
type idpServer struct {
	t    *testing.T
	addr string

	mu      sync.Mutex
	srv     *http.Server
	keys    []*rsa.PrivateKey
	kids    []string
	mode    string // "" serve keys; "garbage", "status", "notaset", "ec", "huge", "slow"
	hits    map[string]int
	release chan struct{} // closed to let slow answers go
}

func startIDP(t *testing.T) *idpServer {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := &idpServer{t: t, addr: ln.Addr().String(), hits: map[string]int{}, release: make(chan struct{})}
	s.serve(ln)
	t.Cleanup(func() {
		s.mu.Lock()
		select {
		case <-s.release:
		default:
			close(s.release)
		}
		s.mu.Unlock()
		s.stop()
	})
	return s
}

func (s *idpServer) url() string { return "http://" + s.addr }

func (s *idpServer) serve(ln net.Listener) {
	srv := &http.Server{Handler: http.HandlerFunc(s.handle)}
	s.mu.Lock()
	s.srv = srv
	s.mu.Unlock()
	go srv.Serve(ln)
}

// stop takes the server down: connections to it are refused.
func (s *idpServer) stop() {
	s.mu.Lock()
	srv := s.srv
	s.srv = nil
	s.mu.Unlock()
	if srv != nil {
		srv.Close()
	}
}

// start brings it back on the same address.
func (s *idpServer) start() {
	ln, err := net.Listen("tcp", s.addr)
	if err != nil {
		s.t.Fatalf("restarting the key server on %s: %v", s.addr, err)
	}
	s.serve(ln)
}

func (s *idpServer) set(mode string, keys []*rsa.PrivateKey, kids ...string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.mode, s.keys, s.kids = mode, keys, kids
}

func (s *idpServer) count(path string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.hits[path]
}

func (s *idpServer) handle(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.hits[r.URL.Path]++
	mode, keys, kids, release := s.mode, s.keys, s.kids, s.release
	s.mu.Unlock()
	if r.Host != "idp.test" {
		http.Error(w, "wrong authority "+r.Host, 421)
		return
	}
	switch r.URL.Path {
	case "/.well-known/openid-configuration":
		w.Header().Set("content-type", "application/json")
		json.NewEncoder(w).Encode(map[string]any{"issuer": jwksIssuer, "jwks_uri": jwksIssuer + "/oauth/jwks",
			"id_token_signing_alg_values_supported": []string{"RS256"}})
		return
	case "/jwks", "/oauth/jwks":
	default:
		http.NotFound(w, r)
		return
	}
	switch mode {
	case "garbage":
		w.Write([]byte("<html>maintenance</html>"))
		return
	case "status":
		http.Error(w, "internal error", 500)
		return
	case "notaset":
		w.Write([]byte(`{"keys":{"kty":"RSA"}}`))
		return
	case "ec":
		w.Write([]byte(`{"keys":[{"kty":"EC","crv":"P-256","kid":"ec","x":"MKBCTNIcKUSDii11ySs3526iDZ8AiTo7Tu6KPAqv7D4","y":"4Etl6SRW2YiLUrN5vfvVHuhp7x8PxltmWWlbbM4IFyM"}]}`))
		return
	case "huge":
		w.Write([]byte(`{"keys":[],"padding":"` + strings.Repeat("x", 200<<10) + `"}`))
		return
	case "slow":
		select {
		case <-release:
		case <-r.Context().Done():
			return
		}
	}
	var list []any
	for i, k := range keys {
		list = append(list, map[string]any{"kty": "RSA", "kid": kids[i], "use": "sig", "alg": "RS256",
			"n": base64.RawURLEncoding.EncodeToString(k.N.Bytes()),
			"e": base64.RawURLEncoding.EncodeToString(big.NewInt(int64(k.E)).Bytes())})
	}
	w.Header().Set("content-type", "application/jwk-set+json")
	w.Header().Set("cache-control", "public, max-age=600")
	json.NewEncoder(w).Encode(map[string]any{"keys": list})
}

// jwksHost runs the module in a dev host with 4 VMs, the key server as cluster "idp", and
// manual ticks.
func jwksHost(t *testing.T, idp *idpServer, config []byte) (string, *devhost.Host) {
	return e2etest.Start(t, e2etest.Options{Config: config, Workers: 4, ManualTicks: true,
		Clusters: map[string]string{"idp": idp.url()}})
}

// settle runs one tick on every VM, waits for the call-outs it made (and their follow-ups), and
// ticks again so that every VM has loaded what the fetch stored.
func settle(t *testing.T, h *devhost.Host) {
	t.Helper()
	h.Tick()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if err := h.WaitCallOuts(ctx); err != nil {
		t.Fatalf("call-outs still outstanding: %v", err)
	}
	h.Tick()
}

func jwksToken(t *testing.T, h *devhost.Host, key *rsa.PrivateKey, kid string) string {
	now := h.Now()
	tok := jwt.NewWithClaims(jwt.SigningMethodRS256, jwt.MapClaims{"iss": jwksIssuer, "aud": "api", "sub": "user-" + kid,
		"iat": now.Add(-time.Minute).Unix(), "exp": now.Add(time.Hour).Unix()})
	tok.Header["kid"] = kid
	s, err := tok.SignedString(key)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// randomKidToken carries a kid no key has (its signature is never checked: the key lookup fails
// first), made without signing.
func randomKidToken(h *devhost.Host, kid string) string {
	enc := base64.RawURLEncoding
	now := h.Now()
	payload := fmt.Sprintf(`{"iss":%q,"aud":"api","sub":"x","iat":%d,"exp":%d}`, jwksIssuer, now.Unix()-60, now.Unix()+3600)
	return enc.EncodeToString([]byte(`{"alg":"RS256","typ":"JWT","kid":"`+kid+`"}`)) + "." + enc.EncodeToString([]byte(payload)) + "." +
		enc.EncodeToString(make([]byte, 256))
}

// jwksCall sends GET /api/x with the token and returns the status and the body.
func jwksCall(t *testing.T, base, tok string) (int, string, http.Header) {
	t.Helper()
	req, _ := http.NewRequest("GET", base+"/api/x", nil)
	req.Header.Set("Authorization", "Bearer "+tok)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b), resp.Header
}

// expectAll sends the token 8 times (twice to each of the 4 VMs: the dev host spreads idle
// requests round-robin) and checks every status.
func expectAll(t *testing.T, base, tok string, want int, what string) {
	t.Helper()
	for i := range 8 {
		if got, body, _ := jwksCall(t, base, tok); got != want {
			t.Fatalf("%s: request %d got %d %s, want %d", what, i, got, body, want)
		}
	}
}

func logCount(h *devhost.Host, event string) int {
	n := 0
	for _, l := range h.Logs() {
		if strings.Contains(l.Message, `"event":"`+event+`"`) {
			n++
		}
	}
	return n
}

var (
	jwksKeysOnce sync.Once
	jwksKeys     [3]*rsa.PrivateKey
)

func jwksTestKeys(t *testing.T) [3]*rsa.PrivateKey {
	jwksKeysOnce.Do(func() {
		for i := range jwksKeys {
			k, err := rsa.GenerateKey(rand.Reader, 2048)
			if err != nil {
				panic(err)
			}
			jwksKeys[i] = k
		}
	})
	return jwksKeys
}

// jwksFlood sends 10,000 requests with random kids from 8 clients while ticks keep coming and
// the clock moves 8 minutes (less than the 10-minute interval the server's max-age sets), and
// returns how many key-set fetches the server saw meanwhile.
func jwksFlood(t *testing.T, base string, h *devhost.Host, idp *idpServer) int {
	t.Helper()
	before := idp.count("/jwks")
	var wg sync.WaitGroup
	errs := make(chan string, 16)
	for w := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 1250 {
				req, _ := http.NewRequest("GET", base+"/api/x", nil)
				req.Header.Set("Authorization", "Bearer "+randomKidToken(h, fmt.Sprintf("r-%d-%d", w, i)))
				resp, err := http.DefaultClient.Do(req)
				if err != nil {
					errs <- err.Error()
					return
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if resp.StatusCode != 401 {
					errs <- fmt.Sprintf("random kid: %d", resp.StatusCode)
					return
				}
			}
		}()
	}
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	for n, stop := 0, false; !stop; n++ {
		select {
		case <-done:
			stop = true
		default:
		}
		if n < 48 {
			h.AdvanceClock(10 * time.Second)
		}
		settle(t, h)
	}
	close(errs)
	for e := range errs {
		t.Fatal(e)
	}
	n := idp.count("/jwks") - before
	t.Logf("10,000 random-kid requests: %d key-set fetches", n)
	return n
}

// TestRemoteJWKS: the lifecycle of a key set through rotation, an outage, every kind of bad
// answer, a slow server and a restart, on four VMs.
func TestRemoteJWKS(t *testing.T) {
	keys := jwksTestKeys(t)
	a, b := keys[0], keys[1]
	idp := startIDP(t)
	idp.set("", []*rsa.PrivateKey{a}, "a")
	base, h := jwksHost(t, idp, jwksConfig(`"remote_jwks":{"url":"https://idp.test/jwks","cluster":"idp","timeout":"1s"}`))

	t.Run("before the first fetch: on_failure (503)", func(t *testing.T) {
		st, body, hdr := jwksCall(t, base, jwksToken(t, h, a, "a"))
		if st != 503 || !strings.Contains(body, `"error":"service unavailable"`) || hdr.Get("Retry-After") == "" {
			t.Fatalf("got %d %s %v, want 503 with Retry-After", st, body, hdr)
		}
	})

	t.Run("one fetch serves every VM", func(t *testing.T) {
		settle(t, h)
		if n := idp.count("/jwks"); n != 1 {
			t.Fatalf("%d fetches for 4 VMs, want 1", n)
		}
		expectAll(t, base, jwksToken(t, h, a, "a"), 200, "token of the served key")
		st, body, _ := jwksCall(t, base, jwksToken(t, h, a, "a"))
		if st != 200 || !strings.Contains(body, `"x-user-id":"user-a"`) {
			t.Errorf("claim not forwarded: %d %s", st, body)
		}
		for range 5 {
			settle(t, h)
		}
		if n := idp.count("/jwks"); n != 1 {
			t.Errorf("ticks before the refresh fetched again: %d fetches", n)
		}
	})

	t.Run("a key the server starts serving: accepted after the unknown-kid refresh", func(t *testing.T) {
		h.AdvanceClock(time.Minute)
		idp.set("", []*rsa.PrivateKey{a, b}, "a", "b")
		tokB := jwksToken(t, h, b, "b")
		if st, body, hdr := jwksCall(t, base, tokB); st != 401 || !strings.Contains(hdr.Get("WWW-Authenticate"), "signing key is unknown") {
			t.Fatalf("new key before any refresh: %d %s %v, want 401 unknown key", st, body, hdr)
		}
		settle(t, h)
		if n := idp.count("/jwks"); n != 2 {
			t.Fatalf("%d fetches, want 2 (one early refresh)", n)
		}
		expectAll(t, base, tokB, 200, "token of the new key")
	})

	t.Run("10,000 requests with random kids, early refresh spent: no fetch", func(t *testing.T) {
		if n := jwksFlood(t, base, h, idp); n != 0 {
			t.Errorf("10,000 random kids in the interval of the last early refresh caused %d fetches, want 0", n)
		}
		if m := h.Metrics()["edgeward.auth.unknown_key"]; m < 10000 {
			t.Errorf("edgeward.auth.unknown_key = %d, want ≥ 10,000", m)
		}
	})

	t.Run("a key the server stops serving: refused after the next refresh", func(t *testing.T) {
		h.AdvanceClock(11 * time.Minute)
		idp.set("", []*rsa.PrivateKey{b}, "b")
		before := idp.count("/jwks")
		settle(t, h)
		if n := idp.count("/jwks") - before; n != 1 {
			t.Fatalf("%d fetches at the refresh, want 1", n)
		}
		expectAll(t, base, jwksToken(t, h, a, "a"), 401, "token of the removed key")
		expectAll(t, base, jwksToken(t, h, b, "b"), 200, "token of the kept key")
	})

	t.Run("10,000 requests with random kids, early refresh unspent: one fetch", func(t *testing.T) {
		h.AdvanceClock(time.Minute) // past the 30 s an early refresh waits after a good fetch
		if n := jwksFlood(t, base, h, idp); n != 1 {
			t.Errorf("10,000 random kids over 8 minutes of one interval caused %d fetches, want 1", n)
		}
		expectAll(t, base, jwksToken(t, h, b, "b"), 200, "token of the served key after the flood")
	})

	// Every failure keeps the last good keys (b), is counted, and is logged once per interval.
	failures := []struct{ name, mode, reason string }{
		{"down", "down", "upstream connect error"},
		{"non-200", "status", "status 500"},
		{"garbage", "garbage", "not a JWK Set (not JSON)"},
		{"not a JWK Set", "notaset", `no \"keys\" array`},
		{"disallowed key family", "ec", "no key usable for RS256"},
		{"oversized", "huge", "over max_bytes 65536"},
		{"slow", "slow", "status 504: upstream request timeout"},
	}
	for _, f := range failures {
		t.Run("failure "+f.name+": last good keys kept", func(t *testing.T) {
			h.AdvanceClock(11 * time.Minute) // the next refresh is due
			if f.mode == "down" {
				idp.stop()
			} else {
				idp.set(f.mode, []*rsa.PrivateKey{b}, "b")
			}
			failed, logged := h.Metrics()["edgeward.auth.jwks.fetch_failed"], logCount(h, "auth.jwks.fetch_failed")
			h.Tick()
			if f.mode == "slow" {
				// The server holds the call: requests are answered all the while.
				expectAll(t, base, jwksToken(t, h, b, "b"), 200, "while the key server hangs")
			}
			settle(t, h)
			// Retries with backoff: 1 s, 2 s, 4 s.
			for _, d := range []time.Duration{time.Second, 2 * time.Second, 4 * time.Second} {
				h.AdvanceClock(d)
				settle(t, h)
			}
			if got := h.Metrics()["edgeward.auth.jwks.fetch_failed"] - failed; got != 4 {
				t.Errorf("edgeward.auth.jwks.fetch_failed grew by %d, want 4 (the refresh and 3 retries)", got)
			}
			if got := logCount(h, "auth.jwks.fetch_failed") - logged; got != 1 {
				t.Errorf("%d failure lines logged, want 1 per interval", got)
			}
			var last string
			for _, l := range h.Logs() {
				if strings.Contains(l.Message, `"event":"auth.jwks.fetch_failed"`) {
					last = l.Message
				}
			}
			if !strings.Contains(last, f.reason) {
				t.Errorf("logged %s, want the reason %q", last, f.reason)
			}
			expectAll(t, base, jwksToken(t, h, b, "b"), 200, "token of the last good key")

			// The server recovers: the next retry (at most a minute later) succeeds.
			if f.mode == "down" {
				idp.start()
			}
			idp.set("", []*rsa.PrivateKey{b}, "b")
			before := idp.count("/jwks")
			h.AdvanceClock(time.Minute)
			settle(t, h)
			if idp.count("/jwks") != before+1 || h.Metrics()["edgeward.auth.jwks.fetch_failed"]-failed != 4 {
				t.Errorf("no good fetch after the server recovered")
			}
		})
	}

	t.Run("the server answers again: keys follow", func(t *testing.T) {
		c := keys[2]
		idp.set("", []*rsa.PrivateKey{c}, "c")
		h.AdvanceClock(11 * time.Minute)
		settle(t, h)
		expectAll(t, base, jwksToken(t, h, c, "c"), 200, "token of the key served after the failures")
		expectAll(t, base, jwksToken(t, h, b, "b"), 401, "token of the key no longer served")
		if m := h.Metrics()["edgeward.internal.failure"]; m != 0 {
			t.Errorf("internal failures: %d", m)
		}
		if h.Replacements() != 0 {
			t.Errorf("%d VMs trapped and were replaced", h.Replacements())
		}
	})

	t.Run("a restart with the server down answers as on_failure says", func(t *testing.T) {
		idp.stop()
		defer idp.start()
		for _, c := range []struct {
			onFailure string
			want      int
		}{{"", 503}, {`,"on_failure":"unauthorized"`, 401}} {
			base2, h2 := jwksHost(t, idp, jwksConfig(`"remote_jwks":{"url":"https://idp.test/jwks","cluster":"idp"`+c.onFailure+`}`))
			settle(t, h2)
			if m := h2.Metrics()["edgeward.auth.jwks.fetch_failed"]; m != 1 {
				t.Errorf("fetch_failed = %d, want 1", m)
			}
			expectAll(t, base2, jwksToken(t, h2, b, "b"), c.want, "no keys ever fetched, on_failure"+c.onFailure)
		}
	})
}

// TestRemoteJWKSDiscoveryAndPinned: an OIDC issuer found through discovery, with an inline key
// pinned beside the fetched ones.
func TestRemoteJWKSDiscoveryAndPinned(t *testing.T) {
	keys := jwksTestKeys(t)
	a, pinned := keys[0], keys[2]
	pub := func(k *rsa.PrivateKey, kid string) string {
		return fmt.Sprintf(`{"kty":"RSA","kid":%q,"n":%q,"e":"AQAB"}`, kid, base64.RawURLEncoding.EncodeToString(k.N.Bytes()))
	}
	idp := startIDP(t)
	idp.set("", []*rsa.PrivateKey{a}, "a")
	base, h := jwksHost(t, idp, jwksConfig(`"jwks":{"keys":[`+pub(pinned, "pinned")+`]},
	  "remote_jwks":{"issuer":"`+jwksIssuer+`","cluster":"idp"}`))

	expectAll(t, base, jwksToken(t, h, pinned, "pinned"), 200, "pinned key before the first fetch")
	if st, _, _ := jwksCall(t, base, jwksToken(t, h, a, "a")); st != 503 {
		t.Fatalf("fetched key before the first fetch: %d, want 503", st)
	}
	settle(t, h)
	if d, k := idp.count("/.well-known/openid-configuration"), idp.count("/oauth/jwks"); d != 1 || k != 1 {
		t.Fatalf("discovery %d, key set %d fetches; want 1 and 1", d, k)
	}
	expectAll(t, base, jwksToken(t, h, a, "a"), 200, "key found through discovery")
	expectAll(t, base, jwksToken(t, h, pinned, "pinned"), 200, "pinned key after the fetch")

	// The refresh reuses jwks_uri; with the server down, both keys keep working.
	h.AdvanceClock(11 * time.Minute)
	settle(t, h)
	if d, k := idp.count("/.well-known/openid-configuration"), idp.count("/oauth/jwks"); d != 1 || k != 2 {
		t.Errorf("refresh: discovery %d, key set %d fetches; want 1 and 2", d, k)
	}
	idp.stop()
	h.AdvanceClock(11 * time.Minute)
	settle(t, h)
	expectAll(t, base, jwksToken(t, h, a, "a"), 200, "fetched key, server down")
	expectAll(t, base, jwksToken(t, h, pinned, "pinned"), 200, "pinned key, server down")
}
