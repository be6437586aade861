// Proxy-Wasm ABI 0.2.x callbacks exported with standard Go's //go:wasmexport.
//
// The SDK v0.24.0 marks its callbacks with TinyGo's //export comments, which the standard Go
// compiler ignores. This file is added to the SDK's internal package by the build overlay
// (build.sh) and exports each callback with 32-bit ABI types, converting to the SDK's Go types.
// The ABI passes sizes and pointers as i32 and booleans as i32; Go's int is 64 bits on wasm.
package internal

import "github.com/tetratelabs/proxy-wasm-go-sdk/proxywasm/types"

// allocPins keeps host-bound allocations reachable until the host call that asked for them has
// returned and its result has been converted to a Go pointer (see claimPins in
// edgeward_hostcalls.go). Go's GC does not move objects, but it may free an unreferenced one.
var allocPins [][]byte

//go:wasmexport proxy_abi_version_0_2_0
func edgewardABIVersion() { proxyABIVersion() }

//go:wasmexport proxy_on_memory_allocate
func edgewardOnMemoryAllocate(size uint32) uint32 {
	n := size
	if n == 0 {
		n = 1 // the SDK's allocator indexes buf[0]; never hand the host a nil pointer
	}
	buf := make([]byte, n)
	allocPins = append(allocPins, buf)
	return ptrToU32(&buf[0])
}

//go:wasmexport proxy_on_vm_start
func edgewardOnVMStart(rootContextID uint32, vmConfigurationSize uint32) uint32 {
	return b2u(bool(proxyOnVMStart(rootContextID, int(vmConfigurationSize))))
}

//go:wasmexport proxy_on_configure
func edgewardOnConfigure(pluginContextID uint32, pluginConfigurationSize uint32) uint32 {
	return b2u(bool(proxyOnConfigure(pluginContextID, int(pluginConfigurationSize))))
}

//go:wasmexport proxy_on_context_create
func edgewardOnContextCreate(contextID uint32, parentContextID uint32) {
	proxyOnContextCreate(contextID, parentContextID)
}

//go:wasmexport proxy_on_new_connection
func edgewardOnNewConnection(contextID uint32) uint32 {
	return uint32(proxyOnNewConnection(contextID))
}

//go:wasmexport proxy_on_downstream_data
func edgewardOnDownstreamData(contextID uint32, dataSize uint32, endOfStream uint32) uint32 {
	return uint32(proxyOnDownstreamData(contextID, int(dataSize), endOfStream != 0))
}

//go:wasmexport proxy_on_downstream_connection_close
func edgewardOnDownstreamConnectionClose(contextID uint32, peerType uint32) {
	proxyOnDownstreamConnectionClose(contextID, types.PeerType(peerType))
}

//go:wasmexport proxy_on_upstream_data
func edgewardOnUpstreamData(contextID uint32, dataSize uint32, endOfStream uint32) uint32 {
	return uint32(proxyOnUpstreamData(contextID, int(dataSize), endOfStream != 0))
}

//go:wasmexport proxy_on_upstream_connection_close
func edgewardOnUpstreamConnectionClose(contextID uint32, peerType uint32) {
	proxyOnUpstreamConnectionClose(contextID, types.PeerType(peerType))
}

//go:wasmexport proxy_on_request_headers
func edgewardOnRequestHeaders(contextID uint32, numHeaders uint32, endOfStream uint32) uint32 {
	return uint32(proxyOnRequestHeaders(contextID, int(numHeaders), endOfStream != 0))
}

//go:wasmexport proxy_on_request_body
func edgewardOnRequestBody(contextID uint32, bodySize uint32, endOfStream uint32) uint32 {
	return uint32(proxyOnRequestBody(contextID, int(bodySize), endOfStream != 0))
}

//go:wasmexport proxy_on_request_trailers
func edgewardOnRequestTrailers(contextID uint32, numTrailers uint32) uint32 {
	return uint32(proxyOnRequestTrailers(contextID, int(numTrailers)))
}

//go:wasmexport proxy_on_response_headers
func edgewardOnResponseHeaders(contextID uint32, numHeaders uint32, endOfStream uint32) uint32 {
	return uint32(proxyOnResponseHeaders(contextID, int(numHeaders), endOfStream != 0))
}

//go:wasmexport proxy_on_response_body
func edgewardOnResponseBody(contextID uint32, bodySize uint32, endOfStream uint32) uint32 {
	return uint32(proxyOnResponseBody(contextID, int(bodySize), endOfStream != 0))
}

//go:wasmexport proxy_on_response_trailers
func edgewardOnResponseTrailers(contextID uint32, numTrailers uint32) uint32 {
	return uint32(proxyOnResponseTrailers(contextID, int(numTrailers)))
}

//go:wasmexport proxy_on_http_call_response
func edgewardOnHttpCallResponse(pluginContextID, calloutID, numHeaders, bodySize, numTrailers uint32) {
	proxyOnHttpCallResponse(pluginContextID, calloutID, int(numHeaders), int(bodySize), int(numTrailers))
}

//go:wasmexport proxy_on_tick
func edgewardOnTick(pluginContextID uint32) { proxyOnTick(pluginContextID) }

//go:wasmexport proxy_on_queue_ready
func edgewardOnQueueReady(contextID, queueID uint32) { proxyOnQueueReady(contextID, queueID) }

//go:wasmexport proxy_on_log
func edgewardOnLog(contextID uint32) { proxyOnLog(contextID) }

//go:wasmexport proxy_on_done
func edgewardOnDone(contextID uint32) uint32 { return b2u(proxyOnDone(contextID)) }

//go:wasmexport proxy_on_delete
func edgewardOnDelete(contextID uint32) { proxyOnDelete(contextID) }

func b2u(b bool) uint32 {
	if b {
		return 1
	}
	return 0
}
