package injection

import (
	"bytes"
	"encoding/base64"
	"encoding/binary"
	"strings"
	"testing"
	"time"

	"github.com/edgeward/edgeward/policies"
)

// pbString encodes a length-delimited field; pbVarint a varint field.
func pbString(num int, v []byte) []byte {
	b := binary.AppendUvarint(nil, uint64(num)<<3|wireLen)
	b = binary.AppendUvarint(b, uint64(len(v)))
	return append(b, v...)
}

func pbVarint(num int, v uint64) []byte {
	b := binary.AppendUvarint(nil, uint64(num)<<3|wireVarint)
	return binary.AppendUvarint(b, v)
}

func pbFixed(num int, wire int, n int) []byte {
	b := binary.AppendUvarint(nil, uint64(num)<<3|uint64(wire))
	return append(b, make([]byte, n)...)
}

// grpcFrame length-prefixes a message (flag 0, or 1 when compressed).
func grpcFrame(flag byte, msg []byte) []byte {
	b := []byte{flag, 0, 0, 0, 0}
	binary.BigEndian.PutUint32(b[1:], uint32(len(msg)))
	return append(b, msg...)
}

func cat(bs ...[]byte) []byte { return bytes.Join(bs, nil) }

func collectProto(t *testing.T, msg []byte) map[string][]string {
	t.Helper()
	got := map[string][]string{}
	protobufParams("", msg, func(p param) bool {
		got[p.Name] = append(got[p.Name], p.Value)
		return true
	})
	return got
}

func TestProtobufParams(t *testing.T) {
	nested := cat(pbString(1, []byte("inner text")), pbVarint(2, 7))
	deep := []byte("payload at depth")
	for i := 0; i < maxProtoDepth+4; i++ {
		deep = pbString(1, deep)
	}
	tests := []struct {
		name string
		msg  []byte
		want map[string]string // name → one of the values emitted under it
		not  []string          // names that must not be emitted
	}{
		{"string field", pbString(1, []byte("hello world")), map[string]string{"1": "hello world"}, nil},
		{"numbers carry nothing", cat(pbVarint(1, 300), pbFixed(2, wireFixed64, 8), pbFixed(3, wireFixed32, 4), pbString(4, []byte("x y"))),
			map[string]string{"4": "x y"}, []string{"1", "2", "3"}},
		{"nested message walked", pbString(3, nested), map[string]string{"3.1": "inner text"}, []string{"3"}},
		{"field numbers past one byte", pbString(300, []byte("big number")), map[string]string{"300": "big number"}, nil},
		{"bytes are text runs", pbString(5, append([]byte{0xff, 0xfe, 0x00}, []byte("a run of text that is long enough")...)),
			map[string]string{"5": "a run of text that is long enough"}, nil},
		{"malformed tail is text", append(pbString(1, []byte("ok")), []byte("\x00'; DROP TABLE users")...),
			map[string]string{"1": "ok", "body": "\x00'; DROP TABLE users"}, nil},
		{"not protobuf at all", []byte("1' OR '1'='1"), map[string]string{"body": "1' OR '1'='1"}, nil},
		{"truncated string", pbString(2, []byte("cut here and there"))[:10], map[string]string{"body": string(pbString(2, []byte("cut here and there"))[:10])}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := collectProto(t, tc.msg)
			for name, v := range tc.want {
				found := false
				for _, g := range got[name] {
					if g == v {
						found = true
					}
				}
				if !found {
					t.Errorf("%s: got %q, want %q among them (all: %q)", name, got[name], v, got)
				}
			}
			for _, n := range tc.not {
				if _, ok := got[n]; ok {
					t.Errorf("%s emitted: %q", n, got[n])
				}
			}
		})
	}
	t.Run("depth bound: the deepest level is text", func(t *testing.T) {
		got := collectProto(t, deep)
		found := false
		for _, vs := range got {
			for _, v := range vs {
				if strings.Contains(v, "payload at depth") {
					found = true
				}
			}
		}
		if !found {
			t.Errorf("payload below maxProtoDepth not inspected: %q", got)
		}
	})
	t.Run("printable string that parses is inspected both ways", func(t *testing.T) {
		// "2" is field 6 length-delimited, "!" a length of 33: the value parses as a message.
		inner := strings.Repeat("a", 33)
		v := []byte("2!" + inner)
		if !isProtoMessage(v) || !printableText(v) {
			t.Fatalf("test value does not parse as a printable message")
		}
		got := collectProto(t, pbString(1, v))
		if len(got["1"]) != 1 || got["1"][0] != string(v) || len(got["1.6"]) != 1 || got["1.6"][0] != inner {
			t.Errorf("got %q", got)
		}
	})
	t.Run("field count bound", func(t *testing.T) {
		var msg []byte
		for i := 0; i < maxParams+10; i++ {
			msg = append(msg, pbString(1, []byte("v"))...)
		}
		msg = append(msg, pbString(1, []byte("tail"))...)
		got := collectProto(t, msg)
		if len(got["body"]) != 1 || !strings.HasSuffix(got["body"][0], "tail") {
			t.Errorf("past maxParams fields the message must be inspected whole as text")
		}
	})
}

func TestReadVarint(t *testing.T) {
	tests := []struct {
		in    []byte
		v     uint64
		n     int
		label string
	}{
		{[]byte{0x01}, 1, 1, "one byte"},
		{[]byte{0xac, 0x02}, 300, 2, "two bytes"},
		{[]byte{0x80}, 0, 0, "ends inside"},
		{bytes.Repeat([]byte{0x80}, 11), 0, -1, "overlong"},
	}
	for _, tc := range tests {
		v, n := readVarint(tc.in)
		if v != tc.v || n != tc.n {
			t.Errorf("%s: got %d,%d, want %d,%d", tc.label, v, n, tc.v, tc.n)
		}
	}
}

// grpcTx starts a gRPC request with cfg and returns its Tx after the headers phase.
func grpcTx(t *testing.T, cfg string, ct string) (*policies.Tx, policies.Decision) {
	t.Helper()
	c, err := policies.ParseConfig([]byte(cfg))
	if err != nil {
		t.Fatal(err)
	}
	e, err := policies.NewEngine(c, policies.Options{})
	if err != nil {
		t.Fatal(err)
	}
	tx := e.NewTx(&policies.Request{Method: "POST", Path: "/pkg.Svc/Call", Authority: "x", Scheme: "http",
		Headers: policies.Headers{{Name: "content-type", Value: ct}, {Name: "te", Value: "trailers"}}, SourceAddress: "192.0.2.1:1", ID: "rid"},
		time.Unix(1e9, 0))
	return tx, tx.RequestHeaders()
}

func TestGRPCStreamReassembly(t *testing.T) {
	clean := [][]byte{
		grpcFrame(0, pbString(1, []byte("first message"))),
		grpcFrame(0, cat(pbString(1, []byte("second")), pbString(2, pbString(1, []byte("nested value"))))),
		grpcFrame(0, nil),
		grpcFrame(0, pbString(1, []byte("third"))),
	}
	body := cat(clean...)
	// Every split of the body into two chunks, and byte by byte: the upstream gets exactly the
	// body, in order, each message released once complete.
	for cut := 0; cut <= len(body); cut++ {
		tx, d := grpcTx(t, `{}`, "application/grpc")
		if d.Action != policies.StreamBody {
			t.Fatalf("headers: %v, want stream_body", d.Action)
		}
		var out []byte
		for i, c := range [][]byte{body[:cut], body[cut:]} {
			fwd, _, d := tx.StreamBody(c, i == 1)
			if d.Action != policies.Continue {
				t.Fatalf("cut %d: %v %s", cut, d.Action, d.Rule)
			}
			out = append(out, fwd...)
		}
		if !bytes.Equal(out, body) {
			t.Fatalf("cut %d: forwarded %x, want %x", cut, out, body)
		}
	}
	boundaries := map[int]bool{}
	for k := 1; k <= len(clean); k++ {
		boundaries[len(cat(clean[:k]...))] = true
	}
	tx, _ := grpcTx(t, `{}`, "application/grpc")
	var out []byte
	for i := range body {
		fwd, _, d := tx.StreamBody(body[i:i+1], i == len(body)-1)
		if d.Action != policies.Continue {
			t.Fatal(d.Rule)
		}
		out = append(out, fwd...)
		if len(fwd) > 0 && !boundaries[len(out)] {
			t.Fatalf("release at byte %d ends at %d, not at a message boundary", i, len(out))
		}
	}
	if !bytes.Equal(out, body) {
		t.Fatalf("byte by byte: forwarded %x, want %x", out, body)
	}
}

func TestGRPCStreamVerdicts(t *testing.T) {
	sqli := grpcFrame(0, pbString(2, pbString(1, []byte("1' OR '1'='1' --"))))
	ok1 := grpcFrame(0, pbString(1, []byte("hello")))
	big := grpcFrame(0, pbString(1, bytes.Repeat([]byte("a"), 2048)))
	tests := []struct {
		name     string
		cfg      string
		ct       string
		chunks   [][]byte
		wantRule string // "" for no denial
		wantCode int
		wantFwd  []byte // what was released before the verdict
	}{
		{"clean", `{}`, "application/grpc", [][]byte{ok1, ok1}, "", 0, cat(ok1, ok1)},
		{"sqli in a nested field", `{}`, "application/grpc+proto", [][]byte{ok1, sqli, ok1}, "sqli", policies.GRPCPermissionDenied, ok1},
		{"sqli split across chunks", `{}`, "application/grpc", [][]byte{cat(ok1, sqli[:9]), sqli[9:]}, "sqli", policies.GRPCPermissionDenied, ok1},
		{"detect mode passes", `{"mode":"detect"}`, "application/grpc", [][]byte{sqli}, "", 0, sqli},
		{"grpc pass forwards uninspected", `{"body":{"grpc":"pass"}}`, "application/grpc", nil, "", 0, nil},
		{"compressed rejected by default", `{}`, "application/grpc", [][]byte{ok1, grpcFrame(1, []byte("xx"))}, "grpc.compressed", policies.GRPCUnimplemented, ok1},
		{"compressed passes when configured", `{"body":{"grpc_compressed":"pass"}}`, "application/grpc", [][]byte{grpcFrame(1, []byte("1' OR '1'='1")), ok1}, "", 0, cat(grpcFrame(1, []byte("1' OR '1'='1")), ok1)},
		{"compressed passes with fail_mode open", `{"fail_mode":"open"}`, "application/grpc", [][]byte{grpcFrame(1, []byte("zz"))}, "", 0, grpcFrame(1, []byte("zz"))},
		{"not gRPC framing", `{}`, "application/grpc", [][]byte{[]byte(`{"q":"x"}`)}, "grpc.framing", policies.GRPCInternal, nil},
		{"not gRPC framing, detect", `{"mode":"detect"}`, "application/grpc", [][]byte{[]byte(`{"q":"x"}`)}, "", 0, []byte(`{"q":"x"}`)},
		{"message over the limit rejected", `{"body":{"max_bytes":1024}}`, "application/grpc", [][]byte{ok1, big[:100]}, "body.too_large", policies.GRPCResourceExhausted, ok1},
		{"message over the limit, prefix inspected", `{"body":{"max_bytes":1024,"over_limit":"inspect_prefix"}}`, "application/grpc", [][]byte{big, ok1}, "", 0, cat(big, ok1)},
		{"grpc+json messages are JSON", `{}`, "application/grpc+json", [][]byte{grpcFrame(0, []byte(`{"user":{"$ne":""}}`))}, "nosql", policies.GRPCPermissionDenied, nil},
		{"gRPC-Web", `{}`, "application/grpc-web+proto", [][]byte{sqli}, "sqli", policies.GRPCPermissionDenied, nil},
		{"stream ends inside a message: inspected", `{}`, "application/grpc", [][]byte{sqli[:len(sqli)-3]}, "sqli", policies.GRPCPermissionDenied, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tx, d := grpcTx(t, tc.cfg, tc.ct)
			if tc.chunks == nil {
				if d.Action != policies.Continue {
					t.Fatalf("headers: %v, want continue", d.Action)
				}
				return
			}
			if d.Action != policies.StreamBody {
				t.Fatalf("headers: %v, want stream_body", d.Action)
			}
			var fwd []byte
			var got policies.Decision
			for i, c := range tc.chunks {
				f, _, d := tx.StreamBody(c, i == len(tc.chunks)-1)
				fwd = append(fwd, f...)
				if d.Action == policies.Deny {
					got = d
					break
				}
			}
			if got.Rule != tc.wantRule || got.GRPCStatus != tc.wantCode {
				t.Errorf("verdict: rule %q grpc-status %d, want %q %d", got.Rule, got.GRPCStatus, tc.wantRule, tc.wantCode)
			}
			if !bytes.Equal(fwd, tc.wantFwd) {
				t.Errorf("forwarded %q, want %q", fwd, tc.wantFwd)
			}
			if tc.wantRule != "" {
				if got.Status != 200 || got.Body != nil || got.Headers.Get("grpc-status") != policies.Itoa(tc.wantCode) ||
					!strings.HasPrefix(got.Headers.Get("content-type"), "application/grpc") || got.Headers.Get("grpc-message") == "" {
					t.Errorf("denial not in gRPC form: %d %v %q", got.Status, got.Headers, got.Body)
				}
				if strings.Contains(got.Headers.Get("grpc-message"), "OR") {
					t.Errorf("grpc-message echoes the input: %q", got.Headers.Get("grpc-message"))
				}
			}
		})
	}
}

func TestGRPCTrailersWithHeldBytes(t *testing.T) {
	tx, _ := grpcTx(t, `{}`, "application/grpc")
	m := grpcFrame(0, pbString(1, []byte("hello")))
	if fwd, _, d := tx.StreamBody(m[:6], false); d.Action != policies.Continue || len(fwd) != 0 {
		t.Fatalf("%v %q", d.Action, fwd)
	}
	if d := tx.StreamTrailers(); d.Rule != "grpc.framing" || d.GRPCStatus != policies.GRPCInternal {
		t.Errorf("trailers with a held partial message: %q %d", d.Rule, d.GRPCStatus)
	}
	tx, _ = grpcTx(t, `{}`, "application/grpc")
	tx.StreamBody(m, false)
	if d := tx.StreamTrailers(); d.Action != policies.Continue {
		t.Errorf("trailers after whole messages: %v", d.Action)
	}
}

func TestGRPCWebTextBuffered(t *testing.T) {
	sqli := grpcFrame(0, pbString(1, []byte("<script>alert(1)</script>")))
	ok := grpcFrame(0, pbString(1, []byte("hello")))
	for _, tc := range []struct {
		name string
		body string
		rule string
	}{
		{"clean", base64.StdEncoding.EncodeToString(ok), ""},
		{"xss", base64.StdEncoding.EncodeToString(sqli), "xss"},
		{"messages encoded one by one", base64.StdEncoding.EncodeToString(ok) + base64.StdEncoding.EncodeToString(sqli), "xss"},
		{"not base64", "%%%%", "grpc.framing"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tx, d := grpcTx(t, `{}`, "application/grpc-web-text")
			if d.Action != policies.NeedBody {
				t.Fatalf("headers: %v, want need_body", d.Action)
			}
			if d := tx.RequestBody([]byte(tc.body), false); d.Rule != tc.rule {
				t.Errorf("rule %q, want %q", d.Rule, tc.rule)
			}
		})
	}
}

func FuzzGRPCStream(f *testing.F) {
	f.Add(cat(grpcFrame(0, pbString(1, []byte("a"))), grpcFrame(0, pbString(2, pbString(1, []byte("b"))))), uint8(3))
	f.Add(grpcFrame(1, []byte("zz")), uint8(1))
	f.Add([]byte{0, 0xff, 0xff, 0xff, 0xff}, uint8(2))
	c, _ := policies.ParseConfig([]byte(`{"mode":"detect","body":{"max_bytes":1024,"over_limit":"inspect_prefix","grpc_compressed":"pass"}}`))
	e, _ := policies.NewEngine(c, policies.Options{})
	f.Fuzz(func(t *testing.T, body []byte, step uint8) {
		tx := e.NewTx(&policies.Request{Method: "POST", Path: "/s/m", Headers: policies.Headers{{Name: "content-type", Value: "application/grpc"}}}, time.Unix(1e9, 0))
		tx.RequestHeaders()
		n := int(step%16) + 1
		var out []byte
		for i := 0; i < len(body); i += n {
			j := min(i+n, len(body))
			fwd, _, d := tx.StreamBody(body[i:j], j == len(body))
			if d.Action != policies.Continue {
				t.Fatalf("detect mode denied: %v %s", d.Action, d.Rule)
			}
			out = append(out, fwd...)
		}
		if !bytes.Equal(out, body) {
			t.Fatalf("forwarded %x, want %x", out, body)
		}
	})
}

func FuzzProtobufParams(f *testing.F) {
	f.Add(pbString(1, pbString(2, []byte("x"))))
	f.Add([]byte{0x0a, 0xff, 0xff})
	f.Fuzz(func(t *testing.T, msg []byte) {
		protobufParams("", msg, func(p param) bool {
			if p.Loc != LocBody || p.Name == "" {
				t.Fatalf("bad param %+v", p)
			}
			return true
		})
	})
}

// BenchmarkGRPCStream measures a streamed call of 1 KiB messages (nested protobuf with a few
// strings each) against the same content buffered as one JSON body.
func BenchmarkGRPCStream(b *testing.B) {
	item := cat(pbString(1, []byte("Jane Doe")), pbString(2, []byte("jane@example.com")), pbVarint(3, 42),
		pbString(4, pbString(1, []byte("221B Baker Street, London"))), pbString(5, []byte(strings.Repeat("a note about the order ", 8))))
	var msg []byte
	for len(msg) < 1000 {
		msg = append(msg, pbString(1, item)...)
	}
	frame := grpcFrame(0, msg)
	c, _ := policies.ParseConfig([]byte(`{}`))
	e, _ := policies.NewEngine(c, policies.Options{})
	b.SetBytes(int64(len(frame)) * 16)
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		tx := e.NewTx(&policies.Request{Method: "POST", Path: "/s/m", Headers: policies.Headers{{Name: "content-type", Value: "application/grpc"}}}, time.Unix(1e9, 0))
		tx.RequestHeaders()
		for j := 0; j < 16; j++ {
			if _, _, d := tx.StreamBody(frame, j == 15); d.Action != policies.Continue {
				b.Fatal(d.Rule)
			}
		}
	}
}
