package devhost

import (
	"bufio"
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
)

// Upgrades (WebSocket and the like), as Envoy carries them with an upgrade_config: the request
// headers go through proxy_on_request_headers with end_of_stream false and then upstream with
// their Upgrade and Connection headers. A 101 answer goes through proxy_on_response_headers and
// downstream; from then on each direction's bytes are that direction's body: every read goes
// through proxy_on_request_body or proxy_on_response_body as it arrives, both directions at once,
// end_of_stream when that side closes. Pausing a direction buffers it (up to BufferLimit, then
// the connection is reset; a side that closes while its data is held resets it too); a local
// reply after the 101 resets the connection. The upstream closing ends the connection; the
// client closing first is passed on as a half-close. An answer other than 101 is an ordinary
// response.

// isUpgradeRequest reports an HTTP/1.1 request asking to switch protocols.
func isUpgradeRequest(r *http.Request) bool {
	if r.ProtoMajor != 1 || r.Header.Get("Upgrade") == "" {
		return false
	}
	for _, v := range r.Header.Values("Connection") {
		for _, tok := range strings.Split(v, ",") {
			if strings.EqualFold(strings.TrimSpace(tok), "upgrade") {
				return true
			}
		}
	}
	return false
}

// upgrade runs an upgrade request whose headers the module has continued (hdr).
func (x *exchange) upgrade(hdr *headerMap) error {
	s := x.s
	conn, base, err := x.dialUpstream()
	if err != nil {
		return x.hostReply(http.StatusServiceUnavailable,
			"upstream connect error or disconnect/reset before headers. reset reason: connection failure",
			"upstream_reset_before_response_started{connection_failure}")
	}
	defer conn.Close()
	method, _ := hdr.get(":method")
	path, _ := hdr.get(":path")
	authority, _ := hdr.get(":authority")
	var head strings.Builder
	head.WriteString(method + " " + path + " HTTP/1.1\r\nHost: " + authority + "\r\n")
	for _, p := range hdr.pairs {
		if !strings.HasPrefix(p.k, ":") && p.k != "host" && p.k != "content-length" && p.k != "transfer-encoding" {
			head.WriteString(p.k + ": " + p.v + "\r\n")
		}
	}
	head.WriteString("\r\n")
	x.s.upstreamAddr = base
	if _, err := io.WriteString(conn, head.String()); err != nil {
		return x.hostReply(x.upFailure())
	}
	ubr := bufio.NewReader(conn)
	req, _ := http.NewRequest(method, "http://"+authority+path, nil)
	resp, err := http.ReadResponse(ubr, req)
	if err != nil {
		return x.hostReply(x.upFailure())
	}
	if resp.StatusCode != http.StatusSwitchingProtocols {
		x.up = &upstreamCall{cancelFn: func(error) {}, done: make(chan upstreamResult, 1)}
		return x.response(resp)
	}
	x.respSeen = true
	hm := responseHeaderMap(resp)
	var final *headerMap
	o := x.callback("proxy_on_response_headers", func() {
		s.responseCode = resp.StatusCode
		s.resp.headers, s.resp.headersAvail = hm, true
	}, func(act uint32) {
		final = s.resp.headers.clone()
		if act == actionContinue {
			s.resp.headersAvail = false
		}
	}, uint64(len(hm.pairs)), 0)
	if err := x.check(o); err != nil {
		return err
	}
	if o.act != actionContinue && !o.cont[streamHTTPResponse] {
		if err := x.wait(streamHTTPResponse); err != nil {
			return err
		}
		x.locked(func() { final = s.resp.headers.clone() })
	}
	hj, ok := x.w.(http.Hijacker)
	if !ok {
		return errReset
	}
	down, dbuf, err := hj.Hijack()
	if err != nil {
		return errReset
	}
	defer down.Close()
	var out strings.Builder
	out.WriteString("HTTP/1.1 101 Switching Protocols\r\n")
	for _, p := range final.pairs {
		if !strings.HasPrefix(p.k, ":") {
			out.WriteString(p.k + ": " + p.v + "\r\n")
		}
	}
	out.WriteString("\r\n")
	if _, err := io.WriteString(down, out.String()); err != nil {
		return errDone
	}
	x.locked(func() { s.responseCode = http.StatusSwitchingProtocols })
	x.finalResp = final
	x.downstarted.Store(true)

	var wmu sync.Mutex // the two directions write to different connections; this guards closing
	closeBoth := func() {
		wmu.Lock()
		defer wmu.Unlock()
		down.Close()
		conn.Close()
	}
	// wait() gives up when this context ends: a paused direction must not outlive the connection.
	ctx, cancel := context.WithCancel(x.r.Context())
	defer cancel()
	x.r = x.r.WithContext(ctx)
	errc := make(chan error, 2)
	respDone := make(chan struct{})
	go func() {
		err := x.pump(pumpDir{
			dir: streamHTTPRequest, bodyCB: "proxy_on_request_body", trailersCB: "proxy_on_request_trailers",
			src: dbuf.Reader, trailers: func() http.Header { return nil },
			emit: func(b []byte) error {
				if len(b) == 0 {
					return nil
				}
				_, err := conn.Write(b)
				return err
			},
			overflow:     func() error { return errReset },
			emitTrailers: func(*headerMap) {},
			counted:      &s.requestSize,
			resetAtEnd:   true,
		})
		if cw, ok := conn.(interface{ CloseWrite() error }); ok && err == nil {
			cw.CloseWrite()
		}
		errc <- err
	}()
	go func() {
		err := x.pump(pumpDir{
			dir: streamHTTPResponse, bodyCB: "proxy_on_response_body", trailersCB: "proxy_on_response_trailers",
			src: ubr, trailers: func() http.Header { return nil },
			emit: func(b []byte) error {
				if len(b) == 0 {
					return nil
				}
				_, err := down.Write(b)
				return err
			},
			overflow:     func() error { return errReset },
			emitTrailers: func(*headerMap) {},
			counted:      &s.responseSize,
			resetAtEnd:   true,
		})
		close(respDone)
		errc <- err
	}()
	// A failed direction ends the connection; so does the upstream's side ending (as Envoy closes
	// an upgraded downstream once the upstream has closed). The client's side ending first is a
	// half-close: the upstream is told (CloseWrite) and may still answer.
	for i := 0; i < 2; i++ {
		select {
		case err := <-errc:
			if err != nil {
				closeBoth()
				cancel()
			}
		case <-respDone:
			closeBoth()
			cancel()
			respDone = nil
			i--
		}
	}
	closeBoth()
	return errDone // the connection is hijacked: nothing more to answer
}

func (x *exchange) upFailure() (int, string, string) {
	return http.StatusServiceUnavailable,
		"upstream connect error or disconnect/reset before headers. reset reason: connection failure",
		"upstream_reset_before_response_started{connection_failure}"
}

// dialUpstream opens a connection to the upstream: the configured URL's host, or, for an
// in-process upstream handler, one end of a pipe whose other end that handler serves.
func (x *exchange) dialUpstream() (net.Conn, string, error) {
	if ht, ok := x.upstream.(handlerTransport); ok {
		return servePipe(ht.h), "in-process", nil
	}
	if x.upstream == nil && x.h.upstreamURL != nil {
		u := x.h.upstreamURL
		if u.Scheme != "http" {
			return nil, "", errors.New("upgrades need an http:// upstream")
		}
		host := u.Host
		if u.Port() == "" {
			host += ":80"
		}
		c, err := net.Dial("tcp", host)
		return c, u.Host, err
	}
	return servePipe(x.h.opts.UpstreamHandler), "in-process", nil
}

// servePipe serves one connection of h over an in-memory pipe and returns the client end.
func servePipe(h http.Handler) net.Conn {
	client, server := net.Pipe()
	ln := &oneConnListener{c: server, done: make(chan struct{})}
	srv := &http.Server{Handler: h}
	go func() {
		srv.Serve(ln)
	}()
	return &pipeConn{Conn: client, stop: func() { srv.Close() }}
}

type pipeConn struct {
	net.Conn
	once sync.Once
	stop func()
}

func (c *pipeConn) Close() error {
	err := c.Conn.Close()
	c.once.Do(c.stop)
	return err
}

// oneConnListener hands out one connection, then blocks until closed.
type oneConnListener struct {
	mu   sync.Mutex
	c    net.Conn
	done chan struct{}
	once sync.Once
}

func (l *oneConnListener) Accept() (net.Conn, error) {
	l.mu.Lock()
	c := l.c
	l.c = nil
	l.mu.Unlock()
	if c != nil {
		return c, nil
	}
	<-l.done
	return nil, net.ErrClosed
}

func (l *oneConnListener) Close() error {
	l.once.Do(func() { close(l.done) })
	return nil
}

func (l *oneConnListener) Addr() net.Addr { return pipeAddr{} }

type pipeAddr struct{}

func (pipeAddr) Network() string { return "pipe" }
func (pipeAddr) String() string  { return "pipe" }
