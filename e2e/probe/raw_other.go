//go:build !wasip1

package main

// The probe only runs as a wasm module; natively (go vet, go test ./...) the raw host calls are
// stubs so the package still compiles.

type raw struct{}

func (raw) getSharedData(string) (uint32, []byte, uint32)     { return 12, nil, 0 }
func (raw) setSharedData(string, string, uint32) uint32       { return 12 }
func (raw) registerQueue(string) (uint32, uint32)             { return 12, 0 }
func (raw) resolveQueue(string, string) (uint32, uint32)      { return 12, 0 }
func (raw) enqueue(uint32, string) uint32                     { return 12 }
func (raw) dequeue(uint32) (uint32, []byte)                   { return 12, nil }
func (raw) defineMetric(uint32, string) (uint32, uint32)      { return 12, 0 }
func (raw) incrementMetric(uint32, int64) uint32              { return 12 }
func (raw) recordMetric(uint32, uint64) uint32                { return 12 }
func (raw) getMetric(uint32) (uint32, uint64)                 { return 12, 0 }
func (raw) getBuffer(uint32, uint32, uint32) (uint32, []byte) { return 12, nil }
func (raw) setBuffer(uint32, uint32, uint32, string) uint32   { return 12 }
func (raw) getHeader(uint32, string) (uint32, string)         { return 12, "" }
func (raw) continueStream(uint32) uint32                      { return 12 }
func (raw) closeStream(uint32) uint32                         { return 12 }
func (raw) setEffectiveContext(uint32) uint32                 { return 12 }
func (raw) foreign(string) uint32                             { return 12 }
func (raw) property(string) (uint32, []byte)                  { return 12, nil }
func (raw) badMemory() map[string]uint32                      { return nil }
func (raw) httpCallStatus(string, []byte, uint32) uint32      { return 12 }
