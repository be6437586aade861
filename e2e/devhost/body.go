package devhost

import (
	"bufio"
	"io"
	"net/http"
)

// chunkReader reads a body in chunks of at most size bytes and tells which chunk is the last
// (one byte of look-ahead), so end_of_stream rides on the last data chunk as in Envoy.
type chunkReader struct {
	br  *bufio.Reader
	buf []byte
}

func newChunkReader(r io.Reader, size int) *chunkReader {
	return &chunkReader{br: bufio.NewReaderSize(r, size), buf: make([]byte, size)}
}

// next returns a fresh copy of the next chunk and whether the body ends after it.
func (c *chunkReader) next() ([]byte, bool, error) {
	n, err := c.br.Read(c.buf)
	out := append([]byte(nil), c.buf[:n]...)
	if err == io.EOF {
		return out, true, nil
	}
	if err != nil {
		return nil, false, err
	}
	if _, err := c.br.Peek(1); err == io.EOF {
		return out, true, nil
	}
	return out, false, nil
}

// pumpDir describes one direction's body streaming.
type pumpDir struct {
	dir          int
	bodyCB       string
	trailersCB   string
	src          io.Reader
	trailers     func() http.Header // valid after the body's end
	emit         func([]byte) error
	overflow     func() error // the buffered body passed the buffer limit
	emitTrailers func(*headerMap)
	counted      *int64
}

// pump streams a body through the module (PROXY-WASM-HOST.md §4): each chunk goes to the body
// callback; Continue forwards the (possibly modified) buffer, Pause buffers it and the next call
// gets the whole buffered body. With trailers, the last body call has end_of_stream false and the
// trailers callback follows.
func (x *exchange) pump(d pumpDir) error {
	s := x.s
	p := s.phase(d.dir)
	rd := newChunkReader(d.src, x.h.opts.ChunkSize)
	var buf []byte
	buffering := false
	var tr http.Header
	hadTrailers := false
	for {
		chunk, last, err := rd.next()
		if err != nil {
			return errReset
		}
		x.locked(func() { *d.counted += int64(len(chunk)) })
		if last {
			tr = d.trailers()
			hadTrailers = hasTrailers(tr)
		}
		eosBody := last && !hadTrailers
		if buffering {
			buf = append(buf, chunk...)
		} else {
			buf = chunk
		}
		if buffering && len(buf) > x.h.opts.BufferLimit {
			return d.overflow()
		}
		var out []byte
		o := x.callback(d.bodyCB, func() {
			p.body, p.bodyAvail, p.bodyEOS = buf, true, eosBody
		}, func(act uint32) {
			out = p.body
			p.bodyEOS = false
			if act == actionContinue {
				p.bodyAvail = false
			}
		}, uint64(len(buf)), b2u(eosBody))
		if err := x.check(o); err != nil {
			return err
		}
		if o.act == actionContinue || o.cont[d.dir] {
			if err := d.emit(out); err != nil {
				return err
			}
			buffering, buf = false, nil
		} else {
			buffering, buf = true, out
		}
		if last {
			break
		}
	}
	flush := func() error {
		if !buffering {
			return nil
		}
		var out []byte
		x.locked(func() { out = p.body })
		buffering = false
		return d.emit(out)
	}
	var final *headerMap
	if hadTrailers {
		tm := trailerMap(tr)
		o := x.callback(d.trailersCB, func() {
			p.trailers, p.trailerAvail = tm, true
		}, func(act uint32) {
			final = p.trailers.clone()
			if act == actionContinue {
				p.trailerAvail = false
			}
		}, uint64(len(tm.pairs)))
		if err := x.check(o); err != nil {
			return err
		}
		if o.act != actionContinue && !o.cont[d.dir] {
			if err := x.wait(d.dir); err != nil {
				return err
			}
			x.locked(func() { final = p.trailers.clone() })
		}
	} else if buffering {
		if err := x.wait(d.dir); err != nil {
			return err
		}
	}
	if err := flush(); err != nil {
		return err
	}
	if final == nil {
		x.locked(func() { final = p.trailers.clone() }) // trailers the module added at end of stream
	}
	if final != nil && len(final.pairs) > 0 {
		d.emitTrailers(final)
	}
	return nil
}

// requestBody streams the request body upstream through the module.
func (x *exchange) requestBody() error {
	return x.pump(pumpDir{
		dir:        streamHTTPRequest,
		bodyCB:     "proxy_on_request_body",
		trailersCB: "proxy_on_request_trailers",
		src:        x.r.Body,
		trailers:   func() http.Header { return x.r.Trailer },
		emit: func(b []byte) error {
			x.up.send(b)
			return nil
		},
		overflow: func() error {
			return x.hostReply(http.StatusRequestEntityTooLarge, "Payload Too Large", "request_payload_too_large")
		},
		emitTrailers: x.up.setTrailers,
		counted:      &x.s.requestSize,
	})
}
