package devhost

import (
	"fmt"
	"time"
)

// hcLog implements proxy_log(level, ptr, len): Envoy's "wasm log<prefix>: msg".
func hcLog(in *instance, a []uint64) status {
	level := u32(a[0])
	if level > uint32(LevelCritical) {
		return statusBadArgument
	}
	msg, ok := in.readString(u32(a[1]), u32(a[2]))
	if !ok {
		return statusInvalidMemoryAccess
	}
	o := in.host.opts
	prefix := wasmLogPrefix(o.RootID, o.VMID)
	if id, s := in.target(); s != nil {
		_ = id
		prefix = wasmLogPrefix(o.PluginName, o.RootID, o.VMID)
	}
	in.logLine(LogLevel(level), prefix+msg)
	return statusOK
}

// hcGetLogLevel implements proxy_get_log_level(*level) (ABI 0.2.1 modules only; see checkModule).
func hcGetLogLevel(in *instance, a []uint64) status {
	if !in.writeU32(u32(a[0]), uint32(in.host.opts.LogLevel)) {
		return statusInvalidMemoryAccess
	}
	return statusOK
}

// hcGetCurrentTime implements proxy_get_current_time_nanoseconds(*u64): wall clock, not frozen.
func hcGetCurrentTime(in *instance, a []uint64) status {
	if !in.writeU64(u32(a[0]), uint64(time.Now().UnixNano())) {
		return statusInvalidMemoryAccess
	}
	return statusOK
}

// hcSetEffectiveContext implements proxy_set_effective_context(id): unknown id → BadArgument.
func hcSetEffectiveContext(in *instance, a []uint64) status {
	id := u32(a[0])
	if id != in.rootID && in.streams[id] == nil {
		return statusBadArgument
	}
	in.effective = id
	return statusOK
}

// hcDone implements proxy_done(): the root context finished its deferred shutdown.
func hcDone(in *instance, _ []uint64) status {
	if id, _ := in.target(); id != in.rootID {
		return statusNotFound
	}
	return statusOK
}

// hcCallForeignFunction implements proxy_call_foreign_function: no foreign functions are
// registered in this host, so every name is NotFound (as Envoy for an unregistered name).
func hcCallForeignFunction(in *instance, a []uint64) status {
	if _, ok := in.read(u32(a[0]), u32(a[1])); !ok {
		return statusInvalidMemoryAccess
	}
	if _, ok := in.read(u32(a[2]), u32(a[3])); !ok {
		return statusInvalidMemoryAccess
	}
	return statusNotFound
}

// hcGetStatus implements proxy_get_status(*code, *ptr, *len): during an HTTP call-out callback
// that was reset it reports BrokenConnection "reset"; otherwise Ok and an empty message.
func hcGetStatus(in *instance, a []uint64) status {
	code, msg := uint32(0), ""
	if in.callResp != nil && in.callResp.reset {
		code, msg = 11, "reset"
	}
	if !in.writeU32(u32(a[0]), code) {
		return statusInvalidMemoryAccess
	}
	return in.copyOut([]byte(msg), u32(a[1]), u32(a[2]))
}

// target resolves the context a host call acts on: the effective context if set, else the
// context of the running callback. s is nil for the root (or VM) context.
func (in *instance) target() (uint32, *stream) {
	id := in.effective
	if id == 0 {
		id = in.current
	}
	return id, in.streams[id]
}

func (in *instance) String() string {
	return fmt.Sprintf("instance(worker %d gen %d)", in.worker.idx, in.generation)
}
