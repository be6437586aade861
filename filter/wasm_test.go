package filter

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/tetratelabs/proxy-wasm-go-sdk/proxywasm/proxytest"
	"github.com/tetratelabs/proxy-wasm-go-sdk/proxywasm/types"
)

var (
	wasmOnce sync.Once
	wasmVM   types.VMContext
	wasmErr  error
)

// modulePath is the compiled module under test: $EDGEWARD_WASM (set by `make test`) or
// dist/edgeward.wasm. A missing module fails the wasm runs; it never skips them.
func modulePath() string {
	if p := os.Getenv("EDGEWARD_WASM"); p != "" {
		return p
	}
	return filepath.Join("..", "dist", "edgeward.wasm")
}

// wasmVMContext loads the compiled module into the SDK's wazero wrapper. The wrapper starts
// modules through `_start`, which a Go reactor lacks: withStartExport adds a `_start` export that
// aliases `_initialize`, so the Go runtime is initialised before the first callback. One module
// instance serves every test, as one VM serves every plugin context and stream of a worker in
// Envoy (compiling the module is the slow part).
func wasmVMContext(t *testing.T) types.VMContext {
	t.Helper()
	wasmOnce.Do(func() {
		raw, err := os.ReadFile(modulePath())
		if err != nil {
			wasmErr = fmt.Errorf("compiled module missing (run `make build`): %w", err)
			return
		}
		bin, err := withStartExport(raw)
		if err != nil {
			wasmErr = err
			return
		}
		vm, err := proxytest.NewWasmVMContext(bin)
		if err != nil {
			wasmErr = fmt.Errorf("instantiating %s: %w", modulePath(), err)
			return
		}
		wasmVM = vm
	})
	if wasmErr != nil {
		t.Fatal(wasmErr)
	}
	return wasmVM
}

// withStartExport returns a copy of the module with an export `_start` pointing at the function
// `_initialize` points at.
func withStartExport(mod []byte) ([]byte, error) {
	if len(mod) < 8 || !bytes.Equal(mod[:4], []byte("\x00asm")) {
		return nil, errors.New("not a wasm module")
	}
	out := append([]byte(nil), mod[:8]...)
	p := 8
	found := false
	for p < len(mod) {
		id := mod[p]
		size, n := binary.Uvarint(mod[p+1:])
		if n <= 0 || p+1+n+int(size) > len(mod) {
			return nil, errors.New("malformed section header")
		}
		body := mod[p+1+n : p+1+n+int(size)]
		next := p + 1 + n + int(size)
		if id == 7 { // export section
			nb, err := addStartExport(body)
			if err != nil {
				return nil, err
			}
			body, found = nb, true
		}
		out = append(out, id)
		out = binary.AppendUvarint(out, uint64(len(body)))
		out = append(out, body...)
		p = next
	}
	if !found {
		return nil, errors.New("module has no export section")
	}
	return out, nil
}

func addStartExport(sec []byte) ([]byte, error) {
	count, n := binary.Uvarint(sec)
	if n <= 0 {
		return nil, errors.New("malformed export count")
	}
	p := n
	var initIdx []byte
	for i := uint64(0); i < count; i++ {
		l, m := binary.Uvarint(sec[p:])
		if m <= 0 || p+m+int(l)+1 > len(sec) {
			return nil, errors.New("malformed export entry")
		}
		name := string(sec[p+m : p+m+int(l)])
		p += m + int(l)
		kind := sec[p]
		p++
		_, k := binary.Uvarint(sec[p:])
		if k <= 0 {
			return nil, errors.New("malformed export index")
		}
		if name == "_initialize" && kind == 0 {
			initIdx = sec[p : p+k]
		}
		if name == "_start" {
			return sec, nil
		}
		p += k
	}
	if initIdx == nil {
		return nil, errors.New("module does not export _initialize (not a reactor)")
	}
	out := binary.AppendUvarint(nil, count+1)
	out = append(out, sec[n:]...)
	out = binary.AppendUvarint(out, uint64(len("_start")))
	out = append(out, "_start"...)
	out = append(out, 0)
	out = append(out, initIdx...)
	return out, nil
}

// TestModuleExports checks that the compiled module is a Proxy-Wasm 0.2.x reactor that exports
// every callback the SDK implements.
func TestModuleExports(t *testing.T) {
	raw, err := os.ReadFile(modulePath())
	if err != nil {
		t.Fatalf("compiled module missing (run `make build`): %v", err)
	}
	got, err := exportNames(raw)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"_initialize", "memory", "proxy_abi_version_0_2_0", "proxy_on_memory_allocate",
		"proxy_on_vm_start", "proxy_on_configure", "proxy_on_context_create", "proxy_on_new_connection",
		"proxy_on_downstream_data", "proxy_on_downstream_connection_close", "proxy_on_upstream_data",
		"proxy_on_upstream_connection_close", "proxy_on_request_headers", "proxy_on_request_body",
		"proxy_on_request_trailers", "proxy_on_response_headers", "proxy_on_response_body",
		"proxy_on_response_trailers", "proxy_on_http_call_response", "proxy_on_tick",
		"proxy_on_queue_ready", "proxy_on_log", "proxy_on_done", "proxy_on_delete"}
	for _, w := range want {
		if !got[w] {
			t.Errorf("module does not export %q", w)
		}
	}
	if got["_start"] {
		t.Errorf("module exports _start: it must be a reactor (c-shared), not a command")
	}
}

func exportNames(mod []byte) (map[string]bool, error) {
	names := map[string]bool{}
	p := 8
	for p < len(mod) {
		id := mod[p]
		size, n := binary.Uvarint(mod[p+1:])
		if n <= 0 || p+1+n+int(size) > len(mod) {
			return nil, errors.New("malformed section header")
		}
		body := mod[p+1+n : p+1+n+int(size)]
		p += 1 + n + int(size)
		if id != 7 {
			continue
		}
		count, m := binary.Uvarint(body)
		q := m
		for i := uint64(0); i < count; i++ {
			l, k := binary.Uvarint(body[q:])
			names[string(body[q+k:q+k+int(l)])] = true
			q += k + int(l) + 1
			_, k = binary.Uvarint(body[q:])
			q += k
		}
	}
	return names, nil
}
