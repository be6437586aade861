package devhost

import (
	"io"
	"net/http"
)

// chunkReader reads a body in chunks of at most size bytes as they arrive, as Envoy's codecs
// deliver data: a chunk is handed over as soon as it is read, never held back waiting for more
// (a streaming client may wait for the server before it sends another byte). A background
// goroutine reads ahead by one read, so that an end of stream already known when a chunk is
// taken rides on that chunk (Content-Length bodies, a chunked terminator read with the last
// data); otherwise the end comes as an empty chunk, as Envoy sends an empty DATA frame with
// end_stream.
type chunkReader struct {
	items chan chunkItem
	done  chan struct{}
	ahead *chunkItem
}

type chunkItem struct {
	data []byte
	err  error
}

func newChunkReader(r io.Reader, size int) *chunkReader {
	c := &chunkReader{items: make(chan chunkItem, 1), done: make(chan struct{})}
	go func() {
		for {
			buf := make([]byte, size)
			n, err := r.Read(buf)
			select {
			case c.items <- chunkItem{buf[:n], err}:
			case <-c.done:
				return
			}
			if err != nil {
				return
			}
		}
	}()
	return c
}

// next returns the next chunk and whether the body ends after it. It blocks only until some
// data (or the end) has arrived.
func (c *chunkReader) next() ([]byte, bool, error) {
	var it chunkItem
	if c.ahead != nil {
		it, c.ahead = *c.ahead, nil
	} else {
		it = <-c.items
	}
	for len(it.data) == 0 && it.err == nil {
		it = <-c.items // a zero-length read: wait for data or the end
	}
	if it.err == io.EOF {
		return it.data, true, nil
	}
	if it.err != nil {
		return nil, false, it.err
	}
	select {
	case nx := <-c.items:
		if nx.err == io.EOF && len(nx.data) == 0 {
			return it.data, true, nil
		}
		c.ahead = &nx
	default:
	}
	return it.data, false, nil
}

// close stops the read-ahead goroutine (it exits at its next read once the source is closed).
func (c *chunkReader) close() {
	select {
	case <-c.done:
	default:
		close(c.done)
	}
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
	// resetAtEnd: the source ending while the module holds the buffer resets the stream instead
	// of waiting for a continue (an upgraded connection's side closed: nothing can follow).
	resetAtEnd bool
}

// pump streams a body through the module (PROXY-WASM-HOST.md §4): each chunk goes to the body
// callback; Continue forwards the (possibly modified) buffer, Pause buffers it and the next call
// gets the whole buffered body. With trailers, the last body call has end_of_stream false and the
// trailers callback follows.
func (x *exchange) pump(d pumpDir) error {
	s := x.s
	p := s.phase(d.dir)
	rd := newChunkReader(d.src, x.h.opts.ChunkSize)
	defer rd.close()
	check := x.checkFor(d.dir)
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
		if len(chunk) == 0 && !eosBody {
			break // the body ended without data and trailers follow: no empty body call
		}
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
		if err := check(o); err != nil {
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
		if err := check(o); err != nil {
			return err
		}
		if o.act != actionContinue && !o.cont[d.dir] {
			if err := x.wait(d.dir); err != nil {
				return err
			}
			x.locked(func() { final = p.trailers.clone() })
		}
	} else if buffering {
		if d.resetAtEnd {
			return errReset
		}
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
