package policies

import "strings"

// Streams. A filter that holds a request body until its end breaks every stream the application
// needs live: a client-streaming or bidirectional gRPC call (the client waits for the server
// before it ends its stream), an upgraded connection (Envoy passes a WebSocket's bytes through
// the filter chain as request body), an upload that a server consumes as it arrives. So the
// treatment of each request's body is decided at the request headers, from what Envoy and the
// operator's configuration establish (the headers and the route), never from the body itself:
//
//   - BodyBuffer: buffered up to body.max_bytes and inspected whole at its end (JSON, forms,
//     multipart, text, XML, unknown types: the behaviour of every body before streams existed);
//   - BodyGRPC: a gRPC body (application/grpc, application/grpc+proto, +json, gRPC-Web): each
//     length-prefixed message is inspected as soon as it is complete and then released upstream
//     (normalize_grpc.go), so a call streams with at most one message held;
//   - BodyPass: forwarded as it arrives, uninspected; path, query, headers and cookies were
//     inspected at the headers (upgraded connections, CONNECT tunnels, body.pass_types).

// BodyMode is how a request's body is treated.
type BodyMode int

const (
	// BodyBuffer buffers the body and inspects it whole at its end.
	BodyBuffer BodyMode = iota
	// BodyGRPC inspects each gRPC message when it is complete and forwards it.
	BodyGRPC
	// BodyPass forwards the body as it arrives, uninspected.
	BodyPass
)

func (m BodyMode) String() string {
	switch m {
	case BodyGRPC:
		return "grpc"
	case BodyPass:
		return "pass"
	}
	return "buffer"
}

// StreamConfig holds the stream options of "body" (and of each "body.routes" entry).
type StreamConfig struct {
	// GRPC: "grpc", "inspect" (default: each message inspected when complete, then released)
	// or "pass" (gRPC bodies forwarded uninspected).
	GRPC string
	// GRPCCompressed: "grpc_compressed", what happens to a gRPC message sent compressed (its
	// flag byte 1), which is never decompressed nor guessed at: "reject" answers the call
	// UNIMPLEMENTED (12), "pass" forwards that message uninspected and logs it. Default follows
	// fail_mode (closed: "reject", open: "pass").
	GRPCCompressed string
	// PassTypes: "pass_types", media types whose bodies pass uninspected ("type/subtype",
	// "type/*" or "*/*"); default ["text/event-stream"].
	PassTypes []string
}

// BodyRoute is one "body.routes" entry: the first whose route matches overrides the stream
// options it names.
type BodyRoute struct {
	Route Route
	StreamConfig
}

// parseStreams reads the stream options of o, each defaulting to def's.
func parseStreams(o Obj, def StreamConfig) StreamConfig {
	c := StreamConfig{
		GRPC:           o.Enum("grpc", def.GRPC),
		GRPCCompressed: o.Enum("grpc_compressed", def.GRPCCompressed),
		PassTypes:      def.PassTypes,
	}
	if n := o.Get("pass_types"); n.Exists() {
		c.PassTypes = []string{}
		for _, e := range n.Array() {
			s := e.NonEmptyString("")
			mt := LowerASCII(strings.TrimSpace(s))
			if !validPassType(mt) {
				if s != "" {
					e.Errorf(`must be a media type such as "text/event-stream" (type/subtype, type/* or */*), got %q`, s)
				}
				continue
			}
			c.PassTypes = append(c.PassTypes, mt)
		}
	}
	return c
}

func parseBodyRoutes(n Node, def StreamConfig) []BodyRoute {
	var out []BodyRoute
	for _, r := range n.Array() {
		ro, _ := r.Section("body.routes[]")
		out = append(out, BodyRoute{Route: ParseRoute(ro), StreamConfig: parseStreams(ro, def)})
	}
	return out
}

// validPassType accepts "type/subtype", "type/*" and "*/*" made of token characters.
func validPassType(mt string) bool {
	top, sub, ok := strings.Cut(mt, "/")
	if !ok || top == "" || sub == "" || (top == "*" && sub != "*") {
		return false
	}
	return (top == "*" || IsToken(top)) && (sub == "*" || IsToken(sub))
}

// bodyStreamState is one request's body treatment, decided at the headers.
type bodyStreamState struct {
	mode   BodyMode
	reason string // why a body passes: "upgrade", "connect", "grpc", "type"
	opts   *StreamConfig
	grpc   string // the request's gRPC media type ("" for other requests)
	frames grpcFramer
}

// decideBodyMode sets the request's body treatment from its headers and route (never from its
// body): upgrades and CONNECT pass; a route with a body schema buffers; gRPC media types
// stream (or pass with grpc: "pass"); the pass types pass; everything else buffers.
func (tx *Tx) decideBodyMode() {
	st := &tx.bodyState
	c := &tx.e.cfg.Body
	st.opts = &c.Streams
	for i := range c.Routes {
		if r := &c.Routes[i]; r.Route.Matches(tx.Req.Method, tx.Path) {
			st.opts = &r.StreamConfig
			break
		}
	}
	st.grpc = grpcMediaType(tx.Req.Headers.Values("content-type"))
	switch {
	case tx.Req.Method == "CONNECT":
		st.mode, st.reason = BodyPass, "connect"
		return
	case isUpgrade(tx.Req.Headers):
		st.mode, st.reason = BodyPass, "upgrade"
		return
	}
	cts := tx.Req.Headers.Values("content-type")
	switch {
	case st.grpc != "" && st.opts.GRPC == "pass":
		st.mode, st.reason = BodyPass, "grpc"
	case st.grpc != "" && grpcWebText(st.grpc):
		// Base64 text: buffered and decoded whole. gRPC-Web has no client streaming, so a
		// gRPC-Web request body is one message.
		st.mode = BodyBuffer
	case st.grpc != "":
		st.mode = BodyGRPC
	case len(cts) == 1 && passType(st.opts.PassTypes, cts[0]):
		st.mode, st.reason = BodyPass, "type"
	default:
		st.mode = BodyBuffer
	}
}

// BufferBody makes the request's body buffered whole (Arrive), unless it passes as an upgrade or
// a CONNECT tunnel.
func (tx *Tx) BufferBody() {
	if st := &tx.bodyState; st.reason != "connect" && st.reason != "upgrade" {
		st.mode, st.reason = BodyBuffer, ""
	}
}

// InspectMessages says that the request's gRPC messages are inspected, in mode m (Admit): a
// BodyGRPC body then streams message by message, and a body that is not gRPC framing is refused
// in enforce mode.
func (tx *Tx) InspectMessages(m Mode) { tx.msgActive, tx.msgMode = true, m }

// GRPCMediaType is the request's gRPC media type ("" for other requests).
func (tx *Tx) GRPCMediaType() string { return tx.bodyState.grpc }

// BodyMode returns how the request's body is treated (decided in RequestHeaders).
func (tx *Tx) BodyMode() BodyMode { return tx.bodyState.mode }

// GRPC reports whether the request is a gRPC or gRPC-Web call, whose local replies carry a
// grpc-status instead of an HTTP status and a JSON body.
func (tx *Tx) GRPC() bool { return tx.bodyState.grpc != "" }

// isUpgrade reports an HTTP/1.1 upgrade request (WebSocket and the like): an Upgrade header with
// "upgrade" among the Connection tokens, and no declared body (the bytes after the handshake are
// the upgraded protocol's, not an HTTP body). Envoy also presents HTTP/2 extended CONNECT
// (RFC 8441 WebSockets) to the filters this way, and refuses (403) upgrades that its route does
// not allow before any filter runs.
func isUpgrade(h Headers) bool {
	if strings.TrimSpace(h.Get("upgrade")) == "" {
		return false
	}
	conn := false
	for _, v := range h.Values("connection") {
		for _, tok := range strings.Split(v, ",") {
			if strings.EqualFold(strings.TrimSpace(tok), "upgrade") {
				conn = true
			}
		}
	}
	if !conn || h.Has("transfer-encoding") {
		return false
	}
	for _, v := range h.Values("content-length") {
		if strings.TrimSpace(v) != "0" {
			return false
		}
	}
	return true
}

// grpcMediaType returns the media type of a gRPC or gRPC-Web request (application/grpc,
// application/grpc+proto, application/grpc+json, application/grpc-web, application/grpc-web+proto,
// application/grpc-web-text...), lower-case and without parameters; "" for other requests and
// for anything but exactly one Content-Type.
func grpcMediaType(cts []string) string {
	if len(cts) != 1 {
		return ""
	}
	mt := mediaTypeOf(cts[0])
	for _, base := range []string{"application/grpc-web-text", "application/grpc-web", "application/grpc"} {
		if mt == base || strings.HasPrefix(mt, base+"+") {
			return mt
		}
	}
	return ""
}

// grpcJSON reports a gRPC media type whose messages are JSON (application/grpc+json).
func GRPCJSON(mt string) bool { return strings.HasSuffix(mt, "+json") }

// grpcWebText reports gRPC-Web's base64 text encoding (application/grpc-web-text).
func grpcWebText(mt string) bool { return strings.HasPrefix(mt, "application/grpc-web-text") }

func mediaTypeOf(ct string) string {
	return LowerASCII(strings.TrimSpace(strings.SplitN(ct, ";", 2)[0]))
}

// passType reports whether the Content-Type value ct is one of the pass types. A value that is
// not a single well-formed media type never passes.
func passType(types []string, ct string) bool {
	if len(types) == 0 || strings.ContainsAny(ct, ",\x00") {
		return false
	}
	mt := mediaTypeOf(ct)
	top, sub, ok := strings.Cut(mt, "/")
	if !ok || !IsToken(top) || !IsToken(sub) {
		return false
	}
	for _, t := range types {
		tt, ts, _ := strings.Cut(t, "/")
		if (tt == "*" || tt == top) && (ts == "*" || ts == sub) {
			return true
		}
	}
	return false
}
