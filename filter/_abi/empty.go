// Package internal: this file replaces the SDK's abi_hostcalls_mock.go in the wasm build, so that
// the host calls resolve to the //go:wasmimport declarations in edgeward_hostcalls.go instead of the
// test emulator. Mapped in by the build overlay (see build.sh); never compiled on its own.
package internal
