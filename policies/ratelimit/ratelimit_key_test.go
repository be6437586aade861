package ratelimit

import (
	"strings"
	"testing"
)

var keyPartCases = []struct {
	in      string
	want    string // String() of the parsed part; "" for an error
	wantErr string
}{
	{"client_ip", "client_ip", ""},
	{"path", "path", ""},
	{"method", "method", ""},
	{"header:X-API-Key", "header:x-api-key", ""},
	{"claim:sub", "claim:sub", ""},
	{"body:email", "body:email", ""},
	{"body:user.email", "body:user.email", ""},
	{`body:a\.b`, `body:a\.b`, ""},
	{"body:items.0.id", "body:items.0.id", ""},
	{"ip", "", "unknown key part"},
	{"header:", "", "name must be"},
	{"header:a b", "", "invalid header name"},
	{"body:a..b", "", "empty path segment"},
	{"body:a.", "", "empty path segment"},
	{`body:a\`, "", "ends with an escape"},
	{"body:a|@reverse", "", "not supported"},
	{"body:a.*", "", "not supported"},
	{"cookie:sid", "", "unknown key part"},
	{"body:" + strings.Repeat("a.", 8) + "a", "", "at most 8 segments"},
}

func TestParseKeyPart(t *testing.T) {
	for _, tt := range keyPartCases {
		t.Run(tt.in, func(t *testing.T) {
			p, err := ParseKeyPart(tt.in)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("got %v, want error containing %q", err, tt.wantErr)
				}
				return
			}
			if err != nil || p.String() != tt.want {
				t.Fatalf("got %q %v, want %q", p.String(), err, tt.want)
			}
		})
	}
}

var bodyValueCases = []struct {
	name, body, path, ct string
	want                 string
	ok                   bool
}{
	{"string", `{"email":"A@B.c"}`, "email", "", "a@b.c", true},
	{"trimmed", `{"email":"  a@b  "}`, "email", "", "a@b", true},
	{"last duplicate wins", `{"email":"x","email":"y"}`, "email", "", "y", true},
	{"escaped key", `{"em\u0061il":"z"}`, "email", "", "z", true},
	{"escaped value", `{"email":"\u0041@b"}`, "email", "", "a@b", true},
	{"nested", `{"user":{"email":"n@b"}}`, "user.email", "", "n@b", true},
	{"nested duplicate parent", `{"user":{"email":"1"},"user":{"email":"2"}}`, "user.email", "", "2", true},
	{"array index", `{"items":[{"id":1},{"id":2}]}`, "items.1.id", "", "2", true},
	{"number", `{"email":12}`, "email", "", "12", true},
	{"object value", `{"email":{"$ne":null}}`, "email", "", `{"$ne":null}`, true},
	{"null", `{"email":null}`, "email", "", "", false},
	{"empty", `{"email":""}`, "email", "", "", false},
	{"absent", `{"mail":"a"}`, "email", "", "", false},
	{"not json", `email=a`, "email", "", "", false},
	{"form", `email=Form%40X&x=1`, "email", "application/x-www-form-urlencoded; charset=utf-8", "form@x", true},
	{"form repeated", `email=a&email=b`, "email", "application/x-www-form-urlencoded", "a,b", true},
	{"form nested path", `email=a`, "user.email", "application/x-www-form-urlencoded", "", false},
	{"truncated json", `{"email":"a@b`, "email", "application/json", "", false},
	{"empty body", ``, "email", "", "", false},
}

func TestBodyValue(t *testing.T) {
	for _, tt := range bodyValueCases {
		t.Run(tt.name, func(t *testing.T) {
			path, err := parseBodyPath(tt.path)
			if err != nil {
				t.Fatal(err)
			}
			got, ok := bodyValue([]byte(tt.body), path, tt.ct)
			if got != tt.want || ok != tt.ok {
				t.Fatalf("got %q %v, want %q %v", got, ok, tt.want, tt.ok)
			}
		})
	}
}

func FuzzParseKeyPart(f *testing.F) {
	for _, tt := range keyPartCases {
		f.Add(tt.in)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, err := ParseKeyPart(s)
		if err != nil {
			return
		}
		// A parsed part prints as a part that parses to the same thing.
		q, err := ParseKeyPart(p.String())
		if err != nil || q.String() != p.String() {
			t.Fatalf("%q -> %q -> %q %v", s, p.String(), q.String(), err)
		}
	})
}

func FuzzBodyValue(f *testing.F) {
	for _, tt := range bodyValueCases {
		f.Add(tt.body, tt.path, tt.ct)
	}
	f.Fuzz(func(t *testing.T, body, path, ct string) {
		segs, err := parseBodyPath(path)
		if err != nil {
			return
		}
		v, ok := bodyValue([]byte(body), segs, ct)
		if ok && v == "" {
			t.Fatalf("ok with an empty value for %q %q", body, path)
		}
	})
}
