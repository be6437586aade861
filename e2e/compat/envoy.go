package compat

import (
	"fmt"
	"strings"

	"github.com/edgeward/edgeward/policies"
	"github.com/edgeward/edgeward/policies/auth"
	"github.com/edgeward/edgeward/policies/ratelimit"
	bootstrapv3 "github.com/envoyproxy/go-control-plane/envoy/config/bootstrap/v3"
	corev3 "github.com/envoyproxy/go-control-plane/envoy/config/core/v3"
	listenerv3 "github.com/envoyproxy/go-control-plane/envoy/config/listener/v3"
	routev3 "github.com/envoyproxy/go-control-plane/envoy/config/route/v3"
	hcmv3 "github.com/envoyproxy/go-control-plane/envoy/extensions/filters/network/http_connection_manager/v3"
	wasmv3 "github.com/envoyproxy/go-control-plane/envoy/extensions/wasm/v3"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/reflect/protoregistry"
	"google.golang.org/protobuf/types/known/anypb"
)

// Bootstrap is a decoded and checked Envoy bootstrap, with what the checks found in it.
type Bootstrap struct {
	Proto *bootstrapv3.Bootstrap
	// Plugins are the Edgeward Wasm plugins found in it (see isEdgeward), in document order.
	Plugins []Plugin
}

// Plugin is one Edgeward Wasm plugin in an Envoy config.
type Plugin struct {
	Path   string // of its PluginConfig
	Config *wasmv3.PluginConfig
	// JSON is the plugin configuration Envoy hands the module (empty: all defaults), found at
	// JSONPath; Parsed is nil when it does not parse.
	JSON     []byte
	JSONPath string
	Parsed   *policies.Config
}

// CheckBootstrap decodes an Envoy bootstrap (YAML or JSON) into Envoy's v3 Bootstrap and checks
// it: every field known, every `@type` registered, every validation rule of Envoy's protos
// (ValidateAll, also inside each typed config), and the cross-references and load-time rules those
// rules do not cover. The Bootstrap is nil when the document does not decode.
func CheckBootstrap(data []byte) (*Bootstrap, Problems) {
	js, err := yamlToJSON(data)
	if err != nil {
		return nil, Problems{{Msg: err.Error()}}
	}
	doc, err := decodeJSON(js)
	if err != nil {
		return nil, Problems{{Msg: fmt.Sprintf("not valid JSON: %v", err)}}
	}
	return checkBootstrapDoc(js, doc)
}

func checkBootstrapDoc(js []byte, doc any) (*Bootstrap, Problems) {
	var ps problems
	bs := &bootstrapv3.Bootstrap{}
	w := schemaWalk{ps: &ps, types: protoregistry.GlobalTypes}
	w.message("", bs.ProtoReflect().Descriptor(), doc)
	if len(ps.list) > 0 {
		return nil, ps.sorted()
	}
	if err := protojson.Unmarshal(js, bs); err != nil {
		return nil, Problems{{Msg: fmt.Sprintf("does not decode as envoy.config.bootstrap.v3.Bootstrap: %v", err)}}
	}
	addValidation(&ps, "", bs.ValidateAll())
	c := &envoyChecker{ps: &ps, out: &Bootstrap{Proto: bs}}
	c.walk("", bs.ProtoReflect())
	c.crossCheck(bs)
	return c.out, ps.sorted()
}

// envoyChecker walks a decoded bootstrap, typed configs included, collecting what the cross
// checks need.
type envoyChecker struct {
	ps   *problems
	out  *Bootstrap
	refs []clusterRef
	// listener being walked (the walk is depth first), for its buffer limit.
	listener     *listenerv3.Listener
	listenerPath string
	hcms         []hcmSeen
}

type clusterRef struct{ path, name, prefix string }

type hcmSeen struct {
	path, listenerPath string
	listener           *listenerv3.Listener
	hcm                *hcmv3.HttpConnectionManager
}

// walk visits every message under m, unpacking each google.protobuf.Any, validating what it
// holds and walking into it, so that typed configs get the same checks as the bootstrap.
func (c *envoyChecker) walk(path string, m protoreflect.Message) {
	c.visit(path, m.Interface())
	m.Range(func(fd protoreflect.FieldDescriptor, v protoreflect.Value) bool {
		if fd.Message() == nil {
			return true
		}
		p := join(path, string(fd.Name()))
		switch {
		case fd.IsList():
			l := v.List()
			for i := 0; i < l.Len(); i++ {
				c.child(index(p, i), l.Get(i).Message())
			}
		case fd.IsMap():
			if fd.MapValue().Message() == nil {
				return true
			}
			v.Map().Range(func(k protoreflect.MapKey, mv protoreflect.Value) bool {
				c.child(p+"["+k.String()+"]", mv.Message())
				return true
			})
		default:
			c.child(p, v.Message())
		}
		return true
	})
}

func (c *envoyChecker) child(path string, m protoreflect.Message) {
	a, ok := m.Interface().(*anypb.Any)
	if !ok {
		c.walk(path, m)
		return
	}
	inner, err := a.UnmarshalNew()
	if err != nil {
		c.ps.add(path, "typed config %s does not decode: %v", a.GetTypeUrl(), err)
		return
	}
	if v, ok := inner.(validatable); ok {
		addValidation(c.ps, path, v.ValidateAll())
	}
	c.walk(path, inner.ProtoReflect())
}

func (c *envoyChecker) visit(path string, m proto.Message) {
	switch m := m.(type) {
	case *routev3.RouteAction:
		if m.GetCluster() != "" {
			c.refs = append(c.refs, clusterRef{join(path, "cluster"), m.GetCluster(), ""})
		}
	case *routev3.WeightedCluster_ClusterWeight:
		c.refs = append(c.refs, clusterRef{join(path, "name"), m.GetName(), ""})
	case *routev3.RouteAction_RequestMirrorPolicy:
		if m.GetCluster() != "" {
			c.refs = append(c.refs, clusterRef{join(path, "cluster"), m.GetCluster(), ""})
		}
	case *corev3.HttpUri:
		c.refs = append(c.refs, clusterRef{join(path, "cluster"), m.GetCluster(), ""})
	case *corev3.GrpcService_EnvoyGrpc:
		c.refs = append(c.refs, clusterRef{join(path, "cluster_name"), m.GetClusterName(), ""})
	case *listenerv3.Listener:
		c.listener, c.listenerPath = m, path
	case *hcmv3.HttpConnectionManager:
		c.hcms = append(c.hcms, hcmSeen{path: path, listenerPath: c.listenerPath, listener: c.listener, hcm: m})
		checkFilterOrder(c.ps, path, m)
	case *wasmv3.PluginConfig:
		if p, ok := checkPluginConfig(c.ps, path, m); ok {
			c.out.Plugins = append(c.out.Plugins, p)
		}
	}
}

// crossCheck runs the checks between resources: cluster references, unique names, and Envoy's
// request buffer limit against each Edgeward plugin's body.max_bytes.
func (c *envoyChecker) crossCheck(bs *bootstrapv3.Bootstrap) {
	clusters := map[string]bool{}
	var names []string
	for i, cl := range bs.GetStaticResources().GetClusters() {
		p := join(index("static_resources.clusters", i), "name")
		if clusters[cl.GetName()] {
			c.ps.add(p, "duplicate cluster name %q", cl.GetName())
		}
		clusters[cl.GetName()] = true
		names = append(names, cl.GetName())
	}
	listeners := map[string]bool{}
	for i, l := range bs.GetStaticResources().GetListeners() {
		if l.GetName() != "" && listeners[l.GetName()] {
			c.ps.add(join(index("static_resources.listeners", i), "name"), "duplicate listener name %q", l.GetName())
		}
		listeners[l.GetName()] = true
	}
	dynamic := bs.GetDynamicResources().GetCdsConfig() != nil || bs.GetDynamicResources().GetCdsResourcesLocator() != ""
	for _, p := range c.out.Plugins {
		// The plugin's own cluster references (http_call targets) are invisible to Envoy until a
		// call fails at run time.
		if p.Parsed == nil {
			continue
		}
		if ratelimit.ConfigOf(p.Parsed).Global.Cluster != "" {
			c.refs = append(c.refs, clusterRef{p.JSONPath, ratelimit.ConfigOf(p.Parsed).Global.Cluster, "edgeward config: rate_limit.global.cluster: "})
		}
		for i, pr := range auth.ConfigOf(p.Parsed).Providers {
			if pr.RemoteJWKS != nil && pr.RemoteJWKS.Cluster != "" {
				c.refs = append(c.refs, clusterRef{p.JSONPath, pr.RemoteJWKS.Cluster,
					fmt.Sprintf("edgeward config: auth.providers[%d].remote_jwks.cluster: ", i)})
			}
		}
	}
	if !dynamic {
		for _, r := range c.refs {
			if !clusters[r.name] {
				c.ps.add(r.path, "%scluster %q is not defined in static_resources.clusters (defined: %s)", r.prefix, r.name, quoteList(names))
			}
		}
	}
	for _, p := range c.out.Plugins {
		c.checkBufferLimit(p)
	}
}

func quoteList(names []string) string {
	if len(names) == 0 {
		return "none"
	}
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = fmt.Sprintf("%q", n)
	}
	return strings.Join(q, ", ")
}
