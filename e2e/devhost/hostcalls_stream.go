package devhost

import "strings"

// hcSendLocalResponse implements proxy_send_local_response(status, details, len, body, len,
// headers, len, grpc_status). It only records the reply: the request goroutine sends it once the
// callback returns (Envoy defers it). In a root context it does nothing; it is always Ok.
// grpc_status 0-16 is the status of a gRPC request's reply; any other value means none.
func hcSendLocalResponse(in *instance, a []uint64) status {
	details, ok1 := in.readString(u32(a[1]), u32(a[2]))
	body, ok2 := in.read(u32(a[3]), u32(a[4]))
	hdrs, ok3 := in.read(u32(a[5]), u32(a[6]))
	if !ok1 || !ok2 || !ok3 {
		return statusInvalidMemoryAccess
	}
	_, s := in.target()
	if s == nil || s.inLog {
		return statusOK
	}
	ps := decodePairs(hdrs)
	for i := range ps {
		ps[i].k = strings.ToLower(ps[i].k)
	}
	s.setLocal(&localReply{
		status:  int(u32(a[0])),
		details: sanitizeDetails(details),
		body:    body,
		headers: ps,
		grpc:    int(int32(u32(a[7]))),
	})
	return statusOK
}

// hcContinueStream implements proxy_continue_stream(type): 0 request, 1 response (resumed after
// the callback returns; Envoy also drops its references to that direction's maps and body),
// 2 Ok, 3 Unimplemented, >3 BadArgument.
func hcContinueStream(in *instance, a []uint64) status {
	t := u32(a[0])
	switch t {
	case streamHTTPRequest, streamHTTPResponse:
		if _, s := in.target(); s != nil {
			p := s.phase(int(t))
			p.cont = true
			p.headersAvail, p.bodyAvail, p.trailerAvail = false, false, false
			s.wakeUp()
		}
		return statusOK
	case streamDownstream:
		return statusOK
	case streamUpstream:
		return statusUnimplemented
	}
	return statusBadArgument
}

// hcCloseStream implements proxy_close_stream(type): 0-3 reset the stream (after the callback),
// with response code details "wasm_close_stream"; >3 BadArgument.
func hcCloseStream(in *instance, a []uint64) status {
	if u32(a[0]) > streamUpstream {
		return statusBadArgument
	}
	if _, s := in.target(); s != nil {
		s.reset = true
		if s.details == "" {
			s.details = "wasm_close_stream"
		}
		s.wakeUp()
	}
	return statusOK
}
