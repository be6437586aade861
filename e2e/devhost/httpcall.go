package devhost

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// maxCallResponseBytes bounds a call-out response body (Envoy's async client buffer); past it the
// call is reset.
const maxCallResponseBytes = 16 << 20

// callResponse is what proxy_on_http_call_response may read: maps 6/7 and buffer 4.
type callResponse struct {
	headers  *headerMap
	trailers *headerMap
	body     []byte
	reset    bool
}

// hcHTTPCall implements proxy_http_call(cluster, len, headers, len, body, len, trailers, len,
// timeout_ms, *token) against the named clusters in Options.Clusters (PROXY-WASM-HOST.md §9).
func hcHTTPCall(in *instance, a []uint64) status {
	tokSlot := u32(a[9])
	if !in.writeU32(tokSlot, 0) {
		return statusInvalidMemoryAccess
	}
	cluster, ok1 := in.readString(u32(a[0]), u32(a[1]))
	hdrData, ok2 := in.read(u32(a[2]), u32(a[3]))
	body, ok3 := in.read(u32(a[4]), u32(a[5]))
	trData, ok4 := in.read(u32(a[6]), u32(a[7]))
	if !ok1 || !ok2 || !ok3 || !ok4 {
		return statusInvalidMemoryAccess
	}
	timeout := int32(u32(a[8]))
	if timeout < 0 {
		return statusBadArgument
	}
	base, ok := in.host.clusters[cluster]
	if !ok {
		return statusBadArgument
	}
	hdrs := &headerMap{}
	hdrs.setAll(decodePairs(hdrData))
	path, okP := hdrs.get(":path")
	method, okM := hdrs.get(":method")
	authority, okA := hdrs.get(":authority")
	if !okP || !okM || !okA {
		return statusBadArgument
	}
	u := *base
	target, err := u.Parse(strings.TrimRight(u.Path, "/") + path)
	if err != nil {
		return statusBadArgument
	}
	req, err := http.NewRequest(method, target.String(), nil)
	if err != nil {
		return statusBadArgument
	}
	req.Host = authority
	for _, p := range hdrs.pairs {
		if !strings.HasPrefix(p.k, ":") && p.k != "content-length" {
			req.Header.Add(p.k, p.v)
		}
	}
	if len(body) > 0 {
		req.Body = io.NopCloser(bytes.NewReader(body))
		req.ContentLength = int64(len(body))
	}
	if tr := decodePairs(trData); len(tr) > 0 {
		req.Trailer = http.Header{}
		for _, p := range tr {
			req.Trailer.Add(p.k, p.v)
		}
		req.ContentLength = -1
		if req.Body == nil {
			req.Body = io.NopCloser(bytes.NewReader(nil))
		}
	}
	in.nextToken += 4
	token := in.nextToken
	ctx, cancel := context.WithCancel(context.Background())
	if timeout > 0 {
		ctx, cancel = context.WithTimeout(context.Background(), time.Duration(timeout)*time.Millisecond)
	}
	in.calls[token] = cancel
	root := in.rootID
	go func() {
		resp := in.host.doCall(ctx, req.WithContext(ctx))
		if ctx.Err() == context.Canceled {
			return // owner context gone: no callback, as Envoy cancels outstanding calls
		}
		in.post(func() {
			if _, live := in.calls[token]; !live {
				return
			}
			cancel()
			delete(in.calls, token)
			in.callResp = resp
			in.callRaw("proxy_on_http_call_response", root, uint64(root), uint64(token),
				uint64(len(resp.headers.pairs)), uint64(len(resp.body)), uint64(len(resp.trailers.pairs)))
			in.callResp = nil
		})
	}()
	in.writeU32(tokSlot, token)
	return statusOK
}

// doCall performs a call-out. Timeouts and connect failures become the responses Envoy's router
// generates (504 / 503), as the module sees them in Envoy.
func (h *Host) doCall(ctx context.Context, req *http.Request) *callResponse {
	resp, err := h.transport.RoundTrip(req)
	if err != nil {
		if errors.Is(ctx.Err(), context.DeadlineExceeded) {
			return envoyError(504, "upstream request timeout")
		}
		return envoyError(503, "upstream connect error or disconnect/reset before headers. reset reason: connection failure")
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxCallResponseBytes+1))
	if err != nil || len(body) > maxCallResponseBytes {
		if errors.Is(ctx.Err(), context.DeadlineExceeded) {
			return envoyError(504, "upstream request timeout")
		}
		return &callResponse{headers: &headerMap{}, trailers: &headerMap{}, reset: true}
	}
	cr := &callResponse{headers: responseHeaderMap(resp), trailers: &headerMap{}, body: body}
	for _, k := range sortedKeys(resp.Trailer) {
		for _, v := range resp.Trailer[k] {
			cr.trailers.add(k, v)
		}
	}
	return cr
}

func envoyError(code int, body string) *callResponse {
	h := &headerMap{}
	h.add(":status", strconv.Itoa(code))
	h.add("content-length", strconv.Itoa(len(body)))
	h.add("content-type", "text/plain")
	return &callResponse{headers: h, trailers: &headerMap{}, body: []byte(body)}
}
