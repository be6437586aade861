package devhost

import (
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
)

// handlerTransport serves upstream requests with an in-process http.Handler, streaming both
// bodies through pipes (no sockets).
type handlerTransport struct{ h http.Handler }

func (t handlerTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	sreq := req.Clone(req.Context())
	sreq.RequestURI = req.URL.RequestURI()
	sreq.RemoteAddr = "127.0.0.1:1"
	if sreq.Body == nil {
		sreq.Body = http.NoBody
	}
	pr, pw := io.Pipe()
	rw := &pipeResponseWriter{header: http.Header{}, pw: pw, ready: make(chan struct{}), req: req}
	go func() {
		defer func() {
			if v := recover(); v != nil {
				pw.CloseWithError(io.ErrUnexpectedEOF)
				rw.readyOnce(true)
				return
			}
			rw.WriteHeader(http.StatusOK)
			rw.finish()
			pw.Close()
		}()
		t.h.ServeHTTP(rw, sreq)
	}()
	select {
	case <-rw.ready:
	case <-req.Context().Done():
		pr.CloseWithError(req.Context().Err())
		return nil, req.Context().Err()
	}
	if rw.failed {
		return nil, io.ErrUnexpectedEOF
	}
	rw.resp.Body = pr
	return rw.resp, nil
}

type pipeResponseWriter struct {
	header  http.Header
	pw      *io.PipeWriter
	req     *http.Request
	resp    *http.Response
	ready   chan struct{}
	once    sync.Once
	failed  bool
	wrote   bool
	trailer http.Header
}

func (w *pipeResponseWriter) Header() http.Header { return w.header }

func (w *pipeResponseWriter) readyOnce(failed bool) {
	w.once.Do(func() {
		w.failed = failed
		close(w.ready)
	})
}

func (w *pipeResponseWriter) WriteHeader(code int) {
	if w.wrote {
		return
	}
	w.wrote = true
	h := w.header.Clone()
	w.trailer = http.Header{}
	for _, k := range h.Values("Trailer") {
		for _, name := range strings.Split(k, ",") {
			w.trailer[http.CanonicalHeaderKey(strings.TrimSpace(name))] = nil
		}
	}
	h.Del("Trailer")
	resp := &http.Response{
		Status:        http.StatusText(code),
		StatusCode:    code,
		Proto:         "HTTP/1.1",
		ProtoMajor:    1,
		ProtoMinor:    1,
		Header:        h,
		ContentLength: -1,
		Trailer:       w.trailer,
		Request:       w.req,
	}
	if n, err := strconv.ParseInt(h.Get("Content-Length"), 10, 64); err == nil && n >= 0 {
		resp.ContentLength = n
	}
	w.resp = resp
	w.readyOnce(false)
}

func (w *pipeResponseWriter) Write(b []byte) (int, error) {
	w.WriteHeader(http.StatusOK)
	return w.pw.Write(b)
}

func (w *pipeResponseWriter) Flush() {}

// finish copies trailers set after the body (declared or with http.TrailerPrefix).
func (w *pipeResponseWriter) finish() {
	for k, vs := range w.header {
		if strings.HasPrefix(k, http.TrailerPrefix) {
			w.trailer[http.CanonicalHeaderKey(strings.TrimPrefix(k, http.TrailerPrefix))] = vs
		} else if _, ok := w.trailer[k]; ok {
			w.trailer[k] = vs
		}
	}
}
