package bench

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"

	"github.com/tetratelabs/wazero"

	"github.com/edgeward/edgeward/e2e/devhost"
)

// WasmFromEnv reads the module named by the environment variable env (EDGEWARD_WASM,
// EDGEWARD_NOOP_WASM; the Makefile sets both). Unset or unreadable is an error, never a skip.
func WasmFromEnv(env string) ([]byte, error) {
	p := os.Getenv(env)
	if p == "" {
		return nil, fmt.Errorf("%s is not set: run through make (make bench / make test), which builds the modules and sets it", env)
	}
	b, err := os.ReadFile(p)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", env, err)
	}
	return b, nil
}

// ModuleOptions configure a one-instance dev host for measurements.
type ModuleOptions struct {
	Wasm        []byte
	Config      []byte
	Env         map[string]string
	BufferLimit int // default the host's (1 MiB)
	Workers     int // default 1: one instance, one VM, as one Envoy worker; < 0: one per CPU
	Cache       wazero.CompilationCache
	LogWriter   io.Writer // module and host log lines at info and above; default discarded
}

// Module is the compiled module running in the dev host.
type Module struct {
	Host *devhost.Host
}

// NewModule starts a dev host serving the module with the echo upstream in-process.
func NewModule(o ModuleOptions) (*Module, error) {
	switch {
	case o.Workers == 0:
		o.Workers = 1
	case o.Workers < 0:
		o.Workers = 0 // the host's default: one per CPU
	}
	h, err := devhost.New(context.Background(), devhost.Options{
		Wasm: o.Wasm, PluginConfig: o.Config, Env: o.Env, Workers: o.Workers,
		BufferLimit: o.BufferLimit, CompilationCache: o.Cache, LogWriter: o.LogWriter,
	})
	if err != nil {
		return nil, err
	}
	return &Module{Host: h}, nil
}

// StatusReset is what Status returns when the host reset the stream instead of answering.
const StatusReset = -1

// Status sends r through the module in-process (no sockets) and returns the response status;
// the response body is discarded.
func (m *Module) Status(r Request) (status int) {
	w := &discard{}
	defer func() {
		if recover() != nil { // the host aborts a reset stream with http.ErrAbortHandler
			status = StatusReset
		}
	}()
	m.Host.ServeHTTP(w, r.HTTP())
	if w.status == 0 {
		return http.StatusOK
	}
	return w.status
}

// Memory returns the linear memory of the host's first instance, in bytes.
func (m *Module) Memory() uint32 { return m.Host.MemorySizes()[0] }

// Close stops the host.
func (m *Module) Close() { m.Host.Close() }

// discard is a ResponseWriter that keeps only the status: the harness costs the same for the
// module and the no-op module, and as little as possible.
type discard struct {
	h      http.Header
	status int
	n      int
}

func (d *discard) Header() http.Header {
	if d.h == nil {
		d.h = http.Header{}
	}
	return d.h
}

func (d *discard) WriteHeader(s int) {
	if d.status == 0 {
		d.status = s
	}
}

func (d *discard) Write(b []byte) (int, error) {
	if d.status == 0 {
		d.status = http.StatusOK
	}
	d.n += len(b)
	return len(b), nil
}

func (d *discard) Flush() {}
