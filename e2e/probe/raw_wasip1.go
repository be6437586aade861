//go:build wasip1

package main

import "unsafe"

// Raw host calls with their i32 statuses, so conformance tests can see every status (the SDK's
// helpers hide some and panic on others).

//go:wasmimport env proxy_get_shared_data
func rawGetSharedData(k, kl uint32, vp, vl, cas *uint32) uint32

//go:wasmimport env proxy_set_shared_data
func rawSetSharedData(k, kl, v, vl, cas uint32) uint32

//go:wasmimport env proxy_register_shared_queue
func rawRegisterQueue(n, nl uint32, id *uint32) uint32

//go:wasmimport env proxy_resolve_shared_queue
func rawResolveQueue(vm, vml, n, nl uint32, id *uint32) uint32

//go:wasmimport env proxy_enqueue_shared_queue
func rawEnqueue(id, v, vl uint32) uint32

//go:wasmimport env proxy_dequeue_shared_queue
func rawDequeue(id uint32, vp, vl *uint32) uint32

//go:wasmimport env proxy_define_metric
func rawDefineMetric(t, n, nl uint32, id *uint32) uint32

//go:wasmimport env proxy_increment_metric
func rawIncrementMetric(id uint32, delta int64) uint32

//go:wasmimport env proxy_record_metric
func rawRecordMetric(id uint32, v uint64) uint32

//go:wasmimport env proxy_get_metric
func rawGetMetric(id uint32, v *uint64) uint32

//go:wasmimport env proxy_get_buffer_bytes
func rawGetBufferBytes(t, start, max uint32, p, l *uint32) uint32

//go:wasmimport env proxy_set_buffer_bytes
func rawSetBufferBytes(t, start, size, d, dl uint32) uint32

//go:wasmimport env proxy_get_header_map_value
func rawGetHeaderMapValue(t, k, kl uint32, p, l *uint32) uint32

//go:wasmimport env proxy_log
func rawLog(level, p, l uint32) uint32

//go:wasmimport env proxy_continue_stream
func rawContinueStream(t uint32) uint32

//go:wasmimport env proxy_close_stream
func rawCloseStream(t uint32) uint32

//go:wasmimport env proxy_set_effective_context
func rawSetEffectiveContext(id uint32) uint32

//go:wasmimport env proxy_call_foreign_function
func rawCallForeign(n, nl, a, al uint32, p, l *uint32) uint32

//go:wasmimport env proxy_get_property
func rawGetProperty(p, pl uint32, rp, rl *uint32) uint32

//go:wasmimport env proxy_http_call
func rawHTTPCall(c, cl, h, hl, b, bl, t, tl, timeout uint32, token *uint32) uint32

func ptr(b []byte) uint32 {
	if len(b) == 0 {
		return 0
	}
	return uint32(uintptr(unsafe.Pointer(&b[0])))
}

func sptr(s string) (uint32, uint32) {
	if s == "" {
		return 0, 0
	}
	return uint32(uintptr(unsafe.Pointer(unsafe.StringData(s)))), uint32(len(s))
}

// bytesAt copies what the host allocated and handed back.
func bytesAt(p, l uint32) []byte {
	if p == 0 || l == 0 {
		return nil
	}
	return append([]byte(nil), unsafe.Slice((*byte)(unsafe.Pointer(uintptr(p))), l)...)
}

type raw struct{}

func (raw) getSharedData(key string) (uint32, []byte, uint32) {
	k, kl := sptr(key)
	var p, l, cas uint32
	st := rawGetSharedData(k, kl, &p, &l, &cas)
	return st, bytesAt(p, l), cas
}

func (raw) setSharedData(key, val string, cas uint32) uint32 {
	k, kl := sptr(key)
	v, vl := sptr(val)
	return rawSetSharedData(k, kl, v, vl, cas)
}

func (raw) registerQueue(name string) (uint32, uint32) {
	n, nl := sptr(name)
	var id uint32
	return rawRegisterQueue(n, nl, &id), id
}

func (raw) resolveQueue(vm, name string) (uint32, uint32) {
	v, vl := sptr(vm)
	n, nl := sptr(name)
	var id uint32
	return rawResolveQueue(v, vl, n, nl, &id), id
}

func (raw) enqueue(id uint32, val string) uint32 {
	v, vl := sptr(val)
	return rawEnqueue(id, v, vl)
}

func (raw) dequeue(id uint32) (uint32, []byte) {
	var p, l uint32
	st := rawDequeue(id, &p, &l)
	return st, bytesAt(p, l)
}

func (raw) defineMetric(t uint32, name string) (uint32, uint32) {
	n, nl := sptr(name)
	var id uint32
	return rawDefineMetric(t, n, nl, &id), id
}

func (raw) incrementMetric(id uint32, d int64) uint32 { return rawIncrementMetric(id, d) }
func (raw) recordMetric(id uint32, v uint64) uint32   { return rawRecordMetric(id, v) }

func (raw) getMetric(id uint32) (uint32, uint64) {
	var v uint64
	return rawGetMetric(id, &v), v
}

func (raw) getBuffer(t, start, max uint32) (uint32, []byte) {
	var p, l uint32
	st := rawGetBufferBytes(t, start, max, &p, &l)
	return st, bytesAt(p, l)
}

func (raw) setBuffer(t, start, size uint32, data string) uint32 {
	d, dl := sptr(data)
	return rawSetBufferBytes(t, start, size, d, dl)
}

func (raw) getHeader(t uint32, key string) (uint32, string) {
	k, kl := sptr(key)
	var p, l uint32
	st := rawGetHeaderMapValue(t, k, kl, &p, &l)
	return st, string(bytesAt(p, l))
}

func (raw) continueStream(t uint32) uint32       { return rawContinueStream(t) }
func (raw) closeStream(t uint32) uint32          { return rawCloseStream(t) }
func (raw) setEffectiveContext(id uint32) uint32 { return rawSetEffectiveContext(id) }

func (raw) foreign(name string) uint32 {
	n, nl := sptr(name)
	var p, l uint32
	return rawCallForeign(n, nl, 0, 0, &p, &l)
}

func (raw) property(path string) (uint32, []byte) {
	pp, pl := sptr(path)
	var p, l uint32
	st := rawGetProperty(pp, pl, &p, &l)
	return st, bytesAt(p, l)
}

// badMemory makes calls with pointers past the end of linear memory.
func (raw) badMemory() map[string]uint32 {
	const bad = 0xFFFFFF00
	var p, l uint32
	k, kl := sptr("x-probe") // present, so the bad return slot is reached
	return map[string]uint32{
		"log":             rawLog(2, bad, 64),
		"get_header":      rawGetHeaderMapValue(0, bad, 4, &p, &l),
		"get_header_slot": rawGetHeaderMapValue(0, k, kl, (*uint32)(unsafe.Pointer(uintptr(bad))), &l),
		"set_shared":      rawSetSharedData(bad, 8, 0, 0, 0),
		"get_property":    rawGetProperty(bad, 100, &p, &l),
		"http_call_tok":   rawHTTPCall(0, 0, 0, 0, 0, 0, 0, 0, 0, (*uint32)(unsafe.Pointer(uintptr(bad)))),
	}
}

func (raw) httpCallStatus(cluster string, headers []byte, timeout uint32) uint32 {
	c, cl := sptr(cluster)
	var tok uint32
	return rawHTTPCall(c, cl, ptr(headers), uint32(len(headers)), 0, 0, 0, 0, timeout, &tok)
}
