package ratelimit

import (
	"math/rand/v2"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/edgeward/edgeward/policies"
)

// chaosStore wraps a Store shared by many "VMs" and, with probability p, makes another writer
// win the race just before a compare-and-swap: it rewrites the key (same value, new cas), so
// the caller's Set fails with ErrCASMismatch exactly as it would in Envoy.
type chaosStore struct {
	policies.Store
	p         float64
	injected  atomic.Int64
	mismatchN atomic.Int64
}

func (s *chaosStore) Set(key string, value []byte, cas uint32) error {
	if cas != 0 && rand.Float64() < s.p {
		if v, c, err := s.Store.Get(key); err == nil {
			if s.Store.Set(key, v, c) == nil {
				s.injected.Add(1)
			}
		}
	}
	err := s.Store.Set(key, value, cas)
	if err == policies.ErrCASMismatch {
		s.mismatchN.Add(1)
	}
	return err
}

func TestRateLimitConcurrentVMsExact(t *testing.T) {
	const (
		vms        = 48
		perVM      = 12
		limit      = 50
		windowSecs = 60
	)
	store := &chaosStore{Store: policies.NewMemStore(), p: 0.3}
	cfg := `{"rate_limit":{"rules":[{"id":"c","limit":50,"window":"60s","slots":64}]}}`
	engines := make([]*policies.Engine, vms)
	for i := range engines {
		engines[i] = newRLEngine(t, cfg, store) // each its own VM, one shared store
	}
	for w, at := range []time.Duration{0, windowSecs * time.Second, 2*windowSecs*time.Second + 30*time.Second} {
		var passed, limited, failed atomic.Int64
		var wg sync.WaitGroup
		start := make(chan struct{})
		for _, e := range engines {
			wg.Add(1)
			go func(e *policies.Engine) {
				defer wg.Done()
				<-start
				for i := 0; i < perVM; i++ {
					d, _ := rlDo(e, rlReq{path: "/", src: "203.0.113.77:1", at: at})
					switch status(d) {
					case 200:
						passed.Add(1)
					case 429:
						limited.Add(1)
					default:
						failed.Add(1)
					}
				}
			}(e)
		}
		close(start)
		wg.Wait()
		t.Logf("window %d: passed %d, limited %d, failed (cas exhausted, fail closed) %d", w, passed.Load(), limited.Load(), failed.Load())
		if passed.Load() != limit {
			t.Errorf("window %d: %d passed, want exactly %d", w, passed.Load(), limit)
		}
		if passed.Load()+limited.Load()+failed.Load() != vms*perVM {
			t.Errorf("window %d: requests lost", w)
		}
	}
	if store.injected.Load() == 0 || store.mismatchN.Load() == 0 {
		t.Errorf("no conflicts happened (injected %d, mismatches %d): the test proves nothing", store.injected.Load(), store.mismatchN.Load())
	}
	t.Logf("conflicts injected %d, CAS mismatches seen %d", store.injected.Load(), store.mismatchN.Load())
}

func TestRateLimitConcurrentSkipSuccessful(t *testing.T) {
	// Login brute force (issue 16): guesses for one email arrive at once on many VMs, all before
	// any response returns. With skip_successful_requests each is counted at arrival, so at most
	// `limit` reach the app whatever the concurrency; the successes among them give their unit
	// back when their responses return, the failures keep it.
	const vms, limit = 16, 10
	cfg := `{"fail_mode":"closed","rate_limit":{"rules":[{"id":"login","limit":10,"window":"1h","skip_successful_requests":true,
		"key":"body:email","methods":["POST"],"path":"/login"}]}}`
	var injected int64
	for _, concurrent := range []int{40, 90, 200} {
		// Only about limit+3 writes happen per round (the denials write nothing), so conflicts are
		// injected often and counted over all rounds: a round without one is likely, all three not.
		store := &chaosStore{Store: policies.NewMemStore(), p: 0.3} // 0.3^8: compare-and-swap retries practically never run out
		engines := make([]*policies.Engine, vms)
		for i := range engines {
			engines[i] = newRLEngine(t, cfg, store)
		}
		login := rlReq{method: "POST", path: "/login", src: "203.0.113.78:1", body: `{"email":"victim@example.com","password":"guess"}`}
		var mu sync.Mutex
		var through []*policies.Tx
		var wg sync.WaitGroup
		start := make(chan struct{})
		for i := 0; i < concurrent; i++ {
			wg.Add(1)
			go func(e *policies.Engine) {
				defer wg.Done()
				<-start
				if d, tx := rlDo(e, login); d == nil {
					mu.Lock()
					through = append(through, tx)
					mu.Unlock()
				}
			}(engines[i%vms])
		}
		close(start)
		wg.Wait()
		if len(through) != limit {
			t.Fatalf("%d concurrent wrong-password logins: %d reached the app, want exactly %d", concurrent, len(through), limit)
		}
		// Three of them succeed (the unit comes back), the rest fail (it stays).
		for i, tx := range through {
			st := 401
			if i < 3 {
				st = 200
			}
			limiterOf(tx.Engine()).responseHeaders(tx, st)
		}
		allowed := 0
		for i := 0; i < 20; i++ {
			if d, tx := rlDo(engines[i%vms], login); d == nil {
				allowed++
				limiterOf(tx.Engine()).responseHeaders(tx, 401)
			}
		}
		if allowed != 3 {
			t.Errorf("%d concurrent: after 3 successes and 7 failures, %d more guesses allowed, want 3", concurrent, allowed)
		}
		injected += store.injected.Load()
	}
	if injected == 0 {
		t.Errorf("no compare-and-swap conflicts happened in any round: the test proves nothing")
	}
}
