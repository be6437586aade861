package policies

import (
	"math/rand/v2"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// chaosStore wraps a Store shared by many "VMs" and, with probability p, makes another writer
// win the race just before a compare-and-swap: it rewrites the key (same value, new cas), so
// the caller's Set fails with ErrCASMismatch exactly as it would in Envoy.
type chaosStore struct {
	Store
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
	if err == ErrCASMismatch {
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
	store := &chaosStore{Store: NewMemStore(), p: 0.3}
	cfg := `{"rate_limit":{"rules":[{"id":"c","limit":50,"window":"60s","slots":64}]}}`
	engines := make([]*Engine, vms)
	for i := range engines {
		engines[i] = newRLEngine(t, cfg, store) // each its own VM, one shared store
	}
	for w, at := range []time.Duration{0, windowSecs * time.Second, 2*windowSecs*time.Second + 30*time.Second} {
		var passed, limited, failed atomic.Int64
		var wg sync.WaitGroup
		start := make(chan struct{})
		for _, e := range engines {
			wg.Add(1)
			go func(e *Engine) {
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
	// Failures counted at response time from many VMs at once: every one is counted.
	store := &chaosStore{Store: NewMemStore(), p: 0.2}
	cfg := `{"fail_mode":"open","rate_limit":{"rules":[{"id":"f","limit":1000,"window":"1000s","skip_successful_requests":true}]}}`
	const vms, perVM = 16, 20
	engines := make([]*Engine, vms)
	for i := range engines {
		engines[i] = newRLEngine(t, cfg, store)
	}
	var wg sync.WaitGroup
	var exhausted atomic.Int64
	for _, e := range engines {
		wg.Add(1)
		go func(e *Engine) {
			defer wg.Done()
			for i := 0; i < perVM; i++ {
				_, tx := rlDo(e, rlReq{path: "/", src: "203.0.113.78:1"})
				e.limiter.responseHeaders(tx, 401)
				for _, ev := range tx.Events() {
					if strings.Contains(ev.Metric, "cas_exhausted") {
						exhausted.Add(1)
					}
				}
			}
		}(e)
	}
	wg.Wait()
	_, tx := rlDo(engines[0], rlReq{path: "/", src: "203.0.113.78:1"})
	a := tx.rlState.applied
	if len(a) != 1 {
		t.Fatalf("applied: %+v", a)
	}
	if got, want := a[0].v.remaining, int64(1000-vms*perVM)+exhausted.Load(); got != want {
		t.Errorf("remaining %d, want %d (%d exhausted)", got, want, exhausted.Load())
	}
}
