package devhost

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
)

// Envoy forwards a request target as the client wrote it: "/img/%u002e%u002e%u2215etc" reaches the
// filter's :path untouched, and the filter decides. Go's HTTP server answers such a target 400
// itself (an invalid percent escape), before any handler runs, so a dev host on net/http would
// answer differently from Envoy exactly where evasion payloads live. Listener closes the gap: it
// reads each HTTP/1.1 request's head on the connection, and when the target has a "%" that does
// not start a valid escape it rewrites that "%" as "%25" for net/http and passes the original
// target in rawTargetHeader, which the host restores as :path (requestHeaderMap) and removes.
// Bodies (Content-Length or chunked, with trailers) pass through as they arrive.

// rawTargetHeader is the header that carries the original target; its name has a random part, so
// a client cannot send it.
var rawTargetHeader = func() string {
	var b [8]byte
	_, _ = rand.Read(b[:])
	return "X-Devhost-Raw-Target-" + hex.EncodeToString(b[:])
}()

// Listener wraps ln so that request targets with invalid percent escapes reach the host as sent.
func Listener(ln net.Listener) net.Listener { return rawTargetListener{ln} }

type rawTargetListener struct{ net.Listener }

func (l rawTargetListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	return &rawTargetConn{Conn: c}, nil
}

// maxHead bounds the bytes buffered for one request head; beyond it the connection passes
// through unchanged and net/http answers as it would (431).
const maxHead = 1 << 20

type rawTargetConn struct {
	net.Conn
	in      []byte // read from the client, not yet processed
	out     []byte // processed, not yet returned
	body    int64  // Content-Length bytes left to pass through
	chunked bool   // in a chunked body
	chunk   int64  // bytes left in the current chunk (data and its CRLF)
	trailer bool   // in the trailer section after the last chunk
	raw     bool   // pass everything through from now on
}

func (c *rawTargetConn) Read(p []byte) (int, error) {
	for len(c.out) == 0 {
		if len(c.in) > 0 && c.process() {
			continue
		}
		buf := make([]byte, 32<<10)
		n, err := c.Conn.Read(buf)
		c.in = append(c.in, buf[:n]...)
		if n > 0 && c.process() {
			continue
		}
		if err != nil {
			if errors.Is(err, io.EOF) && len(c.in) > 0 {
				c.out, c.in = c.in, nil // an incomplete head at EOF: let net/http judge it
				break
			}
			// A timeout (net/http interrupts its background read with a deadline) keeps what
			// was read for the next call.
			return 0, err
		}
	}
	n := copy(p, c.out)
	c.out = c.out[n:]
	return n, nil
}

// process moves what it can from in to out and reports whether it made progress.
func (c *rawTargetConn) process() bool {
	switch {
	case c.raw:
		c.out, c.in = append(c.out, c.in...), nil
		return len(c.out) > 0
	case c.body > 0:
		n := min(int64(len(c.in)), c.body)
		c.pass(int(n))
		c.body -= n
		return n > 0
	case c.chunked:
		return c.processChunked()
	}
	end := bytes.Index(c.in, []byte("\r\n\r\n"))
	if end < 0 {
		if len(c.in) > maxHead {
			c.raw = true
			return c.process()
		}
		return false
	}
	head := c.in[:end+4]
	c.in = c.in[end+4:]
	if bytes.HasPrefix(head, []byte("PRI * HTTP/2.0\r\n")) {
		// HTTP/2 with prior knowledge (h2c): binary frames follow, not HTTP/1.1 heads.
		c.out = append(c.out, head...)
		c.raw = true
		return true
	}
	c.out = append(c.out, c.rewriteHead(head)...)
	return true
}

func (c *rawTargetConn) pass(n int) {
	c.out = append(c.out, c.in[:n]...)
	c.in = c.in[n:]
}

// processChunked passes a chunked body through, chunk by chunk, then its trailers.
func (c *rawTargetConn) processChunked() bool {
	progress := false
	for len(c.in) > 0 {
		if c.chunk > 0 {
			n := min(int64(len(c.in)), c.chunk)
			c.pass(int(n))
			c.chunk -= n
			progress = true
			continue
		}
		line := bytes.Index(c.in, []byte("\r\n"))
		if line < 0 {
			if len(c.in) > maxHead {
				c.raw = true
				return c.process()
			}
			return progress
		}
		if c.trailer {
			c.pass(line + 2)
			progress = true
			if line == 0 {
				c.chunked, c.trailer = false, false // the empty line ends the request
				return true
			}
			continue
		}
		size := string(c.in[:line])
		if i := strings.IndexByte(size, ';'); i >= 0 {
			size = size[:i]
		}
		n, err := strconv.ParseInt(strings.TrimSpace(size), 16, 64)
		if err != nil || n < 0 {
			c.raw = true // malformed: let net/http answer it
			return c.process()
		}
		c.pass(line + 2)
		progress = true
		if n == 0 {
			c.trailer = true
			continue
		}
		c.chunk = n + 2
	}
	return progress
}

// rewriteHead escapes stray "%" in the request target and notes how the body is framed.
func (c *rawTargetConn) rewriteHead(head []byte) []byte {
	lineEnd := bytes.Index(head, []byte("\r\n"))
	line := string(head[:lineEnd])
	rest := head[lineEnd:]
	var kept bytes.Buffer // the header lines, without any the client sent under rawTargetHeader
	for _, h := range strings.Split(string(rest), "\r\n") {
		name, value, ok := strings.Cut(h, ":")
		if ok && strings.EqualFold(strings.TrimSpace(name), rawTargetHeader) {
			continue
		}
		if h != "" {
			kept.WriteString("\r\n" + h)
		}
		if !ok {
			continue
		}
		value = strings.TrimSpace(value)
		switch strings.ToLower(strings.TrimSpace(name)) {
		case "transfer-encoding":
			if strings.Contains(strings.ToLower(value), "chunked") {
				c.chunked = true
			}
		case "content-length":
			if n, err := strconv.ParseInt(value, 10, 64); err == nil && n > 0 {
				c.body = n
			}
		case "upgrade":
			c.raw = true
		}
	}
	if c.chunked {
		c.body = 0
	}
	kept.WriteString("\r\n\r\n")
	method, tail, ok1 := strings.Cut(line, " ")
	target, version, ok2 := strings.Cut(tail, " ")
	var b bytes.Buffer
	if !ok1 || !ok2 || method == http.MethodConnect || !strayPercent(target) {
		b.WriteString(line)
	} else {
		b.WriteString(method + " " + escapeStrayPercent(target) + " " + version)
		b.WriteString("\r\n" + rawTargetHeader + ": " + target)
	}
	b.Write(kept.Bytes())
	return b.Bytes()
}

// strayPercent reports a "%" not followed by two hex digits.
func strayPercent(s string) bool {
	return strings.IndexByte(s, '%') >= 0 && escapeStrayPercent(s) != s
}

// escapeStrayPercent writes every "%" that does not start a valid escape as "%25".
func escapeStrayPercent(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '%' && !(i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2])) {
			b.WriteString("%25")
			continue
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

func isHex(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

// restoreRawTarget puts the target Listener saved back into r.RequestURI and removes the header.
func restoreRawTarget(r *http.Request) {
	if v := r.Header.Get(rawTargetHeader); v != "" {
		r.RequestURI = v
		r.Header.Del(rawTargetHeader)
	}
}
