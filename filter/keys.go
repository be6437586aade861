package filter

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/tetratelabs/proxy-wasm-go-sdk/proxywasm"
	"github.com/tetratelabs/proxy-wasm-go-sdk/proxywasm/types"

	"github.com/edgeward/edgeward/policies"
)

// Tick periods while a remote key set (auth.providers[].remote_jwks) has never been fetched, and
// after. Each tick reads one small shared-data record per key source; the fetches themselves
// follow the refresh schedule, not the tick.
const (
	tickStarting = 200 * time.Millisecond
	tickSteady   = time.Second
)

// startTicks arms the timer when the engine fetches keys. The first fetch is made on the first
// tick, not in OnPluginStart: Envoy also runs OnPluginStart in a throw-away canary VM whose calls
// would be cancelled.
func (p *pluginContext) startTicks() {
	if !p.engine.HasRemoteKeys() {
		return
	}
	p.setTick(tickStarting)
}

func (p *pluginContext) setTick(d time.Duration) {
	if p.tick == d {
		return
	}
	if err := proxywasm.SetTickPeriodMilliSeconds(uint32(d / time.Millisecond)); err != nil {
		proxywasm.LogErrorf("edgeward: setting the tick period: %v", err)
		return
	}
	p.tick = d
}

// OnTick implements types.PluginContext: it keeps the remote key sets in step with shared data
// and makes the fetches the engine asks for.
func (p *pluginContext) OnTick() {
	defer p.recoverRoot("tick")
	if p.engine == nil {
		return
	}
	fetches, ev := p.engine.Tick(now())
	p.emit(ev)
	for _, f := range fetches {
		p.dispatchKeyFetch(f)
	}
	if p.engine.RemoteKeysReady() {
		p.setTick(tickSteady)
	} else {
		p.setTick(tickStarting)
	}
}

// dispatchKeyFetch makes a key fetch from the root context; a call that cannot be dispatched (an
// unknown cluster: BadArgument) is a failed fetch.
func (p *pluginContext) dispatchKeyFetch(f *policies.KeyFetch) {
	for f != nil {
		hs := make([][2]string, 0, len(f.Call.Headers))
		for _, x := range f.Call.Headers {
			hs = append(hs, [2]string{x.Name, x.Value})
		}
		timeout := uint32(max(f.Call.Timeout/time.Millisecond, 1))
		_, err := proxywasm.DispatchHttpCall(f.Call.Cluster, hs, nil, nil, timeout, func(numHeaders, bodySize, _ int) {
			p.onKeyFetchResponse(f, numHeaders, bodySize)
		})
		if err == nil {
			return
		}
		why := fmt.Sprintf("dispatching the call to cluster %q: %v", f.Call.Cluster, err)
		if err == types.ErrorStatusBadArgument {
			why += " (is the cluster defined in Envoy?)"
		}
		var ev []policies.Event
		f, ev = p.engine.KeyFetchDone(f, policies.FetchResult{Err: why}, now())
		p.emit(ev)
	}
}

// onKeyFetchResponse reads a key fetch's answer: Envoy reports a reset as a response without
// headers; time-outs and connect failures arrive as responses Envoy generates (504, 503).
func (p *pluginContext) onKeyFetchResponse(f *policies.KeyFetch, numHeaders, bodySize int) {
	defer p.recoverRoot("key fetch answer")
	res := policies.FetchResult{BodySize: bodySize}
	if numHeaders == 0 {
		res.Err = "the call was reset without a response"
	} else if hs, err := proxywasm.GetHttpCallResponseHeaders(); err != nil {
		res.Err = fmt.Sprintf("reading the answer's headers: %v", err)
	} else {
		for _, h := range hs {
			name := strings.ToLower(h[0])
			if name == ":status" {
				res.Status, _ = strconv.Atoi(h[1])
			} else if !strings.HasPrefix(name, ":") {
				res.Headers = append(res.Headers, policies.Header{Name: name, Value: h[1]})
			}
		}
		if bodySize > 0 {
			body, err := proxywasm.GetHttpCallResponseBody(0, min(bodySize, f.MaxBytes()+1))
			if err != nil && err != types.ErrorStatusNotFound {
				res = policies.FetchResult{Err: fmt.Sprintf("reading the answer's body: %v", err)}
			}
			res.Body = body
		}
	}
	next, ev := p.engine.KeyFetchDone(f, res, now())
	p.emit(ev)
	p.dispatchKeyFetch(next)
}

// emit writes engine events (outside requests) as log lines and counters.
func (p *pluginContext) emit(events []policies.Event) {
	for _, ev := range events {
		if ev.Metric != "" {
			p.metrics.inc(ev.Metric)
		}
		if len(ev.JSON) > 0 {
			logAt(ev.Level, string(ev.JSON))
		}
	}
}

// recoverRoot keeps a panic in a root-context callback from reaching the host (a trap would kill
// this worker's VM): it is logged and counted; the key sets keep what they had.
func (p *pluginContext) recoverRoot(where string) {
	r := recover()
	if r == nil {
		return
	}
	defer func() { _ = recover() }()
	p.metrics.inc("internal.failure")
	proxywasm.LogCriticalf("edgeward: panic in %s: %v", where, r)
}
