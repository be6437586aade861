// Package compat checks Edgeward's deployment artefacts against the APIs of the systems that load
// them, without running those systems: Envoy bootstraps against Envoy's own v3 protos and their
// validation rules (go-control-plane), Istio WasmPlugin manifests against istio.io/api and the
// rules of Istio's CRD, and the plugin configuration embedded in either against
// policies.ParseConfig. It also checks what those validators cannot see: references between
// resources (a route naming a cluster that does not exist), Envoy's own load-time rules (the router
// filter last, fail_open and failure_policy not both set) and agreements between Envoy and the
// plugin (Envoy's request buffer limit against the plugin's body.max_bytes).
//
// It lives in its own Go module so that go-control-plane and istio.io/api stay out of the
// product's go.mod.
package compat

//go:generate go run ./internal/genregistry
