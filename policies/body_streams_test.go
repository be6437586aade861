package policies_test

import (
	"strings"
	"testing"
	"time"

	"github.com/edgeward/edgeward/policies"
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
		headers policies.Headers
		want    policies.BodyMode
		action  policies.Action
	}{
		{"json buffers", `{}`, "POST", "/x", policies.Headers{{Name: "content-type", Value: "application/json"}}, policies.BodyBuffer, policies.NeedBody},
		{"no type buffers", `{}`, "POST", "/x", nil, policies.BodyBuffer, policies.NeedBody},
		{"grpc streams", `{}`, "POST", "/p.S/M", policies.Headers{{Name: "content-type", Value: "application/grpc"}}, policies.BodyGRPC, policies.StreamBody},
		{"grpc+proto with parameters", `{}`, "POST", "/p.S/M", policies.Headers{{Name: "content-type", Value: "Application/GRPC+proto; charset=utf-8"}}, policies.BodyGRPC, policies.StreamBody},
		{"grpc-web streams", `{}`, "POST", "/p.S/M", policies.Headers{{Name: "content-type", Value: "application/grpc-web+proto"}}, policies.BodyGRPC, policies.StreamBody},
		{"grpc-web-text buffers (no client streaming)", `{}`, "POST", "/p.S/M", policies.Headers{{Name: "content-type", Value: "application/grpc-web-text"}}, policies.BodyBuffer, policies.NeedBody},
		{"not grpc: application/grpcx", `{}`, "POST", "/x", policies.Headers{{Name: "content-type", Value: "application/grpcx"}}, policies.BodyBuffer, policies.NeedBody},
		{"two content types buffer", `{}`, "POST", "/x", policies.Headers{{Name: "content-type", Value: "application/grpc"}, {Name: "content-type", Value: "application/json"}}, policies.BodyBuffer, policies.NeedBody},
		{"event stream passes by default", `{}`, "POST", "/x", policies.Headers{{Name: "content-type", Value: "text/event-stream"}}, policies.BodyPass, policies.Continue},
		{"pass types replace the default", `{"body":{"pass_types":[]}}`, "POST", "/x", policies.Headers{{Name: "content-type", Value: "text/event-stream"}}, policies.BodyBuffer, policies.NeedBody},
		{"listed type passes", routes, "POST", "/x", policies.Headers{{Name: "content-type", Value: "application/x-ndjson"}}, policies.BodyPass, policies.Continue},
		{"wildcard subtype", routes, "POST", "/x", policies.Headers{{Name: "content-type", Value: "video/mp4"}}, policies.BodyPass, policies.Continue},
		{"a list is never a pass type", routes, "POST", "/x", policies.Headers{{Name: "content-type", Value: "application/x-ndjson, application/json"}}, policies.BodyBuffer, policies.NeedBody},
		{"route passes everything", routes, "POST", "/uploads/a", policies.Headers{{Name: "content-type", Value: "application/json"}}, policies.BodyPass, policies.Continue},
		{"route passes grpc", routes, "POST", "/legacy.Svc/Get", policies.Headers{{Name: "content-type", Value: "application/grpc"}}, policies.BodyPass, policies.Continue},
		{"schema route buffers even grpc", routes, "POST", "/api/users", policies.Headers{{Name: "content-type", Value: "application/grpc"}}, policies.BodyBuffer, policies.NeedBody},
		{"websocket upgrade passes", `{}`, "GET", "/ws", policies.Headers{{Name: "upgrade", Value: "websocket"}, {Name: "connection", Value: "keep-alive, Upgrade"}}, policies.BodyPass, policies.Continue},
		{"upgrade on a schema route passes", routes, "GET", "/api/users", policies.Headers{{Name: "upgrade", Value: "websocket"}, {Name: "connection", Value: "upgrade"}}, policies.BodyPass, policies.Continue},
		{"upgrade without connection token is not one", `{}`, "POST", "/ws", policies.Headers{{Name: "upgrade", Value: "websocket"}, {Name: "content-type", Value: "application/json"}}, policies.BodyBuffer, policies.NeedBody},
		{"upgrade declaring a body is not one", `{}`, "POST", "/ws", policies.Headers{{Name: "upgrade", Value: "websocket"}, {Name: "connection", Value: "upgrade"}, {Name: "content-length", Value: "10"}}, policies.BodyBuffer, policies.NeedBody},
		{"connect tunnels pass", `{}`, "CONNECT", "/", nil, policies.BodyPass, policies.Continue},
		{"injection off: grpc not parsed", `{"injection":{"enabled":false}}`, "POST", "/p.S/M", policies.Headers{{Name: "content-type", Value: "application/grpc"}}, policies.BodyGRPC, policies.Continue},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c, err := policies.ParseConfig([]byte(tc.cfg))
			if err != nil {
				t.Fatal(err)
			}
			e, _ := policies.NewEngine(c, policies.Options{})
			tx := e.NewTx(&policies.Request{Method: tc.method, Path: tc.path, Headers: tc.headers, SourceAddress: "192.0.2.1:1"}, time.Unix(1e9, 0))
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
		_, err := policies.ParseConfig([]byte(tc.cfg))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want it to name %q", tc.cfg, err, tc.want)
		}
	}
}

// A rate limit keyed on a body field still counts a request whose body is streamed or passed:
// its fallback key (the client address) is used at the headers.
func TestBodyKeyedRateLimitCountsStreams(t *testing.T) {
	c, err := policies.ParseConfig([]byte(`{"rate_limit":{"rules":[{"id":"login","limit":1,"window":"60s","key":"body:email"}]}}`))
	if err != nil {
		t.Fatal(err)
	}
	e, _ := policies.NewEngine(c, policies.Options{})
	for i, want := range []policies.Action{policies.Continue, policies.Deny} {
		tx := e.NewTx(&policies.Request{Method: "POST", Path: "/x", Headers: policies.Headers{{Name: "content-type", Value: "text/event-stream"}}, SourceAddress: "192.0.2.1:1"}, time.Unix(1e9, 0))
		if d := tx.RequestHeaders(); d.Action != want {
			t.Errorf("request %d: %v, want %v", i, d.Action, want)
		}
	}
}

func TestGRPCDenialsAtTheHeaders(t *testing.T) {
	c, err := policies.ParseConfig([]byte(`{"rate_limit":{"rules":[{"id":"all","limit":1,"window":"60s"}]}}`))
	if err != nil {
		t.Fatal(err)
	}
	e, _ := policies.NewEngine(c, policies.Options{})
	var last policies.Decision
	for i := 0; i < 2; i++ {
		tx := e.NewTx(&policies.Request{Method: "POST", Path: "/p.S/M?q=1'%20OR%201=1--", Headers: policies.Headers{{Name: "content-type", Value: "application/grpc"}}, SourceAddress: "192.0.2.1:1", ID: "r"}, time.Unix(1e9, 0))
		last = tx.RequestHeaders()
		if i == 0 && (last.Rule != "sqli" || last.GRPCStatus != policies.GRPCPermissionDenied) {
			t.Errorf("query injection on a gRPC call: %q %d", last.Rule, last.GRPCStatus)
		}
	}
	if last.GRPCStatus != policies.GRPCResourceExhausted || last.Status != 200 || last.Headers.Get("retry-after") == "" {
		t.Errorf("rate limited gRPC call: status %d grpc %d headers %v", last.Status, last.GRPCStatus, last.Headers)
	}
}
