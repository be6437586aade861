package policies

import (
	"encoding/base64"
	"encoding/binary"
	"strings"
)

// gRPC bodies. A gRPC request body is a sequence of length-prefixed messages: one flag byte (0:
// not compressed, 1: compressed with the call's grpc-encoding), a 4-byte big-endian length, then
// the message. In BodyGRPC mode each message is inspected as soon as its last byte arrives and is
// then released upstream; the bytes of a message not yet complete are held in the filter (at most
// 5 + body.max_bytes of them), whatever the host's chunk boundaries. So a streaming call flows
// message by message, and a detection stops the call at the offending message: the messages
// before it were delivered, it and everything after it are not.
//
// What each case gets (the gRPC statuses are those of the local reply, see grpcDecision):
//   - a message longer than body.max_bytes: over_limit "reject" ends the call RESOURCE_EXHAUSTED;
//     "inspect_prefix" inspects its first max_bytes, then forwards the rest of it uninspected;
//   - a compressed message: body.grpc_compressed "reject" ends the call UNIMPLEMENTED (with
//     grpc-accept-encoding: identity); "pass" forwards it uninspected, logging it;
//   - a flag byte other than 0 or 1 (not gRPC framing): in enforce mode the call ends INTERNAL;
//     in detect mode it is logged and the rest of the body passes uninspected;
//   - a stream that ends inside a message: what arrived of it is inspected and forwarded (the
//     server fails the call as truncated); when request trailers end it, the filter cannot
//     forward the held bytes any more and ends the call INTERNAL.

// grpcFramer is one request's reassembly state.
type grpcFramer struct {
	held       []byte // an incomplete message, its 5-byte prefix included
	skip       int    // bytes of an over-limit message still to forward uninspected
	passRest   bool   // the rest of the body is forwarded uninspected
	loggedComp bool   // a compressed message was logged
	messages   int    // messages seen
}

const grpcPrefix = 5

// StreamBody takes the next piece of a BodyGRPC request body (end: nothing follows it) and
// returns what may go upstream now: every message that this piece completes, once inspected,
// plus any uninspected bytes the configuration passes. An incomplete message is held until the
// pieces that complete it arrive. replace reports that forward differs from chunk, in which case
// the glue replaces the host's body buffer with forward. A detection returns Deny.
func (tx *Tx) StreamBody(chunk []byte, end bool) (forward []byte, replace bool, d Decision) {
	defer tx.recoverInto(&d)
	if tx.denied {
		return nil, true, Decision{Action: Continue}
	}
	fr := &tx.bodyState.frames
	data, hadHeld := chunk, len(fr.held) > 0
	if hadHeld {
		data = append(fr.held, chunk...)
		fr.held = nil
	}
	pos, deny := tx.frameMessages(data, end)
	if deny != nil {
		return nil, true, tx.Deny(*deny)
	}
	if pos < len(data) {
		fr.held = append([]byte(nil), data[pos:]...)
	}
	return data[:pos], hadHeld || pos < len(data), Decision{Action: Continue}
}

// StreamTrailers ends a BodyGRPC body at the request trailers. Bytes of a message still held
// can no longer be forwarded (trailers follow the body): they are inspected and the call ends
// INTERNAL.
func (tx *Tx) StreamTrailers() (d Decision) {
	defer tx.recoverInto(&d)
	fr := &tx.bodyState.frames
	if tx.denied || len(fr.held) == 0 {
		return Decision{Action: Continue}
	}
	held := fr.held
	fr.held = nil
	if len(held) > grpcPrefix && held[0] == 0 && !fr.passRest {
		if r := tx.message(held[grpcPrefix:]); r != nil {
			return tx.Deny(*r)
		}
	}
	tx.Event(LogWarn, "grpc.truncated", map[string]any{"rule": "grpc.framing", "held_bytes": len(held)})
	return tx.Deny(grpcStatusDecision(GRPCInternal, "grpc.framing", "request stream ended inside a message", tx.Req.ID))
}

// frameMessages inspects the complete messages at the start of data and returns how many bytes
// may be forwarded; at end, an incomplete last message is inspected as far as it goes and
// forwarded too.
func (tx *Tx) frameMessages(data []byte, end bool) (int, *Decision) {
	fr := &tx.bodyState.frames
	max, reject := tx.BodyLimit()
	pos := 0
	for pos < len(data) {
		if fr.passRest {
			return len(data), nil
		}
		if fr.skip > 0 {
			n := min(fr.skip, len(data)-pos)
			pos += n
			fr.skip -= n
			continue
		}
		rest := data[pos:]
		if len(rest) < grpcPrefix {
			if end {
				return len(data), nil // a stub of a prefix: nothing to inspect
			}
			return pos, nil
		}
		flag := rest[0]
		size := uint64(binary.BigEndian.Uint32(rest[1:grpcPrefix]))
		if flag > 1 {
			if d := tx.grpcFraming(flag); d != nil {
				return pos, d
			}
			fr.passRest = true
			continue
		}
		if flag == 1 {
			if d := tx.grpcCompressed(); d != nil {
				return pos, d
			}
			fr.messages++
			fr.skip = int(size)
			pos += grpcPrefix
			continue
		}
		if size > uint64(max) {
			if reject {
				tx.Event(LogWarn, "body.too_large", map[string]any{"limit": max, "grpc_message_bytes": size})
				return pos, Ptr(grpcStatusDecision(GRPCResourceExhausted, "body.too_large", "request message larger than the inspection limit", tx.Req.ID))
			}
			if len(rest) < grpcPrefix+max && !end {
				return pos, nil
			}
			part := rest[grpcPrefix:min(len(rest), grpcPrefix+max)]
			if d := tx.message(part); d != nil {
				return pos, d
			}
			fr.messages++
			pos += grpcPrefix + len(part)
			fr.skip = int(size) - len(part)
			continue
		}
		if uint64(len(rest)-grpcPrefix) < size {
			if !end {
				return pos, nil
			}
			// The stream ended inside this message: what arrived is inspected and forwarded.
			if d := tx.message(rest[grpcPrefix:]); d != nil {
				return pos, d
			}
			return len(data), nil
		}
		if d := tx.message(rest[grpcPrefix : grpcPrefix+int(size)]); d != nil {
			return pos, d
		}
		fr.messages++
		pos += grpcPrefix + int(size)
	}
	return pos, nil
}

func Ptr(d Decision) *Decision { return &d }

// grpcFraming handles a flag byte that is neither 0 nor 1: the body is not gRPC framing.
func (tx *Tx) grpcFraming(flag byte) *Decision {
	action := "block"
	if tx.msgMode == Detect || !tx.msgActive {
		action = "detect"
	}
	tx.Event(LogWarn, "grpc.framing."+action, map[string]any{"rule": "grpc.framing", "flag": int(flag), "action": action})
	if action == "detect" {
		return nil
	}
	return Ptr(grpcStatusDecision(GRPCInternal, "grpc.framing", "request body is not gRPC framing", tx.Req.ID))
}

// grpcCompressed handles a compressed message per body.grpc_compressed.
func (tx *Tx) grpcCompressed() *Decision {
	fr := &tx.bodyState.frames
	if tx.bodyState.opts.GRPCCompressed == "pass" {
		if !fr.loggedComp {
			fr.loggedComp = true
			tx.Event(LogInfo, "grpc.compressed.pass", map[string]any{"rule": "grpc.compressed", "encoding": Truncate(tx.Req.Headers.Get("grpc-encoding"), 32)})
		}
		return nil
	}
	tx.Event(LogWarn, "grpc.compressed.block", map[string]any{"rule": "grpc.compressed", "encoding": Truncate(tx.Req.Headers.Get("grpc-encoding"), 32)})
	d := grpcStatusDecision(GRPCUnimplemented, "grpc.compressed", "compressed request messages are not accepted", tx.Req.ID)
	d.Headers = append(d.Headers, Header{Name: "grpc-accept-encoding", Value: "identity"})
	return &d
}

// grpcBufferedBody inspects a whole buffered gRPC body (gRPC-Web text, or a gRPC call on a route
// with a body schema): gRPC-Web text is base64-decoded first, then every message is inspected.
func (tx *Tx) GRPCBufferedBody(body []byte, truncated bool) *Decision {
	if grpcWebText(tx.bodyState.grpc) {
		dec, ok := decodeGRPCWebText(body)
		if !ok {
			return tx.grpcFraming('?')
		}
		body = dec
	}
	_, d := tx.frameMessages(body, true)
	_ = truncated // a truncated body's last message is inspected as far as it goes
	return d
}

// decodeGRPCWebText decodes gRPC-Web's text encoding: base64, where each message (and so a
// padded quantum) may be encoded on its own.
func decodeGRPCWebText(b []byte) ([]byte, bool) {
	s := strings.Map(func(r rune) rune {
		if r == '\r' || r == '\n' || r == ' ' || r == '\t' {
			return -1
		}
		return r
	}, string(b))
	var out []byte
	for len(s) > 0 {
		// A segment ends after the first padded quantum, or at the end.
		end := len(s)
		if i := strings.IndexByte(s, '='); i >= 0 {
			end = i
			for end < len(s) && s[end] == '=' {
				end++
			}
		}
		seg := s[:end]
		s = s[end:]
		dec, err := base64.StdEncoding.DecodeString(seg)
		if err != nil {
			dec, err = base64.RawStdEncoding.DecodeString(strings.TrimRight(seg, "="))
			if err != nil {
				return nil, false
			}
		}
		out = append(out, dec...)
	}
	return out, true
}
