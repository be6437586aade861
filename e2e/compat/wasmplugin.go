package compat

import (
	"encoding/json"
	"fmt"
	"net/url"
	"regexp"
	"strings"

	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/reflect/protoregistry"
	extv1alpha1 "istio.io/api/extensions/v1alpha1"
)

// WasmPlugin is a decoded and checked Istio WasmPlugin manifest.
type WasmPlugin struct {
	Name string // metadata.name
	Spec *extv1alpha1.WasmPlugin
	// Edgeward says whether it is Edgeward's (its name or url mentions "edgeward"); only then is
	// its pluginConfig checked with policies.ParseConfig.
	Edgeward bool
	// JSON is the pluginConfig as Istio hands it to the module (JSON of the Struct; empty if unset).
	JSON []byte
}

const wasmPluginAPIVersion = "extensions.istio.io/v1alpha1"

var (
	dns1123Subdomain = regexp.MustCompile(`^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$`)
	sha256Hex        = regexp.MustCompile(`^[a-f0-9]{64}$`)
)

// CheckWasmPlugin checks one WasmPlugin manifest (YAML or JSON): apiVersion and kind, metadata.name,
// the spec decoded with protojson into istio.io/api's WasmPlugin (unknown fields and enum values
// refused, each with its path), the validation rules of Istio's CRD, and, for Edgeward's plugin,
// pluginConfig with policies.ParseConfig.
func CheckWasmPlugin(data []byte) (*WasmPlugin, Problems) {
	doc, ps := yamlDoc(data)
	if ps != nil {
		return nil, ps
	}
	obj, ok := doc.(map[string]any)
	if !ok {
		return nil, Problems{{Msg: "want a Kubernetes object, got " + describe(doc)}}
	}
	return checkWasmPluginDoc(obj)
}

func checkWasmPluginDoc(obj map[string]any) (*WasmPlugin, Problems) {
	var ps problems
	for _, k := range sortedKeys(obj) {
		switch k {
		case "apiVersion", "kind", "metadata", "spec", "status":
		default:
			ps.add(k, "unknown field %q in a Kubernetes object", k)
		}
	}
	if v, _ := obj["apiVersion"].(string); v != wasmPluginAPIVersion {
		ps.add("apiVersion", "want %q, got %s", wasmPluginAPIVersion, describe(obj["apiVersion"]))
	}
	if v, _ := obj["kind"].(string); v != "WasmPlugin" {
		ps.add("kind", "want \"WasmPlugin\", got %s", describe(obj["kind"]))
	}
	out := &WasmPlugin{}
	meta, _ := obj["metadata"].(map[string]any)
	out.Name, _ = meta["name"].(string)
	if name, ok := meta["name"].(string); !ok || len(name) > 253 || !dns1123Subdomain.MatchString(name) {
		ps.add("metadata.name", "want a lower-case DNS name (RFC 1123 subdomain), got %s", describe(meta["name"]))
	}
	spec, ok := obj["spec"].(map[string]any)
	if !ok {
		ps.add("spec", "want an object, got %s", describe(obj["spec"]))
		return nil, ps.sorted()
	}
	out.Spec = &extv1alpha1.WasmPlugin{}
	w := schemaWalk{ps: &ps, types: protoregistry.GlobalTypes}
	w.message("spec", out.Spec.ProtoReflect().Descriptor(), spec)
	if len(ps.list) > 0 {
		return nil, ps.sorted()
	}
	js, err := json.Marshal(spec)
	if err == nil {
		err = protojson.Unmarshal(js, out.Spec)
	}
	if err != nil {
		ps.add("spec", "does not decode as istio.extensions.v1alpha1.WasmPlugin: %v", err)
		return nil, ps.sorted()
	}
	checkWasmPluginRules(&ps, out.Spec)
	out.Edgeward = strings.Contains(strings.ToLower(out.Name+" "+out.Spec.GetUrl()), "edgeward")
	if pc := out.Spec.GetPluginConfig(); pc != nil {
		if out.JSON, err = protojson.Marshal(pc); err != nil {
			ps.add("spec.pluginConfig", "%v", err)
		}
	}
	if out.Edgeward {
		if t := out.Spec.GetType(); t != extv1alpha1.PluginType_UNSPECIFIED_PLUGIN_TYPE && t != extv1alpha1.PluginType_HTTP {
			ps.add("spec.type", "Edgeward is an HTTP filter: want HTTP (or unset), got %s", t)
		}
		if out.JSON != nil {
			addConfigProblems(&ps, "spec.pluginConfig", out.JSON)
		}
	}
	return out, ps.sorted()
}

// checkWasmPluginRules applies the validation rules of Istio's WasmPlugin CRD (the
// +kubebuilder markers in istio.io/api's wasm.proto), which the Kubernetes API server enforces
// and protojson does not.
func checkWasmPluginRules(ps *problems, s *extv1alpha1.WasmPlugin) {
	set := 0
	for _, b := range []bool{s.GetSelector() != nil, s.GetTargetRef() != nil, len(s.GetTargetRefs()) > 0} {
		if b {
			set++
		}
	}
	if set > 1 {
		ps.add("spec", "only one of targetRefs or selector can be set")
	}
	if n := len(s.GetTargetRefs()); n > 16 {
		ps.add("spec.targetRefs", "at most 16 items, got %d", n)
	}
	switch u := s.GetUrl(); {
	case u == "":
		ps.add("spec.url", "required: the module's location (oci://, https://, http:// or file://)")
	case strings.Contains(u, "://"):
		if pu, err := url.Parse(u); err != nil || !contains([]string{"http", "https", "oci", "file"}, pu.Scheme) {
			ps.add("spec.url", "url must have schema one of [http, https, file, oci], got %q", u)
		}
	}
	if h := s.GetSha256(); h != "" && !sha256Hex.MatchString(h) {
		ps.add("spec.sha256", "want 64 lower-case hex digits, got %q", h)
	}
	if n := len(s.GetImagePullSecret()); s.GetImagePullSecret() != "" && n > 253 {
		ps.add("spec.imagePullSecret", "at most 253 characters, got %d", n)
	}
	if n := len(s.GetPluginName()); n > 256 {
		ps.add("spec.pluginName", "at most 256 characters, got %d", n)
	}
	env := s.GetVmConfig().GetEnv()
	if len(env) > 256 {
		ps.add("spec.vmConfig.env", "at most 256 items, got %d", len(env))
	}
	seen := map[string]bool{}
	for i, e := range env {
		p := index("spec.vmConfig.env", i)
		switch {
		case e.GetName() == "":
			ps.add(join(p, "name"), "required")
		case len(e.GetName()) > 256:
			ps.add(join(p, "name"), "at most 256 characters")
		case seen[e.GetName()]:
			ps.add(join(p, "name"), "duplicate variable %q", e.GetName())
		}
		seen[e.GetName()] = true
		if e.GetValueFrom() == extv1alpha1.EnvValueSource_HOST && e.GetValue() != "" {
			ps.add(join(p, "value"), "value may only be set when valueFrom is INLINE")
		}
		if len(e.GetValue()) > 2048 {
			ps.add(join(p, "value"), "at most 2048 characters")
		}
	}
}

// yamlDoc decodes one YAML (or JSON) document.
func yamlDoc(data []byte) (any, Problems) {
	js, err := yamlToJSON(data)
	if err != nil {
		return nil, Problems{{Msg: err.Error()}}
	}
	v, err := decodeJSON(js)
	if err != nil {
		return nil, Problems{{Msg: fmt.Sprintf("not valid JSON: %v", err)}}
	}
	return v, nil
}
