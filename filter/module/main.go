// Command module is the Edgeward Proxy-Wasm module: build it with `make build`.
package main

import (
	"github.com/tetratelabs/proxy-wasm-go-sdk/proxywasm"

	"github.com/edgeward/edgeward/filter"
)

func init() { proxywasm.SetVMContext(filter.NewVMContext()) }

func main() {}
