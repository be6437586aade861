package filter

import (
	"strings"
	"testing"

	"github.com/tetratelabs/proxy-wasm-go-sdk/proxywasm/proxytest"
	"github.com/tetratelabs/proxy-wasm-go-sdk/proxywasm/types"
)

// vmRuns are the two ways every glue test runs: the Go code natively, and the compiled module
// (dist/edgeward.wasm) inside the SDK's wazero wrapper (see wasm_test.go).
var vmRuns = []struct {
	name string
	vm   func(t *testing.T) types.VMContext
}{
	{"native", func(*testing.T) types.VMContext { return NewVMContext() }},
	{"wasm", wasmVMContext},
}

// forEachVM runs f once per vmRun.
func forEachVM(t *testing.T, f func(t *testing.T, vm func(t *testing.T) types.VMContext)) {
	for _, r := range vmRuns {
		t.Run(r.name, func(t *testing.T) { f(t, r.vm) })
	}
}

// newHost starts an emulated host with the given plugin configuration.
func newHost(t *testing.T, vm func(t *testing.T) types.VMContext, config string) (proxytest.HostEmulator, types.OnPluginStartStatus) {
	t.Helper()
	opt := proxytest.NewEmulatorOption().WithVMContext(vm(t)).
		WithPluginConfiguration([]byte(config)).
		WithProperty([]string{"source", "address"}, []byte("192.0.2.10:5555"))
	host, reset := proxytest.NewHostEmulator(opt)
	t.Cleanup(reset)
	return host, host.StartPlugin()
}

func TestPluginStart(t *testing.T) {
	tests := []struct {
		name     string
		config   string
		wantOK   bool
		wantLogs []string // substrings of the critical log
	}{
		{name: "empty config means defaults", config: "", wantOK: true},
		{name: "empty object", config: "{}", wantOK: true},
		{name: "misspelled key", config: `{"fail_mod":"open"}`, wantLogs: []string{"fail_mod", "unknown key", `did you mean "fail_mode"`}},
		{name: "wrong type", config: `{"fail_mode":1}`, wantLogs: []string{"fail_mode", "must be a string"}},
		{name: "every problem at once", config: `{"fail_mode":"sometimes","body":{"max_bytes":-1}}`, wantLogs: []string{"fail_mode", "body.max_bytes"}},
		{name: "not JSON", config: `{"fail_mode":`, wantLogs: []string{"not valid JSON"}},
		{name: "not an object", config: `[1]`, wantLogs: []string{"must be a JSON object"}},
	}
	forEachVM(t, func(t *testing.T, vm func(t *testing.T) types.VMContext) {
		for _, tc := range tests {
			t.Run(tc.name, func(t *testing.T) {
				host, status := newHost(t, vm, tc.config)
				if got := status == types.OnPluginStartStatusOK; got != tc.wantOK {
					t.Fatalf("plugin start ok = %v, want %v (critical logs: %q)", got, tc.wantOK, host.GetCriticalLogs())
				}
				logs := strings.Join(host.GetCriticalLogs(), "\n")
				for _, w := range tc.wantLogs {
					if !strings.Contains(logs, w) {
						t.Errorf("critical log %q does not mention %q", logs, w)
					}
				}
			})
		}
	})
}

func TestRequestPassesAndResponseIsHardened(t *testing.T) {
	forEachVM(t, func(t *testing.T, vm func(t *testing.T) types.VMContext) {
		host, status := newHost(t, vm, "{}")
		if status != types.OnPluginStartStatusOK {
			t.Fatalf("start failed: %q", host.GetCriticalLogs())
		}
		id := host.InitializeHttpContext()
		act := host.CallOnRequestHeaders(id, [][2]string{
			{":method", "GET"}, {":path", "/anything?x=1"}, {":authority", "example.com"}, {":scheme", "http"},
			{"user-agent", "test"}, {"x-request-id", "req-1"},
		}, true)
		if act != types.ActionContinue {
			t.Fatalf("request headers action = %v, want continue", act)
		}
		if lr := host.GetSentLocalResponse(id); lr != nil {
			t.Fatalf("unexpected local response %d %s", lr.StatusCode, lr.Data)
		}
		act = host.CallOnResponseHeaders(id, [][2]string{{":status", "200"}, {"x-powered-by", "Express"}, {"content-type", "text/plain"}}, false)
		if act != types.ActionContinue {
			t.Fatalf("response headers action = %v, want continue", act)
		}
		if got := header(host.GetCurrentResponseHeaders(id), "x-content-type-options"); got != "nosniff" {
			t.Errorf("x-content-type-options = %q, want nosniff", got)
		}
		host.CompleteHttpContext(id)
	})
}

func header(hs [][2]string, name string) string {
	for _, h := range hs {
		if strings.EqualFold(h[0], name) {
			return h[1]
		}
	}
	return ""
}
