package filter

import (
	"fmt"
	"strconv"
	"time"

	"github.com/tetratelabs/proxy-wasm-go-sdk/proxywasm"
	"github.com/tetratelabs/proxy-wasm-go-sdk/proxywasm/types"

	"github.com/edgeward/edgeward/policies"
)

// phase is the request phase a call-out pauses.
type phase int

const (
	phaseHeaders phase = iota
	phaseBody
)

// callOut makes the decision's HTTP call (the global rate limit service) and pauses the request
// until its callback. A call that cannot be dispatched is a failed call: the engine's fallback
// decides at once.
func (h *httpContext) callOut(d policies.Decision, p phase, endOfStream bool) types.Action {
	c := d.Call
	if c == nil {
		return h.fail("call-out decision without a call")
	}
	hs := make([][2]string, 0, len(c.Headers))
	for _, x := range c.Headers {
		hs = append(hs, [2]string{x.Name, x.Value})
	}
	timeout := uint32(max(c.Timeout/time.Millisecond, 1))
	h.calling, h.callPhase, h.callEOS = true, p, endOfStream
	h.flush()
	if _, err := proxywasm.DispatchHttpCall(c.Cluster, hs, c.Body, nil, timeout, h.onCallOutResponse); err != nil {
		h.calling = false
		return h.afterCallOut(h.tx.CallOutFailed(fmt.Sprintf("dispatching the call to cluster %q: %v", c.Cluster, err)))
	}
	return types.ActionPause
}

// onCallOutResponse is the call-out's callback (on the root context, with this stream as the
// effective context). Envoy reports a reset as a response without headers; time-outs and
// connect failures arrive as responses Envoy generates (504, 503), which the engine treats as
// failures too.
func (h *httpContext) onCallOutResponse(numHeaders, bodySize, _ int) {
	defer h.recoverCallOut()
	if !h.calling || h.answered || h.tx == nil {
		return
	}
	h.calling = false
	var d policies.Decision
	if numHeaders == 0 {
		d = h.tx.CallOutFailed("the call was reset without a response")
	} else {
		status, body, err := readCallOutResponse(bodySize)
		if err != nil {
			d = h.tx.CallOutFailed(err.Error())
		} else {
			d = h.tx.CallOutResponse(status, body)
		}
	}
	h.resume(h.afterCallOut(d))
}

// readCallOutResponse reads the call's status and (a bounded prefix of) its body.
func readCallOutResponse(bodySize int) (int, []byte, error) {
	hs, err := proxywasm.GetHttpCallResponseHeaders()
	if err != nil {
		return 0, nil, fmt.Errorf("reading the call's response headers: %v", err)
	}
	status := 0
	for _, p := range hs {
		if p[0] == ":status" {
			status, _ = strconv.Atoi(p[1])
		}
	}
	var body []byte
	if bodySize > 0 {
		body, err = proxywasm.GetHttpCallResponseBody(0, min(bodySize, policies.MaxCallOutAnswerBytes+1))
		if err != nil && err != types.ErrorStatusNotFound {
			return 0, nil, fmt.Errorf("reading the call's response body: %v", err)
		}
	}
	return status, body, nil
}

// afterCallOut applies the decision that ends the paused phase.
func (h *httpContext) afterCallOut(d policies.Decision) types.Action {
	if h.callPhase == phaseBody {
		return h.afterBody(d)
	}
	if d.Action != policies.Deny && d.Action != policies.CallOut {
		if err := applyRequestOps(h.tx.RequestHeaderOps()); err != nil {
			d = h.tx.Failure(fmt.Sprintf("modifying request headers: %v", err))
		}
	}
	return h.afterHeaders(d, h.callEOS)
}

// resume continues the paused request when the decision lets it go on (and nothing else keeps
// it paused: a local response sent, another call-out).
func (h *httpContext) resume(act types.Action) {
	if act != types.ActionContinue || h.answered || h.calling {
		return
	}
	if err := proxywasm.ResumeHttpRequest(); err != nil {
		h.logFailure(fmt.Sprintf("resuming the request after the call-out: %v", err))
	}
}

// recoverCallOut turns a panic in the call-out callback into the fail mode (a panic must never
// reach the host, and the paused request must be answered or resumed exactly once).
func (h *httpContext) recoverCallOut() {
	r := recover()
	if r == nil {
		return
	}
	defer func() { _ = recover() }()
	proxywasm.LogCriticalf("edgeward: panic in the call-out callback: %v", r)
	h.calling = false
	if h.answered {
		return
	}
	if h.tx == nil {
		h.resume(h.failEarly(fmt.Sprintf("panic in the call-out callback: %v", r)))
		return
	}
	h.resume(h.fail(fmt.Sprintf("panic in the call-out callback: %v", r)))
}
