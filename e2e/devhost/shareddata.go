package devhost

import "sync"

// sharedData is the process-wide shared-data store of one vm_id (all instances share it), with
// cpp-host's CAS rules: one counter starting at 1, advanced on every successful set, skipping 0.
type sharedData struct {
	mu      sync.Mutex
	m       map[string]sharedEntry
	nextCas uint32
}

type sharedEntry struct {
	value []byte
	cas   uint32
}

func newSharedData() *sharedData { return &sharedData{m: map[string]sharedEntry{}, nextCas: 1} }

// get returns the value and cas of key; ok false when absent.
func (d *sharedData) get(key string) ([]byte, uint32, bool) {
	d.mu.Lock()
	defer d.mu.Unlock()
	e, ok := d.m[key]
	return e.value, e.cas, ok
}

// set stores value: CasMismatch only when the key exists, cas ≠ 0 and cas ≠ its current cas.
// cas 0 writes unconditionally and a cas on an absent key is ignored.
func (d *sharedData) set(key string, value []byte, cas uint32) status {
	d.mu.Lock()
	defer d.mu.Unlock()
	if e, ok := d.m[key]; ok && cas != 0 && cas != e.cas {
		return statusCasMismatch
	}
	d.m[key] = sharedEntry{value: value, cas: d.nextCas}
	d.nextCas++
	if d.nextCas == 0 {
		d.nextCas = 1
	}
	return statusOK
}

func (d *sharedData) stats() (keys, bytes int) {
	d.mu.Lock()
	defer d.mu.Unlock()
	for k, e := range d.m {
		bytes += len(k) + len(e.value)
	}
	return len(d.m), bytes
}

// sharedQueues are the process-wide shared queues of one vm_id.
type sharedQueues struct {
	mu     sync.Mutex
	byName map[string]uint32
	byID   map[uint32]*sharedQueue
	nextID uint32
}

type sharedQueue struct {
	items [][]byte
	owner *instance // delivery target: the latest registrant's instance and root context
	root  uint32
}

func newSharedQueues() *sharedQueues {
	return &sharedQueues{byName: map[string]uint32{}, byID: map[uint32]*sharedQueue{}, nextID: 1}
}

// register creates the queue or, if it exists, keeps its id and items and makes the caller the
// delivery target.
func (q *sharedQueues) register(name string, owner *instance, root uint32) uint32 {
	q.mu.Lock()
	defer q.mu.Unlock()
	if id, ok := q.byName[name]; ok {
		q.byID[id].owner, q.byID[id].root = owner, root
		return id
	}
	id := q.nextID
	q.nextID++
	q.byName[name] = id
	q.byID[id] = &sharedQueue{owner: owner, root: root}
	return id
}

func (q *sharedQueues) resolve(name string) (uint32, bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	id, ok := q.byName[name]
	return id, ok
}

// enqueue appends and posts proxy_on_queue_ready(root, id) to the registrant (asynchronously,
// also when it is the caller).
func (q *sharedQueues) enqueue(id uint32, v []byte) status {
	q.mu.Lock()
	sq, ok := q.byID[id]
	if !ok {
		q.mu.Unlock()
		return statusNotFound
	}
	sq.items = append(sq.items, v)
	owner, root := sq.owner, sq.root
	q.mu.Unlock()
	owner.post(func() { owner.callRaw("proxy_on_queue_ready", root, uint64(root), uint64(id)) })
	return statusOK
}

func (q *sharedQueues) dequeue(id uint32) ([]byte, status) {
	q.mu.Lock()
	defer q.mu.Unlock()
	sq, ok := q.byID[id]
	if !ok {
		return nil, statusNotFound
	}
	if len(sq.items) == 0 {
		return nil, statusEmpty
	}
	v := sq.items[0]
	sq.items = sq.items[1:]
	return v, statusOK
}
