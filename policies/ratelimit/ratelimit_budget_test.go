package ratelimit

import (
	"net/netip"
	"testing"
	"time"

	"github.com/edgeward/edgeward/policies"
)

// storeBudget is the most keys and bytes (keys plus values) the limiter may ever hold for a
// config: the seed and one fixed-size value per slot.
func storeBudget(c *policies.Config) (keys, bytes int) {
	keys, bytes = 1, len(seedKey)+seedLen
	for _, r := range ConfigOf(c).Rules {
		keys += r.Slots
		for i := 0; i < r.Slots; i++ {
			bytes += len(slotKey(r.ID, uint32(i))) + slotValueLen
		}
	}
	return keys, bytes
}

// distinctAddr returns the i-th of many distinct client addresses, IPv4 and IPv6 (each IPv6
// one in its own /56).
func distinctAddr(i int) string {
	if i%2 == 0 {
		return netip.AddrFrom4([4]byte{byte(10 + i>>24&0x3f), byte(i >> 16), byte(i >> 8), byte(i)}).String() + ":4000"
	}
	var a [16]byte
	a[0], a[1] = 0x20, 0x01
	a[2], a[3], a[4], a[5], a[6] = byte(i>>32), byte(i>>24), byte(i>>16), byte(i>>8), byte(i)
	a[15] = 1
	return "[" + netip.AddrFrom16(a).String() + "]:4000"
}

func TestRateLimitStoreBudgetMillionClients(t *testing.T) {
	n := 1_000_000
	if testing.Short() {
		n = 100_000
	}
	store := policies.NewMemStore()
	e := newRLEngine(t, exampleRateLimit, store)
	wantKeys, wantBytes := storeBudget(e.Config())
	if store.Len() != wantKeys || store.Bytes() != wantBytes {
		t.Fatalf("at start: %d keys %d bytes, want exactly the budget %d keys %d bytes", store.Len(), store.Bytes(), wantKeys, wantBytes)
	}
	// One new client every 30ms: 2000 active clients per 60s window against 4096 slots per rule,
	// so some land on occupied slots (and share as guests) all along.
	const spacing = 30 * time.Millisecond
	limited, guests := 0, 0
	for i := 0; i < n; i++ {
		r := rlReq{path: "/", src: distinctAddr(i), at: time.Duration(i) * spacing}
		if i%4 == 0 {
			r.method, r.path, r.body = "POST", "/api/auth/login", `{"email":"user`+policies.Itoa(i)+`@example.com"}`
		}
		d, tx := rlDo(e, r)
		if d != nil {
			limited++
		}
		if hasMetric(tx, "rate_limit.slot_collision") {
			guests++
		}
		if i%100_000 == 0 && (store.Len() != wantKeys || store.Bytes() > wantBytes) {
			t.Fatalf("after %d clients: %d keys %d bytes, budget %d keys %d bytes", i, store.Len(), store.Bytes(), wantKeys, wantBytes)
		}
	}
	if store.Len() != wantKeys || store.Bytes() != wantBytes {
		t.Fatalf("after %d clients: %d keys %d bytes, want the budget %d keys %d bytes", n, store.Len(), store.Bytes(), wantKeys, wantBytes)
	}
	t.Logf("%d distinct clients: store holds %d keys, %d bytes (budget %d keys, %d bytes); %d limited, %d guests of an occupied slot",
		n, store.Len(), store.Bytes(), wantKeys, wantBytes, limited, guests)
	if limited != 0 {
		t.Errorf("%d clients that each sent one request were limited: collisions punished innocents", limited)
	}
}

func BenchmarkRateLimitDistinctClients(b *testing.B) {
	store := policies.NewMemStore()
	e := newRLEngine(b, exampleRateLimit, store)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		rlDo(e, rlReq{path: "/", src: distinctAddr(i), at: time.Duration(i) * time.Millisecond})
	}
	b.StopTimer()
	wantKeys, wantBytes := storeBudget(e.Config())
	if store.Len() > wantKeys || store.Bytes() > wantBytes {
		b.Fatalf("store over budget: %d keys %d bytes", store.Len(), store.Bytes())
	}
	b.ReportMetric(float64(store.Len()), "store-keys")
	b.ReportMetric(float64(store.Bytes()), "store-bytes")
}
