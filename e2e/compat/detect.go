package compat

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strings"

	"github.com/edgeward/edgeward/policies"
	_ "github.com/edgeward/edgeward/policies/features" // every feature, in their order
	"sigs.k8s.io/yaml"
)

// Kind is what a document is.
type Kind int

const (
	// Unrecognised: none of the kinds below (a YAML document of another Kubernetes kind is
	// Unrecognised and skipped).
	Unrecognised Kind = iota
	// PluginConfig is an Edgeward plugin configuration (JSON).
	PluginConfig
	// EnvoyBootstrap is an Envoy bootstrap (YAML or JSON).
	EnvoyBootstrap
	// IstioWasmPlugin is an Istio WasmPlugin manifest.
	IstioWasmPlugin
)

func (k Kind) String() string {
	switch k {
	case PluginConfig:
		return "edgeward config"
	case EnvoyBootstrap:
		return "envoy bootstrap"
	case IstioWasmPlugin:
		return "istio WasmPlugin"
	}
	return "unrecognised"
}

// bootstrapKeys are top-level fields of Envoy's Bootstrap that mark a document as one.
var bootstrapKeys = []string{"static_resources", "dynamic_resources", "admin", "node", "layered_runtime",
	"cluster_manager", "overload_manager", "stats_sinks", "bootstrap_extensions", "staticResources", "dynamicResources"}

// Detect says what a decoded document is: a WasmPlugin by its kind, a bootstrap by its top-level
// fields, a plugin config if it is any other JSON object without a Kubernetes kind.
func Detect(doc any) Kind {
	obj, ok := doc.(map[string]any)
	if !ok {
		return Unrecognised
	}
	if kind, ok := obj["kind"].(string); ok {
		if kind == "WasmPlugin" {
			return IstioWasmPlugin
		}
		if _, k8s := obj["apiVersion"]; k8s {
			return Unrecognised
		}
	}
	if _, ok := obj["$schema"]; ok {
		if _, ok := obj["properties"]; ok {
			return Unrecognised // a JSON Schema (envoy/edgeward.schema.json), not a config
		}
	}
	for _, k := range bootstrapKeys {
		if _, ok := obj[k]; ok {
			return EnvoyBootstrap
		}
	}
	return PluginConfig
}

// Doc is one checked document of a file.
type Doc struct {
	Kind     Kind
	Problems Problems
}

// Check checks a file of any of the three kinds, detected by content: an Edgeward plugin config
// (JSON), an Envoy bootstrap (YAML or JSON) or Istio WasmPlugin manifests (YAML, several documents
// allowed; documents of other Kubernetes kinds, and JSON Schemas, are returned as Unrecognised
// without problems: callers say they skipped them). Every problem names its path; in a
// file of several YAML documents paths start with the document's number ("doc 2: spec.url").
func Check(data []byte) ([]Doc, Problems) {
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, Problems{{Msg: "empty file: nothing to check"}}
	}
	trimmed := bytes.TrimSpace(data)
	if trimmed[0] == '{' && json.Valid(trimmed) {
		doc, err := decodeJSON(trimmed)
		if err != nil {
			return nil, Problems{{Msg: err.Error()}}
		}
		d := checkDoc(trimmed, doc, true)
		return []Doc{d}, d.Problems
	}
	docs := splitYAML(data)
	var out []Doc
	var all Problems
	for i, raw := range docs {
		js, err := yamlToJSON(raw)
		if err != nil {
			out = append(out, Doc{Problems: Problems{{Msg: err.Error()}}})
			all = append(all, prefixed(docPrefix(i, len(docs)), out[len(out)-1].Problems)...)
			continue
		}
		doc, err := decodeJSON(js)
		if err != nil || doc == nil {
			continue // an empty document (comments only)
		}
		d := checkDoc(js, doc, false)
		out = append(out, d)
		all = append(all, prefixed(docPrefix(i, len(docs)), d.Problems)...)
	}
	return out, all
}

func checkDoc(js []byte, doc any, isJSON bool) Doc {
	k := Detect(doc)
	switch k {
	case EnvoyBootstrap:
		_, ps := checkBootstrapDoc(js, doc)
		return Doc{Kind: k, Problems: ps}
	case IstioWasmPlugin:
		_, ps := checkWasmPluginDoc(doc.(map[string]any))
		return Doc{Kind: k, Problems: ps}
	case PluginConfig:
		if !isJSON {
			// A YAML mapping that is neither: plugin configs are JSON (Envoy and the dev host read JSON).
			return Doc{Kind: Unrecognised, Problems: Problems{{Msg: "not recognised: an Envoy bootstrap has static_resources (or admin, node, ...), a WasmPlugin has kind: WasmPlugin; Edgeward plugin configs are JSON files"}}}
		}
		return Doc{Kind: k, Problems: CheckPluginConfig(js)}
	}
	return Doc{Kind: k}
}

// CheckPluginConfig checks an Edgeward plugin configuration with policies.ParseConfig, each
// problem at its path in the config.
func CheckPluginConfig(js []byte) Problems {
	_, err := policies.ParseConfig(js)
	if err == nil {
		return nil
	}
	var ce *policies.ConfigError
	if !errors.As(err, &ce) {
		return Problems{{Msg: err.Error()}}
	}
	var out Problems
	for _, e := range ce.Problems {
		path, msg, ok := strings.Cut(e.Error(), ": ")
		if !ok || path == "(root)" {
			path, msg = "", e.Error()
		}
		out = append(out, Problem{Path: path, Msg: msg})
	}
	return out
}

func docPrefix(i, n int) string {
	if n <= 1 {
		return ""
	}
	return fmt.Sprintf("doc %d", i+1)
}

func prefixed(prefix string, ps Problems) Problems {
	if prefix == "" {
		return ps
	}
	out := make(Problems, len(ps))
	for i, p := range ps {
		out[i] = Problem{Path: strings.TrimSuffix(prefix+": "+p.Path, ": "), Msg: p.Msg}
	}
	return out
}

var docSeparator = regexp.MustCompile(`(?m)^---[ \t]*(#.*)?$`)

// splitYAML splits a YAML stream at its `---` document separators.
func splitYAML(data []byte) [][]byte {
	var docs [][]byte
	start := 0
	for _, loc := range docSeparator.FindAllIndex(data, -1) {
		docs = append(docs, data[start:loc[0]])
		start = loc[1]
	}
	docs = append(docs, data[start:])
	// A leading separator leaves an empty first document: drop it so numbering matches intent.
	if len(docs) > 1 && len(bytes.TrimSpace(docs[0])) == 0 {
		docs = docs[1:]
	}
	return docs
}

// yamlToJSON converts one YAML document, refusing duplicate keys (Envoy's loader does too).
func yamlToJSON(data []byte) ([]byte, error) {
	js, err := yaml.YAMLToJSONStrict(data)
	if err != nil {
		return nil, fmt.Errorf("not valid YAML: %v", err)
	}
	return js, nil
}
