// Package policies is the core of Edgeward's engine: one request's passage through the features,
// phase by phase. It holds what every feature shares: the configuration root (the core keys,
// each feature's keys handed to it, every problem with its path), the request model (Request,
// Headers, routes, the client address), the transaction (Tx) and its phases, and the decisions
// (Decision, HeaderOp, Event). It is pure Go and never imports the Proxy-Wasm SDK: it takes
// requests as values and returns decisions as values; filter/ gathers the request from the host
// and applies the decision.
//
// # Features
//
// A feature is a package that implements Feature, one method:
//
//	Run(p Phase, tx *Tx) *Decision
//
// and declares itself with a Spec (its top-level keys, how it parses them, how it is built). The
// engine runs the features at each phase in one order, declared once in policies/features:
//
//	Arrive    auth (spoofed claim headers stripped), harden (HTTPS redirect), injection (a body
//	          schema buffers the body whole)
//	Identify  auth (token verified; its verdict waits), ratelimit (rules without the body; may
//	          ask the global service: CallOut)
//	Admit     auth (the token's verdict), harden (CSRF), contract (route, parameters),
//	          injection (path, query, headers)
//	Body      ratelimit (rules keyed on a body field), contract (the body), injection (the body)
//	Message   injection (one gRPC message)
//	Respond   ratelimit (accounting, RateLimit headers), harden (security headers, cookies,
//	          error pages)
//
// Each phase visits each feature once; a feature with nothing to do returns nil. A feature keeps
// its per-request state in its Tx slot; what features share (the verified Claims, the body
// mode, the client address) lives on the Tx.
//
// # Body handling
//
// How the body arrives belongs to the core: whether it is buffered, passed or streamed as gRPC
// messages (body_streams.go), the body limit, the reassembly of gRPC messages (normalize_grpc.go)
// and the gRPC form of local replies (grpc_status.go). They are decided from the headers and the
// configuration, never from the body, apply to every feature alike (a denial by any feature is a
// gRPC status for a gRPC call), and are what a feature is handed in the Body and Message phases.
// What a body means (decoding, parsing into parameters, schemas) belongs to the features that
// read parameters: injection, and contract, which checks them against the API's own contract and
// tells injection what it proved of them through the Tx (ParamNote, paramnotes.go).
//
// # Imports
//
// The core imports the standard library, gjson and its internal packages (rx for every regular
// expression, textx for byte helpers), never a feature: features import the core, and only
// policies/features (imported by filter/ and e2e/) imports the features. TestFeatureImports
// holds this.
package policies
