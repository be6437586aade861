package policies

import (
	"github.com/tidwall/gjson"
)

// FailMode says what happens to a request when Edgeward itself fails (a recovered panic, a host
// call error, compare-and-swap retries exhausted, a body too large to inspect).
type FailMode int

const (
	// FailClosed answers such requests with 503 (the default: a security filter that fails open
	// silently is a hole).
	FailClosed FailMode = iota
	// FailOpen lets such requests through uninspected, counting and logging each.
	FailOpen
)

func (m FailMode) String() string {
	if m == FailOpen {
		return "open"
	}
	return "closed"
}

// Mode is enforce (block) or detect (log and count only).
type Mode int

const (
	// Enforce blocks what a detector flags (the default).
	Enforce Mode = iota
	// Detect logs and counts what would have been blocked and lets the request pass.
	Detect
)

func (m Mode) String() string {
	if m == Detect {
		return "detect"
	}
	return "enforce"
}

// Mode reads the declared mode option name ("enforce" or "detect"), def when absent.
func (o Obj) Mode(name string, def Mode) Mode {
	n, _ := o.opt(name)
	return ParseMode(n, def)
}

func ParseMode(n Node, def Mode) Mode {
	switch n.Enum(def.String(), "enforce", "detect") {
	case "detect":
		return Detect
	default:
		return Enforce
	}
}

// Config is the parsed plugin configuration. The zero value is not valid: use ParseConfig, which
// fills every default (an empty config means all defaults).
type Config struct {
	// FailMode: "fail_mode", "closed" (default) or "open".
	FailMode FailMode
	// Mode: "mode", "enforce" (default) or "detect"; the default for every check that blocks.
	Mode Mode
	// RequestIDHeader: "request_id_header", default "x-request-id" (Envoy sets it).
	RequestIDHeader string
	// Client: "client", how the client address is found.
	Client ClientConfig
	// Body: "body", request body buffering.
	Body BodyConfig

	// specs are the features the configuration was parsed for, parts what each parsed (see
	// Part).
	specs []*Spec
	parts []any
}

// ClientConfig says how the client address is derived.
type ClientConfig struct {
	// TrustedHops: "trusted_hops", default 0: the number of proxies in front of Envoy whose
	// X-Forwarded-For entries are trusted. 0 means X-Forwarded-For is ignored and the connection's
	// source.address is the client.
	TrustedHops int
	// IPv6Prefix: "ipv6_prefix", default 56: IPv6 clients are grouped by this prefix length for
	// rate limiting (one customer usually holds a whole /56 or /64).
	IPv6Prefix int
}

// BodyConfig controls request body buffering for inspection.
type BodyConfig struct {
	// MaxBytes: "max_bytes", default 524288 (512 KiB): the most body bytes buffered for inspection.
	// Keep it below Envoy's per_connection_buffer_limit_bytes (default 1 MiB) by at least one read
	// (64 KiB): Envoy answers 413 itself when its buffer passes that limit.
	MaxBytes int
	// OverLimit: "over_limit", "reject" (413) or "inspect_prefix" (inspect the first MaxBytes and
	// let the rest through uninspected). Default: follows fail_mode (closed: "reject", open:
	// "inspect_prefix"), since a body too large to inspect is an inspection failure. In a gRPC
	// body the limit applies to each message.
	OverLimit string
	// Streams: "grpc", "grpc_compressed", "pass_types": how gRPC bodies and pass types are
	// treated (body_streams.go).
	Streams StreamConfig
	// Routes: "routes", per-route overrides of Streams; the first matching route applies.
	Routes []BodyRoute
}

// ParseConfig parses and validates the plugin configuration. Every problem is reported, each
// with its JSON path; an empty input means all defaults.
func ParseConfig(data []byte) (*Config, error) {
	var errs []error
	root := Node{Errs: &errs}
	if len(TrimSpace(data)) == 0 {
		data = []byte("{}")
	}
	if !ValidJSON(data) {
		root.Errorf("not valid JSON")
		return nil, joinErrs(errs)
	}
	root.v = gjson.ParseBytes(data)
	if !root.v.IsObject() {
		root.Errorf("must be a JSON object, got %s", Kind(root.v))
		return nil, joinErrs(errs)
	}
	// The keys of every object and the defaults and ranges of its options are declared in
	// package optspec (which also writes envoy/edgeward.schema.json and the reference from them).
	// "$schema" is accepted and ignored so that editors can validate the file against the schema.
	o, _ := root.Section("")
	o.String("$schema")
	c := &Config{}
	if o.Enum("fail_mode", "") == "open" {
		c.FailMode = FailOpen
	}
	c.Mode = o.Mode("mode", Enforce)
	c.RequestIDHeader = LowerASCII(o.NonEmptyString("request_id_header"))

	cl, _ := o.Get("client").Section("client")
	c.Client.TrustedHops = int(cl.Int("trusted_hops"))
	c.Client.IPv6Prefix = int(cl.Int("ipv6_prefix"))

	b, _ := o.Get("body").Section("body")
	c.Body.MaxBytes = int(b.Int("max_bytes"))
	overDef := "reject"
	if c.FailMode == FailOpen {
		overDef = "inspect_prefix"
	}
	c.Body.OverLimit = b.Enum("over_limit", overDef)
	compDef := "reject"
	if c.FailMode == FailOpen {
		compDef = "pass"
	}
	c.Body.Streams = parseStreams(b, StreamConfig{GRPC: b.Decl("grpc").DefaultString(), GRPCCompressed: compDef, PassTypes: b.Decl("pass_types").DefaultStrings()})
	c.Body.Routes = parseBodyRoutes(b.Get("routes"), c.Body.Streams)

	for _, sp := range features {
		c.specs = append(c.specs, sp)
		c.parts = append(c.parts, sp.Parse(o, c))
	}
	if err := joinErrs(errs); err != nil {
		return nil, err
	}
	return c, nil
}

func TrimSpace(b []byte) []byte {
	for len(b) > 0 && (b[0] == ' ' || b[0] == '\n' || b[0] == '\r' || b[0] == '\t') {
		b = b[1:]
	}
	for len(b) > 0 && (b[len(b)-1] == ' ' || b[len(b)-1] == '\n' || b[len(b)-1] == '\r' || b[len(b)-1] == '\t') {
		b = b[:len(b)-1]
	}
	return b
}

func LowerASCII(s string) string {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= 'A' && c <= 'Z' {
			b := []byte(s)
			for j := i; j < len(b); j++ {
				if b[j] >= 'A' && b[j] <= 'Z' {
					b[j] += 'a' - 'A'
				}
			}
			return string(b)
		}
	}
	return s
}
