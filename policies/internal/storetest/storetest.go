// Package storetest holds Stores that fail, for the tests of the features that use shared data
// (ratelimit, auth's remote key sets). Only tests import it.
package storetest

import (
	"errors"

	"github.com/edgeward/edgeward/policies"
)

// Failing fails every call, as a host whose shared data is broken.
type Failing struct{}

func (Failing) Get(string) ([]byte, uint32, error) {
	return nil, 0, errors.New("host: internal failure")
}
func (Failing) Set(string, []byte, uint32) error { return errors.New("host: internal failure") }

// Conflict loses every compare-and-swap on a key it holds (as if another VM always wrote
// first); like Envoy, it ignores the cas of a key it does not hold.
type Conflict struct{ *policies.MemStore }

func (s Conflict) Set(k string, v []byte, cas uint32) error {
	if _, _, err := s.MemStore.Get(k); cas != 0 && err == nil {
		return policies.ErrCASMismatch
	}
	return s.MemStore.Set(k, v, cas)
}
