// Command noop is a Proxy-Wasm module that does nothing, built exactly like Edgeward's module, so
// that benchmarks can report Edgeward's cost as a ratio to the bare cost of a Go Proxy-Wasm VM.
package main

import (
	"github.com/tetratelabs/proxy-wasm-go-sdk/proxywasm"
	"github.com/tetratelabs/proxy-wasm-go-sdk/proxywasm/types"
)

type vm struct{ types.DefaultVMContext }

func (*vm) NewPluginContext(uint32) types.PluginContext { return &plugin{} }

type plugin struct{ types.DefaultPluginContext }

func (*plugin) NewHttpContext(uint32) types.HttpContext { return &types.DefaultHttpContext{} }

func init() { proxywasm.SetVMContext(&vm{}) }

func main() {}
