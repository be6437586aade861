package filter

import (
	"errors"
	"fmt"

	"github.com/tetratelabs/proxy-wasm-go-sdk/proxywasm"
	"github.com/tetratelabs/proxy-wasm-go-sdk/proxywasm/types"

	"github.com/edgeward/edgeward/policies"
)

// sharedStore adapts policies.Store to Proxy-Wasm shared data: one key space per vm_id, shared by
// every worker's VM in one Envoy, with compare-and-swap on writes. Host statuses map onto the
// Store's sentinel errors; anything else is a host failure for the fail mode.
type sharedStore struct{}

var _ policies.Store = sharedStore{}

func newSharedStore() policies.Store { return sharedStore{} }

// Get implements policies.Store.
func (sharedStore) Get(key string) ([]byte, uint32, error) {
	v, cas, err := proxywasm.GetSharedData(key)
	switch {
	case err == nil:
		return v, cas, nil
	case errors.Is(err, types.ErrorStatusNotFound):
		return nil, 0, policies.ErrNotFound
	default:
		return nil, 0, fmt.Errorf("get_shared_data %q: %w", key, err)
	}
}

// Set implements policies.Store.
func (sharedStore) Set(key string, value []byte, cas uint32) error {
	err := proxywasm.SetSharedData(key, value, cas)
	switch {
	case err == nil:
		return nil
	case errors.Is(err, types.ErrorStatusCasMismatch):
		return policies.ErrCASMismatch
	default:
		return fmt.Errorf("set_shared_data %q: %w", key, err)
	}
}
