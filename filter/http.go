package filter

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/tetratelabs/proxy-wasm-go-sdk/proxywasm"
	"github.com/tetratelabs/proxy-wasm-go-sdk/proxywasm/types"

	"github.com/edgeward/edgeward/policies"
)

// httpContext is one HTTP stream.
type httpContext struct {
	types.DefaultHttpContext
	plugin    *pluginContext
	contextID uint32
	tx        *policies.Tx

	answered    bool   // a local response was sent: never answer twice, never continue
	calling     bool   // a call-out is outstanding: the request stays paused
	callPhase   phase  // the phase the outstanding call-out belongs to
	callEOS     bool   // the request headers ended the stream (header-phase call-out)
	bodyDone    bool   // the request body was inspected (or needs no inspection)
	streaming   bool   // the request body goes through Tx.StreamBody chunk by chunk (gRPC)
	replaceBody []byte // response body replacement decided at response headers
	replacing   bool
	origPrefix  []byte // first bytes of a replaced body, for the opt-in debug log
}

// OnHttpRequestHeaders implements types.HttpContext.
func (h *httpContext) OnHttpRequestHeaders(_ int, endOfStream bool) (act types.Action) {
	defer h.recoverPhase("request_headers", &act)
	if h.plugin.engine == nil {
		return h.failClosedEarly("plugin not started")
	}
	pairs, err := proxywasm.GetHttpRequestHeaders()
	if err != nil {
		return h.failEarly(fmt.Sprintf("reading request headers: %v", err))
	}
	req := requestFrom(pairs, h.plugin.engine.Config().RequestIDHeader)
	if addr, err := proxywasm.GetProperty([]string{"source", "address"}); err == nil {
		req.SourceAddress = string(addr)
	}
	h.tx = h.plugin.engine.NewTx(req, now())
	faultPoint("request_headers")
	d := h.tx.RequestHeaders()
	if d.Action != policies.Deny {
		if err := applyRequestOps(h.tx.RequestHeaderOps()); err != nil {
			d = h.tx.Failure(fmt.Sprintf("modifying request headers: %v", err))
		}
	}
	return h.afterHeaders(d, endOfStream)
}

// afterHeaders applies the header phase's decision (directly, or once a call-out answered).
func (h *httpContext) afterHeaders(d policies.Decision, endOfStream bool) types.Action {
	switch d.Action {
	case policies.Deny:
		return h.deny(d)
	case policies.CallOut:
		return h.callOut(d, phaseHeaders, endOfStream)
	case policies.NeedBody:
		if endOfStream {
			return h.inspectBody(nil, false)
		}
		h.flush()
		return types.ActionContinue
	case policies.StreamBody:
		if endOfStream {
			h.bodyDone = true
			h.flush()
			return types.ActionContinue
		}
		h.streaming = true
		h.flush()
		return types.ActionContinue
	}
	h.bodyDone = true
	h.flush()
	return types.ActionContinue
}

// OnHttpRequestBody implements types.HttpContext. While the engine wants the body, chunks are
// held (ActionPause makes Envoy buffer them; bodySize is then the whole buffered size) until the
// end of stream or the size limit.
func (h *httpContext) OnHttpRequestBody(bodySize int, endOfStream bool) (act types.Action) {
	defer h.recoverPhase("request_body", &act)
	if h.answered || h.calling {
		return types.ActionPause
	}
	if h.tx == nil || h.bodyDone {
		return types.ActionContinue
	}
	if h.streaming {
		return h.streamChunk(bodySize, endOfStream)
	}
	max, reject := h.tx.BodyLimit()
	if endOfStream && bodySize <= max {
		return h.readAndInspect(bodySize)
	}
	if bodySize >= max {
		// Decide at the limit, before Envoy's own buffer limit answers 413.
		if reject {
			return h.deny(h.tx.BodyTooLarge())
		}
		body, err := proxywasm.GetHttpRequestBody(0, max)
		if err != nil {
			return h.fail(fmt.Sprintf("reading request body: %v", err))
		}
		return h.inspectBody(body, true)
	}
	if !endOfStream {
		return types.ActionPause
	}
	return h.readAndInspect(bodySize)
}

// OnHttpRequestTrailers implements types.HttpContext. With trailers the last body chunk never
// carries end of stream, so the buffered body is inspected here.
func (h *httpContext) OnHttpRequestTrailers(int) (act types.Action) {
	defer h.recoverPhase("request_trailers", &act)
	if h.answered || h.calling {
		return types.ActionPause
	}
	if h.tx == nil || h.bodyDone {
		return types.ActionContinue
	}
	if h.streaming {
		h.streaming, h.bodyDone = false, true
		d := h.tx.StreamTrailers()
		if d.Action == policies.Deny {
			return h.deny(d)
		}
		h.flush()
		return types.ActionContinue
	}
	max, reject := h.tx.BodyLimit()
	body, err := proxywasm.GetHttpRequestBody(0, max+1)
	if err != nil && err != types.ErrorStatusNotFound {
		return h.fail(fmt.Sprintf("reading request body: %v", err))
	}
	if len(body) > max {
		if reject {
			return h.deny(h.tx.BodyTooLarge())
		}
		return h.inspectBody(body[:max], true)
	}
	return h.inspectBody(body, false)
}

// streamChunk hands one chunk of a streamed (gRPC) body to the engine and forwards what it
// releases: the messages this chunk completes, once inspected. The bytes of an incomplete message
// stay in the engine until the chunks that complete it arrive, so the host's buffer is replaced
// with exactly the releasable bytes and the stream continues; nothing is paused.
func (h *httpContext) streamChunk(size int, endOfStream bool) types.Action {
	var chunk []byte
	if size > 0 {
		b, err := proxywasm.GetHttpRequestBody(0, size)
		if err != nil {
			h.streaming = false
			return h.fail(fmt.Sprintf("reading request body: %v", err))
		}
		chunk = b
	}
	faultPoint("request_body")
	fwd, replace, d := h.tx.StreamBody(chunk, endOfStream)
	if d.Action == policies.Deny {
		h.streaming = false
		return h.deny(d)
	}
	if replace {
		if err := proxywasm.ReplaceHttpRequestBody(fwd); err != nil {
			h.streaming = false
			return h.fail(fmt.Sprintf("replacing request body: %v", err))
		}
	}
	if endOfStream {
		h.streaming, h.bodyDone = false, true
	}
	h.flush()
	return types.ActionContinue
}

func (h *httpContext) readAndInspect(size int) types.Action {
	var body []byte
	if size > 0 {
		b, err := proxywasm.GetHttpRequestBody(0, size)
		if err != nil {
			return h.fail(fmt.Sprintf("reading request body: %v", err))
		}
		body = b
	}
	return h.inspectBody(body, false)
}

func (h *httpContext) inspectBody(body []byte, truncated bool) types.Action {
	h.bodyDone = true
	faultPoint("request_body")
	d := h.tx.RequestBody(body, truncated)
	return h.afterBody(d)
}

// afterBody applies the body phase's decision (directly, or once a call-out answered).
func (h *httpContext) afterBody(d policies.Decision) types.Action {
	switch d.Action {
	case policies.Deny:
		return h.deny(d)
	case policies.CallOut:
		return h.callOut(d, phaseBody, true)
	}
	h.flush()
	return types.ActionContinue
}

// OnHttpResponseHeaders implements types.HttpContext. It also runs for the local responses this
// filter sends (Envoy passes them through the encoder filters).
func (h *httpContext) OnHttpResponseHeaders(_ int, endOfStream bool) (act types.Action) {
	defer h.recoverResponse("response_headers", &act)
	if h.tx == nil {
		return types.ActionContinue
	}
	pairs, err := proxywasm.GetHttpResponseHeaders()
	if err != nil {
		h.logFailure(fmt.Sprintf("reading response headers: %v", err))
		return types.ActionContinue
	}
	var hs policies.Headers
	status := 0
	for _, p := range pairs {
		if p[0] == ":status" {
			status, _ = strconv.Atoi(p[1])
			continue
		}
		hs = append(hs, policies.Header{Name: strings.ToLower(p[0]), Value: p[1]})
	}
	faultPoint("response_headers")
	res := h.tx.ResponseHeaders(status, hs)
	ops := res.Ops
	if res.ReplaceBody != nil {
		if endOfStream {
			// No body follows to replace; leave the length headers alone.
			ops = withoutHeaders(ops, "content-length", "content-type")
		} else {
			h.replacing = true
			h.replaceBody = res.ReplaceBody
		}
	}
	if err := applyResponseOps(ops); err != nil {
		h.logFailure(fmt.Sprintf("modifying response headers: %v", err))
	}
	h.flush()
	return types.ActionContinue
}

// OnHttpResponseBody implements types.HttpContext: when the response body is replaced (a scrubbed
// error page), each upstream chunk is emptied and the replacement is written at end of stream, so
// the original is never buffered whole nor sent.
func (h *httpContext) OnHttpResponseBody(bodySize int, endOfStream bool) (act types.Action) {
	defer h.recoverResponse("response_body", &act)
	if !h.replacing {
		return types.ActionContinue
	}
	if limit := h.tx.ErrorBodyLogLimit(); limit > len(h.origPrefix) && bodySize > 0 {
		if chunk, err := proxywasm.GetHttpResponseBody(0, min(bodySize, limit-len(h.origPrefix))); err == nil {
			h.origPrefix = append(h.origPrefix, chunk...)
		}
	}
	out := []byte{}
	if endOfStream {
		out = h.replaceBody
		h.replacing = false
		if h.tx.ErrorBodyLogLimit() > 0 {
			h.tx.LogOriginalErrorBody(h.origPrefix)
			h.origPrefix = nil
			h.flush()
		}
	}
	if err := proxywasm.ReplaceHttpResponseBody(out); err != nil {
		h.logFailure(fmt.Sprintf("replacing response body: %v", err))
	}
	return types.ActionContinue
}

// OnHttpResponseTrailers implements types.HttpContext.
func (h *httpContext) OnHttpResponseTrailers(int) types.Action { return types.ActionContinue }

// OnHttpStreamDone implements types.HttpContext.
func (h *httpContext) OnHttpStreamDone() {
	defer func() { _ = recover() }()
	h.flush()
	h.tx = nil
}

// deny sends the decision's local response once, then pauses the stream.
func (h *httpContext) deny(d policies.Decision) types.Action {
	h.bodyDone = true
	h.flush()
	if h.answered {
		return types.ActionPause
	}
	h.answered = true
	hs := make([][2]string, 0, len(d.Headers))
	for _, x := range d.Headers {
		hs = append(hs, [2]string{x.Name, x.Value})
	}
	grpcStatus := int32(-1)
	if d.GRPCStatus != 0 {
		grpcStatus = int32(d.GRPCStatus)
	}
	if err := proxywasm.SendHttpResponse(uint32(d.Status), hs, d.Body, grpcStatus); err != nil {
		proxywasm.LogErrorf("edgeward: sending local response %d: %v", d.Status, err)
	}
	return types.ActionPause
}

// fail applies the fail mode to an internal failure on the request path.
func (h *httpContext) fail(reason string) types.Action {
	d := h.tx.Failure(reason)
	if d.Action == policies.Deny {
		return h.deny(d)
	}
	h.bodyDone = true
	h.flush()
	return types.ActionContinue
}

// failEarly is fail for failures before the Tx exists.
func (h *httpContext) failEarly(reason string) types.Action {
	h.plugin.metrics.inc("internal.failure")
	proxywasm.LogErrorf("edgeward: %s", reason)
	if h.plugin.engine != nil && h.plugin.engine.Config().FailMode == policies.FailOpen {
		h.bodyDone = true
		return types.ActionContinue
	}
	return h.failClosedEarly(reason)
}

func (h *httpContext) failClosedEarly(reason string) types.Action {
	h.bodyDone = true
	if h.answered {
		return types.ActionPause
	}
	h.answered = true
	d := policies.FailureDecision("")
	_ = proxywasm.SendHttpResponse(uint32(d.Status), [][2]string{{"content-type", "application/json"}}, d.Body, -1)
	return types.ActionPause
}

// recoverPhase turns a panic in a request callback into the fail mode; a panic never reaches
// the host (it would be a wasm trap that kills this worker's VM).
func (h *httpContext) recoverPhase(phase string, act *types.Action) {
	r := recover()
	if r == nil {
		return
	}
	func() {
		defer func() {
			if r2 := recover(); r2 != nil {
				*act = types.ActionContinue
			}
		}()
		proxywasm.LogCriticalf("edgeward: panic in %s: %v", phase, r)
		if h.tx == nil {
			*act = h.failEarly(fmt.Sprintf("panic in %s: %v", phase, r))
			return
		}
		*act = h.fail(fmt.Sprintf("panic in %s: %v", phase, r))
	}()
}

// recoverResponse recovers a panic in a response callback. It is logged and counted; under
// fail_mode closed a failure at response headers (nothing sent downstream yet) replaces the
// response with a 503, since an unhardened response may leak what hardening would have removed.
// Once response headers have gone downstream only logging is possible.
func (h *httpContext) recoverResponse(phase string, act *types.Action) {
	r := recover()
	if r == nil {
		return
	}
	*act = types.ActionContinue
	func() {
		defer func() { _ = recover() }()
		h.logFailure(fmt.Sprintf("panic in %s: %v", phase, r))
		if phase != "response_headers" || h.answered || h.plugin.engine == nil ||
			h.plugin.engine.Config().FailMode == policies.FailOpen {
			return
		}
		h.answered = true
		h.replacing = false
		d := policies.FailureDecision("")
		if h.tx != nil {
			d = policies.FailureDecision(h.tx.Req.ID)
		}
		_ = proxywasm.SendHttpResponse(uint32(d.Status), [][2]string{{"content-type", "application/json"}}, d.Body, -1)
		*act = types.ActionPause
	}()
}

func (h *httpContext) logFailure(reason string) {
	h.plugin.metrics.inc("internal.failure")
	proxywasm.LogErrorf("edgeward: %s", reason)
}

// flush writes the engine's events as log lines and counters.
func (h *httpContext) flush() {
	if h.tx == nil {
		return
	}
	for _, ev := range h.tx.Events() {
		if ev.Metric != "" {
			h.plugin.metrics.inc(ev.Metric)
		}
		if len(ev.JSON) > 0 {
			logAt(ev.Level, string(ev.JSON))
		}
	}
}

func logAt(level policies.LogLevel, msg string) {
	switch level {
	case policies.LogDebug:
		proxywasm.LogDebug(msg)
	case policies.LogInfo:
		proxywasm.LogInfo(msg)
	case policies.LogWarn:
		proxywasm.LogWarn(msg)
	case policies.LogError:
		proxywasm.LogError(msg)
	default:
		proxywasm.LogCritical(msg)
	}
}

// requestFrom builds the engine's view of the request from the host's header pairs.
func requestFrom(pairs [][2]string, idHeader string) *policies.Request {
	req := &policies.Request{Headers: make(policies.Headers, 0, len(pairs))}
	for _, p := range pairs {
		name := strings.ToLower(p[0])
		switch name {
		case ":method":
			req.Method = p[1]
		case ":path":
			req.Path = p[1]
		case ":authority":
			req.Authority = p[1]
		case ":scheme":
			req.Scheme = p[1]
		default:
			if strings.HasPrefix(name, ":") {
				continue
			}
			if name == "host" && req.Authority == "" {
				req.Authority = p[1]
			}
			req.Headers = append(req.Headers, policies.Header{Name: name, Value: p[1]})
		}
	}
	req.ID = req.Headers.Get(idHeader)
	if len(req.ID) > 128 {
		req.ID = req.ID[:128]
	}
	return req
}

func applyRequestOps(ops []policies.HeaderOp) error {
	return applyOps(ops, proxywasm.ReplaceHttpRequestHeader, proxywasm.AddHttpRequestHeader, proxywasm.RemoveHttpRequestHeader)
}

func applyResponseOps(ops []policies.HeaderOp) error {
	return applyOps(ops, proxywasm.ReplaceHttpResponseHeader, proxywasm.AddHttpResponseHeader, proxywasm.RemoveHttpResponseHeader)
}

func applyOps(ops []policies.HeaderOp, set, add func(string, string) error, remove func(string) error) error {
	for _, op := range ops {
		var err error
		switch op.Kind {
		case policies.SetHeader:
			err = set(op.Name, op.Value)
		case policies.AddHeader:
			err = add(op.Name, op.Value)
		case policies.RemoveHeader:
			err = remove(op.Name)
			if err == types.ErrorStatusNotFound {
				err = nil
			}
		}
		if err != nil {
			return fmt.Errorf("%s %s: %w", opName(op.Kind), op.Name, err)
		}
	}
	return nil
}

func opName(k policies.HeaderOpKind) string {
	switch k {
	case policies.AddHeader:
		return "add"
	case policies.RemoveHeader:
		return "remove"
	}
	return "set"
}

func withoutHeaders(ops []policies.HeaderOp, names ...string) []policies.HeaderOp {
	out := ops[:0:0]
	for _, op := range ops {
		skip := false
		for _, n := range names {
			if op.Name == n {
				skip = true
			}
		}
		if !skip {
			out = append(out, op)
		}
	}
	return out
}

var _ = math.MaxInt
