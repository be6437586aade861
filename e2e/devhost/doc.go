// Package devhost is Edgeward's development Proxy-Wasm host: the compiled module, run on wazero,
// behind a real HTTP front, following the Proxy-Wasm ABI v0.2.x as Envoy implements it
// (docs/PROXY-WASM-HOST.md is the reference every behaviour here is checked against).
//
// A Host compiles the module once and runs Options.Workers instances of it, one per "worker" as
// Envoy runs one VM per worker thread. Every instance gets WASI with the real wall and monotonic
// clocks (tests may move both forward with Host.AdvanceClock, and drive proxy_on_tick themselves
// with Options.ManualTicks and Host.Tick), crypto/rand, and exactly the environment variables in
// Options.Env (Envoy's vm_config.environment_variables). Each instance goes through Envoy's start
// sequence: _initialize, proxy_on_context_create(root=1, 0), proxy_on_vm_start(1, len(vm
// config)), proxy_on_configure(1, len(plugin config)). One shared-data store, one set of shared
// queues and one metrics registry serve all instances, as Envoy's process-wide ones do.
//
// An HTTP request is pinned to one instance for its whole life (Envoy pins a stream to a worker)
// and driven through the stream callbacks in Envoy's order: context_create, request headers, body
// chunks, trailers, upstream, response headers, body, trailers, then log, done, delete.
//
// Streams as Envoy carries them: the host serves HTTP/1.1 and HTTP/2 without TLS (h2c, see
// Protocols), and forwards a request that came in over HTTP/2 over h2c (as a gRPC cluster with
// http2_protocol_options), HTTP/1.1 otherwise. Body data goes to the module as it is read, never
// held for look-ahead. An HTTP/1.1 upgrade (WebSocket) runs as with Envoy's upgrade_configs:
// request headers with end_of_stream false, the 101 through the response callbacks, then each
// direction's bytes as its body, both at once (upgrade.go). A local reply to a gRPC request
// (content-type application/grpc, alone or with "+" or ";") is sent in gRPC form as Envoy's
// prepareLocalReply does: :status 200, grpc-status, the body as grpc-message, trailers-only.
//
// Deliberate differences from Envoy, all observable ones documented here:
//   - Header order: Go's net/http does not keep the order of request or upstream response headers;
//     pseudo-headers come first, then the other headers sorted by name.
//   - Envoy's connection manager also sets x-forwarded-for, x-envoy-* headers and (by default)
//     overwrites the response's server header with "envoy"; this host only adds x-request-id and
//     x-forwarded-proto when absent, and leaves server untouched (server_header_transformation:
//     PASS_THROUGH).
//   - gRPC (proxy_grpc_*), L4 (TCP) filters and foreign functions are not provided:
//     proxy_call_foreign_function answers NotFound for every name.
//   - Metric names are reported without Envoy's "wasmcustom." prefix, as Envoy's /stats shows them.
//   - A trap replaces the instance with a fresh one (Envoy's FAIL_RELOAD without back-off); the
//     stream that trapped, and any other stream of that instance, get the fail mode
//     (Options.FailOpen: pass through unfiltered; otherwise a 503 local reply).
//   - A local reply's own response callbacks may not pause it (Envoy would wait for a continue).
//   - Over HTTP/1.1 the request body is sent upstream before the response is awaited (Go's
//     HTTP/1 server and client are not full duplex): a response that starts while an HTTP/1.1
//     request is still streaming waits for the request's end, where Envoy forwards both at once.
//     HTTP/2 requests (gRPC) and upgraded connections do run both ways at once.
//
// Not a difference, though it takes work: net/http answers 400 itself to a request target with an
// invalid percent escape ("%u002e"), before any handler; Envoy passes it to the filters. Serve the
// host on Listener(ln), which carries such a target past net/http, so the module sees it as sent.
package devhost
