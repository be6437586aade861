package devhost

import (
	"context"
	"errors"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync/atomic"
	"time"
)

var (
	// errDone ends an exchange whose response was fully written (e.g. a local reply).
	errDone = errors.New("exchange done")
	// errReset aborts the downstream stream (Envoy's stream reset).
	errReset = errors.New("stream reset")
)

// exchange drives one HTTP stream through the module, on the goroutine serving the request.
type exchange struct {
	h  *Host
	in *instance
	s  *stream
	w  http.ResponseWriter
	r  *http.Request

	upstream    http.RoundTripper // nil: the host's upstream
	bypass      bool              // VM failed with fail-open: no more callbacks
	respSeen    bool              // response headers exist (upstream or local reply)
	downstarted atomic.Bool       // response headers went downstream
	up          *upstreamCall
	sentReqHdrs *headerMap
	finalResp   *headerMap
	finalRespTr *headerMap
	grpcReq     bool // the request is gRPC (Envoy's is_grpc_request): local replies in gRPC form

	// duplex: an HTTP/2 request body streams on its own goroutine while this one awaits and
	// writes the response (see run); only this goroutine writes downstream.
	duplex    bool
	cancelReq context.CancelFunc
	reqDone   chan struct{}
	reqErr    error // the request goroutine's failure, read with the instance lock held
}

// errHandedOver stops the request goroutine when a local reply or reset is pending: the
// goroutine that owns downstream acts on it.
var errHandedOver = errors.New("local reply handed to the response goroutine")

// outcome is what a callback left behind, read with the instance lock held.
type outcome struct {
	act   uint32
	local *localReply
	reset bool
	cont  [2]bool
}

// serve runs one request through a worker's instance and writes the response to w. errReset
// means the response must be aborted.
func (h *Host) serve(w http.ResponseWriter, r *http.Request, upstream http.RoundTripper) error {
	restoreRawTarget(r)
	wk, in := h.acquire()
	defer wk.release()
	x := &exchange{h: h, in: in, w: w, r: r, upstream: upstream}
	err := x.run()
	if errors.Is(err, errDone) {
		return nil
	}
	return err
}

func (x *exchange) run() error {
	r := x.r
	s := &stream{
		wake:       make(chan struct{}, 1),
		start:      time.Now(),
		remoteAddr: r.RemoteAddr,
		protocol:   protocolName(r),
		connID:     x.h.connIDs.Add(1),
		localAddr:  "127.0.0.1:10000",
	}
	if a, ok := r.Context().Value(http.LocalAddrContextKey).(net.Addr); ok {
		s.localAddr = a.String()
	}
	x.s = s
	x.in.mu.Lock()
	s.id = x.in.newContextID()
	s.in = x.in
	x.in.streams[s.id] = s
	x.in.mu.Unlock()
	defer x.finish()

	hm := requestHeaderMap(r)
	x.grpcReq = isGRPCRequest(hm)
	upgrade := isUpgradeRequest(r)
	eos := (r.Body == nil || r.Body == http.NoBody) && !upgrade // Envoy: an upgrade's bytes are its body
	x.callback("proxy_on_context_create", func() { s.created = true }, nil, uint64(x.in.rootID))
	var sent *headerMap
	o := x.callback("proxy_on_request_headers", func() {
		s.req.headers, s.req.headersAvail = hm, true
	}, func(act uint32) {
		sent = s.req.headers.clone()
		if act == actionContinue {
			s.req.headersAvail = false
		}
	}, uint64(len(hm.pairs)), b2u(eos))
	if err := x.check(o); err != nil {
		return err
	}
	if o.act != actionContinue && !o.cont[streamHTTPRequest] {
		if err := x.wait(streamHTTPRequest); err != nil {
			return err
		}
		x.locked(func() { sent = s.req.headers.clone() })
	}
	x.sentReqHdrs = sent
	if upgrade {
		return x.upgrade(sent)
	}
	x.up = x.startUpstream(sent, eos)
	switch {
	case !eos && r.ProtoMajor == 2:
		// HTTP/2: the request body streams upstream while the response is awaited and written,
		// as Envoy forwards both directions at once (a bidirectional call's response starts
		// before its request ends).
		x.startRequestBody()
		defer x.joinRequestBody()
	case !eos:
		if err := x.requestBody(); err != nil {
			return err
		}
		x.up.requestDone()
	default:
		x.up.requestDone()
	}
	pending := func() (bool, error) {
		var o outcome
		var reqErr error
		x.locked(func() { o, reqErr = outcome{local: s.pendingLocal(), reset: s.reset}, x.reqErr })
		if o.local != nil || o.reset {
			return true, x.check(o)
		}
		return reqErr != nil, reqErr
	}
	resp, err := x.up.await(x.r.Context(), s.wake, pending)
	if err != nil {
		return err
	}
	if resp == nil {
		if stop, err := pending(); stop {
			return err
		}
		return x.hostReply(x.up.failure()) // upstream failure: Envoy's router answers
	}
	return x.response(resp)
}

// startRequestBody streams the request body on its own goroutine (duplex). A local reply or a
// reset it meets is left to this goroutine (errHandedOver), which it wakes; once the response
// has gone downstream it also cancels the upstream so that the response side stops and resets.
func (x *exchange) startRequestBody() {
	ctx, cancel := context.WithCancel(x.r.Context())
	x.r = x.r.WithContext(ctx)
	x.cancelReq = cancel
	x.duplex = true
	x.reqDone = make(chan struct{})
	go func() {
		defer close(x.reqDone)
		err := x.requestBody()
		if err == nil {
			x.up.requestDone()
			return
		}
		if err != errHandedOver {
			x.locked(func() { x.reqErr = err })
			if x.downstarted.Load() {
				x.up.cancel()
			}
		}
		x.s.wakeUp()
	}()
}

// joinRequestBody ends the request goroutine (the response is complete, or the stream failed)
// and waits for it, so that no callback runs after the stream's end.
func (x *exchange) joinRequestBody() {
	x.cancelReq()
	x.r.Body.Close()
	<-x.reqDone
}

// checkFromRequest is check for the duplex request goroutine: it never writes downstream.
func (x *exchange) checkFromRequest(o outcome) error {
	if o.local == nil && !o.reset {
		return nil
	}
	if o.reset || x.downstarted.Load() {
		x.up.cancel() // the response side stops on its next read and resets the stream
	}
	x.s.wakeUp()
	return errHandedOver
}

// checkFor is the check of a direction's pump.
func (x *exchange) checkFor(dir int) func(outcome) error {
	if dir == streamHTTPRequest && x.duplex {
		return x.checkFromRequest
	}
	return x.check
}

// callback runs a stream callback with the instance lock held: before prepares state, after
// reads it back. When the VM has failed it applies the fail mode instead of calling.
func (x *exchange) callback(name string, before func(), after func(uint32), args ...uint64) outcome {
	in, s := x.in, x.s
	in.mu.Lock()
	defer in.mu.Unlock()
	if before != nil {
		before()
	}
	// A direction's continue flag is cleared before its own callbacks only: with both
	// directions streaming at once (an upgrade), the other may be waiting for its own.
	switch {
	case strings.HasPrefix(name, "proxy_on_request_"):
		s.req.cont = false
	case strings.HasPrefix(name, "proxy_on_response_"):
		s.resp.cont = false
	default:
		s.req.cont, s.resp.cont = false, false
	}
	var act uint32
	if in.failed.Load() && !s.vmFailed {
		x.failModeLocked()
	}
	if !x.bypass && !s.vmFailed {
		var err error
		act, err = in.call(name, s.id, append([]uint64{uint64(s.id)}, args...)...)
		if err != nil {
			x.failModeLocked()
		}
	}
	if x.bypass {
		act = actionContinue
	}
	if after != nil {
		after(act)
	}
	return outcome{act: act, local: s.pendingLocal(), reset: s.reset, cont: [2]bool{s.req.cont, s.resp.cont}}
}

// failModeLocked applies the fail mode after a trap: open → no more callbacks, the stream goes
// on unfiltered; closed → a 503 local reply that skips the plugin (Envoy's wasm_fail_stream).
func (x *exchange) failModeLocked() {
	s := x.s
	if s.vmFailed {
		return
	}
	s.vmFailed = true
	if x.h.opts.FailOpen {
		x.bypass = true
		return
	}
	s.local = &localReply{status: http.StatusServiceUnavailable, details: "wasm_fail_stream", direct: true, grpc: 14}
	s.details = "wasm_fail_stream"
}

func (x *exchange) locked(fn func()) {
	x.in.mu.Lock()
	defer x.in.mu.Unlock()
	fn()
}

// check acts on a callback's local reply or close_stream.
func (x *exchange) check(o outcome) error {
	if o.local != nil {
		return x.sendLocal(o.local)
	}
	if o.reset {
		return errReset
	}
	return nil
}

// wait blocks a paused direction until proxy_continue_stream, a local reply, a reset, a VM
// failure or the client going away.
func (x *exchange) wait(dir int) error {
	s := x.s
	for {
		var o outcome
		x.locked(func() {
			if x.in.failed.Load() && !s.vmFailed {
				x.failModeLocked()
			}
			p := s.phase(dir)
			o = outcome{local: s.pendingLocal(), reset: s.reset}
			o.cont[dir] = p.cont || x.bypass
			p.cont = false
		})
		if err := x.checkFor(dir)(o); err != nil {
			return err
		}
		if o.cont[dir] {
			return nil
		}
		select {
		case <-s.wake:
		case <-x.r.Context().Done():
			return errReset
		}
	}
}

// finish ends the stream as Envoy does: proxy_on_log, proxy_on_done, proxy_on_delete.
func (x *exchange) finish() {
	if x.up != nil {
		x.up.cancel()
	}
	in, s := x.in, x.s
	in.mu.Lock()
	defer in.mu.Unlock()
	s.end = time.Now()
	if !x.bypass && !s.vmFailed && !in.failed.Load() && s.created {
		s.inLog = true
		s.logReqHdr = x.sentReqHdrs
		if s.logReqHdr == nil {
			s.logReqHdr = s.req.headers
		}
		s.logResp, s.logRespTr = x.finalResp, x.finalRespTr
		in.call("proxy_on_log", s.id, uint64(s.id))
		s.inLog = false
		in.call("proxy_on_done", s.id, uint64(s.id))
		in.call("proxy_on_delete", s.id, uint64(s.id))
	}
	delete(in.streams, s.id)
}

func protocolName(r *http.Request) string {
	switch r.ProtoMajor {
	case 2:
		return "HTTP/2"
	case 3:
		return "HTTP/3"
	}
	if r.ProtoMinor == 0 {
		return "HTTP/1.0"
	}
	return "HTTP/1.1"
}

func b2u(b bool) uint64 {
	if b {
		return 1
	}
	return 0
}

func statusOf(m *headerMap) int {
	v, _ := m.get(":status")
	n, err := strconv.Atoi(v)
	if err != nil || n < 100 || n > 999 {
		return http.StatusBadGateway
	}
	return n
}
