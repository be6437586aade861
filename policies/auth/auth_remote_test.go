package auth

import (
	"crypto/rand"
	"crypto/rsa"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/edgeward/edgeward/policies"
	"github.com/edgeward/edgeward/policies/internal/storetest"
)

// Tests of remote key sets (providers[i].remote_jwks): the config, and the shared-data protocol
// between several VMs' engines on one Store, driven by a fake clock and fake answers.

// vmFleet is several VMs' engines sharing one store (the shared data of one Envoy).
type vmFleet struct {
	t     *testing.T
	store policies.Store
	vms   []*policies.Engine
	now   time.Time
	// events collects every event of ticks and fetch answers.
	events []policies.Event
}

func newFleet(t *testing.T, n int, store policies.Store, top map[string]any) *vmFleet {
	t.Helper()
	f := &vmFleet{t: t, store: store, now: authNow}
	for range n {
		f.vms = append(f.vms, f.newVM(top))
	}
	return f
}

func (f *vmFleet) newVM(top map[string]any) *policies.Engine {
	f.t.Helper()
	cfg, err := policies.ParseConfig([]byte(authJSON(f.t, top)))
	if err != nil {
		f.t.Fatalf("ParseConfig: %v", err)
	}
	e, err := policies.NewEngine(cfg, policies.Options{Store: f.store, Now: f.now})
	if err != nil {
		f.t.Fatalf("NewEngine: %v", err)
	}
	return e
}

// tick ticks every VM once and returns the fetches they asked for.
func (f *vmFleet) tick() []*policies.KeyFetch {
	var all []*policies.KeyFetch
	for _, e := range f.vms {
		fs, ev := e.Tick(f.now)
		f.events = append(f.events, ev...)
		all = append(all, fs...)
	}
	return all
}

// answer completes fetch with res on the VM that made it and returns the follow-up fetch.
func (f *vmFleet) answer(fe *policies.KeyFetch, res policies.FetchResult) *policies.KeyFetch {
	for _, e := range f.vms {
		if authOf(e) != nil && len(authOf(e).remotes) > 0 && authOf(e).remotes[0] == fe.Job.(*keyFetch).r {
			next, ev := e.KeyFetchDone(fe, res, f.now)
			f.events = append(f.events, ev...)
			return next
		}
	}
	f.t.Fatal("no VM made this fetch")
	return nil
}

// refresh ticks, answers the single fetch asked for with res, and ticks again so that every VM
// has loaded the result.
func (f *vmFleet) refresh(res policies.FetchResult) {
	f.t.Helper()
	fs := f.tick()
	if len(fs) != 1 {
		f.t.Fatalf("%d VMs fetched, want exactly 1", len(fs))
	}
	f.answer(fs[0], res)
	if fs := f.tick(); len(fs) != 0 {
		f.t.Fatalf("a second fetch right after the first: %d", len(fs))
	}
}

// verdict verifies tok on VM i: 0 for a pass, else the decision's status.
func (f *vmFleet) verdict(i int, tok string) (int, string) {
	d, tx := authTx(f.vms[i], "GET", "/api/x", bearerHdr(tok), authNow)
	if d == nil {
		return 0, lastAuthMetric(tx)
	}
	return d.Status, d.Rule
}

func (f *vmFleet) count(metric string) (n, logged int) {
	for _, ev := range f.events {
		if ev.Metric == metric {
			n++
			if len(ev.JSON) > 0 {
				logged++
			}
		}
	}
	return n, logged
}

func jwksAnswer(t *testing.T, cacheControl string, keys ...map[string]any) policies.FetchResult {
	body := []byte(authJSON(t, testJWKS(keys...)))
	res := policies.FetchResult{Status: 200, Body: body, BodySize: len(body)}
	if cacheControl != "" {
		res.Headers = policies.Headers{{Name: "cache-control", Value: cacheControl}}
	}
	return res
}

// randomKidTok is an RS256 token whose kid no key has (its signature is never checked: the key
// lookup fails first), made without signing so that floods of them stay fast.
func randomKidTok(kid string) string {
	payload, _ := json.Marshal(authClaims(nil))
	return rawToken(`{"alg":"RS256","typ":"JWT","kid":"`+kid+`"}`, string(payload), make([]byte, 256))
}

func rsTok(t *testing.T, key any, kid string) string {
	h := map[string]any{}
	if kid != "" {
		h["kid"] = kid
	}
	return jwtSign(t, jwt.SigningMethodRS256, key, h, authClaims(nil))
}

// TestRemoteKeysOneFetchServesEveryVM: eight VMs, one fetch; every VM verifies with its keys;
// the next fetch comes at the refresh (max-age) and not before.
func TestRemoteKeysOneFetchServesEveryVM(t *testing.T) {
	k := jwtTestKeys(t)
	f := newFleet(t, 8, policies.NewMemStore(), map[string]any{"auth": remoteAuth(nil)})
	tokA := rsTok(t, k.rsa, "a")
	for i := range f.vms {
		if st, rule := f.verdict(i, tokA); st != 503 || rule != "jwt.keys_unavailable" {
			t.Fatalf("VM %d before any fetch: %d %s, want 503 jwt.keys_unavailable", i, st, rule)
		}
	}
	fs := f.tick()
	if len(fs) != 1 {
		t.Fatalf("first tick: %d fetches, want 1", len(fs))
	}
	c := fs[0].Call
	if c.Cluster != "idp" || c.Headers.Get(":path") != "/keys" || c.Headers.Get(":authority") != "idp.example.com" ||
		c.Headers.Get(":method") != "GET" || c.Timeout != 5*time.Second {
		t.Errorf("call = %+v", c)
	}
	f.now = f.now.Add(300 * time.Millisecond)
	if n := len(f.tick()); n != 0 {
		t.Fatalf("ticks while the fetch is out: %d more fetches", n)
	}
	f.answer(fs[0], jwksAnswer(t, "public, max-age=3600", testJWK(t, &k.rsa.PublicKey, "a", "RS256")))
	if n := len(f.tick()); n != 0 {
		t.Fatalf("%d fetches after a good one", n)
	}
	for i := range f.vms {
		if st, rule := f.verdict(i, tokA); st != 0 {
			t.Errorf("VM %d: token of the fetched key: %d %s", i, st, rule)
		}
	}
	for _, d := range []time.Duration{10 * time.Minute, 59 * time.Minute} {
		f.now = authNow.Add(d)
		if n := len(f.tick()); n != 0 {
			t.Errorf("at +%s (max-age 1h): %d fetches", d, n)
		}
	}
	f.now = authNow.Add(time.Hour + time.Second)
	if n := len(f.tick()); n != 1 {
		t.Errorf("at the refresh: %d fetches, want 1", n)
	}
	if n, logged := f.count("auth.jwks.updated"); n != 1 || logged != 1 {
		t.Errorf("auth.jwks.updated: %d events, %d logged, want 1 and 1", n, logged)
	}
}

// TestRemoteKeysRotation: a new key is picked up early through its unknown kid (once per
// interval, whatever the tokens say), a removed key is refused after the next refresh.
func TestRemoteKeysRotation(t *testing.T) {
	k := jwtTestKeys(t)
	f := newFleet(t, 4, policies.NewMemStore(), map[string]any{"auth": remoteAuth(map[string]any{"refresh": "10m"})})
	ja, jb := testJWK(t, &k.rsa.PublicKey, "a", ""), testJWK(t, &k.rsa2.PublicKey, "b", "")
	f.refresh(jwksAnswer(t, "", ja))
	tokA, tokB := rsTok(t, k.rsa, "a"), rsTok(t, k.rsa2, "b")

	// The IdP starts signing with b: the first token is refused, the next tick refreshes early.
	f.now = f.now.Add(time.Minute)
	if st, rule := f.verdict(2, tokB); st != 401 || rule != "jwt.unknown_key" {
		t.Fatalf("token of a key not fetched yet: %d %s, want 401 jwt.unknown_key", st, rule)
	}
	f.refresh(jwksAnswer(t, "", ja, jb))
	for i := range f.vms {
		if st, _ := f.verdict(i, tokB); st != 0 {
			t.Errorf("VM %d: token of the new key after the early refresh: %d", i, st)
		}
	}

	// 10,000 tokens with random kids inside the same interval: no fetch at all (the early
	// refresh of this interval is spent), however the ticks fall.
	fetches := 0
	for n := range 10000 {
		tok := randomKidTok(fmt.Sprintf("random-%d", n))
		if st, _ := f.verdict(n%len(f.vms), tok); st != 401 {
			t.Fatalf("random kid %d: %d, want 401", n, st)
		}
		if n%100 == 99 {
			f.now = f.now.Add(5 * time.Second) // 500 s in all: still inside the interval
			fetches += len(f.tick())
		}
	}
	if fetches != 0 {
		t.Errorf("10,000 random kids inside one interval caused %d fetches, want 0 (early refresh already used)", fetches)
	}

	// The IdP drops a: refused once the refresh has run (a is then an unknown kid).
	f.now = authNow.Add(time.Minute + 10*time.Minute + time.Second)
	f.refresh(jwksAnswer(t, "", jb))
	for i := range f.vms {
		if st, rule := f.verdict(i, tokA); st != 401 || rule != "jwt.unknown_key" {
			t.Errorf("VM %d: token of a removed key: %d %s, want 401 jwt.unknown_key", i, st, rule)
		}
		if st, _ := f.verdict(i, tokB); st != 0 {
			t.Errorf("VM %d: token of the kept key: %d", i, st)
		}
	}
}

// TestRemoteKeysRandomKidsOneFetchPerInterval: with the early refresh unspent, a flood of random
// kids over three intervals causes one early fetch per interval (plus the scheduled refreshes).
func TestRemoteKeysRandomKidsOneFetchPerInterval(t *testing.T) {
	k := jwtTestKeys(t)
	f := newFleet(t, 4, policies.NewMemStore(), map[string]any{"auth": remoteAuth(map[string]any{"refresh": "5m"})})
	ja := testJWK(t, &k.rsa.PublicKey, "a", "")
	f.refresh(jwksAnswer(t, "", ja))
	early, scheduled := 0, 0
	for n := range 10000 {
		tok := randomKidTok(fmt.Sprintf("r%d", n))
		f.verdict(n%len(f.vms), tok)
		if n%50 == 49 {
			f.now = f.now.Add(4500 * time.Millisecond) // 200 ticks over 15 minutes: three intervals
			for _, fe := range f.tick() {
				// A fetch at a multiple of the interval after the last good one is the scheduled
				// one; anything else was asked for by a kid.
				if rec, _, _ := fe.Job.(*keyFetch).r.get(); rec.Early == f.now.UnixNano() {
					early++
				} else {
					scheduled++
				}
				f.answer(fe, jwksAnswer(t, "", ja))
			}
		}
	}
	if early > 3 || scheduled > 3 {
		t.Errorf("over 15 minutes (refresh 5m): %d early and %d scheduled fetches, want at most 3 each", early, scheduled)
	}
	if early == 0 {
		t.Errorf("no early refresh at all: the test proves nothing")
	}
	t.Logf("10,000 random kids over 3 intervals: %d early fetches, %d scheduled", early, scheduled)
}

// TestRemoteKeysFailuresKeepLastGood: every kind of bad answer keeps the last good keys, is
// counted each time and logged once per interval; a retry follows with backoff.
func TestRemoteKeysFailuresKeepLastGood(t *testing.T) {
	k := jwtTestKeys(t)
	ja := testJWK(t, &k.rsa.PublicKey, "a", "")
	big := strings.Repeat(" ", 70000)
	bad := []struct {
		name string
		res  policies.FetchResult
		want string
	}{
		{"down", policies.FetchResult{Status: 503, Body: []byte("upstream connect error or disconnect/reset before headers. reset reason: connection failure")}, "status 503: upstream connect error"},
		{"timeout", policies.FetchResult{Status: 504, Body: []byte("upstream request timeout")}, "status 504: upstream request timeout"},
		{"reset", policies.FetchResult{}, "no response"},
		{"dispatch", policies.FetchResult{Err: "dispatching to cluster \"idp\": bad argument"}, "bad argument"},
		{"not found", policies.FetchResult{Status: 404, Body: []byte("<html>nope</html>")}, "status 404"},
		{"not json", policies.FetchResult{Status: 200, Body: []byte("hello")}, "not a JWK Set (not JSON)"},
		{"not a set", policies.FetchResult{Status: 200, Body: []byte(`{"keys":"x"}`)}, `no "keys" array`},
		{"array", policies.FetchResult{Status: 200, Body: []byte(`[1]`)}, "not a JSON object"},
		{"other family", jwksAnswer(t, "", testJWK(t, &k.p256.PublicKey, "e", "")), "no key usable for RS256"},
		{"only enc", policies.FetchResult{Status: 200, Body: []byte(`{"keys":[` + strings.Replace(authJSON(t, ja), `"kty"`, `"use":"enc","kty"`, 1) + `]}`)}, "no key usable"},
		{"private", policies.FetchResult{Status: 200, Body: []byte(`{"keys":[` + strings.Replace(authJSON(t, ja), `"kty"`, `"d":"AQAB","kty"`, 1) + `]}`)}, "private key material"},
		{"oversized", policies.FetchResult{Status: 200, Body: []byte(big[:65537]), BodySize: 70000}, "over max_bytes 65536"},
	}
	for _, b := range bad {
		t.Run(b.name, func(t *testing.T) {
			f := newFleet(t, 3, policies.NewMemStore(), map[string]any{"auth": remoteAuth(map[string]any{"refresh": "10m"})})
			f.refresh(jwksAnswer(t, "", ja))
			tok := rsTok(t, k.rsa, "a")
			f.now = f.now.Add(10*time.Minute + time.Second)
			f.refresh(b.res)
			for i := range f.vms {
				if st, _ := f.verdict(i, tok); st != 0 {
					t.Errorf("VM %d after a failed refresh: %d, want the last good keys to pass", i, st)
				}
			}
			// Retries: 1 s, then 2 s, 4 s ... each failing again; counted each time, logged once.
			for _, wait := range []time.Duration{time.Second, 2 * time.Second, 4 * time.Second} {
				f.now = f.now.Add(wait / 2)
				if n := len(f.tick()); n != 0 {
					t.Fatalf("retry before its backoff (%s): %d fetches", wait, n)
				}
				f.now = f.now.Add(wait / 2)
				f.refresh(b.res)
			}
			n, logged := f.count("auth.jwks.fetch_failed")
			if n != 4 || logged != 1 {
				t.Errorf("auth.jwks.fetch_failed: %d counted, %d logged, want 4 and 1", n, logged)
			}
			var line map[string]any
			for _, ev := range f.events {
				if ev.Metric == "auth.jwks.fetch_failed" && len(ev.JSON) > 0 {
					if err := json.Unmarshal(ev.JSON, &line); err != nil {
						t.Fatal(err)
					}
				}
			}
			if r, _ := line["reason"].(string); !strings.Contains(r, b.want) {
				t.Errorf("logged reason %q, want it to mention %q", r, b.want)
			}
			if kept, _ := line["keeping"].(string); !strings.HasPrefix(kept, "the keys fetched at ") {
				t.Errorf("logged keeping %q", kept)
			}
			// The next interval logs again (with how many were not logged).
			f.now = f.now.Add(10 * time.Minute)
			f.refresh(b.res)
			if _, logged := f.count("auth.jwks.fetch_failed"); logged != 2 {
				t.Errorf("a failure an interval later: %d logged lines, want 2", logged)
			}
			// And a good answer ends it.
			f.now = f.now.Add(time.Minute)
			f.refresh(jwksAnswer(t, "", ja))
			f.now = f.now.Add(5 * time.Minute)
			if n := len(f.tick()); n != 0 {
				t.Errorf("retries after a good answer: %d", n)
			}
		})
	}
}

// TestRemoteKeysOnFailure: tokens of a provider whose keys were never fetched get on_failure.
func TestRemoteKeysOnFailure(t *testing.T) {
	k := jwtTestKeys(t)
	tok := rsTok(t, k.rsa, "a")
	tests := []struct {
		name     string
		top      map[string]any
		wantCode int // 0: passes
		wantRule string
	}{
		{"default unavailable", map[string]any{}, 503, "jwt.keys_unavailable"},
		{"unauthorized", map[string]any{"on_failure": "unauthorized"}, 401, "jwt.keys_unavailable"},
		{"fail_mode closed", map[string]any{"on_failure": "fail_mode"}, 503, "jwt.keys_unavailable"},
		{"fail_mode open", map[string]any{"on_failure": "fail_mode", "fail_mode": "open"}, 0, ""},
		{"detect", map[string]any{"mode": "detect"}, 0, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			over := map[string]any{}
			top := map[string]any{}
			for k, v := range tt.top {
				switch k {
				case "fail_mode", "mode":
					top[k] = v
				default:
					over[k] = v
				}
			}
			top["auth"] = remoteAuth(over)
			f := newFleet(t, 1, policies.NewMemStore(), top)
			d, tx := authTx(f.vms[0], "GET", "/api/x", bearerHdr(tok), authNow)
			if tt.wantCode == 0 {
				if d != nil {
					t.Fatalf("got %d %s, want a pass", d.Status, d.Rule)
				}
				if tx.Claims != nil {
					t.Errorf("claims set for an unverified token")
				}
			} else {
				if d == nil || d.Status != tt.wantCode || d.Rule != tt.wantRule {
					t.Fatalf("got %+v, want %d %s", d, tt.wantCode, tt.wantRule)
				}
				if strings.Contains(string(d.Body), tok) {
					t.Errorf("body echoes the token")
				}
			}
			if m := lastAuthMetric(tx); m != "auth.keys_unavailable" {
				t.Errorf("metric %q, want auth.keys_unavailable", m)
			}
			// A token that is bad whatever the keys is refused as such.
			hs := jwtSign(t, jwt.SigningMethodHS256, k.hmac, nil, authClaims(nil))
			if d, _ := authTx(f.vms[0], "GET", "/api/x", bearerHdr(hs), authNow); (d == nil) != (tt.name == "detect") || d != nil && d.Rule != "jwt.bad_algorithm" {
				t.Errorf("HS256 token at an RS256 provider: %+v", d)
			}
		})
	}
	// A restarted VM (new engine, shared data kept) has the keys at once, before any tick.
	store := policies.NewMemStore()
	f := newFleet(t, 1, store, map[string]any{"auth": remoteAuth(nil)})
	f.refresh(jwksAnswer(t, "", testJWK(t, &k.rsa.PublicKey, "a", "")))
	f.vms = append(f.vms, f.newVM(map[string]any{"auth": remoteAuth(nil)}))
	if st, rule := f.verdict(1, tok); st != 0 {
		t.Errorf("new VM on shared data that holds keys: %d %s", st, rule)
	}
}

// TestRemoteKeysInlinePinned: inline keys verify before the first fetch and after every change
// of the fetched set.
func TestRemoteKeysInlinePinned(t *testing.T) {
	k := jwtTestKeys(t)
	pinned := testJWKS(testJWK(t, &k.rsa2.PublicKey, "pinned", ""))
	f := newFleet(t, 2, policies.NewMemStore(), map[string]any{"auth": remoteAuth(map[string]any{"provider.jwks": pinned})})
	tokP, tokA := rsTok(t, k.rsa2, "pinned"), rsTok(t, k.rsa, "a")
	if st, _ := f.verdict(0, tokP); st != 0 {
		t.Errorf("pinned key before the first fetch: %d", st)
	}
	if st, rule := f.verdict(0, tokA); st != 503 {
		t.Errorf("remote key before the first fetch: %d %s, want 503", st, rule)
	}
	// A token that names the pinned kid but is signed by another key is judged by the pinned
	// key (401), not answered as if keys were missing.
	if st, rule := f.verdict(0, rsTok(t, k.rsa, "pinned")); st != 401 || rule != "jwt.bad_signature" {
		t.Errorf("pinned kid, wrong signature, before the first fetch: %d %s, want 401 jwt.bad_signature", st, rule)
	}
	f.refresh(jwksAnswer(t, "", testJWK(t, &k.rsa.PublicKey, "a", "")))
	for _, tok := range []string{tokP, tokA} {
		if st, rule := f.verdict(1, tok); st != 0 {
			t.Errorf("after the fetch: %d %s", st, rule)
		}
	}
	f.now = f.now.Add(11 * time.Minute)
	f.refresh(jwksAnswer(t, "", testJWK(t, &k.p256.PublicKey, "e", ""), testJWK(t, &k.rsa.PublicKey, "a2", "")))
	if st, _ := f.verdict(1, tokP); st != 0 {
		t.Errorf("pinned key after the fetched set changed: %d", st)
	}
}

// TestRemoteKeysPinnedPEM: a kid-less pinned PEM key is tried on every token; before the first
// fetch a token it does not verify is a missing-keys case (on_failure), not a forgery.
func TestRemoteKeysPinnedPEM(t *testing.T) {
	k := jwtTestKeys(t)
	f := newFleet(t, 1, policies.NewMemStore(), map[string]any{"auth": remoteAuth(map[string]any{"provider.pem": pemPublicKey(t, &k.rsa2.PublicKey)})})
	if st, _ := f.verdict(0, rsTok(t, k.rsa2, "")); st != 0 {
		t.Errorf("token of the pinned PEM key: %d", st)
	}
	if st, rule := f.verdict(0, rsTok(t, k.rsa, "a")); st != 503 || rule != "jwt.keys_unavailable" {
		t.Errorf("token of a remote key before the first fetch: %d %s, want 503", st, rule)
	}
	f.refresh(jwksAnswer(t, "", testJWK(t, &k.rsa.PublicKey, "a", "")))
	if st, rule := f.verdict(0, rsTok(t, k.rsa, "a")); st != 0 {
		t.Errorf("after the fetch: %d %s", st, rule)
	}
	if st, rule := f.verdict(0, randomKidTok("a")); st != 401 || rule != "jwt.bad_signature" {
		t.Errorf("a forged token after the fetch: %d %s", st, rule)
	}
}

// TestRemoteKeysDiscovery: an OIDC issuer's discovery document names the key set; its jwks_uri
// is reused at the next refresh and asked again after a failure.
func TestRemoteKeysDiscovery(t *testing.T) {
	k := jwtTestKeys(t)
	ja := testJWK(t, &k.rsa.PublicKey, "a", "")
	doc := func(iss, uri string) policies.FetchResult {
		b := []byte(authJSON(t, map[string]any{"issuer": iss, "jwks_uri": uri, "id_token_signing_alg_values_supported": []string{"RS256"}}))
		return policies.FetchResult{Status: 200, Body: b, BodySize: len(b)}
	}
	// issuer with a trailing slash is a different issuer for the config: use the exact one.
	if _, err := policies.ParseConfig([]byte(authJSON(t, map[string]any{"auth": remoteAuth(map[string]any{"url": nil, "issuer": authIss + "/"})}))); err == nil {
		t.Fatal("an issuer not among issuers was accepted")
	}
	f := newFleet(t, 3, policies.NewMemStore(), map[string]any{"auth": remoteAuth(map[string]any{"url": nil, "issuer": authIss})})
	fs := f.tick()
	if len(fs) != 1 || fs[0].Call.Headers.Get(":path") != "/.well-known/openid-configuration" || fs[0].Call.Headers.Get(":authority") != "auth.example.com" {
		t.Fatalf("discovery call: %+v", fs)
	}
	next := f.answer(fs[0], doc(authIss, "https://keys.example.com/oauth2/v1/certs?x=1"))
	if next == nil || next.Call.Headers.Get(":path") != "/oauth2/v1/certs?x=1" || next.Call.Headers.Get(":authority") != "keys.example.com" || next.Call.Cluster != "idp" {
		t.Fatalf("key-set call after discovery: %+v", next)
	}
	if n := len(f.tick()); n != 0 {
		t.Fatalf("ticks between the two calls: %d fetches", n)
	}
	f.answer(next, jwksAnswer(t, "", ja))
	f.tick()
	if st, rule := f.verdict(2, rsTok(t, k.rsa, "a")); st != 0 {
		t.Fatalf("after discovery: %d %s", st, rule)
	}
	f.now = f.now.Add(10*time.Minute + time.Second)
	fs = f.tick()
	if len(fs) != 1 || fs[0].Call.Headers.Get(":authority") != "keys.example.com" {
		t.Fatalf("refresh: want the key set directly, got %+v", fs)
	}
	f.answer(fs[0], policies.FetchResult{Status: 500})
	f.now = f.now.Add(time.Second)
	fs = f.tick()
	if len(fs) != 1 || fs[0].Call.Headers.Get(":path") != "/.well-known/openid-configuration" {
		t.Fatalf("retry after a failure: want discovery again, got %+v", fs)
	}
	// A discovery document of another issuer is a failure.
	if next := f.answer(fs[0], doc("https://evil.example.com", "https://evil.example.com/keys")); next != nil {
		t.Fatalf("discovery of another issuer was followed: %+v", next.Call)
	}
	if st, _ := f.verdict(0, rsTok(t, k.rsa, "a")); st != 0 {
		t.Errorf("last good keys after a bad discovery: %d", st)
	}
	for _, bad := range []policies.FetchResult{doc(authIss, "/relative"), doc(authIss, "ftp://x/k"), {Status: 200, Body: []byte(`{"issuer":1}`)}} {
		if uri, p := parseDiscovery(bad, authOf(f.vms[0]).remotes[0].cfg); p == "" {
			t.Errorf("discovery %s accepted: %q", bad.Body, uri)
		}
	}
}

// TestRemoteKeysLease: a VM whose answer never comes holds the lease until it expires; then
// another VM fetches, and the late answer is dropped.
func TestRemoteKeysLease(t *testing.T) {
	k := jwtTestKeys(t)
	ja := testJWK(t, &k.rsa.PublicKey, "a", "")
	f := newFleet(t, 3, policies.NewMemStore(), map[string]any{"auth": remoteAuth(map[string]any{"timeout": "1s"})})
	lost := f.tick()
	if len(lost) != 1 {
		t.Fatalf("%d fetches", len(lost))
	}
	f.now = f.now.Add(6 * time.Second) // lease: 2 x 1 s + 5 s
	if n := len(f.tick()); n != 0 {
		t.Fatalf("inside the lease: %d fetches", n)
	}
	f.now = f.now.Add(1100 * time.Millisecond)
	fs := f.tick()
	if len(fs) != 1 {
		t.Fatalf("after the lease: %d fetches, want 1", len(fs))
	}
	// The first VM's answer arrives late: it no longer holds the lease, nothing is stored.
	f.answer(lost[0], jwksAnswer(t, "", ja))
	if f.vms[0].RemoteKeysReady() || f.vms[1].RemoteKeysReady() || f.vms[2].RemoteKeysReady() {
		t.Fatalf("a late answer from a lost lease was installed")
	}
	f.answer(fs[0], jwksAnswer(t, "", ja))
	f.tick()
	for i, e := range f.vms {
		if !e.RemoteKeysReady() {
			t.Errorf("VM %d not ready", i)
		}
	}
}

// TestRemoteKeysStoreTrouble: lost compare-and-swaps and host errors never panic, never fetch
// twice, and are logged rarely.
func TestRemoteKeysStoreTrouble(t *testing.T) {
	t.Run("every swap lost", func(t *testing.T) {
		f := newFleet(t, 2, storetest.Conflict{MemStore: policies.NewMemStore()}, map[string]any{"auth": remoteAuth(nil)})
		for range 10 {
			if n := len(f.tick()); n != 0 {
				t.Fatalf("fetched without winning the lease: %d", n)
			}
			f.now = f.now.Add(time.Second)
		}
	})
	t.Run("host errors", func(t *testing.T) {
		f := newFleet(t, 2, storetest.Failing{}, map[string]any{"auth": remoteAuth(nil)})
		for range 10 {
			if n := len(f.tick()); n != 0 {
				t.Fatalf("fetched without a store: %d", n)
			}
			f.now = f.now.Add(time.Second)
		}
		if n, logged := f.count("auth.jwks.store_failure"); n < 20 || logged != 2 {
			t.Errorf("store failures: %d counted, %d logged, want every one counted and one line per VM", n, logged)
		}
	})
}

func TestMaxAge(t *testing.T) {
	tests := []struct {
		in   []string
		want time.Duration
		ok   bool
	}{
		{nil, 0, false},
		{[]string{"public, max-age=3600"}, time.Hour, true},
		{[]string{"max-age=\"60\""}, time.Minute, true},
		{[]string{"public", "MAX-AGE=120, must-revalidate"}, 2 * time.Minute, true},
		{[]string{"no-store"}, 0, true},
		{[]string{"max-age=abc"}, 0, false},
		{[]string{"max-age=99999999999"}, 0, false},
		{[]string{"s-maxage=10"}, 0, false},
	}
	for _, tt := range tests {
		got, ok := maxAge(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("maxAge(%q) = %s, %v; want %s, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
	// Bounded to 5m..24h; refresh overrides.
	k := jwtTestKeys(t)
	ja := testJWK(t, &k.rsa.PublicKey, "a", "")
	for _, c := range []struct {
		cc, refresh string
		want        time.Duration
	}{{"max-age=60", "", 5 * time.Minute}, {"max-age=604800", "", 24 * time.Hour}, {"", "", 10 * time.Minute},
		{"no-cache", "", 5 * time.Minute}, {"max-age=7200", "", 2 * time.Hour}, {"max-age=7200", "30m", 30 * time.Minute}} {
		over := map[string]any{}
		if c.refresh != "" {
			over["refresh"] = c.refresh
		}
		f := newFleet(t, 1, policies.NewMemStore(), map[string]any{"auth": remoteAuth(over)})
		f.refresh(jwksAnswer(t, c.cc, ja))
		f.now = f.now.Add(c.want - time.Second)
		if n := len(f.tick()); n != 0 {
			t.Errorf("%q refresh %q: fetched before %s", c.cc, c.refresh, c.want)
		}
		f.now = f.now.Add(2 * time.Second)
		if n := len(f.tick()); n != 1 {
			t.Errorf("%q refresh %q: no fetch at %s", c.cc, c.refresh, c.want)
		}
	}
}

func TestParseRemoteKeySet(t *testing.T) {
	k := jwtTestKeys(t)
	short, err := rsa.GenerateKey(rand.Reader, 1024)
	if err != nil {
		t.Fatal(err)
	}
	small := authJSON(t, testJWK(t, &short.PublicKey, "short", ""))
	body := `{"keys":[` + strings.Join([]string{
		authJSON(t, testJWK(t, &k.rsa.PublicKey, "sig", "RS256")),
		strings.Replace(authJSON(t, testJWK(t, &k.rsa2.PublicKey, "enc", "")), `"kty"`, `"use":"enc","kty"`, 1),
		`{"kty":"oct","k":"c2VjcmV0"}`,
		`{"kty":"RSA","n":"AQAB","e":"AQAB"}`,
		authJSON(t, testJWK(t, &k.p256.PublicKey, "ec", "")),
		authJSON(t, testJWK(t, &k.rsa2.PublicKey, "ps", "PS256")),
		`"junk"`, `{"kty":"XYZ"}`, small,
	}, ",") + `],"other":true}`
	keys, compact, skipped, problem := parseRemoteKeySet([]byte(body), []string{"RS256"})
	if problem != "" {
		t.Fatal(problem)
	}
	if got := kidsOf(keys); len(got) != 1 || got[0] != "sig" || skipped != 8 {
		t.Errorf("kept %v, skipped %d; want [sig] and 8 skipped", got, skipped)
	}
	again, _, _, problem := parseRemoteKeySet(compact, []string{"RS256"})
	if problem != "" || len(again) != 1 || again[0].kid != "sig" || strings.Contains(string(compact), "use") {
		t.Errorf("compact form %s reads back as %v (%s)", compact, kidsOf(again), problem)
	}
}

func FuzzParseRemoteKeySet(f *testing.F) {
	k := jwtTestKeys(f)
	f.Add([]byte(authJSON(f, testJWKS(testJWK(f, &k.rsa.PublicKey, "a", ""), testJWK(f, &k.p256.PublicKey, "b", "ES256")))))
	f.Add([]byte(`{"keys":[{"kty":"OKP","crv":"Ed25519","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}]}`))
	f.Add([]byte(`{"keys":[{"kty":"EC","crv":"P-256","x":"AA","y":"AA"}]}`))
	f.Add([]byte(`{"keys":"x"}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		keys, compact, _, problem := parseRemoteKeySet(b, []string{"RS256", "ES256", "EdDSA"})
		if problem == "" {
			again, _, _, p2 := parseRemoteKeySet(compact, []string{"RS256", "ES256", "EdDSA"})
			if p2 != "" || len(again) != len(keys) {
				t.Fatalf("compact form of %q does not read back: %s (%d vs %d keys)", b, p2, len(again), len(keys))
			}
		}
	})
}

// BenchmarkRemoteKeysTick is what each VM does every second per key source once the keys are in:
// read the shared record and find nothing new (5 RSA keys stored).
func BenchmarkRemoteKeysTick(b *testing.B) {
	k := jwtTestKeys(b)
	cfg, err := policies.ParseConfig([]byte(authJSON(b, map[string]any{"auth": remoteAuth(map[string]any{"refresh": "1h"})})))
	if err != nil {
		b.Fatal(err)
	}
	e, err := policies.NewEngine(cfg, policies.Options{Store: policies.NewMemStore(), Now: authNow})
	if err != nil {
		b.Fatal(err)
	}
	fs, _ := e.Tick(authNow)
	var keys []map[string]any
	for i := range 5 {
		keys = append(keys, testJWK(b, &k.rsa.PublicKey, fmt.Sprintf("k%d", i), ""))
	}
	body := []byte(authJSON(b, testJWKS(keys...)))
	e.KeyFetchDone(fs[0], policies.FetchResult{Status: 200, Body: body, BodySize: len(body)}, authNow)
	b.ReportAllocs()
	for b.Loop() {
		if fs, _ := e.Tick(authNow.Add(time.Minute)); len(fs) != 0 {
			b.Fatal("fetched")
		}
	}
}
