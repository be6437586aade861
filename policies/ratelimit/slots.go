package ratelimit

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"strconv"
	"sync"
	"time"

	"github.com/edgeward/edgeward/policies"
)

// Slot layout in the Store. Every rule owns exactly `slots` keys,
//
//	edgeward/rl/v1/<rule id>/<slot index>
//
// created when a VM starts, each holding one 17-byte value: a version byte (1), the 64-bit
// fingerprint of the client key that owns the slot (0: nobody) and the owner's GCRA TAT
// (int64 Unix ns), big-endian. One more key, edgeward/rl/v1/seed, holds the 32-byte hash seed
// when rate_limit.hash_seed is not configured. Nothing else is ever written, so the store holds
// 1 + Σ slots keys whatever the number of clients (Envoy never deletes shared data).
//
// A client key is hashed with the secret seed (SHA-256 over seed, rule id and key) into two
// candidate slots and a fingerprint. A request uses, in this order:
//
//  1. the candidate slot the client's fingerprint owns (the fuller one if, after a race, both);
//  2. else a candidate that is empty or expired (TAT <= now: a full allowance, so the state
//     carries no information): the client takes it over, fingerprint and all, losing nobody's
//     count;
//  3. else (both candidates owned by other clients whose allowance is not yet full: a
//     collision) the client is a guest of the candidate with the larger remaining allowance:
//     its requests count against that slot's owner state, and the owner keeps the slot.
//
// So a collision never resets anybody's count (a limited client cannot escape by colliding) and
// never lets a request through uncounted; a guest shares a budget only while both of its
// slots are held by clients active within the last window, and gets at most the remaining
// allowance of those two slots. With n clients active within a window and s slots, a new client
// is a guest with probability about (n/s)²: size slots above the number of clients you expect
// per window, and watch the rate_limit.slot_collision metric. Because the hash is keyed by a
// secret, nobody can choose keys that land on a given victim's slots.
const (
	storePrefix  = "edgeward/rl/v1/"
	seedKey      = storePrefix + "seed"
	seedLen      = 32
	slotVersion  = 1
	slotValueLen = 17
	// casAttempts bounds the compare-and-swap loop; past it the fail mode applies
	// (rate_limit.cas_exhausted).
	casAttempts = 8
	// seedRecheck is how often a VM re-reads the shared seed, so that VMs that raced to create
	// it at start-up converge on the one that was stored.
	seedRecheck = time.Second
)

var errCASExhausted = errors.New("rate limit: compare-and-swap retries exhausted")

// keyHash is a client key's place in a rule's slots.
type keyHash struct {
	a, b uint32 // candidate slots (distinct when the rule has 2+ slots)
	fp   uint64 // fingerprint, never 0
}

func hashKey(seed []byte, ruleID string, material []byte, slots int) keyHash {
	h := sha256.New()
	h.Write(seed)
	h.Write([]byte(ruleID))
	h.Write([]byte{0})
	h.Write(material)
	var sum [sha256.Size]byte
	h.Sum(sum[:0])
	n := uint64(max(slots, 1))
	k := keyHash{
		a:  uint32(binary.BigEndian.Uint64(sum[0:8]) % n),
		b:  uint32(binary.BigEndian.Uint64(sum[8:16]) % n),
		fp: binary.BigEndian.Uint64(sum[16:24]),
	}
	if k.fp == 0 {
		k.fp = 1
	}
	if n > 1 && k.a == k.b {
		k.b = uint32((uint64(k.a) + 1) % n)
	}
	return k
}

type slot struct {
	fp  uint64
	tat int64
}

func encodeSlot(s slot) []byte {
	b := make([]byte, slotValueLen)
	b[0] = slotVersion
	binary.BigEndian.PutUint64(b[1:9], s.fp)
	binary.BigEndian.PutUint64(b[9:17], uint64(s.tat))
	return b
}

// decodeSlot reads a slot value; anything malformed reads as an empty slot (and is overwritten
// by the next write through compare-and-swap).
func decodeSlot(b []byte) slot {
	if len(b) != slotValueLen || b[0] != slotVersion {
		return slot{}
	}
	return slot{fp: binary.BigEndian.Uint64(b[1:9]), tat: int64(binary.BigEndian.Uint64(b[9:17]))}
}

func slotKey(ruleID string, i uint32) string {
	return storePrefix + ruleID + "/" + strconv.FormatUint(uint64(i), 10)
}

// slotOp is what to do with a client's state.
type slotOp int

const (
	opTake   slotOp = iota // count the request if the allowance permits it
	opPeek                 // report whether it would, counting nothing
	opRefund               // give one counted request back (a success under skip_successful_requests)
)

// slotStore runs the compare-and-swap protocol over a Store.
type slotStore struct {
	store policies.Store
	fixed []byte // configured seed, or nil

	mu          sync.Mutex
	seed        []byte
	seedChecked int64
}

// ensureSlots creates the rule's slot keys that do not exist yet, so that the store's key set
// is fixed from the start and every later write is a compare-and-swap (a write with cas 0 to a
// key another VM has just created could lose that VM's count). Errors are ignored here: the
// request path handles a missing key, and a failing store is met by the fail mode.
//
// Slots are created in index order and only a VM that has been through ensureSlots serves
// requests, so when the rule's last slot exists every slot before it was created by a VM that
// went through them all: the VMs that start after the first (Envoy's other workers, every config
// update) read one key instead of all of them (with the example's 2 × 4096 slots, 45 of the
// 75 ms of a VM's start on the dev host, issue 17).
func (s *slotStore) ensureSlots(ruleID string, slots int) {
	if slots < 1 {
		return
	}
	if _, _, err := s.store.Get(slotKey(ruleID, uint32(slots-1))); err == nil {
		return
	}
	empty := encodeSlot(slot{})
	for i := 0; i < slots; i++ {
		// One host call per slot: a set with createCAS creates an absent slot (the host ignores
		// the cas of a key it does not hold) and leaves an existing one, which another VM may
		// already be counting in, as it is (CasMismatch). A read then a set with cas 0 cost two
		// calls and could overwrite a slot created between them.
		_ = s.store.Set(slotKey(ruleID, uint32(i)), empty, createCAS)
	}
}

// createCAS is the cas ensureSlots creates slots with. A key holds it only if its last write was
// the host's 4,294,967,295th successful set since the process started (the host's cas counter
// starts at 1 and skips 0); a slot that did would be reset to empty by a VM starting then.
const createCAS = ^uint32(0)

// currentSeed returns the hash seed: the configured one, or the one shared through the store
// (created by the first VM that finds none).
func (s *slotStore) currentSeed(now int64) ([]byte, error) {
	if s.fixed != nil {
		return s.fixed, nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.seed != nil && now >= s.seedChecked && now-s.seedChecked < int64(seedRecheck) {
		return s.seed, nil
	}
	v, _, err := s.store.Get(seedKey)
	switch {
	case err == nil && len(v) == seedLen:
	case err == nil || errors.Is(err, policies.ErrNotFound):
		// Envoy has no create-if-absent: VMs starting together may each write a seed; the
		// last write wins and every VM adopts it at its next recheck.
		fresh := make([]byte, seedLen)
		if _, rerr := rand.Read(fresh); rerr != nil {
			return nil, rerr
		}
		if err := s.store.Set(seedKey, fresh, 0); err != nil {
			return s.fallbackSeed(err)
		}
		if v, _, err = s.store.Get(seedKey); err != nil || len(v) != seedLen {
			v = fresh
		}
	default:
		return s.fallbackSeed(err)
	}
	s.seed, s.seedChecked = v, now
	return v, nil
}

func (s *slotStore) fallbackSeed(err error) ([]byte, error) {
	if s.seed != nil {
		return s.seed, nil
	}
	return nil, err
}

// apply runs op on the client's state in its slots with at most casAttempts compare-and-swap
// attempts. guest reports a collision (step 3 above).
func (s *slotStore) apply(g gcra, ruleID string, k keyHash, now int64, op slotOp) (v verdict, guest bool, err error) {
	ka, kb := slotKey(ruleID, k.a), slotKey(ruleID, k.b)
	for attempt := 0; attempt < casAttempts; attempt++ {
		sa, ca, err := s.getSlot(ka)
		if err != nil {
			return verdict{}, false, err
		}
		sb, cb := sa, ca
		if kb != ka {
			if sb, cb, err = s.getSlot(kb); err != nil {
				return verdict{}, false, err
			}
		}
		useB, guest := chooseSlot(k.fp, sa, sb, now)
		key, cas, st := ka, ca, sa
		if useB {
			key, cas, st = kb, cb, sb
		}
		var next int64
		write := true
		switch op {
		case opPeek:
			return g.peek(st.tat, now), guest, nil
		case opTake:
			next, v, write = g.take(st.tat, now)
		default:
			next, v, write = g.refund(st.tat, now)
		}
		if !write {
			return v, guest, nil
		}
		owner := k.fp
		if guest {
			owner = st.fp
		}
		err = s.store.Set(key, encodeSlot(slot{fp: owner, tat: next}), cas)
		if err == nil {
			return v, guest, nil
		}
		if !errors.Is(err, policies.ErrCASMismatch) {
			return verdict{}, guest, err
		}
	}
	return verdict{}, false, errCASExhausted
}

func (s *slotStore) getSlot(key string) (slot, uint32, error) {
	v, cas, err := s.store.Get(key)
	if errors.Is(err, policies.ErrNotFound) {
		return slot{}, 0, nil
	}
	if err != nil {
		return slot{}, 0, err
	}
	return decodeSlot(v), cas, nil
}

// chooseSlot picks the slot for fingerprint fp among its two candidates (see the rules at the
// top of this file): whether it is b, and whether the client is a guest there.
func chooseSlot(fp uint64, a, b slot, now int64) (useB, guest bool) {
	ownA, ownB := a.fp == fp, b.fp == fp
	switch {
	case ownA && ownB:
		return b.tat > a.tat, false
	case ownA:
		return false, false
	case ownB:
		return true, false
	case a.fp == 0 || expired(a.tat, now):
		return false, false
	case b.fp == 0 || expired(b.tat, now):
		return true, false
	}
	return b.tat < a.tat, true
}
