package policies

import (
	"errors"
	"sync"
)

// Store is the counter store shared by every VM of one Envoy: Proxy-Wasm shared data in the
// module (filter/ adapts it), MemStore in tests and as the default. Its contract is exactly
// Envoy's shared-data semantics, which the rate limiter's compare-and-swap loop relies on:
//
//   - Get returns the value and its cas (a version number, never 0 for a stored key), or
//     ErrNotFound (value nil, cas 0) when the key has never been written.
//   - Set with cas == 0 writes unconditionally (creating the key or overwriting it).
//   - Set with cas != 0 on an existing key writes only if cas equals the key's current cas;
//     otherwise it writes nothing and returns ErrCASMismatch. On a key that does not exist the
//     cas is ignored and the key is created (Envoy's shared data, and so this contract: a set
//     with a cas no key holds is a create-if-absent).
//   - Every successful write gives the key a new cas, different from every cas it had before.
//   - Keys are never deleted: memory is bounded only by the set of keys ever written, which is
//     why the limiter writes a fixed set of slot keys (see slots.go).
//
// Any other error is a host failure; the limiter applies the configured fail mode to it.
// Implementations copy values on the way in and out; callers may reuse their buffers.
type Store interface {
	Get(key string) (value []byte, cas uint32, err error)
	Set(key string, value []byte, cas uint32) error
}

// Sentinel errors of Store. Adapters map the host's status codes onto them (Proxy-Wasm
// NotFound -> ErrNotFound, CasMismatch -> ErrCASMismatch) so that callers can branch with
// errors.Is.
var (
	ErrNotFound    = errors.New("store: key not found")
	ErrCASMismatch = errors.New("store: cas mismatch")
)

// MemStore is an in-process Store with Envoy's semantics, safe for concurrent use. It is the
// engine's default store (one VM alone) and the reference the tests run against.
type MemStore struct {
	mu      sync.Mutex
	m       map[string]memEntry
	lastCAS uint32
	bytes   int
}

type memEntry struct {
	value []byte
	cas   uint32
}

var _ Store = (*MemStore)(nil)

// NewMemStore returns an empty MemStore.
func NewMemStore() *MemStore { return &MemStore{m: map[string]memEntry{}} }

// Get implements Store.
func (s *MemStore) Get(key string) ([]byte, uint32, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	e, ok := s.m[key]
	if !ok {
		return nil, 0, ErrNotFound
	}
	return append([]byte(nil), e.value...), e.cas, nil
}

// Set implements Store.
func (s *MemStore) Set(key string, value []byte, cas uint32) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	e, ok := s.m[key]
	if cas != 0 && ok && cas != e.cas {
		return ErrCASMismatch
	}
	s.lastCAS++
	if s.lastCAS == 0 { // 0 means "unconditional"; never hand it out
		s.lastCAS++
	}
	if ok {
		s.bytes -= len(key) + len(e.value)
	}
	s.bytes += len(key) + len(value)
	s.m[key] = memEntry{value: append([]byte(nil), value...), cas: s.lastCAS}
	return nil
}

// Len is the number of keys stored.
func (s *MemStore) Len() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.m)
}

// Bytes is the total length of the stored keys and values.
func (s *MemStore) Bytes() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.bytes
}
