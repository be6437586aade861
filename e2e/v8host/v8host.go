// Package v8host runs compiled Proxy-Wasm modules in V8, the engine Envoy (and Istio) run them in
// by default, through a small Proxy-Wasm host written in plain Node.js (host.mjs, wasi.mjs and
// main.mjs beside this file; no npm package). Node is started with the flags Envoy's host library,
// proxy-wasm-cpp-host, sets on V8 in src/v8/v8.cc: Liftoff (V8's baseline compiler) off, so every
// function runs TurboFan code, and linear memory capped at 1 GiB. cpp-host also enables V8's
// WebAssembly trap handler, which Node enables by default on linux/amd64.
//
// The host follows the Proxy-Wasm ABI as Envoy implements it, as e2e/devhost does on wazero: the
// start sequence, the stream call order with bodies in 64 KiB chunks and end_of_stream on the last,
// deferred local replies through the plugin's own response callbacks, header maps, buffers,
// properties, shared data with compare-and-swap, queues, metrics, logs and ticks. It is synchronous,
// has no sockets (the dev host's echo upstream is built in) and makes no call-outs (every
// proxy_http_call cluster is unknown). See host.mjs for the exact list.
//
// Go drives it with one JSON input file (Input) and reads one JSON document back: e2e/bench uses
// the bench mode for `make bench`'s V8 table, the test here uses the requests mode.
package v8host

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// Flags are the V8 flags proxy-wasm-cpp-host sets (src/v8/v8.cc, engine()): v8_flags.liftoff =
// false, and v8_flags.wasm_max_mem_pages = PROXY_WASM_HOST_MAX_WASM_MEMORY_SIZE_BYTES (1 GiB,
// include/proxy-wasm/limits.h) / 64 KiB. Everything else is V8's default, as in Envoy (lazy
// compilation included: a function is compiled, by TurboFan, on its first call). --expose-gc is
// the harness's own: the bench mode collects the JS host's garbage between timed batches, so that
// one subject's garbage is not collected in the next one's batch; it changes no generated code.
var Flags = []string{"--no-liftoff", "--wasm-max-mem-pages=16384", "--expose-gc"}

// QuickFlags leave V8's Liftoff on (baseline code first, TurboFan for hot functions): start-up
// compiles about three times faster. For checks of the host's behaviour, which no compiler tier
// changes; the bench mode refuses them.
var QuickFlags = []string{"--wasm-max-mem-pages=16384"}

// Request is one request as sent: method, raw target, headers in order, body. The host adds
// :authority bench.local, :scheme http, x-forwarded-proto and x-request-id as the dev host does,
// and sorts the headers by name as net/http does there.
type Request struct {
	Method     string      `json:"method"`
	Target     string      `json:"target"`
	Header     [][2]string `json:"headers"`
	Body       []byte      `json:"body,omitempty"`
	RemoteAddr string      `json:"remote_addr,omitempty"` // default 192.0.2.10:40000
}

// Host is one plugin: a module, its plugin config and VM environment, on Workers VMs that share
// shared data, queues and metrics.
type Host struct {
	Name         string            `json:"name"`
	Module       string            `json:"module"` // a key of Input.Modules
	PluginConfig string            `json:"plugin_config,omitempty"`
	Env          map[string]string `json:"env,omitempty"`
	Workers      int               `json:"workers,omitempty"`      // default 1
	BufferLimit  int               `json:"buffer_limit,omitempty"` // default 1 MiB (Envoy's)
}

// Call is one request for the requests mode; Worker pins it to a VM (default round-robin).
type Call struct {
	Host    string  `json:"host"`
	Worker  *int    `json:"worker,omitempty"`
	Request Request `json:"request"`
}

// Kind is one benchmark row: a request through Host, timed against the same request through
// the no-op host.
type Kind struct {
	Name    string  `json:"name"`
	Host    string  `json:"host"`
	Request Request `json:"request"`
}

// Input is main.mjs's input. Modules maps a name to the module's bytes (written to temporary
// files by Run).
type Input struct {
	Mode      string            `json:"mode"` // "requests" or "bench"
	Modules   map[string][]byte `json:"-"`
	NodeFlags []string          `json:"-"` // default Flags
	Hosts     []Host            `json:"hosts"`
	PrintLogs bool              `json:"print_logs,omitempty"` // module warnings and errors to stderr

	Requests []Call `json:"requests,omitempty"`

	Kinds      []Kind   `json:"kinds,omitempty"`
	NoopHost   string   `json:"noop_host,omitempty"`
	Rounds     int      `json:"rounds,omitempty"`
	BatchMs    float64  `json:"batch_ms,omitempty"`
	BudgetMs   float64  `json:"budget_ms,omitempty"`
	WarmupMs   float64  `json:"warmup_ms,omitempty"`
	StartHosts []string `json:"start_hosts,omitempty"` // hosts whose VM start is measured again
	StartRuns  int      `json:"start_runs,omitempty"`
}

// Response is one answer of the requests mode. Status is -1 for a reset stream and 0 for a stream
// the host could not finish (Error says why).
type Response struct {
	Status  int         `json:"status"`
	Headers [][2]string `json:"headers"`
	Body    string      `json:"body"`
	Details string      `json:"details"`
	Error   string      `json:"error"`
}

// Start is a VM start's timings in ms (instantiate, _initialize, proxy_on_vm_start including
// proxy_on_context_create of the root, proxy_on_configure) and its linear memory after it.
type Start struct {
	InstantiateMs float64 `json:"instantiate_ms"`
	InitializeMs  float64 `json:"initialize_ms"`
	VMStartMs     float64 `json:"vm_start_ms"`
	ConfigureMs   float64 `json:"configure_ms"`
	TotalMs       float64 `json:"total_ms"`
	MemoryBytes   uint32  `json:"memory_bytes"`
}

// HostReport is what the requests mode reports about a host after the requests.
type HostReport struct {
	Metrics    map[string]uint64 `json:"metrics"`
	SharedData struct {
		Keys  int `json:"keys"`
		Bytes int `json:"bytes"`
	} `json:"shared_data"`
	Memory       []uint32 `json:"memory"`
	Replacements int      `json:"replacements"`
	Logs         []struct {
		Level   string `json:"level"`
		Worker  int    `json:"worker"`
		Message string `json:"message"`
	} `json:"logs"`
	Start Start `json:"start"`
}

// RequestsResult is the requests mode's output.
type RequestsResult struct {
	Responses []Response            `json:"responses"`
	Hosts     map[string]HostReport `json:"hosts"`
}

// Timing is a subject's cost per request: median ns over the rounds, fastest round, requests timed.
type Timing struct {
	NsPerOp    float64 `json:"ns_per_op"`
	MinNsPerOp float64 `json:"min_ns_per_op"`
	Ops        int     `json:"ops"`
}

// BenchRow is one benchmark row's result.
type BenchRow struct {
	Name         string `json:"name"`
	ModuleStatus int    `json:"module_status"`
	NoopStatus   int    `json:"noop_status"`
	Module       Timing `json:"module"`
	Noop         Timing `json:"noop"`
	ModuleMem    uint32 `json:"module_mem"`
	NoopMem      uint32 `json:"noop_mem"`
}

// BenchStart is a host's VM start: compiling the module, the first VM (which, V8 compiling lazily,
// also compiles the functions start-up reaches) and further VMs of the same compiled module.
type BenchStart struct {
	Host      string  `json:"host"`
	CompileMs float64 `json:"compile_ms"`
	First     Start   `json:"first"`
	Again     []Start `json:"again"`
}

// BenchResult is the bench mode's output.
type BenchResult struct {
	Node     string            `json:"node"`
	V8       string            `json:"v8"`
	ExecArgv []string          `json:"exec_argv"`
	Rows     []BenchRow        `json:"rows"`
	Start    []BenchStart      `json:"start"`
	Memory   map[string]uint32 `json:"memory"` // each host's first VM after the rows
}

// Script returns main.mjs's path in the checkout at root.
func Script(root string) string { return filepath.Join(root, "e2e", "v8host", "main.mjs") }

// Node returns the node binary: $EDGEWARD_NODE, else node on PATH. Not finding it is an error:
// Node.js is on every machine of this project, and a missing one must fail, not skip.
func Node() (string, error) {
	if p := os.Getenv("EDGEWARD_NODE"); p != "" {
		return p, nil
	}
	p, err := exec.LookPath("node")
	if err != nil {
		return "", errors.New("v8host: node not found on PATH (Node.js 20 is needed; EDGEWARD_NODE may name it)")
	}
	return p, nil
}

// Run writes in (and its modules) to a temporary directory, runs main.mjs under Flags and decodes
// its output into out (*RequestsResult or *BenchResult). stderr receives the host's progress and
// logs (nil: discarded, but kept for the error). With EDGEWARD_V8HOST_KEEP set the directory is
// kept (and named on stderr), so that a run can be repeated by hand with node.
func Run(ctx context.Context, root string, in *Input, out any, stderr io.Writer) error {
	node, err := Node()
	if err != nil {
		return err
	}
	dir, err := os.MkdirTemp("", "edgeward-v8host-")
	if err != nil {
		return err
	}
	if os.Getenv("EDGEWARD_V8HOST_KEEP") != "" {
		fmt.Fprintf(os.Stderr, "v8host: input kept in %s (EDGEWARD_V8HOST_KEEP)\n", dir)
	} else {
		defer os.RemoveAll(dir)
	}
	paths := map[string]string{}
	for name, b := range in.Modules {
		if len(b) == 0 {
			return fmt.Errorf("v8host: module %s is empty", name)
		}
		p := filepath.Join(dir, name+".wasm")
		if err := os.WriteFile(p, b, 0o600); err != nil {
			return err
		}
		paths[name] = p
	}
	type withModules struct {
		*Input
		Modules map[string]string `json:"modules"`
	}
	raw, err := json.Marshal(withModules{Input: in, Modules: paths})
	if err != nil {
		return err
	}
	inPath := filepath.Join(dir, "input.json")
	if err := os.WriteFile(inPath, raw, 0o600); err != nil {
		return err
	}
	flags := in.NodeFlags
	if flags == nil {
		flags = Flags
	}
	args := append(append([]string(nil), flags...), Script(root), inPath)
	cmd := exec.CommandContext(ctx, node, args...)
	var stdout, tail bytes.Buffer
	cmd.Stdout = &stdout
	w := io.Writer(&tail)
	if stderr != nil {
		w = io.MultiWriter(stderr, &tail)
	}
	cmd.Stderr = w
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("v8host: %s %s: %w\n%s", node, strings.Join(args[:len(args)-1], " "), err, lastLines(tail.String(), 20))
	}
	if err := json.Unmarshal(stdout.Bytes(), out); err != nil {
		return fmt.Errorf("v8host: decoding main.mjs output: %w", err)
	}
	return nil
}

func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}
