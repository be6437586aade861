package devhost

import (
	"context"
	"time"
)

// tickState is the root context's timer (one per instance, as each Envoy worker VM has its own).
type tickState struct {
	gen    uint64
	timer  *time.Timer
	period time.Duration // 0: no timer
}

func (t *tickState) stop() {
	t.gen++
	t.period = 0
	if t.timer != nil {
		t.timer.Stop()
		t.timer = nil
	}
}

// hcSetTickPeriod implements proxy_set_tick_period_milliseconds(ms): 0 stops the timer; a new
// period replaces it; the first tick comes after one period and the timer re-arms after each
// proxy_on_tick. Always Ok.
func hcSetTickPeriod(in *instance, a []uint64) status {
	in.tick.stop()
	if ms := u32(a[0]); ms > 0 {
		in.tick.period = time.Duration(ms) * time.Millisecond
		if !in.host.opts.ManualTicks {
			in.armTick(in.tick.period, in.tick.gen)
		}
	}
	return statusOK
}

// Tick runs proxy_on_tick once on every instance whose root context set a tick period, as if
// each timer fired now, and returns when every one has run. It is for Options.ManualTicks (with
// real timers it fires one tick more).
func (h *Host) Tick() {
	type pending struct{ ran, stopped <-chan struct{} }
	var all []pending
	for _, w := range h.workers {
		w.mu.Lock()
		in := w.inst
		w.mu.Unlock()
		ran := make(chan struct{})
		in.events.post(func() {
			defer close(ran)
			in.mu.Lock()
			defer in.mu.Unlock()
			if in.closed || in.failed.Load() || in.tick.period == 0 {
				return
			}
			in.callRaw("proxy_on_tick", in.rootID, uint64(in.rootID))
		})
		all = append(all, pending{ran, in.events.done})
	}
	for _, p := range all {
		select {
		case <-p.ran:
		case <-p.stopped: // the instance shut down: its tick will never run
		}
	}
}

// WaitCallOuts waits until no instance has an HTTP call-out outstanding (each answered call's
// proxy_on_http_call_response has returned, and so has every call it made in turn), or ctx ends.
func (h *Host) WaitCallOuts(ctx context.Context) error {
	for {
		busy := false
		for _, w := range h.workers {
			w.mu.Lock()
			in := w.inst
			w.mu.Unlock()
			in.mu.Lock()
			busy = busy || len(in.calls) > 0
			in.mu.Unlock()
		}
		if !busy {
			return nil
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(2 * time.Millisecond):
		}
	}
}

// AdvanceClock moves the module's wall and monotonic clocks forward by d (WASI clock_time_get),
// for tests of time-driven behaviour (refresh intervals, token expiry) without waiting. Timers
// and call-out timeouts keep real time.
func (h *Host) AdvanceClock(d time.Duration) { h.clockOffset.Add(int64(d)) }

// Now is the module's wall clock: the real time plus every AdvanceClock.
func (h *Host) Now() time.Time { return time.Now().Add(time.Duration(h.clockOffset.Load())) }

func (h *Host) walltime() (int64, int32) {
	t := h.Now()
	return t.Unix(), int32(t.Nanosecond())
}

func (h *Host) nanotime() int64 {
	return time.Since(h.start).Nanoseconds() + h.clockOffset.Load()
}

func (in *instance) armTick(period time.Duration, gen uint64) {
	in.tick.timer = time.AfterFunc(period, func() {
		in.post(func() {
			if in.tick.gen != gen {
				return
			}
			in.callRaw("proxy_on_tick", in.rootID, uint64(in.rootID))
			if in.tick.gen == gen && !in.failed.Load() {
				in.armTick(period, gen)
			}
		})
	})
}
