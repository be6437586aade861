// A Proxy-Wasm ABI 0.2.x host on Node.js's V8, for benchmarks and their correctness checks.
//
// It follows the ABI as Envoy implements it (PROXY-WASM-HOST.md in the shared docs is the
// reference; e2e/devhost is the project's full host on wazero, and this one mirrors its rules):
// Envoy's start sequence (_initialize, proxy_on_context_create(root, 0), proxy_on_vm_start,
// proxy_on_configure), the stream call order (context_create, request headers, body chunks with
// end_of_stream on the last, response headers, body, then log, done, delete), deferred local
// replies that run through the plugin's own response callbacks, the allocator protocol, header
// maps, buffers, properties, shared data with compare-and-swap, shared queues, metrics, logs and
// ticks. One Host is one plugin (one vm_id): Options.workers instances share its shared data,
// queues and metrics, as Envoy's worker VMs do.
//
// Deliberate limits (this host is synchronous and has no network):
//   - the upstream is a built-in echo (the dev host's e2e/echo answer: 200, application/json
//     {"method","path","headers","body_bytes"}); no sockets;
//   - proxy_http_call answers BadArgument for every cluster (Envoy: an unknown cluster), so a
//     stream never waits for a call-out; a stream left paused with nothing to resume it is an
//     error, not a hang;
//   - no request or response trailers, no gRPC, no L4 filters, no foreign functions (NotFound);
//   - ticks and shared-queue deliveries run when the driver calls Host.poll(), between requests,
//     as Envoy's dispatcher runs timers between stream events.
//
// Strings that carry bytes (header names and values, keys, paths) are Latin-1 JS strings: one
// char per byte, so that any byte sequence round-trips.

import { randomUUID } from 'node:crypto';
import { wasiImports } from './wasi.mjs';

export const Status = {
  OK: 0, NotFound: 1, BadArgument: 2, SerializationFailure: 3, InvalidMemoryAccess: 6, Empty: 7,
  CasMismatch: 8, InternalFailure: 10, Unimplemented: 12,
};

const MapType = { RequestHeaders: 0, RequestTrailers: 1, ResponseHeaders: 2, ResponseTrailers: 3 };
const BufType = { RequestBody: 0, ResponseBody: 1, HttpCallResponseBody: 4, VMConfiguration: 6, PluginConfiguration: 7 };
const StreamType = { HttpRequest: 0, HttpResponse: 1, Downstream: 2, Upstream: 3 };
const ActionContinue = 0;

const MAX_PAIRS = 1024;
const MAX_PAIRS_BYTES = 1 << 20;

export const Defaults = { bufferLimit: 1 << 20, chunkSize: 64 << 10 };

// Trap aborts the guest call that made a host call (cpp-host traps on a restricted callback).
export class Trap extends Error {}
// VMFailed is thrown by guest calls on a VM that trapped.
export class VMFailed extends Error {}
// Stalled reports a stream paused with nothing that could resume it in this host.
export class Stalled extends Error {}

// Mem is bounds-checked access to an instance's linear memory; it re-reads the buffer after
// growth (memory.grow detaches the old ArrayBuffer).
class Mem {
  constructor(memory) {
    this.memory = memory;
    this.ab = null;
    this.sync();
  }

  sync() {
    const ab = this.memory.buffer;
    if (ab !== this.ab) {
      this.ab = ab;
      this.b = Buffer.from(ab);
      this.dv = new DataView(ab);
    }
    return this;
  }

  size() {
    return this.sync().ab.byteLength;
  }

  ok(ptr, len) {
    return (ptr >>> 0) + (len >>> 0) <= this.size();
  }

  read(ptr, len) {
    ptr >>>= 0;
    len >>>= 0;
    if (ptr + len > this.size()) return null;
    return Buffer.from(this.b.subarray(ptr, ptr + len)); // a copy
  }

  str(ptr, len) {
    ptr >>>= 0;
    len >>>= 0;
    if (ptr + len > this.size()) return null;
    return this.b.latin1Slice(ptr, ptr + len);
  }

  write(ptr, data) {
    ptr >>>= 0;
    if (ptr + data.length > this.size()) return false;
    this.b.set(data, ptr);
    return true;
  }

  u32(ptr, v) {
    ptr >>>= 0;
    if (ptr + 4 > this.size()) return false;
    this.dv.setUint32(ptr, v >>> 0, true);
    return true;
  }

  getU32(ptr) {
    ptr >>>= 0;
    if (ptr + 4 > this.size()) return null;
    return this.dv.getUint32(ptr, true);
  }

  u64(ptr, v) {
    ptr >>>= 0;
    if (ptr + 8 > this.size()) return false;
    this.dv.setBigUint64(ptr, BigInt.asUintN(64, v), true);
    return true;
  }
}

// ---- header maps and the pairs format (PROXY-WASM-HOST.md §5) ----

// HeaderMap is an ordered multi-map with lower-case keys; pseudo-headers stay in front.
export class HeaderMap {
  constructor(pairs = []) {
    this.pairs = pairs;
  }

  get(k) {
    k = k.toLowerCase();
    for (const [pk, pv] of this.pairs) if (pk === k) return pv;
    return undefined;
  }

  joined(k) {
    const vs = this.pairs.filter((p) => p[0] === k).map((p) => p[1]);
    return vs.length ? vs.join(',') : undefined;
  }

  add(k, v) {
    k = k.toLowerCase();
    if (k.startsWith(':')) {
      let i = 0;
      while (i < this.pairs.length && this.pairs[i][0].startsWith(':')) i++;
      this.pairs.splice(i, 0, [k, v]);
      return;
    }
    this.pairs.push([k, v]);
  }

  replace(k, v) {
    this.remove(k);
    this.add(k, v);
  }

  remove(k) {
    k = k.toLowerCase();
    this.pairs = this.pairs.filter((p) => p[0] !== k);
  }

  setAll(ps) {
    this.pairs = [];
    for (const [k, v] of ps) this.add(k, v);
  }

  clone() {
    return new HeaderMap(this.pairs.map((p) => [p[0], p[1]]));
  }

  byteSize() {
    let n = 0;
    for (const [k, v] of this.pairs) n += k.length + v.length;
    return n;
  }
}

function pairsSize(pairs) {
  let size = 4;
  for (const [k, v] of pairs) size += 8 + k.length + v.length + 2;
  return size;
}

// writePairs serializes pairs into b at off: N, N×(key_len, value_len), N×(key NUL value NUL).
function writePairs(b, off, pairs) {
  b.writeUInt32LE(pairs.length, off);
  let p = off + 4;
  for (const [k, v] of pairs) {
    b.writeUInt32LE(k.length, p);
    b.writeUInt32LE(v.length, p + 4);
    p += 8;
  }
  for (const [k, v] of pairs) {
    p += b.latin1Write(k, p);
    b[p++] = 0;
    p += b.latin1Write(v, p);
    b[p++] = 0;
  }
}

export function encodePairs(pairs) {
  if (!pairs || pairs.length === 0) return null;
  const b = Buffer.alloc(pairsSize(pairs));
  writePairs(b, 0, pairs);
  return b;
}

// decodePairs parses strictly as cpp-host does: any defect, more than 1024 entries or more than
// 1 MiB gives an empty map, not an error.
export function decodePairs(b) {
  if (!b || b.length < 4 || b.length > MAX_PAIRS_BYTES) return [];
  const n = b.readUInt32LE(0);
  if (n > MAX_PAIRS || b.length < 4 + 8 * n) return [];
  let d = 4 + 8 * n;
  const out = [];
  for (let i = 0; i < n; i++) {
    const kl = b.readUInt32LE(4 + 8 * i);
    const vl = b.readUInt32LE(8 + 8 * i);
    if (b.length < d + kl + 1 + vl + 1 || b[d + kl] !== 0 || b[d + kl + 1 + vl] !== 0) return [];
    out.push([b.latin1Slice(d, d + kl), b.latin1Slice(d + kl + 1, d + kl + 1 + vl)]);
    d += kl + 1 + vl + 1;
  }
  return d === b.length ? out : [];
}

// ---- process-wide state of one vm_id: shared data, shared queues, metrics, logs ----

// SharedData has cpp-host's CAS rules: one counter starting at 1, advanced on every successful
// set, skipping 0; cas 0 writes unconditionally; a cas on an absent key is ignored.
export class SharedData {
  constructor() {
    this.m = new Map();
    this.nextCas = 1;
  }

  get(key) {
    return this.m.get(key);
  }

  set(key, value, cas) {
    const e = this.m.get(key);
    if (e && cas !== 0 && cas !== e.cas) return Status.CasMismatch;
    this.m.set(key, { value, cas: this.nextCas });
    this.nextCas = (this.nextCas + 1) >>> 0 || 1;
    return Status.OK;
  }

  stats() {
    let bytes = 0;
    for (const [k, e] of this.m) bytes += k.length + e.value.length;
    return { keys: this.m.size, bytes };
  }
}

class SharedQueues {
  constructor() {
    this.byName = new Map();
    this.byId = new Map();
    this.nextId = 1;
  }

  register(name, owner, root) {
    let id = this.byName.get(name);
    if (id !== undefined) {
      Object.assign(this.byId.get(id), { owner, root });
      return id;
    }
    id = this.nextId++;
    this.byName.set(name, id);
    this.byId.set(id, { items: [], owner, root });
    return id;
  }

  enqueue(id, v) {
    const q = this.byId.get(id);
    if (!q) return Status.NotFound;
    q.items.push(v);
    q.owner.post(() => q.owner.callRaw('proxy_on_queue_ready', q.root, q.root, id));
    return Status.OK;
  }

  dequeue(id) {
    const q = this.byId.get(id);
    if (!q) return [null, Status.NotFound];
    if (q.items.length === 0) return [null, Status.Empty];
    return [q.items.shift(), Status.OK];
  }
}

class Metrics {
  constructor() {
    this.byKey = new Map();
  }

  define(type, name) {
    const key = type + name;
    let m = this.byKey.get(key);
    if (!m) {
      m = { type, name, value: 0n };
      this.byKey.set(key, m);
    }
    return m;
  }

  snapshot() {
    const out = {};
    for (const m of this.byKey.values()) out[m.name] = Number(m.value);
    return out;
  }
}

// LogSink keeps the last `keep` entries and a count per level; entries at or above printLevel
// go to print (default: nowhere).
class LogSink {
  constructor({ keep = 2000, printLevel = 99, print = null } = {}) {
    this.keep = keep;
    this.entries = [];
    this.counts = [0, 0, 0, 0, 0, 0];
    this.printLevel = printLevel;
    this.print = print;
  }

  add(level, worker, message) {
    this.counts[level]++;
    this.entries.push({ level, worker, message });
    if (this.entries.length > this.keep * 2) this.entries = this.entries.slice(-this.keep);
    if (this.print && level >= this.printLevel) this.print(`[${LevelNames[level]}] worker ${worker}: ${message}`);
  }

  snapshot() {
    return this.entries.slice(-this.keep);
  }
}

export const LevelNames = ['trace', 'debug', 'info', 'warn', 'error', 'critical'];

// ---- the host ----

// Host is one plugin configuration on `workers` VMs of one compiled module.
export class Host {
  // opts: module (WebAssembly.Module), pluginConfig and vmConfig (Buffer or string), env
  // ({K: V}), workers (1), bufferLimit (1 MiB), chunkSize (64 KiB), pluginName ('edgeward'),
  // rootId (''), vmId (''), logLevel (2 = info, what proxy_get_log_level reports), failOpen
  // (false), log ({keep, printLevel, print}).
  constructor(opts) {
    this.opts = {
      workers: 1, bufferLimit: Defaults.bufferLimit, chunkSize: Defaults.chunkSize, pluginName: 'edgeward',
      rootId: '', vmId: '', logLevel: 2, failOpen: false, env: {}, ...opts,
    };
    const buf = (v) => (v == null ? Buffer.alloc(0) : Buffer.isBuffer(v) ? v : Buffer.from(v, 'utf8'));
    this.pluginConfig = buf(this.opts.pluginConfig);
    this.vmConfig = buf(this.opts.vmConfig);
    this.env = Object.entries(this.opts.env).map(([k, v]) => Buffer.from(`${k}=${v}`, 'utf8').toString('latin1'));
    this.shared = this.opts.shared || new SharedData();
    this.queues = new SharedQueues();
    this.metrics = new Metrics();
    this.logs = new LogSink(this.opts.log);
    this.connIds = 0;
    this.rr = 0;
    this.workers = [];
    this.replacements = 0;
    checkModule(this.opts.module);
  }

  // start creates every worker's VM; it returns the first VM's start timings (ms).
  start() {
    let first = null;
    for (let i = 0; i < this.opts.workers; i++) {
      const vm = new VM(this, i);
      const t = vm.start();
      first = first || t;
      this.workers.push(vm);
    }
    return first;
  }

  // startExtra starts one more VM of the same compiled module (as Envoy starts a worker's clone)
  // and returns its timings; the VM is not kept.
  startExtra() {
    const vm = new VM(this, this.workers.length);
    const t = vm.start();
    vm.shutdown();
    return t;
  }

  // vm returns the instance serving worker i, replacing it first if it trapped (Envoy's
  // FAIL_RELOAD without back-off, as the dev host).
  vm(i) {
    let vm = this.workers[i];
    if (vm.failed) {
      vm = new VM(this, i);
      vm.generation = this.workers[i].generation + 1;
      vm.start();
      this.workers[i] = vm;
      this.replacements++;
    }
    return vm;
  }

  // request runs one request through a worker (round-robin unless worker is given).
  request(req, worker) {
    const i = worker === undefined ? this.rr++ % this.workers.length : worker;
    return this.vm(i).stream(req);
  }

  // poll runs due ticks and posted shared-queue deliveries on every VM.
  poll(now = performance.now()) {
    for (const vm of this.workers) vm.poll(now);
  }

  memorySizes() {
    return this.workers.map((vm) => vm.mem.size());
  }

  shutdown() {
    for (const vm of this.workers) vm.shutdown();
  }
}

// checkModule applies Envoy's load-time checks (PROXY-WASM-HOST.md §2): an ABI version marker,
// an allocator, and proxy_get_log_level only for ABI 0.2.1.
function checkModule(module) {
  const exports = new Set(WebAssembly.Module.exports(module).filter((e) => e.kind === 'function').map((e) => e.name));
  let abi = '';
  for (const v of ['0_1_0', '0_2_0', '0_2_1']) if (exports.has(`proxy_abi_version_${v}`)) abi = abi || v;
  if (abi === '') throw new Error('load module: missing or unknown Proxy-Wasm ABI version');
  if (abi === '0_1_0') throw new Error('load module: Proxy-Wasm ABI 0.1.0 is not supported by this host');
  if (!exports.has('malloc') && !exports.has('proxy_on_memory_allocate')) {
    throw new Error('load module: missing function: malloc or proxy_on_memory_allocate');
  }
  for (const i of WebAssembly.Module.imports(module)) {
    if (i.module === 'env' && i.name === 'proxy_get_log_level' && abi !== '0_2_1') {
      throw new Error('load module: missing import env.proxy_get_log_level (ABI 0.2.1 only)');
    }
  }
}

function ms(t0, t1) {
  return Number(t1 - t0) / 1e6;
}

// VM is one module instance: one Envoy worker's VM.
class VM {
  constructor(host, idx) {
    this.host = host;
    this.idx = idx;
    this.generation = 0;
    this.failed = false;
    this.closed = false;
    this.restricted = '';
    this.inConfigure = false;
    this.starting = true;
    this.startLogs = [];
    this.rootId = 0;
    this.nextId = 1;
    this.streams = new Map();
    this.current = 0;
    this.effective = 0;
    this.metricIds = new Map();
    this.nextMetric = [0, 0, 0];
    this.tickPeriod = 0;
    this.nextTick = 0;
    this.posted = [];
    this.env = host.env;
  }

  trap(msg) {
    throw new Trap(msg);
  }

  log(level, msg) {
    if (this.starting && level >= 4) this.startLogs.push(msg);
    this.host.logs.add(level, this.idx, msg);
  }

  // start instantiates the module and runs Envoy's start sequence, timing each step.
  start() {
    const h = this.host;
    const t0 = process.hrtime.bigint();
    const imports = { wasi_snapshot_preview1: wasiImports(this), env: this.envImports() };
    // Envoy registers WASI under wasi_unstable too.
    imports.wasi_unstable = imports.wasi_snapshot_preview1;
    this.instance = new WebAssembly.Instance(h.opts.module, imports);
    const ex = this.instance.exports;
    this.mem = new Mem(ex.memory);
    this.fns = ex;
    this.alloc = ex.malloc || ex.proxy_on_memory_allocate; // cpp-host prefers malloc
    const t1 = process.hrtime.bigint();
    const fail = (what, err) => {
      this.starting = false;
      let msg = `${what} failed`;
      if (err) msg += `: ${err.message}`;
      if (this.startLogs.length) msg += '\n' + this.startLogs.join('\n');
      return new Error(msg);
    };
    this.restricted = 'start';
    try {
      if (ex._initialize) {
        this.callRaw('_initialize', 0);
        if (ex.main) this.callRaw('main', 0, 0, 0);
        else if (ex.__main_void) this.callRaw('__main_void', 0);
      } else if (ex._start) {
        this.callRaw('_start', 0);
      }
    } catch (e) {
      this.restricted = '';
      throw fail('start VM', this.lastError || e);
    }
    this.restricted = '';
    const t2 = process.hrtime.bigint();
    this.rootId = this.nextId++;
    try {
      this.callRaw('proxy_on_context_create', this.rootId, this.rootId, 0);
    } catch (e) {
      throw fail('create root context', this.lastError || e);
    }
    let ok;
    try {
      ok = this.callRaw('proxy_on_vm_start', this.rootId, this.rootId, h.vmConfig.length);
    } catch (e) {
      throw fail('proxy_on_vm_start', this.lastError || e);
    }
    if (ex.proxy_on_vm_start && ok === 0) throw fail('proxy_on_vm_start');
    const t3 = process.hrtime.bigint();
    this.inConfigure = true;
    try {
      ok = this.callRaw('proxy_on_configure', this.rootId, this.rootId, h.pluginConfig.length);
    } catch (e) {
      throw fail('plugin configure (proxy_on_configure)', this.lastError || e);
    } finally {
      this.inConfigure = false;
    }
    if (ex.proxy_on_configure && ok === 0) throw fail('plugin configure (proxy_on_configure)');
    const t4 = process.hrtime.bigint();
    this.starting = false;
    return {
      instantiate_ms: ms(t0, t1), initialize_ms: ms(t1, t2), vm_start_ms: ms(t2, t3), configure_ms: ms(t3, t4),
      total_ms: ms(t0, t4), memory_bytes: this.mem.size(),
    };
  }

  // callRaw calls a guest export as context ctxId (0: the VM context). An absent export returns
  // 0 (Envoy skips absent callbacks). A trap fails the whole VM and throws VMFailed.
  callRaw(name, ctxId, ...args) {
    if (this.failed || this.closed) throw new VMFailed('wasm VM failed');
    const f = this.fns[name];
    if (!f) return 0;
    const pc = this.current;
    const pe = this.effective;
    this.current = ctxId;
    this.effective = 0;
    let r;
    try {
      r = f(...args);
    } catch (e) {
      this.fail(name, e);
      throw new VMFailed(`${name}: ${e.message}`);
    } finally {
      this.current = pc;
      this.effective = pe;
    }
    return typeof r === 'number' ? r >>> 0 : 0;
  }

  fail(where, err) {
    if (this.failed) return;
    this.failed = true;
    this.lastError = err;
    this.log(5, `wasm trap in ${where}: ${err && err.message}`);
    this.tickPeriod = 0;
    this.posted = [];
  }

  post(fn) {
    this.posted.push(fn);
  }

  poll(now) {
    if (this.failed || this.closed) return;
    while (this.posted.length) {
      const fn = this.posted.shift();
      try {
        fn();
      } catch (e) {
        if (!(e instanceof VMFailed)) throw e;
      }
    }
    if (this.tickPeriod > 0 && now >= this.nextTick) {
      this.nextTick = now + this.tickPeriod;
      try {
        this.callRaw('proxy_on_tick', this.rootId, this.rootId);
      } catch (e) {
        if (!(e instanceof VMFailed)) throw e;
      }
    }
  }

  shutdown() {
    if (this.closed) return;
    if (!this.failed && this.rootId !== 0 && !this.starting) {
      try {
        const done = this.callRaw('proxy_on_done', this.rootId, this.rootId);
        if (done !== 0 || !this.fns.proxy_on_done) this.callRaw('proxy_on_delete', this.rootId, this.rootId);
      } catch (e) {
        if (!(e instanceof VMFailed)) throw e;
      }
    }
    this.closed = true;
  }

  // ---- memory protocol (PROXY-WASM-HOST.md §3) ----

  // allocate calls the guest allocator in the VM context with only proxy_log (and fd_write,
  // clock_time_get, poll_oneoff) allowed. A trap fails the VM and unwinds the calling guest call.
  allocate(n) {
    if (!this.alloc || n === 0) return 0;
    const pc = this.current;
    const pe = this.effective;
    const pr = this.restricted;
    this.current = 0;
    this.effective = 0;
    this.restricted = 'alloc';
    let r;
    try {
      r = this.alloc(n);
    } catch (e) {
      this.fail('allocator', e);
      throw new Trap(`allocator trapped: ${e.message}`);
    } finally {
      this.current = pc;
      this.effective = pe;
      this.restricted = pr;
    }
    return r >>> 0;
  }

  // copyOut hands data (a Buffer, or null for empty) to the guest: allocate, copy, then write
  // address and length into the two slots; empty writes 0 and 0 without allocating.
  copyOut(data, ptrSlot, sizeSlot) {
    const m = this.mem;
    if (!m.ok(ptrSlot, 4) || !m.ok(sizeSlot, 4)) return Status.InvalidMemoryAccess;
    if (!data || data.length === 0) {
      m.u32(ptrSlot, 0);
      m.u32(sizeSlot, 0);
      return Status.OK;
    }
    const addr = this.allocate(data.length);
    if (addr === 0) return Status.InvalidMemoryAccess;
    if (!m.write(addr, data) || !m.u32(ptrSlot, addr) || !m.u32(sizeSlot, data.length)) return Status.InvalidMemoryAccess;
    return Status.OK;
  }

  // copyOutPairs serializes a map straight into guest memory.
  copyOutPairs(pairs, ptrSlot, sizeSlot) {
    if (!pairs || pairs.length === 0) return this.copyOut(null, ptrSlot, sizeSlot);
    const m = this.mem;
    if (!m.ok(ptrSlot, 4) || !m.ok(sizeSlot, 4)) return Status.InvalidMemoryAccess;
    const size = pairsSize(pairs);
    const addr = this.allocate(size);
    if (addr === 0 || !m.ok(addr, size)) return Status.InvalidMemoryAccess;
    writePairs(m.sync().b, addr, pairs);
    m.u32(ptrSlot, addr);
    m.u32(sizeSlot, size);
    return Status.OK;
  }

  // target resolves the context a host call acts on: the effective context if set, else the
  // running callback's. The stream is undefined for the root (or VM) context.
  target() {
    const id = this.effective || this.current;
    return [id, this.streams.get(id)];
  }

  // ---- env imports ----

  envImports() {
    const calls = hostCalls(this);
    const out = {};
    for (const [name, fn] of Object.entries(calls)) {
      out[name] = (...a) => {
        if (this.restricted && name !== 'proxy_log') this.trap(`restricted_callback: ${name} is not allowed here`);
        return fn(...a);
      };
    }
    return out;
  }

  // headerMap resolves map type t for the target context: [map, access] with access
  // 'none' | 'ro' | 'rw'. create makes trailers on first write inside an end-of-stream body
  // callback, as Envoy does.
  headerMap(t, create) {
    if (t > 7) return [null, 'bad'];
    if (t >= 4) return [null, 'none']; // gRPC metadata, call-out maps: never in this host
    const [, s] = this.target();
    if (!s) return [null, 'none'];
    if (s.inLog) {
      if (t === MapType.RequestHeaders) return [s.logReqHdr, 'ro'];
      if (t === MapType.ResponseHeaders) return [s.logResp, 'ro'];
      if (t === MapType.ResponseTrailers) return [s.logRespTr, 'ro'];
      return [null, 'none'];
    }
    const p = t === MapType.ResponseHeaders || t === MapType.ResponseTrailers ? s.resp : s.req;
    if (t === MapType.RequestHeaders || t === MapType.ResponseHeaders) {
      return p.headersAvail ? [p.headers, 'rw'] : [null, 'none'];
    }
    if (p.trailerAvail && p.trailers) return [p.trailers, 'rw'];
    if (create && p.bodyEOS) {
      p.trailers = new HeaderMap();
      p.trailerAvail = true;
      return [p.trailers, 'rw'];
    }
    return [null, 'none'];
  }

  bodyPhase(t) {
    const [, s] = this.target();
    if (!s || s.inLog) return null;
    return t === BufType.ResponseBody ? s.resp : s.req;
  }

  buffer(t) {
    const h = this.host;
    switch (t) {
      case BufType.RequestBody:
      case BufType.ResponseBody: {
        const p = this.bodyPhase(t);
        return [p && p.bodyAvail ? p.body : null, Status.OK]; // an absent HTTP body reads as empty
      }
      case BufType.VMConfiguration:
        return [h.vmConfig, Status.OK];
      case BufType.PluginConfiguration:
        return this.inConfigure ? [h.pluginConfig, Status.OK] : [null, Status.NotFound];
      case 2: case 3: case 4: case 5: case 8:
        return [null, Status.NotFound];
      default:
        return [null, Status.BadArgument];
    }
  }

  property(path) {
    const o = this.host.opts;
    if (path.length === 1) {
      if (path[0] === 'plugin_name') return [Buffer.from(o.pluginName, 'latin1'), Status.OK];
      if (path[0] === 'plugin_root_id') return [Buffer.from(o.rootId, 'latin1'), Status.OK];
      if (path[0] === 'plugin_vm_id') return [Buffer.from(o.vmId, 'latin1'), Status.OK];
    }
    const [, s] = this.target();
    if (!s) return [null, Status.NotFound];
    return s.property(path);
  }

  // ---- streams ----

  newStream(req) {
    const s = new Stream(this, this.nextId++, req);
    this.streams.set(s.id, s);
    return s;
  }

  stream(req) {
    const s = this.newStream(req);
    try {
      return s.run();
    } finally {
      s.finish();
      this.streams.delete(s.id);
    }
  }
}

const hopByHop = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade', 'te', 'content-length', 'host']);

class Phase {
  constructor() {
    this.headers = null;
    this.headersAvail = false;
    this.trailers = null;
    this.trailerAvail = false;
    this.body = null;
    this.bodyAvail = false;
    this.bodyEOS = false;
    this.cont = false;
  }
}

// Stream is one HTTP request's context in its VM, driven synchronously in Envoy's order.
class Stream {
  constructor(vm, id, req) {
    this.vm = vm;
    this.id = id;
    this.rq = req;
    this.req = new Phase();
    this.resp = new Phase();
    this.local = null;
    this.reset = false;
    this.details = '';
    this.vmFailed = false;
    this.bypass = false;
    this.inLog = false;
    this.created = false;
    this.filterSt = new Map();
    this.respSeen = false;
    this.downstarted = false;
    this.start = process.hrtime.bigint();
    this.startWall = BigInt(Date.now()) * 1000000n;
    this.end = 0n;
    this.remoteAddr = req.remoteAddr || '192.0.2.10:40000';
    this.localAddr = '127.0.0.1:10000';
    this.protocol = 'HTTP/1.1';
    this.connId = ++vm.host.connIds;
    this.requestSize = 0;
    this.responseCode = 0;
    this.responseSize = 0;
    this.upstreamAddr = '';
    this.result = { status: 0, headers: [], body: null, details: '', reset: false };
    this.sentReqHdrs = null;
    this.finalResp = null;
  }

  phase(dir) {
    return dir === StreamType.HttpResponse ? this.resp : this.req;
  }

  setLocal(l) {
    if (!this.local || this.local.sent) {
      this.local = l;
      if (!this.details) this.details = l.details;
    }
  }

  pendingLocal() {
    return this.local && !this.local.sent ? this.local : null;
  }

  // callback runs a stream callback, applying the fail mode when the VM failed.
  callback(name, ...args) {
    const vm = this.vm;
    this.req.cont = false;
    this.resp.cont = false;
    if (vm.failed && !this.vmFailed) this.failMode();
    let act = ActionContinue;
    if (!this.bypass && !this.vmFailed) {
      try {
        act = vm.callRaw(name, this.id, this.id, ...args);
      } catch (e) {
        if (!(e instanceof VMFailed)) throw e;
        this.failMode();
      }
    }
    if (this.bypass) act = ActionContinue;
    return act;
  }

  // failMode after a trap: open → no more callbacks; closed → a 503 local reply that skips the
  // plugin (Envoy's wasm_fail_stream).
  failMode() {
    if (this.vmFailed) return;
    this.vmFailed = true;
    if (this.vm.host.opts.failOpen) {
      this.bypass = true;
      return;
    }
    this.local = { status: 503, details: 'wasm_fail_stream', body: Buffer.alloc(0), headers: [], direct: true };
    this.details = 'wasm_fail_stream';
  }

  // check acts on a callback's local reply or close_stream; it returns true when the exchange
  // is over.
  check() {
    const l = this.pendingLocal();
    if (l) {
      this.sendLocal(l);
      return true;
    }
    if (this.reset) {
      this.result.reset = true;
      return true;
    }
    return false;
  }

  stall(what) {
    throw new Stalled(`stream ${this.id}: ${what} paused and nothing in this host resumes it (no call-outs, no timers within a stream)`);
  }

  requestHeaderMap() {
    const r = this.rq;
    const m = new HeaderMap();
    m.add(':authority', r.authority || 'bench.local');
    m.add(':path', r.target);
    m.add(':method', r.method);
    m.add(':scheme', 'http');
    // The dev host (net/http) sorts headers by name; a stable sort keeps repeated values in order.
    const hs = r.headers.map(([k, v], i) => [k.toLowerCase(), v, i]);
    hs.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[2] - b[2]));
    for (const [k, v] of hs) m.add(k, v);
    if (m.get('x-forwarded-proto') === undefined) m.add('x-forwarded-proto', 'http');
    if (m.get('x-request-id') === undefined) m.add('x-request-id', randomUUID());
    return m;
  }

  run() {
    const vm = this.vm;
    const body = this.rq.body && this.rq.body.length ? this.rq.body : null;
    const hm = this.requestHeaderMap();
    const eos = body === null;
    this.callback('proxy_on_context_create', vm.rootId);
    this.created = true;
    this.req.headers = hm;
    this.req.headersAvail = true;
    let act = this.callback('proxy_on_request_headers', hm.pairs.length, eos ? 1 : 0);
    let sent = this.req.headers.clone();
    if (act === ActionContinue) this.req.headersAvail = false;
    if (this.check()) return this.result;
    if (act !== ActionContinue && !this.req.cont) this.stall('request headers');
    this.sentReqHdrs = sent;
    let forwarded = 0;
    if (!eos) {
      const done = this.pump(StreamType.HttpRequest, 'proxy_on_request_body', body, (b) => {
        forwarded += b.length;
      }, () => {
        this.hostReply(413, 'Payload Too Large', 'request_payload_too_large');
        return true;
      });
      if (done) return this.result;
    }
    // The echo upstream answers (e2e/echo).
    const up = echoReply(sent, forwarded);
    this.respSeen = true;
    const rm = new HeaderMap([[':status', '200']]);
    for (const [k, v] of up.headers) rm.add(k, v);
    this.responseCode = 200;
    this.resp.headers = rm;
    this.resp.headersAvail = true;
    act = this.callback('proxy_on_response_headers', rm.pairs.length, 0);
    let final = this.resp.headers.clone();
    if (act === ActionContinue) this.resp.headersAvail = false;
    if (this.check()) return this.result;
    if (act !== ActionContinue && !this.resp.cont) this.stall('response headers');
    this.writeHead(final);
    const out = [];
    this.pump(StreamType.HttpResponse, 'proxy_on_response_body', up.body, (b) => out.push(b), () => {
      this.result.reset = true; // headers already went downstream: Envoy resets the stream
      return true;
    });
    this.responseSize = out.reduce((n, b) => n + b.length, 0);
    this.result.body = Buffer.concat(out);
    return this.result;
  }

  // pump streams a body through the module in chunks of chunkSize (PROXY-WASM-HOST.md §4):
  // Continue forwards the (possibly modified) buffer, Pause buffers it and the next call gets the
  // whole buffered body. It returns true when the exchange is over (a local reply, a reset).
  pump(dir, cb, body, emit, overflow) {
    const h = this.vm.host;
    const p = this.phase(dir);
    let buf = null;
    let buffering = false;
    for (let off = 0; off < body.length;) {
      const chunk = body.subarray(off, Math.min(off + h.opts.chunkSize, body.length));
      off += chunk.length;
      const last = off >= body.length;
      if (dir === StreamType.HttpRequest) this.requestSize += chunk.length;
      buf = buffering ? Buffer.concat([buf, chunk]) : chunk;
      if (buffering && buf.length > h.opts.bufferLimit) return overflow();
      p.body = buf;
      p.bodyAvail = true;
      p.bodyEOS = last;
      const act = this.callback(cb, buf.length, last ? 1 : 0);
      const out = p.body;
      p.bodyEOS = false;
      if (act === ActionContinue) p.bodyAvail = false;
      if (this.check()) return true;
      if (act === ActionContinue || p.cont) {
        emit(out);
        buffering = false;
        buf = null;
      } else {
        buffering = true;
        buf = out;
      }
    }
    if (buffering) this.stall(dir === StreamType.HttpRequest ? 'request body' : 'response body');
    return false;
  }

  hostReply(code, body, details) {
    this.sendLocal({ status: code, details, body: Buffer.from(body, 'latin1'), headers: [] });
  }

  // sendLocal answers the stream locally. Before any response exists the reply goes through the
  // plugin's own response callbacks (Envoy's local reply through the filter chain); once a
  // response exists but has not gone downstream it is sent directly; after that, a reset.
  sendLocal(l) {
    if (this.downstarted) {
      this.result.reset = true;
      return;
    }
    l.sent = true;
    this.responseCode = l.status;
    if (!this.details) this.details = l.details;
    let hm = new HeaderMap([[':status', String(l.status)]]);
    for (const [k, v] of l.headers) hm.add(k, v);
    hm.replace('content-length', String(l.body.length));
    if (hm.get('content-type') === undefined && l.body.length > 0) hm.add('content-type', 'text/plain');
    let body = l.body;
    if (!l.direct && !this.respSeen) {
      this.respSeen = true;
      const eos = body.length === 0;
      this.resp.headers = hm;
      this.resp.headersAvail = true;
      this.callback('proxy_on_response_headers', hm.pairs.length, eos ? 1 : 0);
      hm = this.resp.headers.clone();
      this.resp.headersAvail = false;
      if (this.check()) return;
      if (!eos) {
        this.resp.body = body;
        this.resp.bodyAvail = true;
        this.resp.bodyEOS = true;
        this.callback('proxy_on_response_body', body.length, 1);
        body = this.resp.body;
        this.resp.bodyAvail = false;
        this.resp.bodyEOS = false;
        if (this.check()) return;
      }
      if (hm.get('content-length') !== undefined) hm.replace('content-length', String(body.length));
    }
    this.writeHead(hm);
    this.result.body = body;
    this.responseSize = body.length;
  }

  writeHead(m) {
    const v = Number.parseInt(m.get(':status'), 10);
    const code = Number.isInteger(v) && v >= 100 && v <= 999 ? v : 502;
    this.responseCode = code;
    this.finalResp = m;
    this.downstarted = true;
    this.result.status = code;
    this.result.headers = m.pairs;
  }

  // finish ends the stream as Envoy does: proxy_on_log, proxy_on_done, proxy_on_delete.
  finish() {
    const vm = this.vm;
    this.end = process.hrtime.bigint();
    this.result.details = this.details;
    if (this.bypass || this.vmFailed || vm.failed || !this.created) return;
    this.inLog = true;
    this.logReqHdr = this.sentReqHdrs || this.req.headers;
    this.logResp = this.finalResp;
    this.logRespTr = null;
    try {
      vm.callRaw('proxy_on_log', this.id, this.id);
      this.inLog = false;
      vm.callRaw('proxy_on_done', this.id, this.id);
      vm.callRaw('proxy_on_delete', this.id, this.id);
    } catch (e) {
      if (!(e instanceof VMFailed)) throw e;
    } finally {
      this.inLog = false;
    }
  }

  // property resolves a stream property (PROXY-WASM-HOST.md §6), as the dev host does.
  property(path) {
    const OK = Status.OK;
    const NF = [null, Status.NotFound];
    const str = (v) => [Buffer.from(v, 'latin1'), OK];
    const i64 = (v) => {
      const b = Buffer.alloc(8);
      b.writeBigInt64LE(BigInt(v));
      return [b, OK];
    };
    if (['request', 'response', 'source', 'destination', 'connection', 'upstream'].includes(path[0]) && path.length === 1) {
      return [null, Status.SerializationFailure];
    }
    const key = path.slice(0, 2).join('.');
    if (path.length > 2 && !['request.headers', 'response.headers', 'response.trailers'].includes(key)) return NF;
    let reqHdr = this.req.headersAvail ? this.req.headers : null;
    if (!reqHdr && this.inLog) reqHdr = this.logReqHdr;
    let respHdr = this.resp.headersAvail ? this.resp.headers : null;
    if (!respHdr && this.inLog) respHdr = this.logResp;
    const fromReq = (name) => {
      const v = reqHdr && reqHdr.get(name);
      return v === undefined || v === null ? NF : str(v);
    };
    const mapProp = (m) => {
      if (!m) return NF;
      if (path.length === 2) return [encodePairs(m.pairs), OK];
      const v = m.joined(path[2].toLowerCase());
      return v === undefined ? NF : str(v);
    };
    const port = (addr) => {
      const i = addr.lastIndexOf(':');
      const n = Number.parseInt(addr.slice(i + 1), 10);
      return i < 0 || !Number.isInteger(n) ? NF : i64(n);
    };
    const pathOf = () => (reqHdr && reqHdr.get(':path')) ?? null;
    switch (key) {
      case 'request.path': return fromReq(':path');
      case 'request.url_path': {
        const p = pathOf();
        return p === null ? NF : str(p.split('?')[0]);
      }
      case 'request.query': {
        const p = pathOf();
        if (p === null) return NF;
        const i = p.indexOf('?');
        return str(i < 0 ? '' : p.slice(i + 1).split('#')[0]);
      }
      case 'request.host': return fromReq(':authority');
      case 'request.scheme': return fromReq(':scheme');
      case 'request.method': return fromReq(':method');
      case 'request.referer': return fromReq('referer');
      case 'request.useragent': return fromReq('user-agent');
      case 'request.id': return fromReq('x-request-id');
      case 'request.headers': return mapProp(reqHdr);
      case 'request.time': return i64(this.startWall);
      case 'request.duration': return this.end === 0n ? NF : i64(this.end - this.start);
      case 'request.size': {
        const v = reqHdr && reqHdr.get('content-length');
        if (v !== undefined && v !== null && /^[0-9]+$/.test(v)) return i64(BigInt(v));
        return i64(this.requestSize);
      }
      case 'request.total_size': return i64(this.requestSize + (reqHdr ? reqHdr.byteSize() : 0));
      case 'request.protocol': return str(this.protocol);
      case 'response.code': return this.responseCode === 0 ? NF : i64(this.responseCode);
      case 'response.code_details': return this.details === '' ? NF : str(this.details);
      case 'response.flags': return i64(0);
      case 'response.size': return i64(this.responseSize);
      case 'response.total_size': return i64(this.responseSize + (respHdr ? respHdr.byteSize() : 0));
      case 'response.headers': return mapProp(respHdr);
      case 'response.trailers': return mapProp(this.inLog ? this.logRespTr : this.resp.trailers);
      case 'source.address': return str(this.remoteAddr);
      case 'source.port': return port(this.remoteAddr);
      case 'destination.address': return str(this.localAddr);
      case 'destination.port': return port(this.localAddr);
      case 'connection.id':
      case 'connection_id': {
        const b = Buffer.alloc(8);
        b.writeBigUInt64LE(BigInt(this.connId));
        return [b, OK];
      }
      case 'connection.mtls': return [Buffer.from([0]), OK];
      case 'upstream.address': return this.upstreamAddr ? str(this.upstreamAddr) : NF;
      case 'upstream.port': return this.upstreamAddr ? port(this.upstreamAddr) : NF;
    }
    if (path.length === 1 && this.filterSt.has(path[0])) return [this.filterSt.get(path[0]), OK];
    return NF;
  }
}

// echoReply is the dev host's built-in echo upstream (e2e/echo): 200, application/json with the
// method, the path, the headers it received (lower-case, hop-by-hop ones dropped, host added) and
// the number of body bytes; Server and X-Powered-By: Express.
function echoReply(sent, bodyBytes) {
  const headers = {};
  for (const [k, v] of sent.pairs) {
    if (k.startsWith(':') || hopByHop.has(k)) continue;
    headers[k] = headers[k] === undefined ? v : `${headers[k]}, ${v}`;
  }
  const authority = sent.get(':authority');
  if (authority) headers.host = authority;
  const target = sent.get(':path') || '/';
  const qi = target.indexOf('?');
  let path = qi < 0 ? target : target.slice(0, qi);
  try {
    path = decodeURIComponent(path);
  } catch {
    // keep the raw path, as it came
  }
  if (qi >= 0 && qi < target.length - 1) path += target.slice(qi);
  const sorted = {};
  for (const k of Object.keys(headers).sort()) sorted[k] = headers[k];
  const json = goJSON({ method: sent.get(':method'), path, headers: sorted, body_bytes: bodyBytes });
  const body = Buffer.from(json, 'utf8');
  return {
    headers: [['content-length', String(body.length)], ['content-type', 'application/json'], ['server', 'Express'], ['x-powered-by', 'Express']],
    body,
  };
}

// goJSON is JSON.stringify with Go's encoding/json HTML escaping (the echo upstream is Go).
function goJSON(v) {
  return JSON.stringify(v).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

// ---- host calls (module "env"), as the dev host implements them ----

function hostCalls(vm) {
  const m = () => vm.mem;
  const S = Status;
  const writableMap = (t) => {
    const [map, acc] = vm.headerMap(t, true);
    if (acc === 'bad') return [null, S.BadArgument];
    if (acc !== 'rw') return [null, S.BadArgument];
    return [map, S.OK];
  };
  const readKV = (kp, kl, vp, vl) => {
    const k = m().str(kp, kl);
    const v = m().str(vp, vl);
    return k === null || v === null ? null : [k.toLowerCase(), v];
  };
  const logPrefix = (...parts) => {
    const p = parts.filter((x) => x).join(' ');
    return `wasm log${p ? ' ' + p : ''}: `;
  };
  const metric = (id) => {
    if ((id & 3) === 3) return [null, S.BadArgument];
    const mt = vm.metricIds.get(id);
    return mt ? [mt, S.OK] : [null, S.NotFound];
  };

  return {
    proxy_log(level, ptr, len) {
      level >>>= 0;
      if (level > 5) return S.BadArgument;
      if (!m().ok(ptr, len)) return S.InvalidMemoryAccess;
      const msg = m().b.utf8Slice(ptr >>> 0, (ptr >>> 0) + (len >>> 0));
      const o = vm.host.opts;
      const [, s] = vm.target();
      const prefix = s ? logPrefix(o.pluginName, o.rootId, o.vmId) : logPrefix(o.rootId, o.vmId);
      vm.log(level, prefix + msg);
      return S.OK;
    },
    proxy_get_log_level(ptr) {
      return m().u32(ptr, vm.host.opts.logLevel) ? S.OK : S.InvalidMemoryAccess;
    },
    proxy_get_current_time_nanoseconds(ptr) {
      return m().u64(ptr, BigInt(Date.now()) * 1000000n) ? S.OK : S.InvalidMemoryAccess;
    },
    proxy_set_tick_period_milliseconds(ms) {
      vm.tickPeriod = ms >>> 0;
      vm.nextTick = performance.now() + vm.tickPeriod;
      return S.OK;
    },
    proxy_set_effective_context(id) {
      id >>>= 0;
      if (id !== vm.rootId && !vm.streams.has(id)) return S.BadArgument;
      vm.effective = id;
      return S.OK;
    },
    proxy_done() {
      const [id] = vm.target();
      return id === vm.rootId ? S.OK : S.NotFound;
    },
    proxy_call_foreign_function(np, nl, ap, al) {
      if (!m().ok(np, nl) || !m().ok(ap, al)) return S.InvalidMemoryAccess;
      return S.NotFound;
    },
    proxy_get_status(codePtr, ptr, len) {
      if (!m().u32(codePtr, 0)) return S.InvalidMemoryAccess;
      return vm.copyOut(null, ptr, len);
    },

    proxy_get_property(pp, pl, ptr, len) {
      const raw = m().str(pp, pl);
      if (raw === null) return S.InvalidMemoryAccess;
      const [v, st] = vm.property(raw.split('\0'));
      if (st !== S.OK) return st;
      return vm.copyOut(v, ptr, len);
    },
    proxy_set_property(pp, pl, vp, vl) {
      const path = m().str(pp, pl);
      const v = m().read(vp, vl);
      if (path === null || v === null) return S.InvalidMemoryAccess;
      const [, s] = vm.target();
      if (!s) return S.NotFound;
      s.filterSt.set(path, v);
      return S.OK;
    },

    proxy_get_header_map_pairs(t, ptr, len) {
      const [map, acc] = vm.headerMap(t >>> 0, false);
      if (acc === 'bad') return S.BadArgument;
      return vm.copyOutPairs(map ? map.pairs : null, ptr, len);
    },
    proxy_set_header_map_pairs(t, ptr, len) {
      const data = m().read(ptr, len);
      if (data === null) return S.InvalidMemoryAccess;
      const [map, st] = writableMap(t >>> 0);
      if (st !== S.OK) return st;
      map.setAll(decodePairs(data));
      return S.OK;
    },
    proxy_get_header_map_value(t, kp, kl, ptr, len) {
      const key = m().str(kp, kl);
      if (key === null) return S.InvalidMemoryAccess;
      const [map, acc] = vm.headerMap(t >>> 0, false);
      if (acc === 'bad') return S.BadArgument;
      if (acc === 'none' || !map) {
        const [, s] = vm.target();
        return s && s.inLog ? S.NotFound : S.BadArgument;
      }
      const v = map.get(key);
      if (v === undefined) return S.NotFound;
      return vm.copyOut(Buffer.from(v, 'latin1'), ptr, len);
    },
    proxy_add_header_map_value(t, kp, kl, vp, vl) {
      const kv = readKV(kp, kl, vp, vl);
      if (!kv) return S.InvalidMemoryAccess;
      const [map, st] = writableMap(t >>> 0);
      if (st !== S.OK) return st;
      map.add(kv[0], kv[1]);
      return S.OK;
    },
    proxy_replace_header_map_value(t, kp, kl, vp, vl) {
      const kv = readKV(kp, kl, vp, vl);
      if (!kv) return S.InvalidMemoryAccess;
      const [map, st] = writableMap(t >>> 0);
      if (st !== S.OK) return st;
      map.replace(kv[0], kv[1]);
      return S.OK;
    },
    proxy_remove_header_map_value(t, kp, kl) {
      const k = m().str(kp, kl);
      if (k === null) return S.InvalidMemoryAccess;
      const [map, acc] = vm.headerMap(t >>> 0, false);
      if (acc === 'bad') return S.BadArgument;
      if (acc !== 'rw') return S.BadArgument;
      map.remove(k);
      return S.OK;
    },
    proxy_get_header_map_size(t, ptr) {
      const [map, acc] = vm.headerMap(t >>> 0, false);
      if (acc === 'bad' || acc === 'none' || !map) return S.BadArgument;
      return m().u32(ptr, map.byteSize()) ? S.OK : S.InvalidMemoryAccess;
    },

    proxy_get_buffer_bytes(t, start, max, ptr, len) {
      const [buf, st] = vm.buffer(t >>> 0);
      if (st !== S.OK) return st;
      start >>>= 0;
      max >>>= 0;
      let out = null;
      if (buf && start < buf.length) out = buf.subarray(start, Math.min(buf.length, start + max));
      return vm.copyOut(out, ptr, len);
    },
    proxy_set_buffer_bytes(t, start, size, dp, dl) {
      t >>>= 0;
      const data = m().read(dp, dl);
      if (data === null) return S.InvalidMemoryAccess;
      if (t !== BufType.RequestBody && t !== BufType.ResponseBody) return S.BadArgument;
      const p = vm.bodyPhase(t);
      if (!p || !p.bodyAvail) return S.BadArgument;
      start >>>= 0;
      size >>>= 0;
      const body = p.body || Buffer.alloc(0);
      if (start === 0) p.body = Buffer.concat([data, body.subarray(Math.min(size, body.length))]);
      else if (start >= body.length) p.body = Buffer.concat([body, data]);
      else return S.BadArgument;
      return S.OK;
    },
    proxy_get_buffer_status(t, lp, fp) {
      const [buf, st] = vm.buffer(t >>> 0);
      if (st !== S.OK) return st;
      if (!m().u32(lp, buf ? buf.length : 0) || !m().u32(fp, 0)) return S.InvalidMemoryAccess;
      return S.OK;
    },

    proxy_send_local_response(status, dp, dl, bp, bl, hp, hl, _grpc) {
      const details = m().str(dp, dl);
      const body = m().read(bp, bl);
      const hdrs = m().read(hp, hl);
      if (details === null || body === null || hdrs === null) return S.InvalidMemoryAccess;
      const [, s] = vm.target();
      if (!s || s.inLog) return S.OK;
      const ps = decodePairs(hdrs).map(([k, v]) => [k.toLowerCase(), v]);
      s.setLocal({ status: status >>> 0, details: details.replace(/[ \t\n\r\f\v]/g, '_'), body, headers: ps });
      return S.OK;
    },
    proxy_continue_stream(t) {
      t >>>= 0;
      if (t === StreamType.HttpRequest || t === StreamType.HttpResponse) {
        const [, s] = vm.target();
        if (s) {
          const p = s.phase(t);
          p.cont = true;
          p.headersAvail = false;
          p.bodyAvail = false;
          p.trailerAvail = false;
        }
        return S.OK;
      }
      if (t === StreamType.Downstream) return S.OK;
      if (t === StreamType.Upstream) return S.Unimplemented;
      return S.BadArgument;
    },
    proxy_close_stream(t) {
      if ((t >>> 0) > StreamType.Upstream) return S.BadArgument;
      const [, s] = vm.target();
      if (s) {
        s.reset = true;
        if (!s.details) s.details = 'wasm_close_stream';
      }
      return S.OK;
    },

    proxy_get_shared_data(kp, kl, ptr, len, casPtr) {
      const key = m().str(kp, kl);
      if (key === null || !m().ok(casPtr, 4)) return S.InvalidMemoryAccess;
      const e = vm.host.shared.get(key);
      if (!e) return S.NotFound;
      const st = vm.copyOut(e.value, ptr, len);
      if (st !== S.OK) return st;
      m().u32(casPtr, e.cas);
      return S.OK;
    },
    proxy_set_shared_data(kp, kl, vp, vl, cas) {
      const key = m().str(kp, kl);
      const v = m().read(vp, vl);
      if (key === null || v === null) return S.InvalidMemoryAccess;
      return vm.host.shared.set(key, v, cas >>> 0);
    },
    proxy_register_shared_queue(np, nl, idPtr) {
      const name = m().str(np, nl);
      if (name === null || !m().ok(idPtr, 4)) return S.InvalidMemoryAccess;
      m().u32(idPtr, vm.host.queues.register(name, vm, vm.rootId));
      return S.OK;
    },
    proxy_resolve_shared_queue(vp, vl, np, nl, idPtr) {
      const vmId = m().str(vp, vl);
      const name = m().str(np, nl);
      if (vmId === null || name === null || !m().ok(idPtr, 4)) return S.InvalidMemoryAccess;
      if (vmId !== '' && vmId !== vm.host.opts.vmId) return S.NotFound;
      const id = vm.host.queues.byName.get(name);
      if (id === undefined) return S.NotFound;
      m().u32(idPtr, id);
      return S.OK;
    },
    proxy_enqueue_shared_queue(id, vp, vl) {
      const v = m().read(vp, vl);
      if (v === null) return S.InvalidMemoryAccess;
      return vm.host.queues.enqueue(id >>> 0, v);
    },
    proxy_dequeue_shared_queue(id, ptr, len) {
      if (!m().ok(ptr, 4) || !m().ok(len, 4)) return S.InvalidMemoryAccess;
      const [v, st] = vm.host.queues.dequeue(id >>> 0);
      if (st !== S.OK) return st;
      return vm.copyOut(v, ptr, len);
    },

    proxy_define_metric(type, np, nl, idPtr) {
      type >>>= 0;
      if (type > 2) return S.BadArgument;
      let name = m().str(np, nl);
      if (name === null || !m().ok(idPtr, 4)) return S.InvalidMemoryAccess;
      if (name.startsWith('wasmcustom.')) name = name.slice('wasmcustom.'.length);
      vm.nextMetric[type]++;
      const id = ((vm.nextMetric[type] << 2) | type) >>> 0;
      vm.metricIds.set(id, vm.host.metrics.define(type, name));
      m().u32(idPtr, id);
      return S.OK;
    },
    proxy_increment_metric(id, delta) {
      const [mt, st] = metric(id >>> 0);
      if (st !== S.OK) return st;
      const d = BigInt.asIntN(64, BigInt(delta));
      if (mt.type === 0) {
        if (d <= 0n) return S.BadArgument;
        mt.value += d;
      } else if (mt.type === 1) {
        mt.value = BigInt.asUintN(64, mt.value + d);
      } else {
        return S.BadArgument;
      }
      return S.OK;
    },
    proxy_record_metric(id, v) {
      const [mt, st] = metric(id >>> 0);
      if (st !== S.OK) return st;
      const u = BigInt.asUintN(64, BigInt(v));
      if (mt.type === 0) mt.value += u;
      else if (mt.type === 1) mt.value = u;
      else mt.value += 1n;
      return S.OK;
    },
    proxy_get_metric(id, ptr) {
      const [mt, st] = metric(id >>> 0);
      if (st !== S.OK) return st;
      if (mt.type === 2) return S.BadArgument;
      return m().u64(ptr, mt.value) ? S.OK : S.InvalidMemoryAccess;
    },

    proxy_http_call(cp, cl, hp, hl, bp, bl, tp, tl, timeout, tokenPtr) {
      if (!m().u32(tokenPtr, 0)) return S.InvalidMemoryAccess;
      if (m().str(cp, cl) === null || !m().ok(hp, hl) || !m().ok(bp, bl) || !m().ok(tp, tl)) return S.InvalidMemoryAccess;
      if ((timeout >>> 0) >= 2 ** 31) return S.BadArgument;
      return S.BadArgument; // no clusters in this host: every name is unknown
    },
  };
}
