package filter

import (
	"bytes"
	"encoding/binary"
	"testing"

	"github.com/tetratelabs/proxy-wasm-go-sdk/proxywasm/types"
)

// grpcMessage length-prefixes a protobuf message holding s in field 1.
func grpcMessage(s string) []byte {
	msg := append([]byte{0x0a}, binary.AppendUvarint(nil, uint64(len(s)))...)
	msg = append(msg, s...)
	b := []byte{0, 0, 0, 0, 0}
	binary.BigEndian.PutUint32(b[1:], uint32(len(msg)))
	return append(b, msg...)
}

var grpcHeaders = [][2]string{
	{":method", "POST"}, {":path", "/pkg.Svc/Stream"}, {":authority", "example.com"}, {":scheme", "http"},
	{"content-type", "application/grpc"}, {"te", "trailers"},
}

// A gRPC body is never paused: each chunk continues, carrying exactly the messages it
// completes, and a message split across chunks is forwarded whole with the chunk that ends it.
func TestGRPCStreamsMessageByMessage(t *testing.T) {
	forEachVM(t, func(t *testing.T, vm func(t *testing.T) types.VMContext) {
		host, status := newHost(t, vm, "{}")
		if status != types.OnPluginStartStatusOK {
			t.Fatalf("start failed: %q", host.GetCriticalLogs())
		}
		id := host.InitializeHttpContext()
		if act := host.CallOnRequestHeaders(id, grpcHeaders, false); act != types.ActionContinue {
			t.Fatalf("headers: %v", act)
		}
		m1, m2 := grpcMessage("first"), grpcMessage("second message")
		steps := []struct {
			chunk []byte
			want  []byte
		}{
			{m1, m1},
			{m2[:7], nil},
			{m2[7:], m2},
		}
		for i, s := range steps {
			if act := host.CallOnRequestBody(id, s.chunk, false); act != types.ActionContinue {
				t.Fatalf("chunk %d: %v, want continue", i, act)
			}
			if got := host.GetCurrentRequestBody(id); !bytes.Equal(got, s.want) {
				t.Errorf("chunk %d forwarded %q, want %q", i, got, s.want)
			}
		}
		if lr := host.GetSentLocalResponse(id); lr != nil {
			t.Fatalf("unexpected local response %d", lr.StatusCode)
		}
		host.CompleteHttpContext(id)
	})
}

func TestGRPCDetectionIsAGRPCStatus(t *testing.T) {
	forEachVM(t, func(t *testing.T, vm func(t *testing.T) types.VMContext) {
		host, status := newHost(t, vm, "{}")
		if status != types.OnPluginStartStatusOK {
			t.Fatalf("start failed: %q", host.GetCriticalLogs())
		}
		id := host.InitializeHttpContext()
		host.CallOnRequestHeaders(id, grpcHeaders, false)
		host.CallOnRequestBody(id, grpcMessage("hello"), false)
		if act := host.CallOnRequestBody(id, grpcMessage("1' OR '1'='1' --"), false); act != types.ActionPause {
			t.Fatalf("detection: %v, want pause", act)
		}
		lr := host.GetSentLocalResponse(id)
		if lr == nil {
			t.Fatal("no local response")
		}
		if lr.StatusCode != 200 || lr.GRPCStatus != 7 || len(lr.Data) != 0 ||
			header(lr.Headers, "grpc-status") != "7" || header(lr.Headers, "content-type") != "application/grpc" {
			t.Errorf("local response %d grpc %d headers %v body %q", lr.StatusCode, lr.GRPCStatus, lr.Headers, lr.Data)
		}
		host.CompleteHttpContext(id)
	})
}
