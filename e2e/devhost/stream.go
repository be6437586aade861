package devhost

import (
	"strings"
	"time"
)

// phase is one direction of an HTTP stream: request (decode) or response (encode).
type phase struct {
	headers      *headerMap
	headersAvail bool // Envoy keeps the map until the callback returns Continue or the stream is continued
	trailers     *headerMap
	trailerAvail bool
	body         []byte
	bodyAvail    bool
	bodyEOS      bool // inside a body callback with end_of_stream: trailers may be added
	cont         bool // proxy_continue_stream asked to resume this direction
}

// localReply is a pending proxy_send_local_response (or a host-generated reply).
type localReply struct {
	status  int
	details string
	body    []byte
	headers []pair
	grpc    int  // the grpc_status argument: 0-16, or -1 for none
	direct  bool // skip this plugin's response callbacks (fail-closed 503)
	sent    bool // being sent: a later proxy_send_local_response is a new reply
}

// stream is one HTTP request's context in its instance. Fields touched by host calls are guarded
// by the instance's mu; the request goroutine reads them with mu held too.
type stream struct {
	id   uint32
	in   *instance
	req  phase
	resp phase
	wake chan struct{}

	local     *localReply
	reset     bool   // proxy_close_stream
	details   string // response.code_details
	vmFailed  bool   // the VM failed during this stream: fail mode applies
	inLog     bool
	created   bool // proxy_on_context_create was called
	filterSt  map[string][]byte
	logReqHdr *headerMap
	logResp   *headerMap
	logRespTr *headerMap

	// stream info for properties
	start        time.Time
	end          time.Time
	remoteAddr   string
	localAddr    string
	protocol     string
	connID       uint64
	requestSize  int64
	responseCode int
	responseSize int64
	upstreamAddr string
}

func (s *stream) phase(p int) *phase {
	if p == streamHTTPResponse {
		return &s.resp
	}
	return &s.req
}

// wakeUp signals the request goroutine that something changed (continue, local reply, failure).
func (s *stream) wakeUp() {
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

// setLocal records a local reply; the first one wins, as Envoy acts on the first.
func (s *stream) setLocal(r *localReply) {
	if s.local == nil || s.local.sent {
		s.local = r
		if s.details == "" {
			s.details = r.details
		}
	}
	s.wakeUp()
}

// pendingLocal returns the local reply not yet acted on, if any.
func (s *stream) pendingLocal() *localReply {
	if s.local != nil && !s.local.sent {
		return s.local
	}
	return nil
}

// sanitizeDetails replaces whitespace with '_' as Envoy does for response code details.
func sanitizeDetails(d string) string {
	return strings.Map(func(r rune) rune {
		if r == ' ' || r == '\t' || r == '\n' || r == '\r' || r == '\f' || r == '\v' {
			return '_'
		}
		return r
	}, d)
}
