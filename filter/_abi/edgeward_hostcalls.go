// Proxy-Wasm ABI 0.2.x host calls imported with standard Go's //go:wasmimport.
//
// Written from the SDK v0.24.0's TinyGo-only abi_hostcalls.go: every Proxy* function the
// SDK calls, with its exact Go signature, wrapping a raw import declared with 32-bit ABI types.
// Go's int and pointers are 64 bits wide in Go but i32 in the ABI, so sizes are passed as uint32 and
// host-filled return slots (**byte, *int) are passed as *uint32 and converted after the call.
// Added to the SDK's internal package by the build overlay (build.sh).
package internal

import "unsafe"

func ptrToU32(p *byte) uint32 { return uint32(uintptr(unsafe.Pointer(p))) }

func u32ToPtr(v uint32) *byte {
	if v == 0 {
		return nil
	}
	return (*byte)(unsafe.Pointer(uintptr(v)))
}

// claimPins drops the references kept by proxy_on_memory_allocate once the host call's results have
// been converted into Go pointers, which keep the buffers alive from then on.
func claimPins() { allocPins = allocPins[:0] }

//go:wasmimport env proxy_log
func rawProxyLog(logLevel uint32, messageData uint32, messageSize uint32) uint32

// ProxyLog calls the host's proxy_log.
func ProxyLog(logLevel LogLevel, messageData *byte, messageSize int) Status {
	return Status(rawProxyLog(uint32(logLevel), ptrToU32(messageData), uint32(messageSize)))
}

//go:wasmimport env proxy_send_local_response
func rawProxySendLocalResponse(statusCode uint32, statusCodeDetailData uint32, statusCodeDetailsSize uint32, bodyData uint32, bodySize uint32, headersData uint32, headersSize uint32, grpcStatus int32) uint32

// ProxySendLocalResponse calls the host's proxy_send_local_response.
func ProxySendLocalResponse(statusCode uint32, statusCodeDetailData *byte, statusCodeDetailsSize int, bodyData *byte, bodySize int, headersData *byte, headersSize int, grpcStatus int32) Status {
	return Status(rawProxySendLocalResponse(statusCode, ptrToU32(statusCodeDetailData), uint32(statusCodeDetailsSize), ptrToU32(bodyData), uint32(bodySize), ptrToU32(headersData), uint32(headersSize), grpcStatus))
}

//go:wasmimport env proxy_get_shared_data
func rawProxyGetSharedData(keyData uint32, keySize uint32, returnValueData *uint32, returnValueSize *uint32, returnCas *uint32) uint32

// ProxyGetSharedData calls the host's proxy_get_shared_data.
func ProxyGetSharedData(keyData *byte, keySize int, returnValueData **byte, returnValueSize *int, returnCas *uint32) Status {
	var returnValueDataRaw uint32
	var returnValueSizeRaw uint32
	st := Status(rawProxyGetSharedData(ptrToU32(keyData), uint32(keySize), &returnValueDataRaw, &returnValueSizeRaw, returnCas))
	*returnValueData = u32ToPtr(returnValueDataRaw)
	*returnValueSize = int(returnValueSizeRaw)
	claimPins()
	return st
}

//go:wasmimport env proxy_set_shared_data
func rawProxySetSharedData(keyData uint32, keySize uint32, valueData uint32, valueSize uint32, cas uint32) uint32

// ProxySetSharedData calls the host's proxy_set_shared_data.
func ProxySetSharedData(keyData *byte, keySize int, valueData *byte, valueSize int, cas uint32) Status {
	return Status(rawProxySetSharedData(ptrToU32(keyData), uint32(keySize), ptrToU32(valueData), uint32(valueSize), cas))
}

//go:wasmimport env proxy_register_shared_queue
func rawProxyRegisterSharedQueue(nameData uint32, nameSize uint32, returnID *uint32) uint32

// ProxyRegisterSharedQueue calls the host's proxy_register_shared_queue.
func ProxyRegisterSharedQueue(nameData *byte, nameSize int, returnID *uint32) Status {
	return Status(rawProxyRegisterSharedQueue(ptrToU32(nameData), uint32(nameSize), returnID))
}

//go:wasmimport env proxy_resolve_shared_queue
func rawProxyResolveSharedQueue(vmIDData uint32, vmIDSize uint32, nameData uint32, nameSize uint32, returnID *uint32) uint32

// ProxyResolveSharedQueue calls the host's proxy_resolve_shared_queue.
func ProxyResolveSharedQueue(vmIDData *byte, vmIDSize int, nameData *byte, nameSize int, returnID *uint32) Status {
	return Status(rawProxyResolveSharedQueue(ptrToU32(vmIDData), uint32(vmIDSize), ptrToU32(nameData), uint32(nameSize), returnID))
}

//go:wasmimport env proxy_dequeue_shared_queue
func rawProxyDequeueSharedQueue(queueID uint32, returnValueData *uint32, returnValueSize *uint32) uint32

// ProxyDequeueSharedQueue calls the host's proxy_dequeue_shared_queue.
func ProxyDequeueSharedQueue(queueID uint32, returnValueData **byte, returnValueSize *int) Status {
	var returnValueDataRaw uint32
	var returnValueSizeRaw uint32
	st := Status(rawProxyDequeueSharedQueue(queueID, &returnValueDataRaw, &returnValueSizeRaw))
	*returnValueData = u32ToPtr(returnValueDataRaw)
	*returnValueSize = int(returnValueSizeRaw)
	claimPins()
	return st
}

//go:wasmimport env proxy_enqueue_shared_queue
func rawProxyEnqueueSharedQueue(queueID uint32, valueData uint32, valueSize uint32) uint32

// ProxyEnqueueSharedQueue calls the host's proxy_enqueue_shared_queue.
func ProxyEnqueueSharedQueue(queueID uint32, valueData *byte, valueSize int) Status {
	return Status(rawProxyEnqueueSharedQueue(queueID, ptrToU32(valueData), uint32(valueSize)))
}

//go:wasmimport env proxy_get_header_map_value
func rawProxyGetHeaderMapValue(mapType uint32, keyData uint32, keySize uint32, returnValueData *uint32, returnValueSize *uint32) uint32

// ProxyGetHeaderMapValue calls the host's proxy_get_header_map_value.
func ProxyGetHeaderMapValue(mapType MapType, keyData *byte, keySize int, returnValueData **byte, returnValueSize *int) Status {
	var returnValueDataRaw uint32
	var returnValueSizeRaw uint32
	st := Status(rawProxyGetHeaderMapValue(uint32(mapType), ptrToU32(keyData), uint32(keySize), &returnValueDataRaw, &returnValueSizeRaw))
	*returnValueData = u32ToPtr(returnValueDataRaw)
	*returnValueSize = int(returnValueSizeRaw)
	claimPins()
	return st
}

//go:wasmimport env proxy_add_header_map_value
func rawProxyAddHeaderMapValue(mapType uint32, keyData uint32, keySize uint32, valueData uint32, valueSize uint32) uint32

// ProxyAddHeaderMapValue calls the host's proxy_add_header_map_value.
func ProxyAddHeaderMapValue(mapType MapType, keyData *byte, keySize int, valueData *byte, valueSize int) Status {
	return Status(rawProxyAddHeaderMapValue(uint32(mapType), ptrToU32(keyData), uint32(keySize), ptrToU32(valueData), uint32(valueSize)))
}

//go:wasmimport env proxy_replace_header_map_value
func rawProxyReplaceHeaderMapValue(mapType uint32, keyData uint32, keySize uint32, valueData uint32, valueSize uint32) uint32

// ProxyReplaceHeaderMapValue calls the host's proxy_replace_header_map_value.
func ProxyReplaceHeaderMapValue(mapType MapType, keyData *byte, keySize int, valueData *byte, valueSize int) Status {
	return Status(rawProxyReplaceHeaderMapValue(uint32(mapType), ptrToU32(keyData), uint32(keySize), ptrToU32(valueData), uint32(valueSize)))
}

//go:wasmimport env proxy_remove_header_map_value
func rawProxyRemoveHeaderMapValue(mapType uint32, keyData uint32, keySize uint32) uint32

// ProxyRemoveHeaderMapValue calls the host's proxy_remove_header_map_value.
func ProxyRemoveHeaderMapValue(mapType MapType, keyData *byte, keySize int) Status {
	return Status(rawProxyRemoveHeaderMapValue(uint32(mapType), ptrToU32(keyData), uint32(keySize)))
}

//go:wasmimport env proxy_get_header_map_pairs
func rawProxyGetHeaderMapPairs(mapType uint32, returnValueData *uint32, returnValueSize *uint32) uint32

// ProxyGetHeaderMapPairs calls the host's proxy_get_header_map_pairs.
func ProxyGetHeaderMapPairs(mapType MapType, returnValueData **byte, returnValueSize *int) Status {
	var returnValueDataRaw uint32
	var returnValueSizeRaw uint32
	st := Status(rawProxyGetHeaderMapPairs(uint32(mapType), &returnValueDataRaw, &returnValueSizeRaw))
	*returnValueData = u32ToPtr(returnValueDataRaw)
	*returnValueSize = int(returnValueSizeRaw)
	claimPins()
	return st
}

//go:wasmimport env proxy_set_header_map_pairs
func rawProxySetHeaderMapPairs(mapType uint32, mapData uint32, mapSize uint32) uint32

// ProxySetHeaderMapPairs calls the host's proxy_set_header_map_pairs.
func ProxySetHeaderMapPairs(mapType MapType, mapData *byte, mapSize int) Status {
	return Status(rawProxySetHeaderMapPairs(uint32(mapType), ptrToU32(mapData), uint32(mapSize)))
}

//go:wasmimport env proxy_get_buffer_bytes
func rawProxyGetBufferBytes(bufferType uint32, start uint32, maxSize uint32, returnBufferData *uint32, returnBufferSize *uint32) uint32

// ProxyGetBufferBytes calls the host's proxy_get_buffer_bytes.
func ProxyGetBufferBytes(bufferType BufferType, start int, maxSize int, returnBufferData **byte, returnBufferSize *int) Status {
	var returnBufferDataRaw uint32
	var returnBufferSizeRaw uint32
	st := Status(rawProxyGetBufferBytes(uint32(bufferType), uint32(start), uint32(maxSize), &returnBufferDataRaw, &returnBufferSizeRaw))
	*returnBufferData = u32ToPtr(returnBufferDataRaw)
	*returnBufferSize = int(returnBufferSizeRaw)
	claimPins()
	return st
}

//go:wasmimport env proxy_set_buffer_bytes
func rawProxySetBufferBytes(bufferType uint32, start uint32, maxSize uint32, bufferData uint32, bufferSize uint32) uint32

// ProxySetBufferBytes calls the host's proxy_set_buffer_bytes.
func ProxySetBufferBytes(bufferType BufferType, start int, maxSize int, bufferData *byte, bufferSize int) Status {
	return Status(rawProxySetBufferBytes(uint32(bufferType), uint32(start), uint32(maxSize), ptrToU32(bufferData), uint32(bufferSize)))
}

//go:wasmimport env proxy_continue_stream
func rawProxyContinueStream(streamType uint32) uint32

// ProxyContinueStream calls the host's proxy_continue_stream.
func ProxyContinueStream(streamType StreamType) Status {
	return Status(rawProxyContinueStream(uint32(streamType)))
}

//go:wasmimport env proxy_close_stream
func rawProxyCloseStream(streamType uint32) uint32

// ProxyCloseStream calls the host's proxy_close_stream.
func ProxyCloseStream(streamType StreamType) Status {
	return Status(rawProxyCloseStream(uint32(streamType)))
}

//go:wasmimport env proxy_http_call
func rawProxyHttpCall(upstreamData uint32, upstreamSize uint32, headerData uint32, headerSize uint32, bodyData uint32, bodySize uint32, trailersData uint32, trailersSize uint32, timeout uint32, calloutIDPtr *uint32) uint32

// ProxyHttpCall calls the host's proxy_http_call.
func ProxyHttpCall(upstreamData *byte, upstreamSize int, headerData *byte, headerSize int, bodyData *byte, bodySize int, trailersData *byte, trailersSize int, timeout uint32, calloutIDPtr *uint32) Status {
	return Status(rawProxyHttpCall(ptrToU32(upstreamData), uint32(upstreamSize), ptrToU32(headerData), uint32(headerSize), ptrToU32(bodyData), uint32(bodySize), ptrToU32(trailersData), uint32(trailersSize), timeout, calloutIDPtr))
}

//go:wasmimport env proxy_call_foreign_function
func rawProxyCallForeignFunction(funcNamePtr uint32, funcNameSize uint32, paramPtr uint32, paramSize uint32, returnData *uint32, returnSize *uint32) uint32

// ProxyCallForeignFunction calls the host's proxy_call_foreign_function.
func ProxyCallForeignFunction(funcNamePtr *byte, funcNameSize int, paramPtr *byte, paramSize int, returnData **byte, returnSize *int) Status {
	var returnDataRaw uint32
	var returnSizeRaw uint32
	st := Status(rawProxyCallForeignFunction(ptrToU32(funcNamePtr), uint32(funcNameSize), ptrToU32(paramPtr), uint32(paramSize), &returnDataRaw, &returnSizeRaw))
	*returnData = u32ToPtr(returnDataRaw)
	*returnSize = int(returnSizeRaw)
	claimPins()
	return st
}

//go:wasmimport env proxy_set_tick_period_milliseconds
func rawProxySetTickPeriodMilliseconds(period uint32) uint32

// ProxySetTickPeriodMilliseconds calls the host's proxy_set_tick_period_milliseconds.
func ProxySetTickPeriodMilliseconds(period uint32) Status {
	return Status(rawProxySetTickPeriodMilliseconds(period))
}

//go:wasmimport env proxy_set_effective_context
func rawProxySetEffectiveContext(contextID uint32) uint32

// ProxySetEffectiveContext calls the host's proxy_set_effective_context.
func ProxySetEffectiveContext(contextID uint32) Status {
	return Status(rawProxySetEffectiveContext(contextID))
}

//go:wasmimport env proxy_done
func rawProxyDone() uint32

// ProxyDone calls the host's proxy_done.
func ProxyDone() Status {
	return Status(rawProxyDone())
}

//go:wasmimport env proxy_define_metric
func rawProxyDefineMetric(metricType uint32, metricNameData uint32, metricNameSize uint32, returnMetricIDPtr *uint32) uint32

// ProxyDefineMetric calls the host's proxy_define_metric.
func ProxyDefineMetric(metricType MetricType, metricNameData *byte, metricNameSize int, returnMetricIDPtr *uint32) Status {
	return Status(rawProxyDefineMetric(uint32(metricType), ptrToU32(metricNameData), uint32(metricNameSize), returnMetricIDPtr))
}

//go:wasmimport env proxy_increment_metric
func rawProxyIncrementMetric(metricID uint32, offset int64) uint32

// ProxyIncrementMetric calls the host's proxy_increment_metric.
func ProxyIncrementMetric(metricID uint32, offset int64) Status {
	return Status(rawProxyIncrementMetric(metricID, offset))
}

//go:wasmimport env proxy_record_metric
func rawProxyRecordMetric(metricID uint32, value uint64) uint32

// ProxyRecordMetric calls the host's proxy_record_metric.
func ProxyRecordMetric(metricID uint32, value uint64) Status {
	return Status(rawProxyRecordMetric(metricID, value))
}

//go:wasmimport env proxy_get_metric
func rawProxyGetMetric(metricID uint32, returnMetricValue *uint64) uint32

// ProxyGetMetric calls the host's proxy_get_metric.
func ProxyGetMetric(metricID uint32, returnMetricValue *uint64) Status {
	return Status(rawProxyGetMetric(metricID, returnMetricValue))
}

//go:wasmimport env proxy_get_property
func rawProxyGetProperty(pathData uint32, pathSize uint32, returnValueData *uint32, returnValueSize *uint32) uint32

// ProxyGetProperty calls the host's proxy_get_property.
func ProxyGetProperty(pathData *byte, pathSize int, returnValueData **byte, returnValueSize *int) Status {
	var returnValueDataRaw uint32
	var returnValueSizeRaw uint32
	st := Status(rawProxyGetProperty(ptrToU32(pathData), uint32(pathSize), &returnValueDataRaw, &returnValueSizeRaw))
	*returnValueData = u32ToPtr(returnValueDataRaw)
	*returnValueSize = int(returnValueSizeRaw)
	claimPins()
	return st
}

//go:wasmimport env proxy_set_property
func rawProxySetProperty(pathData uint32, pathSize uint32, valueData uint32, valueSize uint32) uint32

// ProxySetProperty calls the host's proxy_set_property.
func ProxySetProperty(pathData *byte, pathSize int, valueData *byte, valueSize int) Status {
	return Status(rawProxySetProperty(ptrToU32(pathData), uint32(pathSize), ptrToU32(valueData), uint32(valueSize)))
}
