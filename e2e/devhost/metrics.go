package devhost

import (
	"strings"
	"sync"
)

// metric is one process-wide stat (Envoy's stats are shared by every worker VM).
type metric struct {
	typ   uint32
	name  string
	value uint64 // counter/gauge value; histogram: number of recorded values
}

type metricRegistry struct {
	mu     sync.Mutex
	byName map[string]*metric // key: type + name
}

func newMetricRegistry() *metricRegistry { return &metricRegistry{byName: map[string]*metric{}} }

func (r *metricRegistry) define(typ uint32, name string) *metric {
	r.mu.Lock()
	defer r.mu.Unlock()
	key := string(rune('0'+typ)) + name
	m := r.byName[key]
	if m == nil {
		m = &metric{typ: typ, name: name}
		r.byName[key] = m
	}
	return m
}

func (r *metricRegistry) snapshot() map[string]uint64 {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := map[string]uint64{}
	for _, m := range r.byName {
		out[m.name] = m.value
	}
	return out
}

// hcDefineMetric implements proxy_define_metric(type, name, len, *id): ids are per VM with the
// type in the low 2 bits (counters 4, 8…, gauges 5, 9…, histograms 6, 10…); redefining a name
// gives a new id for the same stat. Envoy names the stat "wasmcustom.<name>"; /stats strips the
// prefix and so does Host.Metrics.
func hcDefineMetric(in *instance, a []uint64) status {
	typ := u32(a[0])
	if typ > metricHistogram {
		return statusBadArgument
	}
	name, ok := in.readString(u32(a[1]), u32(a[2]))
	if !ok || !in.writable(u32(a[3]), 4) {
		return statusInvalidMemoryAccess
	}
	name = strings.TrimPrefix(name, "wasmcustom.")
	in.nextMetric[typ]++
	id := in.nextMetric[typ]<<2 | typ
	in.metricIDs[id] = in.host.metrics.define(typ, name)
	in.writeU32(u32(a[3]), id)
	return statusOK
}

func (in *instance) metric(id uint32) (*metric, status) {
	if id&3 == 3 {
		return nil, statusBadArgument
	}
	m := in.metricIDs[id]
	if m == nil {
		return nil, statusNotFound
	}
	return m, statusOK
}

// hcIncrementMetric implements proxy_increment_metric(id, i64 delta): counters need delta > 0,
// gauges add or subtract, histograms are BadArgument.
func hcIncrementMetric(in *instance, a []uint64) status {
	m, st := in.metric(u32(a[0]))
	if st != statusOK {
		return st
	}
	delta := int64(a[1])
	r := in.host.metrics
	r.mu.Lock()
	defer r.mu.Unlock()
	switch m.typ {
	case metricCounter:
		if delta <= 0 {
			return statusBadArgument
		}
		m.value += uint64(delta)
	case metricGauge:
		m.value += uint64(delta) // two's complement: a negative delta subtracts
	default:
		return statusBadArgument
	}
	return statusOK
}

// hcRecordMetric implements proxy_record_metric(id, u64): counters add (Envoy), gauges set,
// histograms record one value.
func hcRecordMetric(in *instance, a []uint64) status {
	m, st := in.metric(u32(a[0]))
	if st != statusOK {
		return st
	}
	r := in.host.metrics
	r.mu.Lock()
	defer r.mu.Unlock()
	switch m.typ {
	case metricCounter:
		m.value += a[1]
	case metricGauge:
		m.value = a[1]
	default:
		m.value++
	}
	return statusOK
}

// hcGetMetric implements proxy_get_metric(id, *u64): histograms are BadArgument.
func hcGetMetric(in *instance, a []uint64) status {
	m, st := in.metric(u32(a[0]))
	if st != statusOK {
		return st
	}
	if m.typ == metricHistogram {
		return statusBadArgument
	}
	r := in.host.metrics
	r.mu.Lock()
	v := m.value
	r.mu.Unlock()
	if !in.writeU64(u32(a[1]), v) {
		return statusInvalidMemoryAccess
	}
	return statusOK
}
