package devhost

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
)

// ServeHTTP implements http.Handler: the request runs through the module on one worker and is
// forwarded to the configured upstream. A stream reset aborts the connection.
func (h *Host) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if err := h.serve(w, r, nil); err != nil {
		panic(http.ErrAbortHandler)
	}
}

// ErrStreamReset is returned by RoundTrip when the stream was reset (proxy_close_stream, a
// failure after the response started, or a buffer overflow after headers went downstream).
var ErrStreamReset = errors.New("devhost: stream reset")

// RoundTrip runs req through the module in-process, without sockets, forwarding it to upstream
// (nil: the host's configured upstream), and returns the response as the client would see it
// (body fully buffered). req is treated as a server request: RemoteAddr defaults to
// "127.0.0.1:40000" and Host to req.URL.Host.
func (h *Host) RoundTrip(ctx context.Context, req *http.Request, upstream http.Handler) (*http.Response, error) {
	r := req.Clone(ctx)
	if r.RemoteAddr == "" {
		r.RemoteAddr = "127.0.0.1:40000"
	}
	if r.Host == "" {
		r.Host = r.URL.Host
	}
	if r.RequestURI == "" {
		r.RequestURI = r.URL.RequestURI()
	}
	if r.Body == nil {
		r.Body = http.NoBody
	}
	if r.Proto == "" {
		r.Proto, r.ProtoMajor, r.ProtoMinor = "HTTP/1.1", 1, 1
	}
	var rt http.RoundTripper
	if upstream != nil {
		rt = handlerTransport{upstream}
	}
	rec := httptest.NewRecorder()
	if err := h.serve(rec, r, rt); err != nil {
		return nil, ErrStreamReset
	}
	resp := rec.Result()
	resp.Request = req
	return resp, nil
}

// Protocols are what the host serves, as an Envoy listener with http_protocol_options and
// http2_protocol_options: HTTP/1.1 and HTTP/2 without TLS (h2c with prior knowledge, as gRPC
// clients speak it). Set them as the http.Server's Protocols.
func Protocols() *http.Protocols {
	p := new(http.Protocols)
	p.SetHTTP1(true)
	p.SetUnencryptedHTTP2(true)
	return p
}
