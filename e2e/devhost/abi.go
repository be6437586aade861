package devhost

// Proxy-Wasm ABI v0.2.x enumerations as Envoy implements them (PROXY-WASM-HOST.md §1).

// status is a proxy_status_t / WasmResult.
type status = uint32

const (
	statusOK                   status = 0
	statusNotFound             status = 1
	statusBadArgument          status = 2
	statusSerializationFailure status = 3
	statusInvalidMemoryAccess  status = 6
	statusEmpty                status = 7
	statusCasMismatch          status = 8
	statusInternalFailure      status = 10
	statusUnimplemented        status = 12
)

// Map types.
const (
	mapRequestHeaders          = 0
	mapRequestTrailers         = 1
	mapResponseHeaders         = 2
	mapResponseTrailers        = 3
	mapHTTPCallResponseHeaders = 6
	mapHTTPCallResponseTrail   = 7
)

// Buffer types.
const (
	bufRequestBody          = 0
	bufResponseBody         = 1
	bufHTTPCallResponseBody = 4
	bufVMConfiguration      = 6
	bufPluginConfiguration  = 7
)

// Stream types for proxy_continue_stream / proxy_close_stream.
const (
	streamHTTPRequest  = 0
	streamHTTPResponse = 1
	streamDownstream   = 2
	streamUpstream     = 3
)

// Metric types; a metric id carries its type in the low 2 bits.
const (
	metricCounter   = 0
	metricGauge     = 1
	metricHistogram = 2
)

// Raw values returned by stream callbacks.
const (
	actionContinue = 0
	actionPause    = 1
)

// LogLevel is a Proxy-Wasm log level (trace 0 … critical 5).
type LogLevel uint32

// Log levels.
const (
	LevelTrace LogLevel = iota
	LevelDebug
	LevelInfo
	LevelWarn
	LevelError
	LevelCritical
)

func (l LogLevel) String() string {
	switch l {
	case LevelTrace:
		return "trace"
	case LevelDebug:
		return "debug"
	case LevelInfo:
		return "info"
	case LevelWarn:
		return "warn"
	case LevelError:
		return "error"
	case LevelCritical:
		return "critical"
	}
	return "unknown"
}
