package compat

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	listenerv3 "github.com/envoyproxy/go-control-plane/envoy/config/listener/v3"
	wasmv3 "github.com/envoyproxy/go-control-plane/envoy/extensions/wasm/v3"
	"google.golang.org/protobuf/proto"
	extv1alpha1 "istio.io/api/extensions/v1alpha1"
	"sigs.k8s.io/yaml"
)

const root = "../.."

// The files this package ships or checks, relative to the repository root.
const (
	envoyYAML   = "envoy/envoy.yaml"
	composeEnvy = "e2e/envoy-compose.yaml"
	composeRL   = "e2e/envoy-compose-ratelimit.yaml"
	composeOIDC = "e2e/envoy-compose-oidc.yaml"
	composeFile = "e2e/docker-compose.yml"
	wasmPlugin  = "envoy/istio/wasmplugin.yaml"
	sidecarWP   = "envoy/istio/wasmplugin-sidecar.yaml"
	pluginJSON  = "envoy/edgeward.json"
)

func readRepo(t *testing.T, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(root, name))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// embeddedFrom names the plugin config each shipped file embeds (default envoy/edgeward.json).
var embeddedFrom = map[string]string{composeRL: "envoy/examples/ratelimit-global.json", composeOIDC: "envoy/examples/oidc.json"}

// shippedEnvoyConfigs lists every Envoy bootstrap the repository ships: the named ones and any
// other YAML under envoy/ or directly in e2e/ that is a bootstrap.
func shippedEnvoyConfigs(t *testing.T) []string {
	t.Helper()
	files := []string{envoyYAML, composeEnvy, composeRL, composeOIDC}
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		if d.IsDir() {
			if rel == "." || rel == "e2e" || rel == "envoy" || strings.HasPrefix(rel, "envoy"+string(filepath.Separator)) {
				return nil
			}
			return filepath.SkipDir
		}
		if !(strings.HasSuffix(p, ".yaml") || strings.HasSuffix(p, ".yml")) || filepath.Dir(rel) == "." {
			return nil
		}
		if slices.Contains(files, rel) {
			return nil
		}
		docs, _ := Check(readRepo(t, rel))
		if len(docs) == 1 && docs[0].Kind == EnvoyBootstrap {
			files = append(files, rel)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// wantPluginJSON is the plugin config a shipped deployment file embeds.
func wantPluginJSON(t *testing.T, file string) any {
	t.Helper()
	src := pluginJSON
	if s, ok := embeddedFrom[file]; ok {
		src = s
	}
	var v any
	if err := json.Unmarshal(readRepo(t, src), &v); err != nil {
		t.Fatalf("%s: %v", src, err)
	}
	return v
}

func assertSameJSON(t *testing.T, where string, got []byte, want any) {
	src := pluginJSON
	if s, ok := embeddedFrom[where]; ok {
		src = s
	}
	t.Helper()
	var g any
	if err := json.Unmarshal(got, &g); err != nil {
		t.Fatalf("%s: embedded plugin config is not JSON: %v", where, err)
	}
	if d := firstDifference("", g, want); d != "" {
		t.Errorf("%s: embedded plugin config differs from %s at %s: run `make envoy-config` "+
			"(cd e2e/compat && go run ./cmd/edgeward-embed -config ../../%s ../../%s)", where, src, d, src, where)
	}
}

// firstDifference names the first path (in sorted key order) where two decoded JSON values differ.
func firstDifference(path string, a, b any) string {
	if path == "" {
		path = "(root)"
	}
	ma, okA := a.(map[string]any)
	mb, okB := b.(map[string]any)
	if okA && okB {
		keys := map[string]bool{}
		for k := range ma {
			keys[k] = true
		}
		for k := range mb {
			keys[k] = true
		}
		sorted := make([]string, 0, len(keys))
		for k := range keys {
			sorted = append(sorted, k)
		}
		slices.Sort(sorted)
		for _, k := range sorted {
			if d := firstDifference(strings.TrimPrefix(path+"."+k, "(root)."), ma[k], mb[k]); d != "" {
				return d
			}
		}
		return ""
	}
	if !reflect.DeepEqual(a, b) {
		return path
	}
	return ""
}

func TestShippedEnvoyConfigs(t *testing.T) {
	for _, name := range shippedEnvoyConfigs(t) {
		want := wantPluginJSON(t, name)
		t.Run(name, func(t *testing.T) {
			bs, ps := CheckBootstrap(readRepo(t, name))
			if len(ps) > 0 {
				t.Fatalf("refused:\n%v", ps)
			}
			if len(bs.Plugins) != 1 {
				t.Fatalf("got %d Edgeward plugins, want 1", len(bs.Plugins))
			}
			p := bs.Plugins[0]
			vm := p.Config.GetVmConfig()
			checks := []struct {
				what      string
				got, want any
			}{
				{"vm_id (shared data is per vm_id)", vm.GetVmId(), "edgeward"},
				{"runtime", vm.GetRuntime(), "envoy.wasm.runtime.v8"},
				{"module file", vm.GetCode().GetLocal().GetFilename(), "/etc/envoy/edgeward.wasm"},
				{"host_env_keys has EDGEWARD_JWT_SECRET", slices.Contains(vm.GetEnvironmentVariables().GetHostEnvKeys(), "EDGEWARD_JWT_SECRET"), true},
				//lint:ignore SA1019 the shipped config must not set the legacy field
				{"fail_open", p.Config.GetFailOpen(), false},
				{"failure_policy", p.Config.GetFailurePolicy(), wasmv3.FailurePolicy_FAIL_RELOAD},
				{"listener port", bs.Proto.GetStaticResources().GetListeners()[0].GetAddress().GetSocketAddress().GetPortValue(), uint32(10000)},
				{"admin port", bs.Proto.GetAdmin().GetAddress().GetSocketAddress().GetPortValue(), uint32(9901)},
			}
			if name == envoyYAML {
				checks = append(checks, struct {
					what      string
					got, want any
				}{"admin address (never exposed)", bs.Proto.GetAdmin().GetAddress().GetSocketAddress().GetAddress(), "127.0.0.1"})
			}
			for _, c := range checks {
				if !reflect.DeepEqual(c.got, c.want) {
					t.Errorf("%s: got %v, want %v", c.what, c.got, c.want)
				}
			}
			assertSameJSON(t, name, p.JSON, want)
		})
	}
}

// TestComposeListenersMatch keeps the compose variants honest: the same listener (filters, plugin,
// limits) as envoy/envoy.yaml, apart from the embedded plugin config; only the admin address and
// the clusters differ.
func TestComposeListenersMatch(t *testing.T) {
	listeners := func(name string) []*listenerv3.Listener {
		// Compare with every embedded plugin config replaced by the same one.
		doc, _, err := Embed(readRepo(t, name), []byte("{}"))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		bs, ps := CheckBootstrap(doc)
		if bs == nil {
			t.Fatalf("%s refused: %v", name, ps)
		}
		return bs.Proto.GetStaticResources().GetListeners()
	}
	want := listeners(envoyYAML)
	for _, name := range []string{composeEnvy, composeRL, composeOIDC} {
		got := listeners(name)
		if len(got) != len(want) {
			t.Fatalf("%s: %d listeners, %s has %d", name, len(got), envoyYAML, len(want))
		}
		for i := range got {
			if !proto.Equal(got[i], want[i]) {
				t.Errorf("listener %d of %s differs from %s's", i, name, envoyYAML)
			}
		}
	}
}

// shippedWasmPlugin checks a shipped WasmPlugin against Istio's API and returns it: recognised as
// Edgeward's (so its pluginConfig was checked by the module's parser) and failing closed.
func shippedWasmPlugin(t *testing.T, name string) *WasmPlugin {
	t.Helper()
	wp, ps := CheckWasmPlugin(readRepo(t, name))
	if len(ps) > 0 {
		t.Fatalf("refused:\n%v", ps)
	}
	if !wp.Edgeward {
		t.Fatal("not recognised as Edgeward's plugin, so its pluginConfig went unchecked")
	}
	if got := wp.Spec.GetFailStrategy(); got == extv1alpha1.FailStrategy_FAIL_OPEN {
		t.Errorf("failStrategy %v: a security filter ships failing closed", got)
	}
	return wp
}

func TestShippedWasmPlugin(t *testing.T) {
	wp := shippedWasmPlugin(t, wasmPlugin)
	if !strings.HasPrefix(wp.Spec.GetUrl(), "oci://") {
		t.Errorf("url %q: the example uses the OCI image envoy/Dockerfile builds", wp.Spec.GetUrl())
	}
	var env []string
	for _, e := range wp.Spec.GetVmConfig().GetEnv() {
		env = append(env, e.GetName())
	}
	if !slices.Contains(env, "EDGEWARD_JWT_SECRET") {
		t.Errorf("vmConfig.env %v lacks EDGEWARD_JWT_SECRET", env)
	}
	assertSameJSON(t, wasmPlugin, wp.JSON, wantPluginJSON(t, wasmPlugin))
}

// TestShippedSidecarWasmPlugin: the sidecar example is valid against Istio's API, recognised as
// Edgeward's (so its pluginConfig is checked by the module's parser), filters inbound traffic only,
// selects a workload, and fails closed.
func TestShippedSidecarWasmPlugin(t *testing.T) {
	wp := shippedWasmPlugin(t, sidecarWP)
	if len(wp.Spec.GetSelector().GetMatchLabels()) == 0 {
		t.Errorf("no workload selector: a sidecar example must select its workload")
	}
	m := wp.Spec.GetMatch()
	if len(m) != 1 || m[0].GetMode().String() != "SERVER" {
		t.Errorf("match %v: want inbound traffic only (mode SERVER)", m)
	}
}

// TestShippedPluginConfigs runs the linter's plugin-config check over every JSON config shipped
// under envoy/ (the JSON Schema is recognised and skipped).
func TestShippedPluginConfigs(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(root, "envoy", "*.json"))
	if err != nil {
		t.Fatal(err)
	}
	examples, _ := filepath.Glob(filepath.Join(root, "envoy", "examples", "*.json"))
	files = append(files, examples...)
	configs := 0
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			docs, ps := Check(data)
			if len(ps) > 0 {
				t.Fatalf("refused:\n%v", ps)
			}
			if docs[0].Kind == PluginConfig {
				configs++
			}
		})
	}
	if configs < 2 {
		t.Errorf("checked %d plugin configs: want envoy/edgeward.json and the examples", configs)
	}
}

// TestComposeFile checks what docker compose would only find out at `make up` (no container engine
// runs here): the pinned Envoy matches the API version the configs are validated against, and
// the mounts, ports and service names agree with the Envoy config and the Makefile.
func TestComposeFile(t *testing.T) {
	var c struct {
		Services map[string]struct {
			Image       string            `json:"image"`
			Command     []string          `json:"command"`
			Environment map[string]string `json:"environment"`
			Volumes     []string          `json:"volumes"`
			Ports       []string          `json:"ports"`
		} `json:"services"`
	}
	if err := yaml.Unmarshal(readRepo(t, composeFile), &c); err != nil {
		t.Fatal(err)
	}
	envoy, echo := c.Services["envoy"], c.Services["echo"]

	gcp := regexp.MustCompile(`github.com/envoyproxy/go-control-plane/envoy v(\d+\.\d+)\.`).FindSubmatch(readRepo(t, "e2e/compat/go.mod"))
	tag := regexp.MustCompile(`^envoyproxy/envoy:v(\d+)\.(\d+)\.\d+$`).FindStringSubmatch(envoy.Image)
	if gcp == nil || tag == nil {
		t.Fatalf("envoy image %q / go-control-plane version not found", envoy.Image)
	}
	if got := tag[1] + "." + tag[2]; got != string(gcp[1]) {
		t.Errorf("envoy image %s, but configs are validated against go-control-plane/envoy v%s: keep them equal", envoy.Image, gcp[1])
	}
	if minor, _ := strconv.Atoi(tag[2]); tag[1] != "1" || minor < 39 {
		t.Errorf("envoy image %s: Go-built modules need Envoy 1.39 or later", envoy.Image)
	}
	goVer := regexp.MustCompile(`(?m)^go (\S+)$`).FindSubmatch(readRepo(t, "go.mod"))
	if goVer == nil || echo.Image != "golang:"+string(goVer[1]) {
		t.Errorf("echo image %q: want golang:<the go directive of go.mod>", echo.Image)
	}

	bs, ps := CheckBootstrap(readRepo(t, composeEnvy))
	if bs == nil {
		t.Fatalf("%s refused: %v", composeEnvy, ps)
	}
	mounts := map[string]string{}
	for _, v := range envoy.Volumes {
		parts := strings.Split(v, ":")
		if len(parts) < 2 {
			t.Fatalf("volume %q", v)
		}
		mounts[parts[1]] = parts[0]
	}
	cfgAt := envoy.Command[slices.Index(envoy.Command, "-c")+1]
	if got := mounts[cfgAt]; got != "./envoy-compose.yaml" {
		t.Errorf("envoy -c %s is mounted from %q, want ./envoy-compose.yaml", cfgAt, got)
	}
	wasmAt := bs.Plugins[0].Config.GetVmConfig().GetCode().GetLocal().GetFilename()
	if got := mounts[wasmAt]; got != "../dist/edgeward.wasm" {
		t.Errorf("the module file %s is mounted from %q, want ../dist/edgeward.wasm (make build's output)", wasmAt, got)
	}
	if !slices.Contains(envoy.Ports, "127.0.0.1:10000:10000") {
		t.Errorf("ports %v: want the listener's 10000 published on the host's loopback", envoy.Ports)
	}
	if _, ok := envoy.Environment["EDGEWARD_JWT_SECRET"]; !ok {
		t.Error("EDGEWARD_JWT_SECRET not passed to the envoy container (the config reads it from Envoy's environment)")
	}
	ep := bs.Proto.GetStaticResources().GetClusters()[0].GetLoadAssignment().GetEndpoints()[0].GetLbEndpoints()[0].GetEndpoint().GetAddress().GetSocketAddress()
	if _, ok := c.Services[ep.GetAddress()]; !ok {
		t.Errorf("upstream cluster points at %q, which is no compose service", ep.GetAddress())
	}
	if want := []string{"go", "run", "./e2e/cmd/echo-upstream", "-listen", ":8080"}; !slices.Equal(echo.Command, want) || ep.GetPortValue() != 8080 {
		t.Errorf("echo command %v and upstream port %d disagree", echo.Command, ep.GetPortValue())
	}
	if _, err := os.Stat(filepath.Join(root, "e2e/cmd/echo-upstream/main.go")); err != nil {
		t.Error(err)
	}
	if !bytes.Contains(readRepo(t, "Makefile"), []byte("docker compose -f e2e/docker-compose.yml")) {
		t.Error("make up does not run e2e/docker-compose.yml")
	}
}

// TestComposeOIDC checks the OIDC profile: Envoy mounts e2e/envoy-compose-oidc.yaml, whose cluster
// "idp" (the example's remote_jwks.cluster) points at the compose service that runs
// `edgeward dev-idp` on that port; envoy/envoy.yaml has the cluster too, with TLS.
func TestComposeOIDC(t *testing.T) {
	var c struct {
		Services map[string]struct {
			Command []string `json:"command"`
			Volumes []string `json:"volumes"`
		} `json:"services"`
	}
	if err := yaml.Unmarshal(readRepo(t, "e2e/docker-compose.oidc.yml"), &c); err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(c.Services["envoy"].Volumes, "./envoy-compose-oidc.yaml:/etc/envoy/envoy.yaml:ro") {
		t.Errorf("envoy volumes %v: want ./envoy-compose-oidc.yaml mounted as /etc/envoy/envoy.yaml", c.Services["envoy"].Volumes)
	}
	var cfg struct {
		Auth struct {
			Providers []struct {
				RemoteJWKS struct {
					Cluster string `json:"cluster"`
				} `json:"remote_jwks"`
			} `json:"providers"`
		} `json:"auth"`
	}
	if err := json.Unmarshal(readRepo(t, "envoy/examples/oidc.json"), &cfg); err != nil || len(cfg.Auth.Providers) == 0 {
		t.Fatalf("envoy/examples/oidc.json: %v", err)
	}
	name := cfg.Auth.Providers[0].RemoteJWKS.Cluster
	for _, file := range []string{composeOIDC, envoyYAML} {
		bs, ps := CheckBootstrap(readRepo(t, file))
		if bs == nil {
			t.Fatalf("%s refused: %v", file, ps)
		}
		var found bool
		for _, cl := range bs.Proto.GetStaticResources().GetClusters() {
			if cl.GetName() != name {
				continue
			}
			found = true
			ep := cl.GetLoadAssignment().GetEndpoints()[0].GetLbEndpoints()[0].GetEndpoint().GetAddress().GetSocketAddress()
			if file == envoyYAML {
				if cl.GetTransportSocket() == nil {
					t.Errorf("%s: cluster %q has no TLS transport socket (an issuer is reached over https)", file, name)
				}
				continue
			}
			svc, ok := c.Services[ep.GetAddress()]
			if !ok {
				t.Errorf("%s: cluster %q points at %q, which is no compose service", file, name, ep.GetAddress())
				continue
			}
			cmd := strings.Join(svc.Command, " ")
			if !strings.Contains(cmd, "./e2e/cmd/edgeward dev-idp") || !strings.Contains(cmd, fmt.Sprintf("-listen :%d", ep.GetPortValue())) {
				t.Errorf("service %q runs %q: want edgeward dev-idp listening on the cluster's port %d", ep.GetAddress(), cmd, ep.GetPortValue())
			}
		}
		if !found {
			t.Errorf("%s: no cluster %q (envoy/examples/oidc.json's remote_jwks.cluster)", file, name)
		}
	}
}
