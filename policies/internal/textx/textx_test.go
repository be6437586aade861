package textx

import (
	"strings"
	"testing"
)

func TestContainsFold(t *testing.T) {
	for _, tc := range []struct {
		s, sub string
		want   bool
	}{
		{"Union SELECT 1", "select", true},
		{"UNIONSELECT", "select", true},
		{"selec", "select", false},
		{"", "a", false},
		{"abc", "", true},
		{"ÄSELECT", "select", true},
	} {
		if got := ContainsFold(tc.s, tc.sub); got != tc.want {
			t.Errorf("ContainsFold(%q, %q) = %v, want %v", tc.s, tc.sub, got, tc.want)
		}
		if want := strings.Contains(strings.ToLower(tc.s), tc.sub); tc.s != "ÄSELECT" && want != tc.want {
			t.Errorf("case %q, %q: the table disagrees with strings.Contains", tc.s, tc.sub)
		}
	}
}

func TestIndexWordFold(t *testing.T) {
	for _, tc := range []struct {
		s, w string
		want int
	}{
		{"x; DROP table", "drop", 3},
		{"airdrop drop", "drop", 8},
		{"2drop", "drop", -1},
		{"_drop", "drop", 1},
		{"dro", "drop", -1},
		{"drop", "", -1},
	} {
		if got := IndexWordFold(tc.s, tc.w); got != tc.want {
			t.Errorf("IndexWordFold(%q, %q) = %d, want %d", tc.s, tc.w, got, tc.want)
		}
	}
}

func TestLowerByte(t *testing.T) {
	for c := 0; c < 256; c++ {
		want := byte(c)
		if c >= 'A' && c <= 'Z' {
			want = byte(c) + 32
		}
		if got := LowerByte(byte(c)); got != want {
			t.Fatalf("LowerByte(%#x) = %#x, want %#x", c, got, want)
		}
	}
}
