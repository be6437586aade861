package injection

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/edgeward/edgeward/policies"
)

func TestURLDecodeRepeat(t *testing.T) {
	tests := []struct {
		name, in string
		plus     bool
		want     string
	}{
		{"plain", "abc", false, "abc"},
		{"single", "%27%20or", false, "' or"},
		{"double", "%2527", false, "'"},
		{"triple", "%25252e%25252e%25252f", false, "../"},
		{"percent-u", "%u003cscript%u003e", false, "<script>"},
		{"plus as space", "a+b", true, "a b"},
		{"plus kept", "a+b", false, "a+b"},
		{"malformed kept", "%zz%2", false, "%zz%2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := urlDecodeRepeat(tt.in, tt.plus); got != tt.want {
				t.Errorf("urlDecodeRepeat(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestDecoders(t *testing.T) {
	tests := []struct {
		name string
		fn   func(string) string
		in   string
		want string
	}{
		{"overlong slash", foldOverlong, "..\xc0\xaf..\xc0\xafetc", "../../etc"},
		{"overlong dot", foldOverlong, "\xc0\xae\xc0\xae/", "../"},
		{"nul dropped", foldOverlong, "a\x00b", "ab"},
		{"fullwidth", foldFullwidth, "ＳＥＬＥＣＴ＜", "SELECT<"},
		{"js unicode", unescapeBackslash, `\u003cscript\u003e`, "<script>"},
		{"js hex", unescapeBackslash, `\x3cimg`, "<img"},
		{"js brace", unescapeBackslash, `\u{61}lert`, "alert"},
		{"octal", unescapeBackslash, `\074`, "<"},
		{"shell escapes", unescapeBackslash, `w\h\o\a\m\i`, "whoami"},
		{"entity numeric", htmlEntityDecode, "&#60;script&#x3e;", "<script>"},
		{"entity no semicolon", htmlEntityDecode, "&#97&#108ert", "alert"},
		{"entity named", htmlEntityDecode, "java&Tab;script&colon;", "java\tscript:"},
		{"entity padded", htmlEntityDecode, "&#0000000000060;", "<"},
		{"utf7", decodeUTF7, "+ADw-script+AD4-", "<script>"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.fn(tt.in); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestDecodeUTF16(t *testing.T) {
	le := []byte{'{', 0, '"', 0, 'a', 0, '"', 0, ':', 0, '1', 0, '}', 0}
	got, ok := decodeUTF16(le, "")
	if !ok || string(got) != `{"a":1}` {
		t.Errorf("sniffed utf-16le = %q, %v", got, ok)
	}
	got, ok = decodeUTF16(append([]byte{0xfe, 0xff}, 0, 'x'), "")
	if !ok || string(got) != "x" {
		t.Errorf("BOM utf-16be = %q, %v", got, ok)
	}
	if _, ok := decodeUTF16([]byte("plain ascii"), ""); ok {
		t.Error("ascii taken for utf-16")
	}
}

func TestValueVariants(t *testing.T) {
	vs := valueVariants("%253Cscript%253E", true, nil)
	found := false
	for _, v := range vs {
		if v == "<script>" {
			found = true
		}
	}
	if !found {
		t.Errorf("variants %q lack the fully decoded form", vs)
	}
	if vs := valueVariants("hello world", false, nil); len(vs) != 1 {
		t.Errorf("plain value has %d variants, want 1", len(vs))
	}
}

func TestURLEncodedPairs(t *testing.T) {
	var got []string
	urlEncodedPairs(LocQuery, "a=1&user%5B%24ne%5D=x&a=2&&flag&q=a+b", func(p param) bool {
		s := p.Name + "=" + p.Value
		if p.Key {
			s = "key:" + p.Name + strings.Join(p.Segments, "|")
		}
		got = append(got, s)
		return true
	})
	want := []string{"key:aa", "a=1", "key:user[$ne]user|$ne", "user[$ne]=x", "key:aa", "a=2", "key:flagflag", "key:qq", "q=a+b"}
	if strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("got %q\nwant %q", got, want)
	}
}

func TestKeySegments(t *testing.T) {
	tests := []struct{ in, want string }{
		{"a[b][c]", "a|b|c"},
		{"__proto__.x", "__proto__|x"},
		{"constructor[prototype][y]", "constructor|prototype|y"},
		{"plain", "plain"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := strings.Join(keySegments(tt.in), "|"); got != tt.want {
			t.Errorf("keySegments(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestBodyParams(t *testing.T) {
	tests := []struct {
		name, ct, body string
		want           []string // name=value of emitted values (keys marked with key:)
	}{
		{"json", "application/json", `{"a":{"b":"x\u0027y"},"l":["p","q"]}`, []string{"key:a", "key:a.b", "a.b=x'y", "key:l", "l=p", "l=q"}},
		{"json as text", "text/plain", `{"k":"v"}`, []string{"key:k", "k=v"}},
		{"json no type", "", `["v"]`, []string{"=v"}},
		{"form", "application/x-www-form-urlencoded", "a=1", []string{"key:a", "a=1"}},
		{"multipart", "multipart/form-data; boundary=XX", "--XX\r\nContent-Disposition: form-data; name=\"f\"; filename=\"../x\"\r\n\r\nhi\r\n--XX--\r\n", []string{"key:f", "f.filename=../x", "f=hi"}},
		{"xml", "application/xml", `<a x="1">t&lt;</a>`, []string{"a@x=1", "a=t<"}},
		{"text", "text/plain", "hello there", []string{"body=hello there"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			lim := jsonLimits{maxDepth: 8, maxKeys: 100}
			bodyParams(tt.ct, []byte(tt.body), &lim, func(p param) bool {
				if p.Key {
					got = append(got, "key:"+p.Name)
				} else {
					got = append(got, p.Name+"="+p.Value)
				}
				return true
			})
			if strings.Join(got, ",") != strings.Join(tt.want, ",") {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestJSONDepth(t *testing.T) {
	tests := []struct {
		in   string
		want int
	}{{`{}`, 1}, {`{"a":[{"b":"[[[["}]}`, 3}, {`"x"`, 0}, {strings.Repeat("[", 100) + strings.Repeat("]", 100), 100}}
	for _, tt := range tests {
		if got := policies.JSONDepth([]byte(tt.in)); got != tt.want {
			t.Errorf("jsonDepth(%.20q) = %d, want %d", tt.in, got, tt.want)
		}
	}
}

func FuzzNormalizeValue(f *testing.F) {
	for _, s := range []string{"%2527", "%u003c", "&#60;", `\u003c`, "\xc0\xaf", "+ADw-", "ＳＥ", "a+b"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		vs := valueVariants(s, true, nil)
		if len(vs) == 0 || len(vs) > maxVariants {
			t.Fatalf("%d variants", len(vs))
		}
		for _, v := range vs {
			if len(v) > 4*len(s)+16 {
				t.Fatalf("variant grew from %d to %d bytes", len(s), len(v))
			}
		}
		_ = utf8.ValidString(decodeUTF7(s))
	})
}

func FuzzBodyParams(f *testing.F) {
	f.Add("application/json", `{"a":{"$ne":1}}`)
	f.Add("multipart/form-data; boundary=XX", "--XX\r\nContent-Disposition: form-data; name=\"f\"\r\n\r\nhi\r\n--XX--\r\n")
	f.Add("application/xml", `<a x="1">t</a>`)
	f.Add("application/x-www-form-urlencoded", "a[b]=1&c=2")
	f.Add("text/plain; charset=utf-16", "\xff\xfea\x00")
	f.Add("application/json", `{"files":{"a.sh":{"content":"ls"}},"language":"sql","code":"x","steps":[{"run":"make"}],"sql":"select 1"}`)
	f.Add("multipart/form-data; boundary=XX", "--XX\r\nContent-Disposition: form-data; name=\"f\"; filename=\"a.patch\"\r\n\r\n-x\r\n--XX--\r\n")
	f.Fuzz(func(t *testing.T, ct, body string) {
		lim := jsonLimits{maxDepth: 16, maxKeys: 1000}
		n := 0
		bodyParams(ct, []byte(body), &lim, func(p param) bool {
			n++
			return n < 100000
		})
	})
}

// TestXMLElementKeys: element names that pollute prototypes once an XML-to-object mapper makes
// them keys are emitted as keys with their element path.
func TestXMLElementKeys(t *testing.T) {
	for body, want := range map[string][]string{
		`<root><__proto__><isAdmin>true</isAdmin></__proto__></root>`:                 {"root", "__proto__"},
		`<config><constructor><prototype><x>1</x></prototype></constructor></config>`: {"config", "constructor", "prototype"},
		`<a><b>prototype</b></a>`: nil,
	} {
		var got []string
		xmlParams([]byte(body), func(p param) bool {
			if p.Key {
				got = p.Segments
			}
			return true
		})
		if strings.Join(got, "/") != strings.Join(want, "/") {
			t.Errorf("%s: key segments %q, want %q", body, got, want)
		}
	}
}

// TestOffGrammarHeaders: structured headers are inspected only when their value leaves the
// header's grammar.
func TestOffGrammarHeaders(t *testing.T) {
	for _, tc := range []struct {
		name, value string
		want        bool
	}{
		{"accept-language", "en-US,en;q=0.9,de;q=0.8", false},
		{"accept-language", "../../../../etc/passwd%00", true},
		{"accept-language", "en<script>", true},
		{"x-api-key", "sk_live_51H8xYzAbC.def-ghi_jkl=", false},
		{"x-api-key", `{"$gt":""}`, true},
		{"x-request-id", "5f0b-11ee-be56", false},
		{"x-request-id", "x' OR 1=1", true},
		{"authorization", `Digest username="a", realm="b"`, false},
		{"cache-control", "no-cache", false},
	} {
		if got := offGrammar(tc.name, tc.value); got != tc.want {
			t.Errorf("offGrammar(%q, %q) = %v, want %v", tc.name, tc.value, got, tc.want)
		}
	}
}

// TestXMLTextJoined: an element's text and CDATA sections are one value, so a payload split
// across sections is seen whole.
func TestXMLTextJoined(t *testing.T) {
	var got []string
	xmlParams([]byte(`<a>x' UN<![CDATA[ION SEL]]>ECT 1--<b>y</b></a>`), func(p param) bool {
		if !p.Key {
			got = append(got, p.Name+"="+p.Value)
		}
		return true
	})
	want := []string{"a=x' UNION SELECT 1--", "b=y"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("xmlParams = %q, want %q", got, want)
	}
	d, _ := runInj(injEngine(t, `{}`), injReq{method: "POST", path: "/x", ct: "application/xml", body: `<a>1 UNI<![CDATA[ON SELECT password FROM users--]]></a>`})
	if d.Action != policies.Deny {
		t.Errorf("a payload split across CDATA sections passed")
	}
}
