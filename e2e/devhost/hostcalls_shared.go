package devhost

// hcGetSharedData implements proxy_get_shared_data(key, len, *ptr, *size, *cas).
func hcGetSharedData(in *instance, a []uint64) status {
	key, ok := in.readString(u32(a[0]), u32(a[1]))
	if !ok {
		return statusInvalidMemoryAccess
	}
	if !in.writable(u32(a[4]), 4) {
		return statusInvalidMemoryAccess
	}
	v, cas, found := in.host.shared.get(key)
	if !found {
		return statusNotFound
	}
	if st := in.copyOut(v, u32(a[2]), u32(a[3])); st != statusOK {
		return st
	}
	in.writeU32(u32(a[4]), cas)
	return statusOK
}

// hcSetSharedData implements proxy_set_shared_data(key, len, value, len, cas).
func hcSetSharedData(in *instance, a []uint64) status {
	key, ok1 := in.readString(u32(a[0]), u32(a[1]))
	v, ok2 := in.read(u32(a[2]), u32(a[3]))
	if !ok1 || !ok2 {
		return statusInvalidMemoryAccess
	}
	return in.host.shared.set(key, v, u32(a[4]))
}

// hcRegisterSharedQueue implements proxy_register_shared_queue(name, len, *id).
func hcRegisterSharedQueue(in *instance, a []uint64) status {
	name, ok := in.readString(u32(a[0]), u32(a[1]))
	if !ok || !in.writable(u32(a[2]), 4) {
		return statusInvalidMemoryAccess
	}
	in.writeU32(u32(a[2]), in.host.queues.register(name, in, in.rootID))
	return statusOK
}

// hcResolveSharedQueue implements proxy_resolve_shared_queue(vm_id, len, name, len, *id): an
// empty vm_id means the caller's own; another vm_id or an unknown name is NotFound.
func hcResolveSharedQueue(in *instance, a []uint64) status {
	vm, ok1 := in.readString(u32(a[0]), u32(a[1]))
	name, ok2 := in.readString(u32(a[2]), u32(a[3]))
	if !ok1 || !ok2 || !in.writable(u32(a[4]), 4) {
		return statusInvalidMemoryAccess
	}
	if vm != "" && vm != in.host.opts.VMID {
		return statusNotFound
	}
	id, found := in.host.queues.resolve(name)
	if !found {
		return statusNotFound
	}
	in.writeU32(u32(a[4]), id)
	return statusOK
}

// hcEnqueueSharedQueue implements proxy_enqueue_shared_queue(id, value, len).
func hcEnqueueSharedQueue(in *instance, a []uint64) status {
	v, ok := in.read(u32(a[1]), u32(a[2]))
	if !ok {
		return statusInvalidMemoryAccess
	}
	return in.host.queues.enqueue(u32(a[0]), v)
}

// hcDequeueSharedQueue implements proxy_dequeue_shared_queue(id, *ptr, *size): Empty when empty.
func hcDequeueSharedQueue(in *instance, a []uint64) status {
	if !in.writable(u32(a[1]), 4) || !in.writable(u32(a[2]), 4) {
		return statusInvalidMemoryAccess
	}
	v, st := in.host.queues.dequeue(u32(a[0]))
	if st != statusOK {
		return st
	}
	return in.copyOut(v, u32(a[1]), u32(a[2]))
}
