package ratelimit

import (
	"bytes"
	"errors"
	"net/netip"
	"testing"
	"time"

	"github.com/edgeward/edgeward/policies"
	"github.com/edgeward/edgeward/policies/internal/storetest"
)

func TestMemStoreSemantics(t *testing.T) {
	s := policies.NewMemStore()
	if _, cas, err := s.Get("k"); !errors.Is(err, policies.ErrNotFound) || cas != 0 {
		t.Fatalf("absent: got cas %d err %v, want 0 ErrNotFound", cas, err)
	}
	// Envoy ignores the cas of a key it does not hold: the set creates it.
	a := policies.NewMemStore()
	if err := a.Set("absent", []byte("v"), 7); err != nil {
		t.Fatalf("cas on absent key: got %v, want it created", err)
	}
	if v, cas, err := a.Get("absent"); err != nil || string(v) != "v" || cas == 0 {
		t.Fatalf("after a cas set on an absent key: %q %d %v", v, cas, err)
	}
	buf := []byte("v1")
	if err := s.Set("k", buf, 0); err != nil {
		t.Fatalf("create: %v", err)
	}
	buf[0] = 'X' // the store copied it
	v, c1, err := s.Get("k")
	if err != nil || string(v) != "v1" || c1 == 0 {
		t.Fatalf("get: %q %d %v", v, c1, err)
	}
	v[0] = 'Y'
	if err := s.Set("k", []byte("v2"), c1); err != nil {
		t.Fatalf("cas write: %v", err)
	}
	v, c2, _ := s.Get("k")
	if string(v) != "v2" || c2 == c1 || c2 == 0 {
		t.Fatalf("after cas write: %q cas %d (was %d)", v, c2, c1)
	}
	if err := s.Set("k", []byte("v3"), c1); !errors.Is(err, policies.ErrCASMismatch) {
		t.Fatalf("stale cas: got %v, want ErrCASMismatch", err)
	}
	if err := s.Set("k", []byte("v4"), 0); err != nil {
		t.Fatalf("unconditional: %v", err)
	}
	v, c3, _ := s.Get("k")
	if string(v) != "v4" || c3 == c2 {
		t.Fatalf("after unconditional write: %q cas %d", v, c3)
	}
	if s.Len() != 1 || s.Bytes() != len("k")+len("v4") {
		t.Fatalf("len %d bytes %d", s.Len(), s.Bytes())
	}
}

func TestChooseSlot(t *testing.T) {
	const now = 1000
	const me, other, third = 11, 22, 33
	tests := []struct {
		name      string
		a, b      slot
		wantB     bool
		wantGuest bool
	}{
		{"both empty: a", slot{}, slot{}, false, false},
		{"own a", slot{me, 1500}, slot{}, false, false},
		{"own b even when a is free", slot{}, slot{me, 1500}, true, false},
		{"own both after a race: the fuller one", slot{me, 1200}, slot{me, 1800}, true, false},
		{"a held, b empty: take b", slot{other, 1500}, slot{}, true, false},
		{"a expired: take it over", slot{other, 900}, slot{third, 1500}, false, false},
		{"a held, b expired: take b", slot{other, 1500}, slot{third, 1000}, true, false},
		{"both held: guest of the one with more allowance", slot{other, 1800}, slot{third, 1200}, true, true},
		{"both held: guest of a", slot{other, 1100}, slot{third, 1200}, false, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			gotB, gotGuest := chooseSlot(me, tt.a, tt.b, now)
			if gotB != tt.wantB || gotGuest != tt.wantGuest {
				t.Errorf("got useB=%v guest=%v, want %v %v", gotB, gotGuest, tt.wantB, tt.wantGuest)
			}
		})
	}
}

func TestSlotCodec(t *testing.T) {
	for _, s := range []slot{{}, {1, 2}, {^uint64(0), -5}, {42, 1 << 62}} {
		if got := decodeSlot(encodeSlot(s)); got != s {
			t.Errorf("round trip %+v: got %+v", s, got)
		}
	}
	for _, b := range [][]byte{nil, {1}, bytes.Repeat([]byte{2}, slotValueLen), bytes.Repeat([]byte{1}, 18)} {
		if got := decodeSlot(b); got != (slot{}) {
			t.Errorf("malformed %x: got %+v, want empty", b, got)
		}
	}
}

// Collisions, with slots small enough to force them.
func TestRateLimitSlotCollisions(t *testing.T) {
	t.Run("one slot: a newcomer is a guest until the owner's state expires", func(t *testing.T) {
		e := newRLEngine(t, `{"rate_limit":{"rules":[{"id":"c","limit":3,"window":"30s","slots":1}]}}`, nil)
		a, b := rlReq{src: "192.0.2.1:1"}, rlReq{src: "192.0.2.2:1"}
		rlDo(e, a)
		rlDo(e, a)
		if d, tx := rlDo(e, b); d != nil || !hasMetric(tx, "rate_limit.slot_collision") {
			t.Fatalf("b as guest: got %+v, want allowed with a collision event", d)
		}
		if d, _ := rlDo(e, b); d == nil {
			t.Fatal("b shares a's exhausted allowance: want 429")
		}
		if d, _ := rlDo(e, a); d == nil {
			t.Fatal("a not limited: the guest's requests must count")
		}
		// a's state is a full allowance again 30s after the last counted request: b takes over.
		b.at = 30 * time.Second
		if d, tx := rlDo(e, b); d != nil || hasMetric(tx, "rate_limit.slot_collision") {
			t.Fatalf("b after expiry: got %+v, want allowed as owner", d)
		}
		rlDo(e, b)
		rlDo(e, b)
		if d, _ := rlDo(e, b); d == nil {
			t.Fatal("b's own limit not enforced")
		}
	})
	t.Run("two slots: two clients never share, a third is a guest of the fuller allowance", func(t *testing.T) {
		e := newRLEngine(t, `{"rate_limit":{"rules":[{"id":"c","limit":2,"window":"30s","slots":2}]}}`, nil)
		a, b, c := rlReq{src: "192.0.2.1:1"}, rlReq{src: "192.0.2.2:1"}, rlReq{src: "192.0.2.3:1"}
		rlDo(e, a)
		rlDo(e, a)
		if d, _ := rlDo(e, a); d == nil {
			t.Fatal("a not limited")
		}
		rlDo(e, b)
		if d, _ := rlDo(e, b); d != nil {
			t.Fatal("b shares with a: two-choice hashing should give it the free slot")
		}
		// c finds both slots held and exhausted: it is limited, and a stays limited.
		if d, _ := rlDo(e, c); d == nil {
			t.Fatal("c: want 429 while both its slots are exhausted by others")
		}
		for i := 0; i < 50; i++ { // nobody can reset a's count by colliding with it
			rlDo(e, rlReq{src: "198.51.100." + policies.Itoa(i) + ":1"})
		}
		if d, _ := rlDo(e, a); d == nil {
			t.Fatal("collisions reset a's count")
		}
	})
	t.Run("a limited client cannot escape by flooding other keys", func(t *testing.T) {
		e := newRLEngine(t, `{"rate_limit":{"rules":[{"id":"c","limit":5,"window":"60s","slots":16}]}}`, nil)
		for i := 0; i < 5; i++ {
			rlDo(e, rlReq{src: "192.0.2.1:1"})
		}
		for i := 0; i < 2000; i++ {
			rlDo(e, rlReq{src: netip.AddrFrom4([4]byte{10, byte(i >> 16), byte(i >> 8), byte(i)}).String() + ":1", at: time.Duration(i) * time.Millisecond})
			// GCRA refills one every 12s; within these 2s nothing may pass.
			if d, _ := rlDo(e, rlReq{src: "192.0.2.1:1", at: time.Duration(i) * time.Millisecond}); d == nil {
				t.Fatalf("after %d other clients the limited client passed", i)
			}
		}
	})
}

func hasMetric(tx *policies.Tx, m string) bool {
	for _, e := range tx.Logged() {
		if e.Metric == m {
			return true
		}
	}
	return false
}

func TestHashKeyIsKeyedBySeed(t *testing.T) {
	m := []byte("i\x09192.0.2.1")
	k1 := hashKey([]byte("seed-one-0123456789"), "r", m, 4096)
	k2 := hashKey([]byte("seed-two-0123456789"), "r", m, 4096)
	k3 := hashKey([]byte("seed-one-0123456789"), "other", m, 4096)
	if k1 == k2 || k1 == k3 {
		t.Fatalf("hash not keyed by seed and rule: %+v %+v %+v", k1, k2, k3)
	}
	if k1.a == k1.b {
		t.Fatalf("candidate slots must differ: %+v", k1)
	}
	if k := hashKey(nil, "r", m, 1); k.a != 0 || k.b != 0 || k.fp == 0 {
		t.Fatalf("one slot: %+v", k)
	}
}

func TestSharedSeedConverges(t *testing.T) {
	store := policies.NewMemStore()
	s1, s2 := &slotStore{store: store}, &slotStore{store: store}
	seed1, err := s1.currentSeed(0)
	if err != nil || len(seed1) != seedLen {
		t.Fatalf("seed: %x %v", seed1, err)
	}
	if seed2, _ := s2.currentSeed(0); !bytes.Equal(seed1, seed2) {
		t.Fatal("a second VM did not adopt the stored seed")
	}
	// A VM that raced and lost (its seed overwritten) adopts the stored one at its next recheck.
	racer := bytes.Repeat([]byte{7}, seedLen)
	_ = store.Set(seedKey, racer, 0)
	if got, _ := s1.currentSeed(int64(seedRecheck) / 2); !bytes.Equal(got, seed1) {
		t.Fatal("rechecked before seedRecheck")
	}
	if got, _ := s1.currentSeed(int64(seedRecheck)); !bytes.Equal(got, racer) {
		t.Fatal("did not converge on the stored seed")
	}
	fixed := &slotStore{store: storetest.Failing{}, fixed: []byte("configured-seed-123")}
	if got, err := fixed.currentSeed(0); err != nil || string(got) != "configured-seed-123" {
		t.Fatalf("configured seed: %q %v", got, err)
	}
}
