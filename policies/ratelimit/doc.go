// Package ratelimit is the rate-limit feature: how often a client may ask ("rate_limit"). Rules
// count requests per key (client address, header, claim, body field) with GCRA over the Store
// that the VMs of an Envoy share (compare-and-swap, bounded retries), or ask Envoy's global rate
// limit service (CallOut). Rules without the body are decided in Identify, those keyed on a body
// field in Body; Respond gives back the units of skip_successful_requests rules and adds the
// RateLimit headers.
//
// It imports the core (policies), gjson and policies/internal/rx, never another feature.
package ratelimit
