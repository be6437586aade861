package compat

import (
	"errors"
	"fmt"
	"strings"

	"github.com/edgeward/edgeward/policies"
	hcmv3 "github.com/envoyproxy/go-control-plane/envoy/extensions/filters/network/http_connection_manager/v3"
	wasmv3 "github.com/envoyproxy/go-control-plane/envoy/extensions/wasm/v3"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/types/known/anypb"
	"google.golang.org/protobuf/types/known/structpb"
	"google.golang.org/protobuf/types/known/wrapperspb"
)

const routerType = "type.googleapis.com/envoy.extensions.filters.http.router.v3.Router"

// wasmRuntimes are the runtimes Envoy's wasm extension knows (vm_config.runtime).
var wasmRuntimes = []string{"envoy.wasm.runtime.v8", "envoy.wasm.runtime.wamr", "envoy.wasm.runtime.wasmtime",
	"envoy.wasm.runtime.wavm", "envoy.wasm.runtime.null"}

// defaultBufferLimit is Envoy's per-connection buffer limit when the listener sets none (1 MiB).
const defaultBufferLimit = 1 << 20

// checkFilterOrder enforces Envoy's load-time rule that the router, a terminal filter, is the last
// HTTP filter, and that there is one.
func checkFilterOrder(ps *problems, path string, hcm *hcmv3.HttpConnectionManager) {
	fp := join(path, "http_filters")
	routerAt := -1
	filters := hcm.GetHttpFilters()
	for i, f := range filters {
		if f.GetTypedConfig().GetTypeUrl() != routerType && (f.GetTypedConfig() != nil || f.GetName() != "envoy.filters.http.router") {
			continue
		}
		if routerAt >= 0 {
			ps.add(index(fp, i), "a second router filter: the router must appear once, last")
		}
		routerAt = i
	}
	switch {
	case routerAt < 0:
		ps.add(fp, "no router filter (%s): Envoy would forward nothing", strings.TrimPrefix(routerType, "type.googleapis.com/"))
	case routerAt != len(filters)-1:
		ps.add(index(fp, routerAt), "the router filter must be the last HTTP filter (Envoy refuses the config; filters after it would never run)")
	}
}

// isEdgeward says whether a Wasm plugin is Edgeward's: its name, root_id, vm_id or module file
// (or URI) mentions "edgeward". Other plugins get only the generic checks.
func isEdgeward(m *wasmv3.PluginConfig) bool {
	vm := m.GetVmConfig()
	code := vm.GetCode()
	for _, s := range []string{m.GetName(), m.GetRootId(), vm.GetVmId(), code.GetLocal().GetFilename(), code.GetRemote().GetHttpUri().GetUri()} {
		if strings.Contains(strings.ToLower(s), "edgeward") {
			return true
		}
	}
	return false
}

// checkPluginConfig checks what Envoy rejects at load time and ValidateAll does not, for any Wasm
// plugin, and for Edgeward's also the plugin configuration (policies.ParseConfig).
func checkPluginConfig(ps *problems, p string, m *wasmv3.PluginConfig) (Plugin, bool) {
	vm := m.GetVmConfig()
	if vm == nil {
		ps.add(join(p, "vm_config"), "missing: the Wasm VM (runtime and code) to run the plugin in")
	} else {
		vp := join(p, "vm_config")
		if !contains(wasmRuntimes, vm.GetRuntime()) {
			ps.add(join(vp, "runtime"), "unknown Wasm runtime %q (one of %s)", vm.GetRuntime(), strings.Join(wasmRuntimes, ", "))
		}
		if vm.GetCode() == nil {
			ps.add(join(vp, "code"), "missing: the module to load (local.filename or remote)")
		}
		env := vm.GetEnvironmentVariables()
		for i, k := range env.GetHostEnvKeys() {
			if _, dup := env.GetKeyValues()[k]; dup {
				ps.add(index(join(vp, "environment_variables.host_env_keys"), i), "%q is also in key_values: Envoy refuses a variable set twice", k)
			}
		}
		if vm.GetRuntime() == "envoy.wasm.runtime.null" && len(env.GetKeyValues()) > 0 {
			ps.add(join(vp, "environment_variables.key_values"), "not supported by the null runtime")
		}
	}
	//lint:ignore SA1019 the legacy field is what this check looks for
	if m.GetFailOpen() && m.GetFailurePolicy() != wasmv3.FailurePolicy_UNSPECIFIED {
		ps.add(join(p, "failure_policy"), "set together with the legacy fail_open: Envoy refuses the config; keep only failure_policy")
	}
	if !isEdgeward(m) {
		return Plugin{}, false
	}
	plugin := Plugin{Path: p, Config: m}
	js, sub, err := pluginConfigJSON(m.GetConfiguration())
	if err != nil {
		ps.add(join(p, "configuration"), "%v", err)
		return plugin, true
	}
	plugin.JSON, plugin.JSONPath = js, join(p, "configuration")+sub
	plugin.Parsed = addConfigProblems(ps, plugin.JSONPath, js)
	return plugin, true
}

// pluginConfigJSON returns the bytes Envoy hands the module as its plugin configuration (the
// Any's StringValue or BytesValue unwrapped, a Struct as JSON), and the path suffix of the value.
func pluginConfigJSON(a *anypb.Any) ([]byte, string, error) {
	if a == nil {
		return nil, "", nil
	}
	m, err := a.UnmarshalNew()
	if err != nil {
		return nil, "", err
	}
	switch v := m.(type) {
	case *wrapperspb.StringValue:
		return []byte(v.GetValue()), ".value", nil
	case *wrapperspb.BytesValue:
		return v.GetValue(), ".value", nil
	case *structpb.Struct:
		js, err := protojson.Marshal(v)
		return js, "", err
	}
	return nil, "", fmt.Errorf("the plugin reads JSON: use google.protobuf.StringValue (got %s)", a.GetTypeUrl())
}

// addConfigProblems runs policies.ParseConfig on a plugin configuration embedded at p, reporting
// each of its problems (which name their own path inside the plugin config). It returns the
// parsed config, nil if it does not parse.
func addConfigProblems(ps *problems, p string, js []byte) *policies.Config {
	cfg, err := policies.ParseConfig(js)
	if err != nil {
		var ce *policies.ConfigError
		if errors.As(err, &ce) {
			for _, e := range ce.Problems {
				ps.add(p, "edgeward config: %v", e)
			}
			return nil
		}
		ps.add(p, "edgeward config: %v", err)
	}
	return cfg
}

// checkBufferLimit compares the request body Envoy will buffer for the plugin (the listener's
// per_connection_buffer_limit_bytes, or a virtual host's or route's request body limit) with the
// plugin's body.max_bytes. The plugin holds the body (ActionPause) while it has at most max_bytes;
// if Envoy's limit is lower, Envoy answers 413 first, even where body.over_limit says to inspect
// the prefix and let the request through.
func (c *envoyChecker) checkBufferLimit(p Plugin) {
	if p.Parsed == nil {
		return // already reported
	}
	want := uint64(p.Parsed.Body.MaxBytes)
	var h *hcmSeen
	for i := range c.hcms {
		if strings.HasPrefix(p.Path, c.hcms[i].path+".") && (h == nil || len(c.hcms[i].path) > len(h.path)) {
			h = &c.hcms[i]
		}
	}
	if h == nil {
		return // not in an HTTP connection manager (e.g. a bootstrap Wasm service)
	}
	limit, limitPath := uint64(defaultBufferLimit), join(h.listenerPath, "per_connection_buffer_limit_bytes")
	if v := h.listener.GetPerConnectionBufferLimitBytes(); v != nil {
		limit = uint64(v.GetValue())
	}
	const why = "Envoy buffers at most %d bytes of a request body here, less than the plugin's body.max_bytes (%d): " +
		"Envoy answers 413 before the plugin has read the body (raise the limit or lower body.max_bytes)"
	// The listener's limit applies to routes that set none (and to all when routes come from RDS).
	usesListener := h.hcm.GetRouteConfig() == nil
	rp := join(h.path, "route_config.virtual_hosts")
	for i, vh := range h.hcm.GetRouteConfig().GetVirtualHosts() {
		vp := index(rp, i)
		//lint:ignore SA1019 Envoy still honours the legacy limit, so it is checked too
		vlim, vpath, vset := overrideLimit(vh.GetRequestBodyBufferLimit(), vh.GetPerRequestBufferLimitBytes(), limit, vp)
		if vset && vlim < want {
			c.ps.add(vpath, why, vlim, want)
		}
		for j, r := range vh.GetRoutes() {
			if r.GetRoute() == nil {
				continue // redirects and direct responses read no body
			}
			//lint:ignore SA1019 Envoy still honours the legacy limit, so it is checked too
			rlim, rpath, rset := overrideLimit(r.GetRequestBodyBufferLimit(), r.GetPerRequestBufferLimitBytes(), limit, index(join(vp, "routes"), j))
			if rset && rlim < want {
				c.ps.add(rpath, why, rlim, want)
			}
			usesListener = usesListener || (!rset && !vset)
		}
	}
	if usesListener && limit < want {
		c.ps.add(limitPath, why, limit, want)
	}
}

// overrideLimit applies Envoy's precedence for a virtual host's or route's request body limit:
// request_body_buffer_limit, else min(per_request_buffer_limit_bytes, the listener's limit).
func overrideLimit(body *wrapperspb.UInt64Value, perReq *wrapperspb.UInt32Value, listener uint64, p string) (uint64, string, bool) {
	if body != nil {
		return body.GetValue(), join(p, "request_body_buffer_limit"), true
	}
	if perReq != nil {
		return min(uint64(perReq.GetValue()), listener), join(p, "per_request_buffer_limit_bytes"), true
	}
	return 0, "", false
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
