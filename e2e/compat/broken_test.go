package compat

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const (
	hcm    = "static_resources.listeners[0].filter_chains[0].filters[0].typed_config"
	wasmAt = hcm + ".http_filters[0].typed_config.config"
)

// brokenFixtures: each deliberately broken file under testdata/ and every problem it must be
// refused with: the path named, and a fragment of the message. The count must match exactly, so
// a fixture cannot pass by failing for some other reason.
var brokenFixtures = []struct {
	file string
	kind Kind
	want []Problem // Msg is a fragment
}{
	{"envoy-wrong-field.yaml", EnvoyBootstrap, []Problem{
		{"static_resources.listeners[0].address.socket_address.adress", `unknown field "adress" in envoy.config.core.v3.SocketAddress (did you mean "address"?)`},
	}},
	{"envoy-unknown-extension.yaml", EnvoyBootstrap, []Problem{
		{hcm + ".http_filters[0].typed_config.@type", `unknown extension type "type.googleapis.com/envoy.extensions.filters.http.wasm.v3.WasmFilter"`},
	}},
	{"envoy-missing-cluster.yaml", EnvoyBootstrap, []Problem{
		{hcm + ".http_filters[0]", "the router filter must be the last HTTP filter"},
		{hcm + ".route_config.virtual_hosts[0].routes[0].route.cluster", `cluster "backend" is not defined in static_resources.clusters (defined: "upstream")`},
	}},
	{"envoy-invalid-values.yaml", EnvoyBootstrap, []Problem{
		{"static_resources.clusters[0].connect_timeout", "value must be greater than 0s"},
		{"static_resources.listeners[0].address.socket_address.port_value", "less than or equal to 65535"},
		{"static_resources.listeners[0].filter_chains[0].filters[0].name", "value length must be at least 1"},
	}},
	{"envoy-bad-plugin.yaml", EnvoyBootstrap, []Problem{
		{wasmAt + ".configuration.value", `edgeward config: fail_mod: unknown key`},
		{wasmAt + ".failure_policy", "set together with the legacy fail_open"},
		{wasmAt + ".vm_config.environment_variables.host_env_keys[0]", `"EDGEWARD_JWT_SECRET" is also in key_values`},
		{wasmAt + ".vm_config.runtime", `unknown Wasm runtime "envoy.wasm.runtime.v9"`},
	}},
	{"envoy-buffer-limit.yaml", EnvoyBootstrap, []Problem{
		{hcm + ".route_config.virtual_hosts[0].routes[0].request_body_buffer_limit", "at most 65536 bytes of a request body here, less than the plugin's body.max_bytes (2097152)"},
		{"static_resources.listeners[0].per_connection_buffer_limit_bytes", "at most 1048576 bytes"},
	}},
	{"wasmplugin-broken.yaml", IstioWasmPlugin, []Problem{
		{"spec.failStrategy", `unknown value "FAIL_SOMETIMES" for enum istio.extensions.v1alpha1.FailStrategy`},
		{"spec.phse", `unknown field "phse" in istio.extensions.v1alpha1.WasmPlugin (did you mean "phase"?)`},
	}},
	{"wasmplugin-rules.yaml", IstioWasmPlugin, []Problem{
		{"spec", "only one of targetRefs or selector can be set"},
		{"spec.pluginConfig", "edgeward config: bogus: unknown key"},
		{"spec.sha256", "want 64 lower-case hex digits"},
		{"spec.url", "required"},
		{"spec.vmConfig.env[0].value", "value may only be set when valueFrom is INLINE"},
	}},
	{"plugin-config-bad.json", PluginConfig, []Problem{
		{"fail_mode", `must be one of "closed", "open", got "sometimes"`},
		{"modee", "unknown key"},
	}},
}

func TestBrokenFixturesRefused(t *testing.T) {
	all, err := filepath.Glob("testdata/*")
	if err != nil {
		t.Fatal(err)
	}
	var files []string // fixtures only: testdata/fuzz holds the fuzzers' corpus
	for _, f := range all {
		if st, err := os.Stat(f); err == nil && !st.IsDir() {
			files = append(files, f)
		}
	}
	if len(files) != len(brokenFixtures) {
		t.Errorf("testdata holds %d files, the table %d: every fixture needs its expectations", len(files), len(brokenFixtures))
	}
	for _, tc := range brokenFixtures {
		t.Run(tc.file, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join("testdata", tc.file))
			if err != nil {
				t.Fatal(err)
			}
			docs, got := Check(data)
			if len(docs) != 1 || docs[0].Kind != tc.kind {
				t.Errorf("detected %v, want one %v", docs, tc.kind)
			}
			assertProblems(t, got, tc.want)
		})
	}
}

// assertProblems checks that got holds exactly the wanted problems (paths equal, messages
// containing the wanted fragments), in any order.
func assertProblems(t *testing.T, got Problems, want []Problem) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("got %d problems, want %d:\n%v", len(got), len(want), got)
	}
	for _, w := range want {
		found := false
		for _, g := range got {
			if g.Path == w.Path && strings.Contains(g.Msg, w.Msg) {
				found = true
				break
			}
		}
		if !found {
			t.Errorf("missing problem %q at %s; got:\n%v", w.Msg, w.Path, got)
		}
	}
}
