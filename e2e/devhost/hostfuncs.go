package devhost

import (
	"context"

	"github.com/tetratelabs/wazero/api"
)

const (
	i32 = api.ValueTypeI32
	i64 = api.ValueTypeI64
)

// hostCall is one env.proxy_* import: its wasm parameter types and implementation. Every host
// call returns a status (i32).
type hostCall struct {
	name   string
	params []api.ValueType
	fn     func(in *instance, a []uint64) status
}

func n32(n int) []api.ValueType {
	t := make([]api.ValueType, n)
	for i := range t {
		t[i] = i32
	}
	return t
}

// hostCalls lists every host call SDK v0.24.0 imports plus the other ABI 0.2.x calls Envoy offers
// (buffer status, header map size, current time, log level, get_status).
func hostCalls() []hostCall {
	return []hostCall{
		{"proxy_log", n32(3), hcLog},
		{"proxy_get_log_level", n32(1), hcGetLogLevel},
		{"proxy_get_current_time_nanoseconds", n32(1), hcGetCurrentTime},
		{"proxy_set_tick_period_milliseconds", n32(1), hcSetTickPeriod},
		{"proxy_set_effective_context", n32(1), hcSetEffectiveContext},
		{"proxy_done", nil, hcDone},
		{"proxy_call_foreign_function", n32(6), hcCallForeignFunction},
		{"proxy_get_status", n32(3), hcGetStatus},

		{"proxy_get_property", n32(4), hcGetProperty},
		{"proxy_set_property", n32(4), hcSetProperty},

		{"proxy_get_header_map_pairs", n32(3), hcGetHeaderMapPairs},
		{"proxy_set_header_map_pairs", n32(3), hcSetHeaderMapPairs},
		{"proxy_get_header_map_value", n32(5), hcGetHeaderMapValue},
		{"proxy_add_header_map_value", n32(5), hcAddHeaderMapValue},
		{"proxy_replace_header_map_value", n32(5), hcReplaceHeaderMapValue},
		{"proxy_remove_header_map_value", n32(3), hcRemoveHeaderMapValue},
		{"proxy_get_header_map_size", n32(2), hcGetHeaderMapSize},

		{"proxy_get_buffer_bytes", n32(5), hcGetBufferBytes},
		{"proxy_set_buffer_bytes", n32(5), hcSetBufferBytes},
		{"proxy_get_buffer_status", n32(3), hcGetBufferStatus},

		{"proxy_send_local_response", n32(8), hcSendLocalResponse},
		{"proxy_continue_stream", n32(1), hcContinueStream},
		{"proxy_close_stream", n32(1), hcCloseStream},

		{"proxy_get_shared_data", n32(5), hcGetSharedData},
		{"proxy_set_shared_data", n32(5), hcSetSharedData},
		{"proxy_register_shared_queue", n32(3), hcRegisterSharedQueue},
		{"proxy_resolve_shared_queue", n32(5), hcResolveSharedQueue},
		{"proxy_enqueue_shared_queue", n32(3), hcEnqueueSharedQueue},
		{"proxy_dequeue_shared_queue", n32(3), hcDequeueSharedQueue},

		{"proxy_define_metric", n32(4), hcDefineMetric},
		{"proxy_increment_metric", []api.ValueType{i32, i64}, hcIncrementMetric},
		{"proxy_record_metric", []api.ValueType{i32, i64}, hcRecordMetric},
		{"proxy_get_metric", n32(2), hcGetMetric},

		{"proxy_http_call", n32(10), hcHTTPCall},
	}
}

// instantiateEnv registers the host calls as wasm module "env", shared by every instance: each
// call finds its instance in the context of the guest call that made it.
func (h *Host) instantiateEnv(ctx context.Context) error {
	b := h.runtime.NewHostModuleBuilder("env")
	for _, c := range hostCalls() {
		c := c
		fn := api.GoModuleFunc(func(ctx context.Context, _ api.Module, stack []uint64) {
			in, _ := ctx.Value(instanceKey{}).(*instance)
			if in == nil {
				panic(trap(c.name + ": called outside a host-driven guest call"))
			}
			if in.restricted && c.name != "proxy_log" {
				panic(trap("restricted_callback: " + c.name + " is not allowed here"))
			}
			stack[0] = uint64(c.fn(in, stack))
		})
		b = b.NewFunctionBuilder().WithGoModuleFunction(fn, c.params, []api.ValueType{i32}).Export(c.name)
	}
	_, err := b.Instantiate(ctx)
	return err
}

func u32(v uint64) uint32 { return uint32(v) }
