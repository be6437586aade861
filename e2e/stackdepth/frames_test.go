package stackdepth

import "testing"

// TestFrameBytes checks the frame model on a module written by hand: one import, and a function
// (i64) -> () with one i64 local whose body adds two equal constants and one other.
func TestFrameBytes(t *testing.T) {
	wasm := []byte("\x00asm\x01\x00\x00\x00")
	section := func(id byte, body ...byte) {
		wasm = append(wasm, id, byte(len(body)))
		wasm = append(wasm, body...)
	}
	section(1, 1, 0x60, 1, 0x7E, 0)     // type 0: (i64) -> ()
	section(2, 1, 1, 'e', 1, 'f', 0, 0) // import e.f: type 0
	section(3, 1, 0)                    // function 1: type 0
	section(10, 1, 19, 1, 1, 0x7E,      // one local i64
		0x42, 5, 0x42, 5, 0x7C, // i64.const 5, i64.const 5, i64.add
		0x42, 7, 0x7C, // i64.const 7, i64.add
		0x21, 1, // local.set 1
		0x02, 0x40, 0x0C, 0, 0x0B, // block, br 0, end
		0x0B) // end
	got, err := FrameBytes(wasm)
	if err != nil {
		t.Fatal(err)
	}
	// params 2 cells + locals 2 + constants 5 and 7, 2 each + operand stack two i64s, 4.
	if want := []int{0, frameHeader + 4*(2+2+4+4)}; len(got) != 2 || got[0] != want[0] || got[1] != want[1] {
		t.Fatalf("FrameBytes = %v, want %v", got, want)
	}
}
