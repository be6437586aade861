package auth

import (
	"strings"
	"testing"

	"github.com/edgeward/edgeward/policies"
)

var extractTokenTests = []struct {
	name       string
	sources    TokenSources
	headers    policies.Headers
	wantTok    string
	wantSrc    tokenSource
	wantReason string
}{
	{"none", TokenSources{Bearer: true}, nil, "", srcNone, ""},
	{"bearer", TokenSources{Bearer: true}, policies.Headers{{Name: "authorization", Value: "Bearer a.b.c"}}, "a.b.c", srcBearer, ""},
	{"bearer lower-case", TokenSources{Bearer: true}, policies.Headers{{Name: "authorization", Value: "bearer a.b.c"}}, "a.b.c", srcBearer, ""},
	{"bearer mixed case, spaces", TokenSources{Bearer: true}, policies.Headers{{Name: "authorization", Value: " BeArEr   a.b.c  "}}, "a.b.c", srcBearer, ""},
	{"bearer token68 padding", TokenSources{Bearer: true}, policies.Headers{{Name: "authorization", Value: "Bearer abc=="}}, "abc==", srcBearer, ""},
	{"bearer tab separator", TokenSources{Bearer: true}, policies.Headers{{Name: "authorization", Value: "Bearer\ta.b.c"}}, "", srcBearer, "malformed_header"},
	{"bearer empty", TokenSources{Bearer: true}, policies.Headers{{Name: "authorization", Value: "Bearer "}}, "", srcBearer, "malformed_header"},
	{"bearer two tokens", TokenSources{Bearer: true}, policies.Headers{{Name: "authorization", Value: "Bearer a b"}}, "", srcBearer, "malformed_header"},
	{"bearer comma", TokenSources{Bearer: true}, policies.Headers{{Name: "authorization", Value: "Bearer a,b"}}, "", srcBearer, "malformed_header"},
	{"bearer padding inside", TokenSources{Bearer: true}, policies.Headers{{Name: "authorization", Value: "Bearer a=b"}}, "", srcBearer, "malformed_header"},
	{"bearer scheme alone", TokenSources{Bearer: true}, policies.Headers{{Name: "authorization", Value: "Bearer"}}, "", srcBearer, "malformed_header"},
	{"bearerx is another scheme", TokenSources{Bearer: true}, policies.Headers{{Name: "authorization", Value: "Bearerx a"}}, "", srcNone, ""},
	{"basic ignored", TokenSources{Bearer: true}, policies.Headers{{Name: "authorization", Value: "Basic dTpw"}}, "", srcNone, ""},
	{"two bearer headers", TokenSources{Bearer: true}, policies.Headers{{Name: "authorization", Value: "Bearer a"}, {Name: "authorization", Value: "Bearer a"}}, "", srcBearer, "multiple_tokens"},
	{"bearer and basic", TokenSources{Bearer: true}, policies.Headers{{Name: "authorization", Value: "Basic x"}, {Name: "authorization", Value: "Bearer a"}}, "", srcBearer, "multiple_tokens"},
	{"bearer disabled", TokenSources{Cookie: "at"}, policies.Headers{{Name: "authorization", Value: "Bearer a"}}, "", srcNone, ""},
	{"header", TokenSources{Header: "x-token"}, policies.Headers{{Name: "x-token", Value: " a.b.c "}}, "a.b.c", srcHeader, ""},
	{"header twice", TokenSources{Header: "x-token"}, policies.Headers{{Name: "x-token", Value: "a"}, {Name: "x-token", Value: "a"}}, "", srcHeader, "multiple_tokens"},
	{"cookie", TokenSources{Cookie: "at"}, policies.Headers{{Name: "cookie", Value: "sid=1; at=a.b.c; x=y"}}, "a.b.c", srcCookie, ""},
	{"cookie quoted", TokenSources{Cookie: "at"}, policies.Headers{{Name: "cookie", Value: `at="a.b.c"`}}, "a.b.c", srcCookie, ""},
	{"cookie across headers", TokenSources{Cookie: "at"}, policies.Headers{{Name: "cookie", Value: "sid=1"}, {Name: "cookie", Value: "at=a.b.c"}}, "a.b.c", srcCookie, ""},
	{"cookie name is exact", TokenSources{Cookie: "at"}, policies.Headers{{Name: "cookie", Value: "AT=a; xat=b; at_=c"}}, "", srcNone, ""},
	{"cookie tossing", TokenSources{Cookie: "at"}, policies.Headers{{Name: "cookie", Value: "at=a; at=b"}}, "", srcCookie, "multiple_tokens"},
	{"cookie tossing across headers", TokenSources{Cookie: "at"}, policies.Headers{{Name: "cookie", Value: "at=a"}, {Name: "cookie", Value: "at=a"}}, "", srcCookie, "multiple_tokens"},
	{"cookie empty", TokenSources{Cookie: "at"}, policies.Headers{{Name: "cookie", Value: "at="}}, "", srcNone, ""},
	{"same token twice in two sources", TokenSources{Bearer: true, Cookie: "at"}, policies.Headers{{Name: "authorization", Value: "Bearer a.b.c"}, {Name: "cookie", Value: "at=a.b.c"}}, "a.b.c", srcBearer, ""},
	{"different tokens in two sources", TokenSources{Bearer: true, Cookie: "at"}, policies.Headers{{Name: "authorization", Value: "Bearer a.b.c"}, {Name: "cookie", Value: "at=x.y.z"}}, "", srcNone, "multiple_tokens"},
	{"header and bearer differ", TokenSources{Bearer: true, Header: "x-token"}, policies.Headers{{Name: "authorization", Value: "Bearer a"}, {Name: "x-token", Value: "b"}}, "", srcNone, "multiple_tokens"},
}

func TestExtractToken(t *testing.T) {
	for _, tt := range extractTokenTests {
		t.Run(tt.name, func(t *testing.T) {
			tok, src, reason := extractToken(tt.headers, tt.sources)
			if reason != tt.wantReason || tok != tt.wantTok || (reason == "" && src != tt.wantSrc) {
				t.Errorf("got (%q, %v, %q), want (%q, %v, %q)", tok, src, reason, tt.wantTok, tt.wantSrc, tt.wantReason)
			}
		})
	}
}

func FuzzExtractToken(f *testing.F) {
	for _, tt := range extractTokenTests {
		var auth, cookie string
		for _, h := range tt.headers {
			if h.Name == "authorization" {
				auth = h.Value
			} else {
				cookie = h.Value
			}
		}
		f.Add(auth, cookie)
	}
	f.Fuzz(func(t *testing.T, auth, cookie string) {
		h := policies.Headers{{Name: "authorization", Value: auth}, {Name: "cookie", Value: cookie}, {Name: "x-token", Value: cookie}}
		tok, _, reason := extractToken(h, TokenSources{Bearer: true, Cookie: "at", Header: "x-token"})
		if reason != "" && tok != "" {
			t.Errorf("token %q returned with failure %q", tok, reason)
		}
		if tok != "" && !strings.Contains(auth+cookie, tok) {
			t.Errorf("token %q not from the input", tok)
		}
		if t2, ok1, ok2 := parseBearer(auth); ok2 && (!ok1 || !isToken68(t2)) {
			t.Errorf("parseBearer(%q) accepted %q", auth, t2)
		}
	})
}
