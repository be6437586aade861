package injection

import (
	"strconv"
	"unicode/utf8"
)

// Protobuf messages without their schema. A gRPC message is a protobuf message, and the filter
// has no .proto files: it walks the wire format itself. Each field is a tag (a varint holding the
// field number and the wire type) and a value: varints, fixed 32- and 64-bit words (numbers, which
// carry no injection) and length-delimited values, which are strings, bytes, packed numbers or
// nested messages, indistinguishable on the wire. A length-delimited value is therefore taken
// for what it can be:
//   - a nested message when it parses as one from its first byte to its last (walked in turn);
//   - a string when it is valid UTF-8 (inspected like any body value); a value that is both, a
//     printable string that happens to parse, is inspected both ways, so that no reading of it
//     escapes inspection;
//   - otherwise bytes, inspected as the text runs they contain (normalize_binary.go).
// Strings are named by their field-number path: "2.1" is field 1 of the message in field 2.
//
// The walk is iterative (an explicit stack: no recursion on input depth) and bounded: nested
// messages deeper than maxProtoDepth are inspected as text, and past maxParams fields the whole
// message is inspected as text instead. A message that stops parsing part-way (malformed, or
// truncated by body.max_bytes) is inspected whole as text, and its fields up to where it stops
// parsing are walked as well, the rest inspected as text.
// Groups (wire types 3 and 4, deprecated since proto2) are not read as structure.

// maxProtoDepth bounds the nesting of messages walked as messages.
const maxProtoDepth = 32

const (
	wireVarint  = 0
	wireFixed64 = 1
	wireLen     = 2
	wireFixed32 = 5
)

// protoField is one field as read from the wire.
type protoField struct {
	num   uint64
	wire  int
	value []byte // the payload of a length-delimited field
	size  int    // bytes the whole field takes
}

// readProtoField reads the field at the start of b; ok is false when b does not start with a
// well-formed field (zero or too large a field number, a group, an overlong varint, a value
// running past the end).
func readProtoField(b []byte) (f protoField, ok bool) {
	tag, n := readVarint(b)
	if n <= 0 {
		return f, false
	}
	f.num, f.wire = tag>>3, int(tag&7)
	if f.num == 0 || f.num > 1<<29-1 {
		return f, false
	}
	rest := b[n:]
	switch f.wire {
	case wireVarint:
		_, m := readVarint(rest)
		if m <= 0 {
			return f, false
		}
		f.size = n + m
	case wireFixed64:
		if len(rest) < 8 {
			return f, false
		}
		f.size = n + 8
	case wireFixed32:
		if len(rest) < 4 {
			return f, false
		}
		f.size = n + 4
	case wireLen:
		l, m := readVarint(rest)
		if m <= 0 || l > uint64(len(rest)-m) {
			return f, false
		}
		f.value = rest[m : m+int(l)]
		f.size = n + m + int(l)
	default:
		return f, false
	}
	return f, true
}

// readVarint decodes a base-128 varint of at most 10 bytes; n is 0 when b ends inside it and
// -1 when it is longer than 10 bytes.
func readVarint(b []byte) (v uint64, n int) {
	for i := 0; i < len(b) && i < 10; i++ {
		c := b[i]
		v |= uint64(c&0x7f) << (7 * i)
		if c < 0x80 {
			return v, i + 1
		}
	}
	if len(b) >= 10 {
		return 0, -1
	}
	return 0, 0
}

// isProtoMessage reports whether b parses as a sequence of well-formed fields from its first
// byte to its last. Only this level is read (nested values are skipped by their length), so the
// cost is the number of fields, not of bytes.
func isProtoMessage(b []byte) bool {
	for len(b) > 0 {
		f, ok := readProtoField(b)
		if !ok {
			return false
		}
		b = b[f.size:]
	}
	return true
}

// printableText reports valid UTF-8 without control characters other than tab, CR and LF.
func printableText(b []byte) bool {
	for i := 0; i < len(b); {
		c := b[i]
		if c < utf8.RuneSelf {
			if c < 0x20 && c != '\t' && c != '\n' && c != '\r' || c == 0x7f {
				return false
			}
			i++
			continue
		}
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n <= 1 {
			return false
		}
		i += n
	}
	return true
}

// protobufParams emits the strings of the protobuf message msg (see the top of this file); prefix
// names the message ("" for a gRPC message itself). It returns false when emit stopped the walk.
func protobufParams(prefix string, msg []byte, emit func(param) bool) bool {
	type frame struct {
		b     []byte
		name  string
		depth int
	}
	text := func(name string, b []byte) bool {
		if name == "" {
			name = "body"
		}
		if len(b) == 0 {
			return true
		}
		if utf8.Valid(b) {
			return emit(param{Loc: LocBody, Name: name, Value: string(b)})
		}
		return binaryTextRuns(b, func(p param) bool {
			p.Name = name
			return emit(p)
		})
	}
	if !isProtoMessage(msg) {
		// Malformed (or truncated): a lenient parser may read it otherwise than the walk below,
		// so the message is also inspected whole, as text.
		if !text(prefix, msg) {
			return false
		}
	}
	fields := 0
	stack := []frame{{b: msg, name: prefix, depth: 1}}
	for len(stack) > 0 {
		top := len(stack) - 1
		fr := stack[top]
		if len(fr.b) == 0 {
			stack = stack[:top]
			continue
		}
		f, ok := readProtoField(fr.b)
		if !ok {
			// Not a field from here on: what remains of this message is text.
			stack = stack[:top]
			if !text(fr.name, fr.b) {
				return false
			}
			continue
		}
		stack[top].b = fr.b[f.size:]
		if fields++; fields > maxParams {
			// Too many fields to walk one by one: the whole message is inspected as text.
			return text(prefix, msg)
		}
		if f.wire != wireLen || len(f.value) == 0 {
			continue
		}
		name := strconv.FormatUint(f.num, 10)
		if fr.name != "" {
			name = fr.name + "." + name
		}
		if fr.depth < maxProtoDepth && isProtoMessage(f.value) {
			if printableText(f.value) && !emit(param{Loc: LocBody, Name: name, Value: string(f.value)}) {
				return false
			}
			stack = append(stack, frame{b: f.value, name: name, depth: fr.depth + 1})
			continue
		}
		if !text(name, f.value) {
			return false
		}
	}
	return true
}
