// Package filter is Edgeward's Proxy-Wasm glue: it reads the request and response from the host,
// runs them through the policies engine and applies the engine's decisions (local responses,
// header changes, body replacement, logs, metrics). All policy lives in policies/.
package filter

import (
	"errors"
	"os"
	"time"

	"github.com/tetratelabs/proxy-wasm-go-sdk/proxywasm"
	"github.com/tetratelabs/proxy-wasm-go-sdk/proxywasm/types"

	"github.com/edgeward/edgeward/policies"
	_ "github.com/edgeward/edgeward/policies/features" // every feature, in their order
)

// now is the clock; tests may replace it.
var now = time.Now

type vmContext struct{ types.DefaultVMContext }

// NewVMContext returns the module's root context: one per VM (one VM per Envoy worker thread).
func NewVMContext() types.VMContext { return &vmContext{} }

// NewPluginContext implements types.VMContext.
func (*vmContext) NewPluginContext(uint32) types.PluginContext {
	return &pluginContext{metrics: newMetrics()}
}

// pluginContext holds the compiled engine for one plugin configuration.
type pluginContext struct {
	types.DefaultPluginContext
	engine  *policies.Engine
	metrics *metrics
	tick    time.Duration // the tick period set, 0 for none
}

// OnPluginStart implements types.PluginContext: it parses the plugin configuration strictly. A bad
// configuration is logged at critical level and fails the plugin start: Envoy then refuses to
// serve with it rather than run half-configured.
func (p *pluginContext) OnPluginStart(int) (status types.OnPluginStartStatus) {
	defer func() {
		if r := recover(); r != nil {
			proxywasm.LogCriticalf("edgeward: plugin start panicked: %v", r)
			status = types.OnPluginStartStatusFailed
		}
	}()
	data, err := proxywasm.GetPluginConfiguration()
	if err != nil && !errors.Is(err, types.ErrorStatusNotFound) {
		// A host read error is not an empty config.
		proxywasm.LogCriticalf("edgeward: reading the plugin configuration: %v", err)
		return types.OnPluginStartStatusFailed
	}
	cfg, err := policies.ParseConfig(data)
	if err != nil {
		proxywasm.LogCritical("edgeward: " + err.Error())
		return types.OnPluginStartStatusFailed
	}
	engine, err := policies.NewEngine(cfg, policies.Options{Getenv: os.Getenv, Store: newSharedStore(), Now: now()})
	if err != nil {
		proxywasm.LogCritical("edgeward: " + err.Error())
		return types.OnPluginStartStatusFailed
	}
	p.engine = engine
	p.startTicks()
	proxywasm.LogInfof("edgeward: started (mode %s, fail_mode %s)", cfg.Mode, cfg.FailMode)
	return types.OnPluginStartStatusOK
}

// NewHttpContext implements types.PluginContext.
func (p *pluginContext) NewHttpContext(contextID uint32) types.HttpContext {
	return &httpContext{plugin: p, contextID: contextID}
}

// metrics defines Envoy counters lazily, once per name, and caches them.
type metrics struct {
	counters map[string]proxywasm.MetricCounter
}

func newMetrics() *metrics { return &metrics{counters: map[string]proxywasm.MetricCounter{}} }

// MetricPrefix is prepended to every counter the engine names.
const MetricPrefix = "edgeward."

func (m *metrics) inc(name string) {
	c, ok := m.counters[name]
	if !ok {
		c = proxywasm.DefineCounterMetric(MetricPrefix + name)
		m.counters[name] = c
	}
	c.Increment(1)
}
