// WASI preview1 as Envoy's host library (proxy-wasm-cpp-host, src/exports.cc at f2db56a) serves it
// to a Proxy-Wasm module: no file system, stdout/stderr as log lines, the environment from
// vm_config.environment_variables, real clocks, a CSPRNG, and poll_oneoff that never sleeps.
// docs: PROXY-WASM-HOST.md §10 (shared docs) is the reference for every errno below.
//
// Plain Node.js, no npm package. node:wasi is not used: it is a general-purpose WASI with real
// file descriptors and a blocking poll_oneoff, which is not what a module sees in Envoy.

import { randomFillSync } from 'node:crypto';

export const Errno = {
  SUCCESS: 0,
  BADF: 8,
  NOTDIR: 20,
  FAULT: 21,
  INVAL: 28,
  NOENT: 44,
  NOSYS: 52,
  NOTSUP: 58,
};

// Envoy's start-up allowlist (PROXY-WASM-HOST.md §2.4, f2db56a): during _initialize these WASI
// calls may not be made; inside the allocator only fd_write, clock_time_get and poll_oneoff may.
const neverAtStart = new Set(['proc_exit', 'sched_yield', 'fd_read', 'fd_seek', 'fd_close', 'path_open']);
const allowedInAllocator = new Set(['fd_write', 'clock_time_get', 'poll_oneoff']);

const MAX_RANDOM = 65536;

// The wall clock in ns: the monotonic clock plus its offset from Date.now(), taken once (so that
// realtime never steps backwards within a run and has ns resolution).
const realtimeBase = BigInt(Date.now()) * 1000000n - process.hrtime.bigint();

// wasiImports returns the wasi_snapshot_preview1 import object for one instance. vm provides:
// mem (a Mem), env (array of "K=V" byte strings), log(level, message), restricted ('' | 'start' |
// 'alloc') and trap(message), which throws.
export function wasiImports(vm) {
  const m = () => vm.mem;
  const guard = (name, fn) => (...a) => {
    if (vm.restricted === 'start' && neverAtStart.has(name)) vm.trap(`restricted_callback: ${name} is not allowed during start`);
    if (vm.restricted === 'alloc' && !allowedInAllocator.has(name)) vm.trap(`restricted_callback: ${name} is not allowed in the allocator`);
    return fn(...a);
  };
  const badfUnless12 = (fd) => ((fd >>> 0) === 1 || (fd >>> 0) === 2 ? Errno.SUCCESS : Errno.BADF);
  const envBytes = () => vm.env.map((kv) => Buffer.from(kv + '\0', 'latin1'));

  const fns = {
    args_sizes_get(argc, size) {
      if (!m().u32(argc, 0) || !m().u32(size, 0)) return Errno.FAULT;
      return Errno.SUCCESS;
    },
    args_get() {
      return Errno.SUCCESS;
    },
    environ_sizes_get(count, size) {
      const e = envBytes();
      const n = e.reduce((s, b) => s + b.length, 0);
      if (!m().u32(count, e.length) || !m().u32(size, n)) return Errno.FAULT;
      return Errno.SUCCESS;
    },
    environ_get(ptrs, buf) {
      let off = buf >>> 0;
      let p = ptrs >>> 0;
      for (const b of envBytes()) {
        if (!m().u32(p, off) || !m().write(off, b)) return Errno.FAULT;
        p += 4;
        off += b.length;
      }
      return Errno.SUCCESS;
    },
    clock_res_get(id, res) {
      id >>>= 0;
      if (id !== 0 && id !== 1) return Errno.NOTSUP;
      return m().u64(res, 1n) ? Errno.SUCCESS : Errno.FAULT;
    },
    clock_time_get(id, _precision, out) {
      id >>>= 0;
      let t;
      if (id === 0) t = realtimeBase + process.hrtime.bigint();
      else if (id === 1) t = process.hrtime.bigint();
      else return Errno.NOTSUP;
      return m().u64(out, t) ? Errno.SUCCESS : Errno.FAULT;
    },
    random_get(buf, len) {
      len >>>= 0;
      if (len > MAX_RANDOM) return Errno.INVAL;
      if (len === 0) return Errno.SUCCESS;
      if (!m().ok(buf, len)) return Errno.FAULT;
      randomFillSync(m().b, buf >>> 0, len);
      return Errno.SUCCESS;
    },
    fd_write(fd, iovs, n, nwritten) {
      fd >>>= 0;
      if (fd !== 1 && fd !== 2) return Errno.BADF;
      const parts = [];
      let total = 0;
      for (let i = 0; i < n >>> 0; i++) {
        const base = m().getU32((iovs >>> 0) + 8 * i);
        const len = m().getU32((iovs >>> 0) + 8 * i + 4);
        if (base === null || len === null) return Errno.FAULT;
        const b = m().read(base, len);
        if (b === null) return Errno.FAULT;
        parts.push(b);
        total += len;
      }
      if (!m().u32(nwritten, total)) return Errno.FAULT;
      let s = Buffer.concat(parts).toString('utf8');
      if (s.endsWith('\n')) s = s.slice(0, -1);
      vm.log(fd === 1 ? 2 : 4, s); // stdout at info, stderr at error
      return Errno.SUCCESS;
    },
    fd_pwrite(fd, iovs, n, _offset, nwritten) {
      return fns.fd_write(fd, iovs, n, nwritten);
    },
    fd_read() {
      return Errno.NOSYS;
    },
    fd_pread() {
      return Errno.NOSYS;
    },
    fd_seek() {
      return Errno.SUCCESS;
    },
    fd_close() {
      return Errno.SUCCESS;
    },
    fd_fdstat_get(fd, stat) {
      fd >>>= 0;
      if (fd !== 1 && fd !== 2) return Errno.BADF;
      if (!m().ok(stat, 24)) return Errno.FAULT;
      m().b.fill(0, stat >>> 0, (stat >>> 0) + 24);
      m().u64((stat >>> 0) + 8, 64n); // rights_base = FD_WRITE
      return Errno.SUCCESS;
    },
    fd_fdstat_set_flags() {
      return Errno.NOSYS;
    },
    fd_prestat_get() {
      return Errno.BADF;
    },
    fd_prestat_dir_name() {
      return Errno.NOSYS;
    },
    fd_filestat_get() {
      return Errno.BADF;
    },
    fd_advise() {
      return Errno.SUCCESS;
    },
    fd_allocate: badfUnless12,
    fd_datasync: badfUnless12,
    fd_sync: badfUnless12,
    fd_fdstat_set_rights: badfUnless12,
    fd_filestat_set_size: badfUnless12,
    fd_filestat_set_times: badfUnless12,
    fd_tell(fd, out) {
      if (badfUnless12(fd) !== Errno.SUCCESS) return Errno.BADF;
      return m().u64(out, 0n) ? Errno.SUCCESS : Errno.FAULT;
    },
    fd_readdir() {
      return Errno.NOTDIR;
    },
    fd_renumber() {
      return Errno.BADF;
    },
    path_open() {
      return Errno.NOENT;
    },
    poll_oneoff(_in, _out, _n, nevents) {
      // f2db56a: no events, success, never sleeps (the Go runtime needs SUCCESS).
      return m().u32(nevents, 0) ? Errno.SUCCESS : Errno.FAULT;
    },
    sched_yield() {
      return Errno.SUCCESS;
    },
    proc_exit(code) {
      // Envoy logs it at trace level and returns; the module keeps running.
      vm.log(0, `wasi proc_exit(${code >>> 0})`);
    },
  };
  for (const name of [
    'path_create_directory', 'path_filestat_get', 'path_filestat_set_times', 'path_link', 'path_readlink',
    'path_remove_directory', 'path_rename', 'path_symlink', 'path_unlink_file',
    'sock_accept', 'sock_recv', 'sock_send', 'sock_shutdown',
  ]) {
    fns[name] = () => Errno.NOTSUP;
  }
  const out = {};
  for (const [name, fn] of Object.entries(fns)) out[name] = guard(name, fn);
  return out;
}
