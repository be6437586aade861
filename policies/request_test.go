package policies

import "testing"

func TestClientIP(t *testing.T) {
	tests := []struct {
		name   string
		source string
		xff    []string
		hops   int
		want   string
	}{
		{"no hops ignores XFF", "10.0.0.5:1234", []string{"1.2.3.4"}, 0, "10.0.0.5"},
		{"one hop takes the rightmost", "10.0.0.5:1234", []string{"6.6.6.6, 1.2.3.4"}, 1, "1.2.3.4"},
		{"Envoy's own append is skipped", "10.0.0.5:1234", []string{"6.6.6.6, 1.2.3.4, 10.0.0.5"}, 1, "1.2.3.4"},
		{"two hops", "10.0.0.5:1234", []string{"6.6.6.6, 1.2.3.4", "10.1.1.1"}, 2, "1.2.3.4"},
		{"fewer entries than hops takes the leftmost", "10.0.0.5:1234", []string{"1.2.3.4"}, 3, "1.2.3.4"},
		{"garbage falls back to source", "10.0.0.5:1234", []string{"not-an-ip"}, 1, "10.0.0.5"},
		{"no XFF falls back to source", "[2001:db8::1]:443", nil, 1, "2001:db8::1"},
		{"mapped IPv4 unmapped", "[::ffff:192.0.2.1]:80", nil, 0, "192.0.2.1"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			req := &Request{SourceAddress: tc.source}
			for _, v := range tc.xff {
				req.Headers = append(req.Headers, Header{Name: "x-forwarded-for", Value: v})
			}
			if got := ClientIP(req, tc.hops).String(); got != tc.want {
				t.Errorf("ClientIP = %s, want %s", got, tc.want)
			}
		})
	}
}
