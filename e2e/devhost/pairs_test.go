package devhost

import (
	"bytes"
	"testing"
)

func TestPairsRoundTrip(t *testing.T) {
	tests := []struct {
		name string
		in   []pair
	}{
		{"empty", nil},
		{"one", []pair{{"a", "1"}}},
		{"spec example", []pair{{"a", "1"}, {"b", "22"}}},
		{"empty value", []pair{{"x", ""}, {":path", "/"}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := decodePairs(encodePairs(tc.in))
			if len(got) != len(tc.in) {
				t.Fatalf("got %v, want %v", got, tc.in)
			}
			for i := range got {
				if got[i] != tc.in[i] {
					t.Errorf("pair %d: got %v, want %v", i, got[i], tc.in[i])
				}
			}
		})
	}
}

func TestPairsEncoding(t *testing.T) {
	// Spec example {a: 1, b: 22} with the real bytes (the spec prints ASCII codes as hex).
	want := []byte{2, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 'a', 0, '1', 0, 'b', 0, '2', '2', 0}
	if got := encodePairs([]pair{{"a", "1"}, {"b", "22"}}); !bytes.Equal(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
	if got := encodePairs(nil); got != nil {
		t.Errorf("empty map: got %v, want nil (ptr 0, size 0)", got)
	}
}

func TestPairsMalformedIsEmpty(t *testing.T) {
	good := encodePairs([]pair{{"a", "1"}})
	tests := []struct {
		name string
		in   []byte
	}{
		{"short", good[:3]},
		{"truncated", good[:len(good)-1]},
		{"trailing byte", append(append([]byte(nil), good...), 0)},
		{"missing NUL", func() []byte { b := append([]byte(nil), good...); b[len(b)-1] = 'x'; return b }()},
		{"count too large", []byte{0xff, 0xff, 0xff, 0xff}},
		{"over 1024 pairs", func() []byte { b := make([]byte, 4+8*1025); b[0], b[1] = 0x01, 0x04; return b }()},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := decodePairs(tc.in); len(got) != 0 {
				t.Errorf("got %v, want empty", got)
			}
		})
	}
}

func TestSharedDataCASRules(t *testing.T) {
	d := newSharedData()
	steps := []struct {
		name    string
		key     string
		cas     uint32 // 0xffffffff: use the key's current cas
		want    status
		wantCas uint32
	}{
		{"absent key, cas ignored", "k", 77, statusOK, 1},
		{"cas 0 writes unconditionally", "k", 0, statusOK, 2},
		{"stale cas", "k", 1, statusCasMismatch, 2},
		{"current cas", "k", 0xffffffff, statusOK, 3},
		{"other key advances the same counter", "j", 0, statusOK, 4},
	}
	for _, s := range steps {
		cas := s.cas
		if cas == 0xffffffff {
			_, cas, _ = d.get(s.key)
		}
		if got := d.set(s.key, []byte("v"), cas); got != s.want {
			t.Fatalf("%s: status %d, want %d", s.name, got, s.want)
		}
		if _, got, _ := d.get(s.key); got != s.wantCas {
			t.Fatalf("%s: cas %d, want %d", s.name, got, s.wantCas)
		}
	}
	if _, _, ok := d.get("missing"); ok {
		t.Error("missing key found")
	}
}
