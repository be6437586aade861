package devhost

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync/atomic"
	"time"
)

// errUpstreamTimeout is the cancel cause when Options.UpstreamTimeout expires.
var errUpstreamTimeout = errors.New("upstream request timeout")

// hopByHop headers are not forwarded (the HTTP/1 codecs own them).
var hopByHop = map[string]bool{
	"connection": true, "keep-alive": true, "proxy-connection": true, "transfer-encoding": true,
	"upgrade": true, "te": true, "content-length": true, "host": true,
}

// upstreamCall is the request forwarded to the upstream: headers go as soon as the module
// continues them; the body streams through a pipe chunk by chunk.
type upstreamCall struct {
	ctx      context.Context
	cancelFn context.CancelCauseFunc
	pw       *io.PipeWriter
	trailer  http.Header // the outgoing request's trailers (chunked bodies only)
	done     chan upstreamResult
	timeout  time.Duration
	timer    *time.Timer
	broken   atomic.Bool
}

type upstreamResult struct {
	resp *http.Response
	err  error
}

// startUpstream sends the request headers upstream (Envoy's router starts the upstream request
// once the headers continue).
func (x *exchange) startUpstream(hdr *headerMap, eos bool) *upstreamCall {
	ctx, cancel := context.WithCancelCause(x.r.Context())
	u := &upstreamCall{ctx: ctx, cancelFn: cancel, done: make(chan upstreamResult, 1), timeout: x.h.opts.UpstreamTimeout}
	method, _ := hdr.get(":method")
	path, _ := hdr.get(":path")
	authority, _ := hdr.get(":authority")
	rt := x.upstream
	base := "http://" + authority
	switch {
	case rt != nil:
	case x.h.upstreamURL != nil:
		rt = x.h.transport
		if x.r.ProtoMajor == 2 {
			rt = x.h.h2cTransport // the downstream protocol, as a gRPC cluster is configured
		}
		bu := x.h.upstreamURL
		base = bu.Scheme + "://" + bu.Host + strings.TrimRight(bu.Path, "/")
		x.s.upstreamAddr = bu.Host
	default:
		rt = handlerTransport{x.h.opts.UpstreamHandler}
	}
	target, err := url.Parse(base + path)
	if err != nil && strings.HasPrefix(path, "/") && strayPercent(path) {
		// Envoy forwards a target with stray "%" as it came (see Listener): so does the host.
		if b, berr := url.Parse(base); berr == nil {
			p, q, _ := strings.Cut(path, "?")
			target, err = &url.URL{Scheme: b.Scheme, Host: b.Host, Opaque: b.Path + p, RawQuery: q}, nil
		}
	}
	if err != nil || !strings.HasPrefix(path, "/") {
		u.done <- upstreamResult{err: errors.New("invalid :path")}
		return u
	}
	req := (&http.Request{
		Method:     method,
		URL:        target,
		Host:       authority,
		Header:     http.Header{},
		Proto:      "HTTP/1.1",
		ProtoMajor: 1,
		ProtoMinor: 1,
	}).WithContext(ctx)
	for _, p := range hdr.pairs {
		if !strings.HasPrefix(p.k, ":") && (!hopByHop[p.k] || p.k == "te" && strings.EqualFold(strings.TrimSpace(p.v), "trailers")) {
			req.Header.Add(p.k, p.v) // Envoy keeps "te: trailers" (gRPC needs it) and drops other TE values
		}
	}
	if !eos {
		pr, pw := io.Pipe()
		u.pw = pw
		req.Body = pr
		req.ContentLength = -1
		if v, ok := hdr.get("content-length"); ok {
			if n, err := strconv.ParseInt(v, 10, 64); err == nil && n >= 0 && !hasTrailers(x.r.Trailer) && len(x.r.Trailer) == 0 {
				req.ContentLength = n
			}
		}
		if req.ContentLength < 0 {
			u.trailer = http.Header{}
			req.Trailer = u.trailer
		}
	}
	go func() {
		resp, err := rt.RoundTrip(req)
		u.done <- upstreamResult{resp, err}
	}()
	return u
}

// send streams body bytes upstream; after a failure the rest is dropped and await reports it.
func (u *upstreamCall) send(b []byte) {
	if u.pw == nil || u.broken.Load() || len(b) == 0 {
		return
	}
	if _, err := u.pw.Write(b); err != nil {
		u.broken.Store(true)
	}
}

// setTrailers sets the outgoing request trailers (before requestDone closes the body).
func (u *upstreamCall) setTrailers(m *headerMap) {
	if u.trailer == nil || m == nil {
		return
	}
	for _, p := range m.pairs {
		u.trailer.Add(p.k, p.v)
	}
}

// requestDone ends the upstream request body and starts the route timeout, which runs from the
// end of the downstream request to the end of the response, as Envoy's.
func (u *upstreamCall) requestDone() {
	if u.pw != nil {
		u.pw.Close()
	}
	if u.timeout > 0 {
		u.timer = time.AfterFunc(u.timeout, func() { u.cancelFn(errUpstreamTimeout) })
	}
}

func (u *upstreamCall) stopTimer() {
	if u.timer != nil {
		u.timer.Stop()
	}
}

func (u *upstreamCall) cancel() {
	u.stopTimer()
	if u.pw != nil {
		u.pw.CloseWithError(errReset)
	}
	u.cancelFn(context.Canceled)
}

// await waits for the upstream response headers. A nil response means the upstream failed
// (see failure). poll is called when the stream is woken (a local reply from another callback).
func (u *upstreamCall) await(ctx context.Context, wake <-chan struct{}, poll func() (bool, error)) (*http.Response, error) {
	for {
		select {
		case res := <-u.done:
			if res.err != nil {
				return nil, nil
			}
			return res.resp, nil
		case <-ctx.Done():
			return nil, errReset
		case <-wake:
			if stop, err := poll(); stop {
				return nil, err
			}
		}
	}
}

// failure is the reply Envoy's router sends when the upstream fails before response headers.
func (u *upstreamCall) failure() (int, string, string) {
	if errors.Is(context.Cause(u.ctx), errUpstreamTimeout) {
		return http.StatusGatewayTimeout, "upstream request timeout", "upstream_response_timeout"
	}
	return http.StatusServiceUnavailable,
		"upstream connect error or disconnect/reset before headers. reset reason: connection failure",
		"upstream_reset_before_response_started{connection_failure}"
}
