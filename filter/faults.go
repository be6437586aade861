//go:build !edgeward_faults

package filter

// faultPoint is a no-op in production builds; the edgeward_faults build tag replaces it with
// fault injection for the fail-mode tests.
func faultPoint(string) {}
