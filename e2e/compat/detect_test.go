package compat

import (
	"strings"
	"testing"
)

func TestCheckDetects(t *testing.T) {
	tests := []struct {
		name      string
		in        string
		kinds     []Kind
		wantProbs []string // fragments, in order
	}{
		{"plugin config", `{"mode": "detect"}`, []Kind{PluginConfig}, nil},
		{"plugin config with a typo", `{"mdoe": "detect"}`, []Kind{PluginConfig}, []string{"mdoe: unknown key"}},
		{"bootstrap as JSON", `{"static_resources": {}}`, []Kind{EnvoyBootstrap}, nil},
		{"bootstrap as YAML", "admin:\n  address:\n    socket_address: {address: 127.0.0.1, port_value: 9901}\n", []Kind{EnvoyBootstrap}, nil},
		{"JSON schema skipped", `{"$schema": "https://json-schema.org/draft/2020-12/schema", "properties": {}}`, []Kind{Unrecognised}, nil},
		{"other Kubernetes kinds skipped", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n---\napiVersion: extensions.istio.io/v1alpha1\nkind: WasmPlugin\nmetadata: {name: other}\nspec: {url: oci://x/y:1}\n",
			[]Kind{Unrecognised, IstioWasmPlugin}, nil},
		{"problems numbered by document", "---\napiVersion: extensions.istio.io/v1alpha1\nkind: WasmPlugin\nmetadata: {name: a}\nspec: {url: oci://x/y:1}\n---\napiVersion: extensions.istio.io/v1alpha1\nkind: WasmPlugin\nmetadata: {name: b}\nspec: {urll: oci://x/y:1}\n",
			[]Kind{IstioWasmPlugin, IstioWasmPlugin}, []string{`doc 2: spec.urll: unknown field "urll"`}},
		{"empty", "  \n", nil, []string{"empty file"}},
		{"YAML mapping of no known kind", "foo: bar\n", []Kind{Unrecognised}, []string{"not recognised"}},
		{"broken YAML", "a: [\n", []Kind{Unrecognised}, []string{"not valid YAML"}},
		{"duplicate key", "admin: {}\nadmin: {}\n", []Kind{Unrecognised}, []string{"not valid YAML"}},
		{"WasmPlugin with wrong apiVersion", "apiVersion: extensions.istio.io/v1beta9\nkind: WasmPlugin\nmetadata: {name: edgeward}\nspec: {url: oci://x/y:1}\n",
			[]Kind{IstioWasmPlugin}, []string{`apiVersion: want "extensions.istio.io/v1alpha1"`}},
		{"WasmPlugin name not a DNS name", "apiVersion: extensions.istio.io/v1alpha1\nkind: WasmPlugin\nmetadata: {name: Edge_Ward}\nspec: {url: oci://x/y:1}\n",
			[]Kind{IstioWasmPlugin}, []string{"metadata.name: want a lower-case DNS name"}},
		{"WasmPlugin url scheme", "apiVersion: extensions.istio.io/v1alpha1\nkind: WasmPlugin\nmetadata: {name: a}\nspec: {url: 'ftp://x/y'}\n",
			[]Kind{IstioWasmPlugin}, []string{"spec.url: url must have schema one of"}},
		{"edgeward WasmPlugin of type NETWORK", "apiVersion: extensions.istio.io/v1alpha1\nkind: WasmPlugin\nmetadata: {name: edgeward}\nspec: {url: 'oci://x/y:1', type: NETWORK}\n",
			[]Kind{IstioWasmPlugin}, []string{"spec.type: Edgeward is an HTTP filter"}},
		{"wrong JSON types name their path", "static_resources:\n  listeners:\n  - name: 7\n    address: {socket_address: {port_value: \"x\"}}\n",
			[]Kind{EnvoyBootstrap}, []string{`static_resources.listeners[0].address.socket_address.port_value: want an unsigned 32-bit integer, got "x"`, `static_resources.listeners[0].name: want a string, got 7`}},
		{"oneof set twice", "static_resources:\n  listeners:\n  - address: {socket_address: {address: a, port_value: 1, named_port: x}}\n",
			[]Kind{EnvoyBootstrap}, []string{`only one of "named_port" and "port_value"`}},
		{"a duration", "static_resources:\n  clusters:\n  - name: a\n    connect_timeout: 5 seconds\n",
			[]Kind{EnvoyBootstrap}, []string{`connect_timeout: want a duration such as "1.5s"`}},
		{"cluster referenced from a wasm remote fetch", "static_resources:\n  clusters: [{name: a}]\n  listeners:\n  - name: l\n    address: {socket_address: {address: 0.0.0.0, port_value: 1}}\n    filter_chains:\n    - filters:\n      - name: hcm\n        typed_config:\n          \"@type\": type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager\n          stat_prefix: s\n          rds: {route_config_name: r, config_source: {ads: {}}}\n          http_filters:\n          - name: w\n            typed_config:\n              \"@type\": type.googleapis.com/envoy.extensions.filters.http.wasm.v3.Wasm\n              config:\n                vm_config:\n                  runtime: envoy.wasm.runtime.v8\n                  code: {remote: {sha256: abc, http_uri: {uri: 'https://x/edgeward.wasm', cluster: modules, timeout: 5s}}}\n          - name: envoy.filters.http.router\n            typed_config: {\"@type\": type.googleapis.com/envoy.extensions.filters.http.router.v3.Router}\n",
			[]Kind{EnvoyBootstrap}, []string{`code.remote.http_uri.cluster: cluster "modules" is not defined`}},
		{"the plugin's global rate limit cluster", "static_resources:\n  clusters: [{name: upstream}]\n  listeners:\n  - name: l\n    address: {socket_address: {address: 0.0.0.0, port_value: 1}}\n    filter_chains:\n    - filters:\n      - name: hcm\n        typed_config:\n          \"@type\": type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager\n          stat_prefix: s\n          rds: {route_config_name: r, config_source: {ads: {}}}\n          http_filters:\n          - name: edgeward\n            typed_config:\n              \"@type\": type.googleapis.com/envoy.extensions.filters.http.wasm.v3.Wasm\n              config:\n                name: edgeward\n                vm_config: {runtime: envoy.wasm.runtime.v8, code: {local: {filename: /m.wasm}}}\n                configuration:\n                  \"@type\": type.googleapis.com/google.protobuf.StringValue\n                  value: '{\"rate_limit\": {\"global\": {\"cluster\": \"ratelimit\", \"domain\": \"edgeward\"}}}'\n          - name: envoy.filters.http.router\n            typed_config: {\"@type\": type.googleapis.com/envoy.extensions.filters.http.router.v3.Router}\n",
			[]Kind{EnvoyBootstrap}, []string{`typed_config.config.configuration.value: edgeward config: rate_limit.global.cluster: cluster "ratelimit" is not defined in static_resources.clusters (defined: "upstream")`}},
		{"the plugin's remote key-set cluster", "static_resources:\n  clusters: [{name: upstream}]\n  listeners:\n  - name: l\n    address: {socket_address: {address: 0.0.0.0, port_value: 1}}\n    filter_chains:\n    - filters:\n      - name: hcm\n        typed_config:\n          \"@type\": type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager\n          stat_prefix: s\n          rds: {route_config_name: r, config_source: {ads: {}}}\n          http_filters:\n          - name: edgeward\n            typed_config:\n              \"@type\": type.googleapis.com/envoy.extensions.filters.http.wasm.v3.Wasm\n              config:\n                name: edgeward\n                vm_config: {runtime: envoy.wasm.runtime.v8, code: {local: {filename: /m.wasm}}}\n                configuration:\n                  \"@type\": type.googleapis.com/google.protobuf.StringValue\n                  value: '{\"auth\": {\"providers\": [{\"issuers\": [\"https://idp\"], \"audiences\": [], \"algorithms\": [\"RS256\"], \"remote_jwks\": {\"issuer\": \"https://idp\", \"cluster\": \"idp_jwks\"}}]}}'\n          - name: envoy.filters.http.router\n            typed_config: {\"@type\": type.googleapis.com/envoy.extensions.filters.http.router.v3.Router}\n",
			[]Kind{EnvoyBootstrap}, []string{`typed_config.config.configuration.value: edgeward config: auth.providers[0].remote_jwks.cluster: cluster "idp_jwks" is not defined in static_resources.clusters (defined: "upstream")`}},
		{"no router", "static_resources:\n  listeners:\n  - name: l\n    address: {socket_address: {address: 0.0.0.0, port_value: 1}}\n    filter_chains:\n    - filters:\n      - name: hcm\n        typed_config:\n          \"@type\": type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager\n          stat_prefix: s\n          rds: {route_config_name: r, config_source: {ads: {}}}\n          http_filters: []\n",
			[]Kind{EnvoyBootstrap}, []string{"http_filters: no router filter"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			docs, ps := Check([]byte(tc.in))
			var kinds []Kind
			for _, d := range docs {
				kinds = append(kinds, d.Kind)
			}
			if len(kinds) != len(tc.kinds) {
				t.Errorf("kinds %v, want %v", kinds, tc.kinds)
			} else {
				for i := range kinds {
					if kinds[i] != tc.kinds[i] {
						t.Errorf("kinds %v, want %v", kinds, tc.kinds)
					}
				}
			}
			if len(ps) != len(tc.wantProbs) {
				t.Fatalf("got problems:\n%v\nwant %d: %q", ps, len(tc.wantProbs), tc.wantProbs)
			}
			for i, w := range tc.wantProbs {
				if !strings.Contains(ps[i].String(), w) {
					t.Errorf("problem %d = %q, want it to contain %q", i, ps[i], w)
				}
			}
		})
	}
}

func TestSnakeField(t *testing.T) {
	tests := []struct{ in, want string }{
		{"StaticResources", "static_resources"},
		{"Listeners[0]", "listeners[0]"},
		{"Http2ProtocolOptions", "http2_protocol_options"},
		{"KeyValues[FOO_BAR]", "key_values[FOO_BAR]"},
		{"PortValue", "port_value"},
		{"Ipv4Compat", "ipv4_compat"},
		{"", ""},
	}
	for _, tc := range tests {
		if got := snakeField(tc.in); got != tc.want {
			t.Errorf("snakeField(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func FuzzCheck(f *testing.F) {
	for _, tc := range brokenFixtures {
		f.Add(mustRead(f, "testdata/"+tc.file))
	}
	f.Add(mustRead(f, "../../envoy/envoy.yaml"))
	f.Add([]byte(`{"mode":"detect"}`))
	f.Add([]byte("---\n---\nkind: WasmPlugin\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		_, ps := Check(data)
		for _, p := range ps {
			if p.Msg == "" {
				t.Fatalf("problem without a message at %q", p.Path)
			}
		}
	})
}
