package devhost

import "time"

// tickState is the root context's timer (one per instance, as each Envoy worker VM has its own).
type tickState struct {
	gen   uint64
	timer *time.Timer
}

func (t *tickState) stop() {
	t.gen++
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
		in.armTick(time.Duration(ms)*time.Millisecond, in.tick.gen)
	}
	return statusOK
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
