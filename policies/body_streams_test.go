package policies

import (
	"strings"
	"testing"
	"time"
)

func TestBodyMode(t *testing.T) {
	routes := `{"body":{"pass_types":["text/event-stream","application/x-ndjson","video/*"],"routes":[
		{"path_prefix":"/uploads/","pass_types":["*/*"]},
		{"path_prefix":"/legacy.Svc/","grpc":"pass"}]},
		"schemas":[{"path":"/api/users","fields":{"a":{"type":"string"}}}]}`
	tests := []struct {
		name    string
		cfg     string
		method  string
		path    string
		headers Headers
		want    BodyMode
		action  Action
	}{
		{"json buffers", `{}`, "POST", "/x", Headers{{"content-type", "application/json"}}, BodyBuffer, NeedBody},
		{"no type buffers", `{}`, "POST", "/x", nil, BodyBuffer, NeedBody},
		{"grpc streams", `{}`, "POST", "/p.S/M", Headers{{"content-type", "application/grpc"}}, BodyGRPC, StreamBody},
		{"grpc+proto with parameters", `{}`, "POST", "/p.S/M", Headers{{"content-type", "Application/GRPC+proto; charset=utf-8"}}, BodyGRPC, StreamBody},
		{"grpc-web streams", `{}`, "POST", "/p.S/M", Headers{{"content-type", "application/grpc-web+proto"}}, BodyGRPC, StreamBody},
		{"grpc-web-text buffers (no client streaming)", `{}`, "POST", "/p.S/M", Headers{{"content-type", "application/grpc-web-text"}}, BodyBuffer, NeedBody},
		{"not grpc: application/grpcx", `{}`, "POST", "/x", Headers{{"content-type", "application/grpcx"}}, BodyBuffer, NeedBody},
		{"two content types buffer", `{}`, "POST", "/x", Headers{{"content-type", "application/grpc"}, {"content-type", "application/json"}}, BodyBuffer, NeedBody},
		{"event stream passes by default", `{}`, "POST", "/x", Headers{{"content-type", "text/event-stream"}}, BodyPass, Continue},
		{"pass types replace the default", `{"body":{"pass_types":[]}}`, "POST", "/x", Headers{{"content-type", "text/event-stream"}}, BodyBuffer, NeedBody},
		{"listed type passes", routes, "POST", "/x", Headers{{"content-type", "application/x-ndjson"}}, BodyPass, Continue},
		{"wildcard subtype", routes, "POST", "/x", Headers{{"content-type", "video/mp4"}}, BodyPass, Continue},
		{"a list is never a pass type", routes, "POST", "/x", Headers{{"content-type", "application/x-ndjson, application/json"}}, BodyBuffer, NeedBody},
		{"route passes everything", routes, "POST", "/uploads/a", Headers{{"content-type", "application/json"}}, BodyPass, Continue},
		{"route passes grpc", routes, "POST", "/legacy.Svc/Get", Headers{{"content-type", "application/grpc"}}, BodyPass, Continue},
		{"schema route buffers even grpc", routes, "POST", "/api/users", Headers{{"content-type", "application/grpc"}}, BodyBuffer, NeedBody},
		{"websocket upgrade passes", `{}`, "GET", "/ws", Headers{{"upgrade", "websocket"}, {"connection", "keep-alive, Upgrade"}}, BodyPass, Continue},
		{"upgrade on a schema route passes", routes, "GET", "/api/users", Headers{{"upgrade", "websocket"}, {"connection", "upgrade"}}, BodyPass, Continue},
		{"upgrade without connection token is not one", `{}`, "POST", "/ws", Headers{{"upgrade", "websocket"}, {"content-type", "application/json"}}, BodyBuffer, NeedBody},
		{"upgrade declaring a body is not one", `{}`, "POST", "/ws", Headers{{"upgrade", "websocket"}, {"connection", "upgrade"}, {"content-length", "10"}}, BodyBuffer, NeedBody},
		{"connect tunnels pass", `{}`, "CONNECT", "/", nil, BodyPass, Continue},
		{"injection off: grpc not parsed", `{"injection":{"enabled":false}}`, "POST", "/p.S/M", Headers{{"content-type", "application/grpc"}}, BodyGRPC, Continue},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c, err := ParseConfig([]byte(tc.cfg))
			if err != nil {
				t.Fatal(err)
			}
			e, _ := NewEngine(c, Options{})
			tx := e.NewTx(&Request{Method: tc.method, Path: tc.path, Headers: tc.headers, SourceAddress: "192.0.2.1:1"}, time.Unix(1e9, 0))
			d := tx.RequestHeaders()
			if tx.BodyMode() != tc.want || d.Action != tc.action {
				t.Errorf("mode %v action %v, want %v %v", tx.BodyMode(), d.Action, tc.want, tc.action)
			}
		})
	}
}

func TestBodyStreamConfigErrors(t *testing.T) {
	tests := []struct{ cfg, want string }{
		{`{"body":{"grpc":"buffer"}}`, "body.grpc"},
		{`{"body":{"grpc_compressed":"gunzip"}}`, "body.grpc_compressed"},
		{`{"body":{"pass_types":["event-stream"]}}`, `body.pass_types[0]: must be a media type`},
		{`{"body":{"pass_types":["*/json"]}}`, `body.pass_types[0]`},
		{`{"body":{"pass_types":"text/event-stream"}}`, `body.pass_types`},
		{`{"body":{"routes":[{"path_prefix":"/a/","grpc":"nope"}]}}`, `body.routes[0].grpc`},
		{`{"body":{"routes":[{"path_prefix":"/a/","max_bytes":1}]}}`, `body.routes[0].max_bytes: unknown key`},
	}
	for _, tc := range tests {
		_, err := ParseConfig([]byte(tc.cfg))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want it to name %q", tc.cfg, err, tc.want)
		}
	}
}

// A rate limit keyed on a body field still counts a request whose body is streamed or passed:
// its fallback key (the client address) is used at the headers.
func TestBodyKeyedRateLimitCountsStreams(t *testing.T) {
	c, err := ParseConfig([]byte(`{"rate_limit":{"rules":[{"id":"login","limit":1,"window":"60s","key":"body:email"}]}}`))
	if err != nil {
		t.Fatal(err)
	}
	e, _ := NewEngine(c, Options{})
	for i, want := range []Action{Continue, Deny} {
		tx := e.NewTx(&Request{Method: "POST", Path: "/x", Headers: Headers{{"content-type", "text/event-stream"}}, SourceAddress: "192.0.2.1:1"}, time.Unix(1e9, 0))
		if d := tx.RequestHeaders(); d.Action != want {
			t.Errorf("request %d: %v, want %v", i, d.Action, want)
		}
	}
}

func TestGRPCDenialsAtTheHeaders(t *testing.T) {
	c, err := ParseConfig([]byte(`{"rate_limit":{"rules":[{"id":"all","limit":1,"window":"60s"}]}}`))
	if err != nil {
		t.Fatal(err)
	}
	e, _ := NewEngine(c, Options{})
	var last Decision
	for i := 0; i < 2; i++ {
		tx := e.NewTx(&Request{Method: "POST", Path: "/p.S/M?q=1'%20OR%201=1--", Headers: Headers{{"content-type", "application/grpc"}}, SourceAddress: "192.0.2.1:1", ID: "r"}, time.Unix(1e9, 0))
		last = tx.RequestHeaders()
		if i == 0 && (last.Rule != "sqli" || last.GRPCStatus != grpcPermissionDenied) {
			t.Errorf("query injection on a gRPC call: %q %d", last.Rule, last.GRPCStatus)
		}
	}
	if last.GRPCStatus != grpcResourceExhausted || last.Status != 200 || last.Headers.Get("retry-after") == "" {
		t.Errorf("rate limited gRPC call: status %d grpc %d headers %v", last.Status, last.GRPCStatus, last.Headers)
	}
}
