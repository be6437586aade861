package filter

import (
	"github.com/tetratelabs/proxy-wasm-go-sdk/proxywasm"

	"github.com/edgeward/edgeward/policies"
)

// sharedStore adapts policies.Store to Proxy-Wasm shared data: one key space per vm_id, shared by
// every worker's VM in one Envoy, with compare-and-swap on writes.
type sharedStore struct{}

var _ policies.Store = sharedStore{}

func newSharedStore() policies.Store { return sharedStore{} }

// Get implements policies.Store.
func (sharedStore) Get(key string) ([]byte, uint32, error) {
	return proxywasm.GetSharedData(key)
}

// Set implements policies.Store.
func (sharedStore) Set(key string, value []byte, cas uint32) error {
	return proxywasm.SetSharedData(key, value, cas)
}
