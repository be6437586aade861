package stackdepth

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
)

// FrameBytes estimates, for every function of a Wasm module (indexed like the module's function
// index space, imports first, which get 0), the bytes one call of it takes on the Wasm stack of
// WAMR's fast interpreter, the interpreter proxy-wasm-cpp-host builds WAMR with by default
// (bazel/external/wamr.BUILD: WAMR_BUILD_FAST_INTERP=1). WAMR allocates each frame as a header
// (prev_frame, function, ip, ret_offset, lp: 40 bytes on a 64-bit host) plus 4-byte cells for
// the parameters, the locals, the function's constants (the loader moves them into the frame,
// one copy per distinct value) and the deepest operand stack (i32/f32 one cell, i64/f64 two).
// The operand stack is measured as a validator does, an upper bound of what the fast
// interpreter keeps (it does not copy local.get results).
func FrameBytes(wasm []byte) ([]int, error) {
	m, err := parseModule(wasm)
	if err != nil {
		return nil, err
	}
	out := make([]int, len(m.funcTypes))
	for i, body := range m.bodies {
		idx := m.imported + i
		cells, err := m.frameCells(idx, body)
		if err != nil {
			return nil, fmt.Errorf("function %d: %w", idx, err)
		}
		out[idx] = frameHeader + 4*cells
	}
	return out, nil
}

const frameHeader = 40

type funcType struct{ params, results []byte }

type module struct {
	types     []funcType
	funcTypes []uint32 // type index per function index
	imported  int      // imported functions (first in the index space)
	globals   []byte   // value type per global index
	bodies    [][]byte
}

func cellsOf(t byte) int {
	if t == 0x7E || t == 0x7C { // i64, f64
		return 2
	}
	return 1
}

type reader struct {
	b   []byte
	p   int
	err error
}

func (r *reader) fail(msg string) {
	if r.err == nil {
		r.err = errors.New(msg)
	}
	r.p = len(r.b)
}

func (r *reader) byte() byte {
	if r.p >= len(r.b) {
		r.fail("unexpected end")
		return 0
	}
	c := r.b[r.p]
	r.p++
	return c
}

func (r *reader) u32() uint32 {
	v, n := binary.Uvarint(r.b[min(r.p, len(r.b)):])
	if n <= 0 || v > math.MaxUint32 {
		r.fail("bad LEB128")
		return 0
	}
	r.p += n
	return uint32(v)
}

// sleb reads a signed LEB128.
func (r *reader) sleb() int64 {
	var result int64
	var shift uint
	for {
		c := r.byte()
		if r.err != nil {
			return 0
		}
		if shift < 64 {
			result |= int64(c&0x7F) << shift
		}
		shift += 7
		if c&0x80 == 0 {
			if shift < 64 && c&0x40 != 0 {
				result |= -1 << shift
			}
			return result
		}
	}
}

func (r *reader) bytes(n int) []byte {
	if n < 0 || r.p+n > len(r.b) {
		r.fail("unexpected end")
		return nil
	}
	s := r.b[r.p : r.p+n : r.p+n]
	r.p += n
	return s
}

func parseModule(wasm []byte) (*module, error) {
	if len(wasm) < 8 || string(wasm[:4]) != "\x00asm" {
		return nil, errors.New("not a wasm module")
	}
	m := &module{}
	r := &reader{b: wasm, p: 8}
	var defined []uint32
	for r.p < len(r.b) && r.err == nil {
		id := r.byte()
		size := int(r.u32())
		s := &reader{b: r.bytes(size)}
		switch id {
		case 1: // types
			for n := s.u32(); n > 0 && s.err == nil; n-- {
				if s.byte() != 0x60 {
					s.fail("bad function type")
				}
				var ft funcType
				ft.params = append([]byte(nil), s.bytes(int(s.u32()))...)
				ft.results = append([]byte(nil), s.bytes(int(s.u32()))...)
				m.types = append(m.types, ft)
			}
		case 2: // imports
			for n := s.u32(); n > 0 && s.err == nil; n-- {
				s.bytes(int(s.u32()))
				s.bytes(int(s.u32()))
				switch kind := s.byte(); kind {
				case 0:
					m.funcTypes = append(m.funcTypes, s.u32())
					m.imported++
				case 1: // table
					s.byte()
					if s.byte()&1 != 0 {
						s.u32()
					}
					s.u32()
				case 2: // memory
					if s.byte()&1 != 0 {
						s.u32()
					}
					s.u32()
				case 3: // global
					m.globals = append(m.globals, s.byte())
					s.byte()
				default:
					s.fail("bad import kind")
				}
			}
		case 3: // functions
			for n := s.u32(); n > 0 && s.err == nil; n-- {
				defined = append(defined, s.u32())
			}
		case 6: // globals
			for n := s.u32(); n > 0 && s.err == nil; n-- {
				m.globals = append(m.globals, s.byte())
				s.byte()
				for s.err == nil && s.byte() != 0x0B { // constant expression: skip to end
				}
			}
		case 10: // code
			for n := s.u32(); n > 0 && s.err == nil; n-- {
				m.bodies = append(m.bodies, s.bytes(int(s.u32())))
			}
		}
		if s.err != nil {
			return nil, fmt.Errorf("section %d: %w", id, s.err)
		}
	}
	if r.err != nil {
		return nil, r.err
	}
	m.funcTypes = append(m.funcTypes, defined...)
	if len(m.bodies) != len(defined) {
		return nil, errors.New("function and code sections disagree")
	}
	return m, nil
}

// ctrl is an open block: the operand stack height (in values) at its start and its result types.
type ctrl struct {
	base        int
	results     []byte
	unreachable bool
}

// frameCells returns params + locals + distinct constants + deepest operand stack, in cells.
func (m *module) frameCells(idx int, body []byte) (int, error) {
	ft := m.types[m.funcTypes[idx]]
	locals := append([]byte(nil), ft.params...)
	r := &reader{b: body}
	for n := r.u32(); n > 0 && r.err == nil; n-- {
		count, t := r.u32(), r.byte()
		if count > 1<<20 {
			return 0, errors.New("too many locals")
		}
		for ; count > 0; count-- {
			locals = append(locals, t)
		}
	}
	cells := 0
	for _, t := range locals {
		cells += cellsOf(t)
	}
	consts := map[[2]uint64]bool{}
	constCells := 0
	addConst := func(t byte, v uint64) {
		if k := [2]uint64{uint64(t), v}; !consts[k] {
			consts[k] = true
			constCells += cellsOf(t)
		}
	}

	var stack []byte // value types
	height, deepest := 0, 0
	ctrls := []ctrl{{results: ft.results}}
	push := func(t byte) {
		stack = append(stack, t)
		height += cellsOf(t)
		deepest = max(deepest, height)
	}
	pop := func() byte {
		top := &ctrls[len(ctrls)-1]
		if len(stack) <= top.base {
			if top.unreachable {
				return 0x7E // polymorphic: assume the wider cell
			}
			r.fail("operand stack underflow")
			return 0
		}
		t := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		height -= cellsOf(t)
		return t
	}
	resetTo := func(base int) {
		for len(stack) > base {
			pop()
		}
	}
	unreachable := func() {
		top := &ctrls[len(ctrls)-1]
		resetTo(top.base)
		top.unreachable = true
	}
	blockType := func() (params, results []byte) {
		c := r.b[min(r.p, len(r.b)-1)]
		switch {
		case c == 0x40:
			r.byte()
			return nil, nil
		case c >= 0x7B && c <= 0x7F || c == 0x70 || c == 0x6F:
			r.byte()
			return nil, []byte{c}
		default:
			t := r.sleb()
			if t < 0 || int(t) >= len(m.types) {
				r.fail("bad block type")
				return nil, nil
			}
			return m.types[t].params, m.types[t].results
		}
	}
	open := func(params, results []byte) {
		for range params {
			pop()
		}
		ctrls = append(ctrls, ctrl{base: len(stack), results: results})
		for _, t := range params {
			push(t)
		}
	}
	memarg := func() { r.u32(); r.u32() }
	un := func(out byte) { pop(); push(out) }         // one operand
	bin := func(out byte) { pop(); pop(); push(out) } // two operands

	for r.p < len(r.b) && r.err == nil {
		op := r.byte()
		switch {
		case op == 0x00: // unreachable
			unreachable()
		case op == 0x01: // nop
		case op == 0x02 || op == 0x03: // block, loop
			open(blockType())
		case op == 0x04: // if
			pop()
			open(blockType())
		case op == 0x05: // else
			top := &ctrls[len(ctrls)-1]
			resetTo(top.base)
			top.unreachable = false
		case op == 0x0B: // end
			top := ctrls[len(ctrls)-1]
			resetTo(top.base)
			ctrls = ctrls[:len(ctrls)-1]
			if len(ctrls) == 0 {
				if r.p != len(r.b) {
					return 0, errors.New("code after the function's end")
				}
				return cells + constCells + deepest, nil
			}
			for _, t := range top.results {
				push(t)
			}
		case op == 0x0C: // br
			r.u32()
			unreachable()
		case op == 0x0D: // br_if
			r.u32()
			pop()
		case op == 0x0E: // br_table
			for n := r.u32(); n > 0 && r.err == nil; n-- {
				r.u32()
			}
			r.u32()
			pop()
			unreachable()
		case op == 0x0F: // return
			unreachable()
		case op == 0x10 || op == 0x11: // call, call_indirect
			var t funcType
			if op == 0x10 {
				f := r.u32()
				if int(f) >= len(m.funcTypes) {
					return 0, errors.New("bad call")
				}
				t = m.types[m.funcTypes[f]]
			} else {
				ti := r.u32()
				r.u32()
				if int(ti) >= len(m.types) {
					return 0, errors.New("bad call_indirect")
				}
				t = m.types[ti]
				pop() // the table index
			}
			for range t.params {
				pop()
			}
			for _, res := range t.results {
				push(res)
			}
		case op == 0x1A: // drop
			pop()
		case op == 0x1B: // select
			pop()
			pop()
			push(pop())
		case op == 0x1C: // select t
			n := r.u32()
			ts := r.bytes(int(n))
			pop()
			pop()
			pop()
			if len(ts) > 0 {
				push(ts[0])
			}
		case op == 0x20: // local.get
			i := r.u32()
			if int(i) >= len(locals) {
				return 0, errors.New("bad local")
			}
			push(locals[i])
		case op == 0x21: // local.set
			r.u32()
			pop()
		case op == 0x22: // local.tee
			r.u32()
			push(pop())
		case op == 0x23: // global.get
			i := r.u32()
			if int(i) >= len(m.globals) {
				return 0, errors.New("bad global")
			}
			push(m.globals[i])
		case op == 0x24: // global.set
			r.u32()
			pop()
		case op >= 0x28 && op <= 0x35: // loads
			memarg()
			pop()
			switch {
			case op == 0x29 || op >= 0x30:
				push(0x7E)
			case op == 0x2A:
				push(0x7D)
			case op == 0x2B:
				push(0x7C)
			default:
				push(0x7F)
			}
		case op >= 0x36 && op <= 0x3E: // stores
			memarg()
			pop()
			pop()
		case op == 0x3F: // memory.size
			r.byte()
			push(0x7F)
		case op == 0x40: // memory.grow
			r.byte()
			un(0x7F)
		case op == 0x41:
			addConst(0x7F, uint64(r.sleb()))
			push(0x7F)
		case op == 0x42:
			addConst(0x7E, uint64(r.sleb()))
			push(0x7E)
		case op == 0x43:
			if b := r.bytes(4); b != nil {
				addConst(0x7D, uint64(binary.LittleEndian.Uint32(b)))
			}
			push(0x7D)
		case op == 0x44:
			if b := r.bytes(8); b != nil {
				addConst(0x7C, binary.LittleEndian.Uint64(b))
			}
			push(0x7C)
		case op == 0x45:
			un(0x7F)
		case op >= 0x46 && op <= 0x4F:
			bin(0x7F)
		case op == 0x50:
			un(0x7F)
		case op >= 0x51 && op <= 0x66: // i64, f32, f64 comparisons
			bin(0x7F)
		case op >= 0x67 && op <= 0x69:
			un(0x7F)
		case op >= 0x6A && op <= 0x78:
			bin(0x7F)
		case op >= 0x79 && op <= 0x7B:
			un(0x7E)
		case op >= 0x7C && op <= 0x8A:
			bin(0x7E)
		case op >= 0x8B && op <= 0x91:
			un(0x7D)
		case op >= 0x92 && op <= 0x98:
			bin(0x7D)
		case op >= 0x99 && op <= 0x9F:
			un(0x7C)
		case op >= 0xA0 && op <= 0xA6:
			bin(0x7C)
		case op >= 0xA7 && op <= 0xC4: // conversions and sign extensions
			un(convResult[op-0xA7])
		case op == 0xFC:
			switch sub := r.u32(); {
			case sub <= 7: // saturating truncations
				out := byte(0x7F)
				if sub >= 4 {
					out = 0x7E
				}
				un(out)
			case sub == 8: // memory.init
				r.u32()
				r.byte()
				pop()
				pop()
				pop()
			case sub == 9: // data.drop
				r.u32()
			case sub == 10: // memory.copy
				r.byte()
				r.byte()
				pop()
				pop()
				pop()
			case sub == 11: // memory.fill
				r.byte()
				pop()
				pop()
				pop()
			default:
				return 0, fmt.Errorf("unknown opcode 0xFC %d", sub)
			}
		default:
			return 0, fmt.Errorf("unknown opcode %#x", op)
		}
	}
	if r.err != nil {
		return 0, r.err
	}
	return 0, errors.New("function without end")
}

// convResult is the result type of the conversions 0xA7 (i32.wrap_i64) to 0xC4 (i64.extend32_s).
var convResult = [...]byte{
	0x7F,                   // a7 i32.wrap_i64
	0x7F, 0x7F, 0x7F, 0x7F, // a8-ab i32.trunc_f32/f64
	0x7E, 0x7E, // ac-ad i64.extend_i32
	0x7E, 0x7E, 0x7E, 0x7E, // ae-b1 i64.trunc_f32/f64
	0x7D, 0x7D, 0x7D, 0x7D, 0x7D, // b2-b6 f32.convert, demote
	0x7C, 0x7C, 0x7C, 0x7C, 0x7C, // b7-bb f64.convert, promote
	0x7F, 0x7E, 0x7D, 0x7C, // bc-bf reinterpret
	0x7F, 0x7F, // c0-c1 i32.extend8/16_s
	0x7E, 0x7E, 0x7E, // c2-c4 i64.extend8/16/32_s
}
