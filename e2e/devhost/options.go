package devhost

import (
	"io"
	"net/http"
	"runtime"
	"time"

	"github.com/tetratelabs/wazero"
)

// Defaults applied by New.
const (
	DefaultBufferLimit     = 1 << 20          // Envoy's per_connection_buffer_limit_bytes default
	DefaultUpstreamTimeout = 15 * time.Second // Envoy's route timeout default
	DefaultChunkSize       = 64 << 10         // body bytes per proxy_on_*_body call when streaming
)

// Options configure a Host. Only Wasm is required.
type Options struct {
	Wasm         []byte // the compiled module (a Proxy-Wasm ABI 0.2.x reactor or command)
	PluginConfig []byte // plugin configuration (buffer 7 in proxy_on_configure); default empty
	VMConfig     []byte // VM configuration (buffer 6); default empty

	PluginName string // property plugin_name; default "edgeward"
	RootID     string // property plugin_root_id; default ""
	VMID       string // property plugin_vm_id; default ""

	Workers int               // module instances; default runtime.NumCPU()
	Env     map[string]string // environment visible to the module, nothing else; default none

	// FailOpen mirrors Envoy's fail_open: after a trap, true passes requests through unfiltered,
	// false answers them 503. Default false (Envoy's FAIL_CLOSED).
	FailOpen bool

	// Upstream is the base URL requests are forwarded to (the path comes from :path). When empty,
	// UpstreamHandler serves them in-process.
	Upstream string
	// UpstreamHandler serves requests in-process when Upstream is empty; default: the built-in
	// echo upstream (package echo).
	UpstreamHandler http.Handler
	// UpstreamTimeout bounds each upstream exchange up to its response headers (Envoy's route
	// timeout); on expiry the client gets Envoy's 504. Default 15 s; negative disables.
	UpstreamTimeout time.Duration

	// Clusters maps proxy_http_call cluster names to base URLs; unknown names get BadArgument.
	Clusters map[string]string

	// ManualTicks, for tests: proxy_set_tick_period_milliseconds records the period but arms no
	// timer; proxy_on_tick runs only when Host.Tick is called. Default false (real timers).
	ManualTicks bool

	// BufferLimit is the most body bytes buffered while the module pauses a body (Envoy's
	// per_connection_buffer_limit_bytes): past it, requests get 413 and responses 500. Default 1 MiB.
	BufferLimit int
	// ChunkSize is the most bytes read per body callback when streaming. Default 64 KiB.
	ChunkSize int

	// LogWriter receives module logs (proxy_log at or above LogLevel, WASI stdout and stderr) and
	// host events, one line each. Default: discarded (Logs still captures everything).
	LogWriter io.Writer
	LogLevel  LogLevel // default (zero) LevelInfo, Envoy's default for the wasm logger; trace is always captured, never printed

	// CompilationCache, when set, is shared with other hosts (tests and benchmarks build many).
	CompilationCache wazero.CompilationCache
}

func (o *Options) setDefaults() {
	if o.PluginName == "" {
		o.PluginName = "edgeward"
	}
	if o.Workers <= 0 {
		o.Workers = runtime.NumCPU()
	}
	if o.UpstreamHandler == nil && o.Upstream == "" {
		o.UpstreamHandler = defaultUpstream()
	}
	if o.UpstreamTimeout == 0 {
		o.UpstreamTimeout = DefaultUpstreamTimeout
	}
	if o.BufferLimit <= 0 {
		o.BufferLimit = DefaultBufferLimit
	}
	if o.ChunkSize <= 0 {
		o.ChunkSize = DefaultChunkSize
	}
	if o.LogWriter == nil {
		o.LogWriter = io.Discard
	}
	if o.LogLevel == 0 {
		o.LogLevel = LevelInfo
	}
}
