package devhost

// Guest memory access. Every read and write is bounds-checked: a bad pointer from the module is
// answered with InvalidMemoryAccess, never a host panic (PROXY-WASM-HOST.md §3).

// read copies size bytes at ptr out of guest memory.
func (in *instance) read(ptr, size uint32) ([]byte, bool) {
	if size == 0 {
		if ptr > in.mod.Memory().Size() {
			return nil, false
		}
		return nil, true
	}
	b, ok := in.mod.Memory().Read(ptr, size)
	if !ok {
		return nil, false
	}
	return append([]byte(nil), b...), true
}

func (in *instance) readString(ptr, size uint32) (string, bool) {
	b, ok := in.read(ptr, size)
	return string(b), ok
}

func (in *instance) writeU32(ptr, v uint32) bool { return in.mod.Memory().WriteUint32Le(ptr, v) }

func (in *instance) writeU64(ptr uint32, v uint64) bool {
	return in.mod.Memory().WriteUint64Le(ptr, v)
}

// writable reports whether n bytes at ptr lie inside guest memory.
func (in *instance) writable(ptr, n uint32) bool {
	return uint64(ptr)+uint64(n) <= uint64(in.mod.Memory().Size())
}

// copyOut hands data to the guest: allocate len(data) bytes with the guest allocator (in the VM
// context), copy, then write the address and length as 4-byte little-endian words into the two
// slots. Empty data writes 0 and 0 without allocating.
func (in *instance) copyOut(data []byte, ptrSlot, sizeSlot uint32) status {
	if !in.writable(ptrSlot, 4) || !in.writable(sizeSlot, 4) {
		return statusInvalidMemoryAccess
	}
	if len(data) == 0 {
		in.writeU32(ptrSlot, 0)
		in.writeU32(sizeSlot, 0)
		return statusOK
	}
	if uint64(len(data)) > 1<<32-1 {
		return statusInvalidMemoryAccess
	}
	addr, ok := in.allocate(uint32(len(data)))
	if !ok {
		return statusInvalidMemoryAccess
	}
	// The allocator may have grown memory: Write re-reads the current memory.
	if !in.mod.Memory().Write(addr, data) || !in.writeU32(ptrSlot, addr) || !in.writeU32(sizeSlot, uint32(len(data))) {
		return statusInvalidMemoryAccess
	}
	return statusOK
}

// allocate calls the guest allocator in the VM context with only proxy_log allowed, as cpp-host
// does. A trap in the allocator fails the VM and unwinds the calling guest call.
func (in *instance) allocate(n uint32) (uint32, bool) {
	if in.alloc == nil || n == 0 {
		return 0, false
	}
	prevCur, prevEff, prevR := in.current, in.effective, in.restricted
	in.current, in.effective, in.restricted = 0, 0, true
	res, err := in.alloc.Call(in.ctx, uint64(n))
	in.current, in.effective, in.restricted = prevCur, prevEff, prevR
	if err != nil {
		in.fail("allocator", err)
		panic(trap("allocator trapped: " + err.Error()))
	}
	if len(res) == 0 || uint32(res[0]) == 0 {
		return 0, false
	}
	return uint32(res[0]), true
}

// trap is panicked inside a host function to abort the guest call (wazero turns it into the
// call's error), as cpp-host traps on a restricted callback.
type trap string

func (t trap) Error() string { return string(t) }
