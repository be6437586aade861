package devhost

// bodyPhase returns the stream phase whose body buffer t names, or nil.
func (in *instance) bodyPhase(t uint32) *phase {
	_, s := in.target()
	if s == nil || s.inLog {
		return nil
	}
	if t == bufResponseBody {
		return &s.resp
	}
	return &s.req
}

// buffer resolves buffer type t for reading (PROXY-WASM-HOST.md §5).
func (in *instance) buffer(t uint32) ([]byte, status) {
	switch t {
	case bufRequestBody, bufResponseBody:
		if p := in.bodyPhase(t); p != nil && p.bodyAvail {
			return p.body, statusOK
		}
		return nil, statusOK // Envoy: an absent HTTP body reads as empty, never NotFound
	case bufHTTPCallResponseBody:
		if in.callResp != nil {
			return in.callResp.body, statusOK
		}
		return nil, statusNotFound
	case bufVMConfiguration:
		return in.host.opts.VMConfig, statusOK
	case bufPluginConfiguration:
		if in.inConfigure {
			return in.host.opts.PluginConfig, statusOK
		}
		return nil, statusNotFound
	case 2, 3, 5, 8: // L4 data, gRPC, foreign-function arguments: not in this host
		return nil, statusNotFound
	}
	return nil, statusBadArgument
}

// hcGetBufferBytes implements proxy_get_buffer_bytes(type, start, max, *ptr, *size): start past
// the end gives empty, start+max is clamped (cpp-host), empty is Ok with ptr 0 and size 0.
func hcGetBufferBytes(in *instance, a []uint64) status {
	buf, st := in.buffer(u32(a[0]))
	if st != statusOK {
		return st
	}
	start, max := uint64(u32(a[1])), uint64(u32(a[2]))
	var out []byte
	if start < uint64(len(buf)) {
		end := start + max
		if end > uint64(len(buf)) {
			end = uint64(len(buf))
		}
		out = buf[start:end]
	}
	return in.copyOut(out, u32(a[3]), u32(a[4]))
}

// hcSetBufferBytes implements proxy_set_buffer_bytes(type, start, size, data, len) as Envoy:
// start 0 drains size bytes then prepends; start ≥ len appends; anything between is BadArgument.
// Read-only buffers and an absent body are BadArgument.
func hcSetBufferBytes(in *instance, a []uint64) status {
	t := u32(a[0])
	data, ok := in.read(u32(a[3]), u32(a[4]))
	if !ok {
		return statusInvalidMemoryAccess
	}
	if t != bufRequestBody && t != bufResponseBody {
		return statusBadArgument
	}
	p := in.bodyPhase(t)
	if p == nil || !p.bodyAvail {
		return statusBadArgument
	}
	start, size := uint64(u32(a[1])), uint64(u32(a[2]))
	n := uint64(len(p.body))
	switch {
	case start == 0:
		if size > n {
			size = n
		}
		p.body = append(data, p.body[size:]...)
	case start >= n:
		p.body = append(p.body, data...)
	default:
		return statusBadArgument
	}
	return statusOK
}

// hcGetBufferStatus implements proxy_get_buffer_status(type, *len, *flags): flags always 0.
func hcGetBufferStatus(in *instance, a []uint64) status {
	buf, st := in.buffer(u32(a[0]))
	if st != statusOK {
		return st
	}
	if !in.writeU32(u32(a[1]), uint32(len(buf))) || !in.writeU32(u32(a[2]), 0) {
		return statusInvalidMemoryAccess
	}
	return statusOK
}
