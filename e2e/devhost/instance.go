package devhost

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/api"
	"github.com/tetratelabs/wazero/sys"
)

// errVMFailed reports a guest call that trapped now or on a VM that trapped before.
var errVMFailed = errors.New("wasm VM failed")

type instanceKey struct{}

// instance is one module instance: one Envoy worker's VM. A wasm instance is single-threaded:
// every guest call, and every host call it makes, runs with mu held.
type instance struct {
	host       *Host
	worker     *worker
	generation int
	mod        api.Module
	ctx        context.Context // carries the instance to host functions
	fns        map[string]api.Function
	alloc      api.Function

	mu        sync.Mutex
	closed    bool
	failed    atomic.Bool
	rootID    uint32
	nextID    uint32
	streams   map[uint32]*stream
	current   uint32 // context of the callback running now (0 = VM context)
	effective uint32 // proxy_set_effective_context, for the rest of the current callback
	// restricted is set during start-up and inside the allocator, where Envoy allows only
	// proxy_log among the proxy_* imports.
	restricted  bool
	inConfigure bool

	callResp   *callResponse // during proxy_on_http_call_response
	calls      map[uint32]context.CancelFunc
	nextToken  uint32
	metricIDs  map[uint32]*metric
	nextMetric [3]uint32
	tick       tickState
	events     *eventLoop
	startLogs  []string // error/critical lines logged while starting
	starting   bool
}

// newInstance instantiates the module and runs Envoy's start sequence (PROXY-WASM-HOST.md §2).
func (h *Host) newInstance(ctx context.Context, w *worker) (*instance, error) {
	in := &instance{
		host:      h,
		worker:    w,
		streams:   map[uint32]*stream{},
		calls:     map[uint32]context.CancelFunc{},
		metricIDs: map[uint32]*metric{},
		nextID:    1,
		starting:  true,
	}
	if w.inst != nil {
		in.generation = w.inst.generation + 1
	}
	in.ctx = context.WithValue(context.Background(), instanceKey{}, in)
	emit := func(l LogLevel, msg string) { in.logLine(l, msg) }
	cfg := wazero.NewModuleConfig().
		WithName("").
		WithStartFunctions().
		WithWalltime(h.walltime, sys.ClockResolution(time.Microsecond)).
		WithNanotime(h.nanotime, sys.ClockResolution(1)).
		WithRandSource(rand.Reader).
		WithStdout(&lineWriter{level: LevelInfo, emit: emit}).
		WithStderr(&lineWriter{level: LevelError, emit: emit})
	for k, v := range h.opts.Env {
		cfg = cfg.WithEnv(k, v)
	}
	mod, err := h.runtime.InstantiateModule(in.ctx, h.compiled, cfg)
	if err != nil {
		return nil, fmt.Errorf("instantiate module: %w", err)
	}
	in.mod = mod
	in.fns = map[string]api.Function{}
	for name := range h.exports {
		if strings.HasPrefix(name, "proxy_on_") || name == "_initialize" || name == "_start" ||
			name == "main" || name == "__main_void" || name == "malloc" {
			in.fns[name] = mod.ExportedFunction(name)
		}
	}
	// cpp-host prefers malloc and falls back to proxy_on_memory_allocate.
	in.alloc = in.fns["malloc"]
	if in.alloc == nil {
		in.alloc = in.fns["proxy_on_memory_allocate"]
	}
	in.events = newEventLoop()
	if err := in.start(); err != nil {
		in.shutdown()
		return nil, err
	}
	return in, nil
}

func (in *instance) start() error {
	in.mu.Lock()
	defer in.mu.Unlock()
	defer func() { in.starting = false }()
	h := in.host
	in.restricted = true
	var err error
	if f := in.fns["_initialize"]; f != nil {
		_, err = in.callRaw("_initialize", 0)
		if err == nil && in.fns["main"] != nil {
			_, err = in.callRaw("main", 0, 0, 0)
		} else if err == nil && in.fns["__main_void"] != nil {
			_, err = in.callRaw("__main_void", 0)
		}
	} else if in.fns["_start"] != nil {
		_, err = in.callRaw("_start", 0)
	}
	in.restricted = false
	if err != nil {
		return in.startError("start VM", err)
	}
	in.rootID = in.newContextID()
	if _, err := in.callRaw("proxy_on_context_create", in.rootID, uint64(in.rootID), 0); err != nil {
		return in.startError("create root context", err)
	}
	ok, err := in.callRaw("proxy_on_vm_start", in.rootID, uint64(in.rootID), uint64(len(h.opts.VMConfig)))
	if err != nil || (in.fns["proxy_on_vm_start"] != nil && ok == 0) {
		return in.startError("proxy_on_vm_start", err)
	}
	in.inConfigure = true
	ok, err = in.callRaw("proxy_on_configure", in.rootID, uint64(in.rootID), uint64(len(h.opts.PluginConfig)))
	in.inConfigure = false
	if err != nil || (in.fns["proxy_on_configure"] != nil && ok == 0) {
		return in.startError("plugin configure (proxy_on_configure)", err)
	}
	return nil
}

// startError builds New's error from what failed and the error lines the module logged.
func (in *instance) startError(what string, err error) error {
	msg := what + " failed"
	if err != nil {
		msg += ": " + err.Error()
	}
	if len(in.startLogs) > 0 {
		msg += "\n" + strings.Join(in.startLogs, "\n")
	}
	return errors.New(msg)
}

func (in *instance) newContextID() uint32 {
	id := in.nextID
	in.nextID++
	return id
}

func (in *instance) logLine(l LogLevel, msg string) {
	if in.starting && l >= LevelError {
		in.startLogs = append(in.startLogs, msg)
	}
	in.host.logs.add(LogEntry{Level: l, Worker: in.worker.idx, Message: msg})
}

// callRaw calls a guest export with mu held, as context ctxID (0: the VM context). An absent
// export returns 0 (Envoy skips absent callbacks). A trap marks the whole VM failed.
func (in *instance) callRaw(name string, ctxID uint32, args ...uint64) (uint64, error) {
	if in.failed.Load() || in.closed {
		return 0, errVMFailed
	}
	f := in.fns[name]
	if f == nil {
		return 0, nil
	}
	prevCur, prevEff := in.current, in.effective
	in.current, in.effective = ctxID, 0
	res, err := f.Call(in.ctx, args...)
	in.current, in.effective = prevCur, prevEff
	if err != nil {
		in.fail(name, err)
		return 0, fmt.Errorf("%s: %w", name, err)
	}
	if len(res) == 0 {
		return 0, nil
	}
	return res[0], nil
}

// call is callRaw for callbacks that return an i32 (actions, bools).
func (in *instance) call(name string, ctxID uint32, args ...uint64) (uint32, error) {
	r, err := in.callRaw(name, ctxID, args...)
	return uint32(r), err
}

// fail marks the VM failed after a trap: no further guest calls; the worker gets a new instance.
func (in *instance) fail(where string, err error) {
	if in.failed.Swap(true) {
		return
	}
	in.logLine(LevelCritical, fmt.Sprintf("wasm trap in %s: %v", where, err))
	in.stopAsync()
	if !in.starting {
		go in.host.replace(in.worker, in)
	}
	for _, s := range in.streams {
		s.wakeUp()
	}
}

// stopAsync stops the instance's timer and HTTP call-outs (mu held).
func (in *instance) stopAsync() {
	in.tick.stop()
	for tok, cancel := range in.calls {
		cancel()
		delete(in.calls, tok)
	}
}

// shutdown runs the root context's done/delete if the VM is healthy and closes the module.
func (in *instance) shutdown() {
	in.mu.Lock()
	defer in.mu.Unlock()
	if in.closed {
		return
	}
	if !in.failed.Load() && in.rootID != 0 && !in.starting {
		done, err := in.call("proxy_on_done", in.rootID, uint64(in.rootID))
		if err == nil && (done != 0 || in.fns["proxy_on_done"] == nil) {
			in.callRaw("proxy_on_delete", in.rootID, uint64(in.rootID))
		}
	}
	in.stopAsync()
	in.closed = true
	in.events.stop()
	in.mod.Close(context.Background())
}

// post runs fn later on the instance's event loop (Envoy's worker dispatcher), with mu held.
func (in *instance) post(fn func()) {
	in.events.post(func() {
		in.mu.Lock()
		defer in.mu.Unlock()
		if in.closed || in.failed.Load() {
			return
		}
		fn()
	})
}

// eventLoop runs posted functions in order on one goroutine; post never blocks.
type eventLoop struct {
	mu   sync.Mutex
	q    []func()
	wake chan struct{}
	done chan struct{}
	once sync.Once
}

func newEventLoop() *eventLoop {
	l := &eventLoop{wake: make(chan struct{}, 1), done: make(chan struct{})}
	go l.run()
	return l
}

func (l *eventLoop) post(fn func()) {
	l.mu.Lock()
	l.q = append(l.q, fn)
	l.mu.Unlock()
	select {
	case l.wake <- struct{}{}:
	default:
	}
}

func (l *eventLoop) stop() { l.once.Do(func() { close(l.done) }) }

func (l *eventLoop) run() {
	for {
		select {
		case <-l.done:
			return
		case <-l.wake:
		}
		for {
			l.mu.Lock()
			if len(l.q) == 0 {
				l.mu.Unlock()
				break
			}
			fn := l.q[0]
			l.q = l.q[1:]
			l.mu.Unlock()
			fn()
		}
	}
}
