// Command probe is a test-only Proxy-Wasm module for the dev host's conformance tests
// (e2e/devhost). Built like the real module (filter/_abi/build.sh ./e2e/probe OUT), it performs
// the host call named by the request header x-probe (arguments in x-probe-a, -b, -c) and reports
// what it saw, mostly as a JSON local reply; without x-probe it passes the request through,
// recording body and trailer callbacks in response headers.
package main

import (
	"encoding/binary"
	"encoding/json"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/tetratelabs/proxy-wasm-go-sdk/proxywasm"
	"github.com/tetratelabs/proxy-wasm-go-sdk/proxywasm/types"
)

func init() { proxywasm.SetVMContext(&vm{}) }

// instanceID tells module instances apart (each worker's VM has its own globals).
var instanceID = strconv.FormatInt(time.Now().UnixNano(), 36)

func main() {}

type vm struct{ types.DefaultVMContext }

func (*vm) NewPluginContext(uint32) types.PluginContext { return &plugin{} }

// config is the probe's plugin configuration.
type config struct {
	TickMS uint32 `json:"tick_ms"` // set a tick period; each tick increments probe_ticks
	Queue  string `json:"queue"`   // register this shared queue; ready items go to shared data "queue-got"
	Fail   string `json:"fail"`    // refuse to start, logging this at critical
}

type plugin struct {
	types.DefaultPluginContext
	ticks proxywasm.MetricCounter
}

func (p *plugin) OnPluginStart(int) types.OnPluginStartStatus {
	data, err := proxywasm.GetPluginConfiguration()
	if err != nil && err != types.ErrorStatusNotFound {
		proxywasm.LogCriticalf("probe: reading config: %v", err)
		return types.OnPluginStartStatusFailed
	}
	var c config
	if len(data) > 0 {
		if err := json.Unmarshal(data, &c); err != nil {
			proxywasm.LogCriticalf("probe: config: %v", err)
			return types.OnPluginStartStatusFailed
		}
	}
	if c.Fail != "" {
		proxywasm.LogCritical("probe: config: " + c.Fail)
		return types.OnPluginStartStatusFailed
	}
	p.ticks = proxywasm.DefineCounterMetric("probe_ticks")
	if c.TickMS > 0 {
		proxywasm.SetTickPeriodMilliSeconds(c.TickMS)
	}
	if c.Queue != "" {
		if _, err := proxywasm.RegisterSharedQueue(c.Queue); err != nil {
			proxywasm.LogCriticalf("probe: queue: %v", err)
			return types.OnPluginStartStatusFailed
		}
	}
	return types.OnPluginStartStatusOK
}

func (p *plugin) OnTick() { p.ticks.Increment(1) }

// OnQueueReady appends every item to shared data "queue-got" (comma-separated).
func (p *plugin) OnQueueReady(id uint32) {
	for {
		st, v := raw{}.dequeue(id)
		if st != 0 {
			return
		}
		_, old, cas := raw{}.getSharedData("queue-got")
		next := string(old)
		if next != "" {
			next += ","
		}
		raw{}.setSharedData("queue-got", next+string(v), cas)
	}
}

func (p *plugin) NewHttpContext(id uint32) types.HttpContext { return &httpCtx{id: id} }

type httpCtx struct {
	types.DefaultHttpContext
	id        uint32
	pauseBody bool
	bufOps    string
	bodyCalls []string
	trailers  []string
}

func header(name string) string {
	v, _ := proxywasm.GetHttpRequestHeader(name)
	return v
}

func reply(v any) types.Action {
	b, _ := json.Marshal(v)
	proxywasm.SendHttpResponse(200, [][2]string{{"content-type", "application/json"}, {"x-probe-local", "1"}}, b, -1)
	return types.ActionPause
}

func u32(s string) uint32 {
	n, _ := strconv.ParseUint(s, 10, 32)
	return uint32(n)
}

func (h *httpCtx) OnHttpRequestHeaders(int, bool) types.Action {
	a, b, c := header("x-probe-a"), header("x-probe-b"), header("x-probe-c")
	r := raw{}
	switch header("x-probe") {
	case "":
		proxywasm.AddHttpRequestHeader("x-probe-seen", "1")
		return types.ActionContinue
	case "whoami":
		return reply(map[string]any{"instance": instanceID})
	case "time":
		v, ok := os.LookupEnv(a)
		return reply(map[string]any{"now_ns": time.Now().UnixNano(), "env": v, "env_found": ok})
	case "props":
		out := map[string]any{}
		for _, p := range strings.Split(a, ",") {
			st, v := r.property(strings.ReplaceAll(p, ".", "\x00"))
			e := map[string]any{"status": st, "value": string(v)}
			if len(v) == 8 {
				e["int"] = int64(binary.LittleEndian.Uint64(v))
			}
			out[p] = e
		}
		return reply(out)
	case "shared-get":
		st, v, cas := r.getSharedData(a)
		return reply(map[string]any{"status": st, "value": string(v), "cas": cas})
	case "shared-set":
		return reply(map[string]any{"status": r.setSharedData(a, b, u32(c))})
	case "queue-register":
		st, id := r.registerQueue(a)
		return reply(map[string]any{"status": st, "id": id})
	case "queue-resolve":
		st, id := r.resolveQueue(b, a)
		return reply(map[string]any{"status": st, "id": id})
	case "queue-enqueue":
		return reply(map[string]any{"status": r.enqueue(u32(a), b)})
	case "queue-dequeue":
		st, v := r.dequeue(u32(a))
		return reply(map[string]any{"status": st, "value": string(v)})
	case "metric":
		st, id := r.defineMetric(u32(a), b)
		var ops []map[string]any
		for _, op := range strings.Split(c, ",") {
			name, arg, _ := strings.Cut(op, ":")
			n, _ := strconv.ParseInt(arg, 10, 64)
			e := map[string]any{"op": op}
			switch name {
			case "inc":
				e["status"] = r.incrementMetric(id, n)
			case "rec":
				e["status"] = r.recordMetric(id, uint64(n))
			case "get":
				e["status"], e["value"] = r.getMetric(id)
			case "badid":
				e["status"] = r.incrementMetric(id+400, 1)
			}
			ops = append(ops, e)
		}
		return reply(map[string]any{"status": st, "id": id, "ops": ops})
	case "headers":
		hs, _ := proxywasm.GetHttpRequestHeaders()
		return reply(hs)
	case "hdrops":
		out := map[string]any{}
		out["add"] = statusOf(proxywasm.AddHttpRequestHeader("x-a", "1"))
		out["add2"] = statusOf(proxywasm.AddHttpRequestHeader("X-A", "2"))
		out["replace"] = statusOf(proxywasm.ReplaceHttpRequestHeader("x-b", "3"))
		out["remove_absent"] = statusOf(proxywasm.RemoveHttpRequestHeader("x-none"))
		out["get_missing"], _ = r.getHeader(0, "x-none")
		out["get_first"], out["first"] = r.getHeader(0, "x-a")
		out["get_response_map"], _ = r.getHeader(2, "x")
		out["get_bad_map"], _ = r.getHeader(9, "x")
		hs, _ := proxywasm.GetHttpRequestHeaders()
		out["pairs"] = hs
		return reply(out)
	case "buffers":
		out := map[string]any{}
		out["vm_config"], _ = r.getBuffer(6, 0, 100)
		out["plugin_config"], _ = r.getBuffer(7, 0, 100)
		out["bad_type"], _ = r.getBuffer(9, 0, 100)
		out["call_body"], _ = r.getBuffer(4, 0, 100)
		out["request_body"], _ = r.getBuffer(0, 0, 100)
		out["set_request_body"] = r.setBuffer(0, 0, 0, "x")
		out["set_vm_config"] = r.setBuffer(6, 0, 0, "x")
		return reply(out)
	case "stream":
		return reply(map[string]any{
			"continue_upstream": r.continueStream(3),
			"continue_bad":      r.continueStream(9),
			"close_bad":         r.closeStream(9),
			"effective_bad":     r.setEffectiveContext(999999),
			"effective_self":    r.setEffectiveContext(h.id),
			"foreign":           r.foreign("compress"),
		})
	case "badmem":
		return reply(r.badMemory())
	case "local":
		proxywasm.SendHttpResponse(u32(a), [][2]string{{"x-probe-local", "1"}}, []byte(b), -1)
		return types.ActionPause
	case "trap":
		panic("probe: trap requested")
	case "callout-status":
		hdrs := encodePairs([][2]string{{":method", "GET"}, {":path", "/"}, {":authority", "x"}})
		if b == "nopath" {
			hdrs = encodePairs([][2]string{{":method", "GET"}, {":authority", "x"}})
		}
		return reply(map[string]any{"status": r.httpCallStatus(a, hdrs, u32(c))})
	case "callout":
		hdrs := [][2]string{{":method", "GET"}, {":path", b}, {":authority", "callout.local"}, {"x-probe-callout", "1"}}
		_, err := proxywasm.DispatchHttpCall(a, hdrs, nil, nil, u32(c), func(nh, bodySize, nt int) {
			rh, _ := proxywasm.GetHttpCallResponseHeaders()
			body, _ := proxywasm.GetHttpCallResponseBody(0, bodySize)
			st := map[string]string{}
			for _, p := range rh {
				st[p[0]] = p[1]
			}
			reply(map[string]any{"headers": st, "body": string(body), "body_size": bodySize})
		})
		if err != nil {
			return reply(map[string]any{"dispatch_error": err.Error()})
		}
		return types.ActionPause
	case "body-pause":
		proxywasm.RemoveHttpRequestHeader("content-length")
		h.pauseBody = true
	case "bufops":
		h.bufOps = a
	case "close":
		raw{}.closeStream(0)
		return types.ActionPause
	}
	return types.ActionContinue
}

func (h *httpCtx) OnHttpRequestBody(size int, eos bool) types.Action {
	h.bodyCalls = append(h.bodyCalls, fmt.Sprintf("%d/%t", size, eos))
	switch {
	case h.bufOps != "":
		if !eos {
			return types.ActionPause
		}
		var sts []uint32
		for _, op := range strings.Split(h.bufOps, ";") {
			f := strings.SplitN(op, ",", 3)
			if len(f) == 3 {
				sts = append(sts, raw{}.setBuffer(0, u32(f[0]), u32(f[1]), f[2]))
			}
		}
		_, body := raw{}.getBuffer(0, 0, 1<<30)
		_, mid := raw{}.getBuffer(0, 1, 2)
		_, past := raw{}.getBuffer(0, 1<<20, 10)
		return reply(map[string]any{"statuses": sts, "body": string(body), "slice_1_2": string(mid), "past_end": string(past)})
	case h.pauseBody:
		if !eos {
			return types.ActionPause
		}
		body, _ := proxywasm.GetHttpRequestBody(0, size)
		proxywasm.ReplaceHttpRequestBody([]byte(fmt.Sprintf("probe saw %d bytes", len(body))))
	}
	return types.ActionContinue
}

func (h *httpCtx) OnHttpRequestTrailers(int) types.Action {
	ts, _ := proxywasm.GetHttpRequestTrailers()
	for _, t := range ts {
		h.trailers = append(h.trailers, t[0]+"="+t[1])
	}
	proxywasm.AddHttpRequestTrailer("x-probe-trailer", "1")
	return types.ActionContinue
}

func (h *httpCtx) OnHttpResponseHeaders(int, bool) types.Action {
	proxywasm.AddHttpResponseHeader("x-probe-resp", "1")
	proxywasm.AddHttpResponseHeader("x-probe-body-calls", strings.Join(h.bodyCalls, ","))
	proxywasm.AddHttpResponseHeader("x-probe-req-trailers", strings.Join(h.trailers, ";"))
	return types.ActionContinue
}

func statusOf(err error) uint32 {
	if err == nil {
		return 0
	}
	for i, e := range []error{nil, types.ErrorStatusNotFound, types.ErrorStatusBadArgument} {
		if e == err {
			return uint32(i)
		}
	}
	return 99
}

func encodePairs(ps [][2]string) []byte {
	b := binary.LittleEndian.AppendUint32(nil, uint32(len(ps)))
	for _, p := range ps {
		b = binary.LittleEndian.AppendUint32(b, uint32(len(p[0])))
		b = binary.LittleEndian.AppendUint32(b, uint32(len(p[1])))
	}
	for _, p := range ps {
		b = append(append(append(append(b, p[0]...), 0), p[1]...), 0)
	}
	return b
}
