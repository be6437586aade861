// Command-line driver of the V8 host (host.mjs), run by the Go side (package v8host):
//
//	node --no-liftoff --wasm-max-mem-pages=16384 --expose-gc e2e/v8host/main.mjs INPUT.json
//
// INPUT.json names the modules, the hosts (plugin configs) and either requests to answer once each
// ("mode": "requests", for the correctness test) or benchmark rows ("mode": "bench"). The result is
// one JSON document on stdout; progress goes to stderr. The flags are the ones Envoy's host
// library sets on V8 (proxy-wasm-cpp-host src/v8/v8.cc: liftoff off, at most 1 GiB of linear
// memory), plus --expose-gc for the harness; bench mode refuses to run without --no-liftoff.

import { readFileSync } from 'node:fs';
import { Host, LevelNames, Stalled } from './host.mjs';

function fail(msg) {
  process.stderr.write(`v8host: ${msg}\n`);
  process.exit(2);
}

const major = Number(process.versions.node.split('.')[0]);
if (major < 18) fail(`Node.js ${process.versions.node} is too old (want 18 or later)`);
if (process.argv.length !== 3) fail('usage: node --no-liftoff main.mjs INPUT.json');
const input = JSON.parse(readFileSync(process.argv[2], 'utf8'));

const now = () => process.hrtime.bigint();

// request converts an input request: headers and target as Latin-1 byte strings, body from base64.
function request(r) {
  const latin1 = (s) => Buffer.from(s, 'utf8').toString('latin1');
  return {
    method: r.method,
    target: latin1(r.target),
    headers: (r.headers || []).map(([k, v]) => [latin1(k), latin1(v)]),
    body: r.body ? Buffer.from(r.body, 'base64') : null,
    remoteAddr: r.remote_addr,
  };
}

const utf8 = (s) => Buffer.from(s, 'latin1').toString('utf8');

function compile(path) {
  const bytes = readFileSync(path);
  const t0 = now();
  const module = new WebAssembly.Module(bytes);
  return { module, compileMs: Number(now() - t0) / 1e6, size: bytes.length };
}

const modules = {};
for (const [name, path] of Object.entries(input.modules)) modules[name] = compile(path);

const logOpts = input.print_logs ? { printLevel: 3, print: (l) => process.stderr.write(l + '\n') } : undefined;
const hosts = {};
const starts = {};
for (const h of input.hosts) {
  const mod = modules[h.module];
  if (!mod) fail(`host ${h.name}: no module ${h.module}`);
  const host = new Host({
    module: mod.module, pluginConfig: h.plugin_config || '', env: h.env || {}, workers: h.workers || 1,
    bufferLimit: h.buffer_limit || undefined, log: logOpts,
  });
  try {
    starts[h.name] = host.start();
  } catch (e) {
    fail(`host ${h.name}: ${e.message}`);
  }
  hosts[h.name] = host;
}

function answer(host, r, worker) {
  try {
    const res = host.request(r, worker);
    host.poll();
    return res;
  } catch (e) {
    if (e instanceof Stalled) return { status: 0, headers: [], body: null, details: '', reset: false, error: e.message };
    throw e;
  }
}

if (input.mode === 'requests') {
  const out = [];
  for (const q of input.requests) {
    const host = hosts[q.host];
    if (!host) fail(`request: no host ${q.host}`);
    const res = answer(host, request(q.request), q.worker);
    out.push({
      status: res.reset ? -1 : res.status,
      headers: res.headers.map(([k, v]) => [utf8(k), utf8(v)]),
      body: res.body ? res.body.toString('utf8') : '',
      details: res.details,
      error: res.error || '',
    });
  }
  const report = {};
  for (const [name, host] of Object.entries(hosts)) {
    report[name] = {
      metrics: host.metrics.snapshot(),
      shared_data: host.shared.stats(),
      memory: host.memorySizes(),
      replacements: host.replacements,
      logs: host.logs.snapshot().map((e) => ({ level: LevelNames[e.level], worker: e.worker, message: e.message })),
      start: starts[name],
    };
  }
  process.stdout.write(JSON.stringify({ responses: out, hosts: report }) + '\n');
} else if (input.mode === 'bench') {
  bench();
} else {
  fail(`unknown mode ${input.mode}`);
}

// ---- bench mode ----

function bench() {
  if (!process.execArgv.includes('--no-liftoff')) fail('bench mode needs --no-liftoff (Envoy runs V8 without Liftoff)');
  const rounds = input.rounds || 10;
  const batch = (input.batch_ms || 40) * 1e6;
  const budget = (input.budget_ms || 20000) * 1e6;
  const warmup = (input.warmup_ms || 300) * 1e6;
  const noop = hosts[input.noop_host];
  if (!noop) fail(`bench: no no-op host ${input.noop_host}`);
  const rows = [];
  for (const k of input.kinds) {
    process.stderr.write(`bench (V8): ${k.name}\n`);
    const host = hosts[k.host];
    if (!host) fail(`bench: no host ${k.host}`);
    const r = request(k.request);
    const status = (h) => {
      const res = answer(h, r);
      if (res.error) fail(`${k.name}: ${res.error}`);
      return res.reset ? -1 : res.status;
    };
    const row = { name: k.name, module_status: status(host), noop_status: status(noop) };
    const res = interleave([() => status(host), () => status(noop)], rounds, batch, budget, warmup);
    row.module = res[0];
    row.noop = res[1];
    row.module_mem = host.memorySizes()[0];
    row.noop_mem = noop.memorySizes()[0];
    rows.push(row);
  }
  // VM start: the first VM of each host started above (its compile is lazy, so it pays for
  // compiling the start-up path); then further VMs of the same compiled module, as Envoy starts
  // each worker's clone.
  const start = [];
  for (const name of input.start_hosts || []) {
    const host = hosts[name];
    const again = [];
    for (let i = 0; i < (input.start_runs || 5); i++) again.push(host.startExtra());
    start.push({ host: name, compile_ms: modules[input.hosts.find((h) => h.name === name).module].compileMs, first: starts[name], again });
  }
  const memory = {};
  for (const [name, host] of Object.entries(hosts)) memory[name] = host.memorySizes()[0];
  process.stdout.write(JSON.stringify({
    node: process.version, v8: process.versions.v8, exec_argv: process.execArgv, rows, start, memory,
  }) + '\n');
}

// interleave is e2e/bench's Interleave: each subject warmed up and calibrated to batch-long
// batches, then rounds of one batch per subject in an order rotated (and reversed every other
// round) per round; the result is the median ns/op over the rounds.
function interleave(subjects, rounds, batch, budget, warmup) {
  const n = [];
  let round = 0;
  for (const op of subjects) {
    const per = warm(op, batch, warmup);
    const k = Math.max(1, Math.floor(batch / per));
    n.push(k);
    round += k * per;
  }
  if (budget > 0 && round > 0 && rounds * round > budget) rounds = Math.max(1, Math.floor(budget / round));
  const per = subjects.map(() => []);
  const ops = subjects.map(() => 0);
  for (let r = 0; r < rounds; r++) {
    for (let j = 0; j < subjects.length; j++) {
      let i = (j + r) % subjects.length;
      if (r % 2 === 1) i = subjects.length - 1 - i;
      if (globalThis.gc) globalThis.gc(); // the previous batch's JS garbage is collected outside the timing
      const t0 = now();
      for (let c = 0; c < n[i]; c++) subjects[i]();
      per[i].push(Number(now() - t0) / n[i]);
      ops[i] += n[i];
    }
  }
  return per.map((xs, i) => {
    xs.sort((a, b) => a - b);
    const mid = xs.length >> 1;
    const median = xs.length % 2 ? xs[mid] : (xs[mid - 1] + xs[mid]) / 2;
    return { ns_per_op: median, min_ns_per_op: xs[0], ops: ops[i] };
  });
}

// warm runs op until its cost per call has settled and returns that cost (ns). V8 compiles each
// function on its first call (TurboFan, Liftoff being off), so the first requests of a kind are
// far slower than the rest, for longer on a busy machine: op runs in chunks of about a quarter
// batch (at least 5 calls), for at least warmup ns and 20 calls, until three chunks in a row bring
// no new best by more than 10% (at most 30 s). The cost is the median of the last three chunks.
function warm(op, batch, warmup) {
  const start = now();
  let calls = 0;
  let best = Infinity;
  let still = 0;
  const chunks = [];
  let size = 5;
  for (;;) {
    const t0 = now();
    for (let i = 0; i < size; i++) op();
    const el = Number(now() - t0);
    calls += size;
    const per = el / size;
    chunks.push(per);
    if (per < best * 0.9) {
      best = per;
      still = 0;
    } else {
      still++;
      best = Math.min(best, per);
    }
    size = Math.max(5, Math.floor(batch / 4 / Math.max(1, best)));
    const total = Number(now() - start);
    if ((still >= 3 && total >= warmup && calls >= 20) || total > 30e9) break;
  }
  const last = chunks.slice(-3).sort((a, b) => a - b);
  return Math.max(1, last[last.length >> 1]);
}
