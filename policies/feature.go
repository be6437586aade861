package policies

import (
	"errors"
	"fmt"
	"time"
)

// Phase is one step of a request's passage through the engine. At each phase the engine runs
// every feature once, in the order of Use (see features.go); a feature that has nothing to do
// in a phase returns nil.
type Phase int

const (
	// Arrive: the request headers, before any check that may refuse the request: spoofed claim
	// headers stripped (auth), the HTTPS redirect (harden), the body forced whole when a body
	// schema needs it (injection).
	Arrive Phase = iota
	// Identify: who sends the request and how often: its token verified (auth; the verdict waits
	// for Admit, so that refused tokens count against the rate limits), then the rate limits
	// that do not need the body (ratelimit), which may key on the verified claims and may ask
	// the global rate limit service (CallOut).
	Identify
	// Admit: the token's verdict (auth), CSRF (harden), the injection checks on the path, the
	// query and the headers (injection). A feature that will look at the body calls NeedBody.
	Admit
	// Body: the buffered body (Tx.Body): the rate limits keyed on a body field (ratelimit, may
	// CallOut), then its inspection (injection).
	Body
	// Message: one gRPC message (Tx.Body), streamed or taken from a buffered gRPC body.
	Message
	// Respond: the response headers (Tx.Status, Tx.ResponseHeaders); features add their changes
	// with AddResponseOps and ReplaceResponseBody.
	Respond
	numPhases
)

var phaseNames = [...]string{"arrive", "identify", "admit", "body", "message", "respond"}

func (p Phase) String() string {
	if p >= 0 && p < numPhases {
		return phaseNames[p]
	}
	return fmt.Sprintf("phase(%d)", int(p))
}

// Feature is one concern of the engine (auth, ratelimit, harden, injection), built once per
// engine from the configuration. Run does its part of phase p for tx and returns nil to let the
// request go on, a Deny decision to answer it, or a CallOut decision (Identify and Body only) to
// ask a service first; the feature then also implements CallOutAnswerer. Per-request state is
// kept in the feature's Slot of the Tx.
type Feature interface {
	Run(p Phase, tx *Tx) *Decision
}

// Spec declares a feature to the engine: the top-level configuration keys it owns, how it
// parses them and how it is built.
type Spec struct {
	// Name is the feature's name (its package's).
	Name string
	// Keys are the top-level configuration keys it owns.
	Keys []string
	// Parse reads its keys from the configuration root; the core settings of c (fail_mode,
	// mode, client, body) are already parsed. Problems are reported on the nodes. What it
	// returns is kept in the Config (see Config.Part).
	Parse func(root Obj, c *Config) any
	// New builds the feature for an engine.
	New func(c *Config, env Env) (Feature, error)
}

// Env is what a feature is built with.
type Env struct {
	Options
	// VMID identifies the VM among the VMs sharing Store.
	VMID string
	// Slot is the feature's index among the Tx's slots (see Tx.Slot).
	Slot int
}

// CallOutAnswerer is a Feature that returns CallOut decisions: Answer gets the call's HTTP
// status and body, or failure when there was no usable answer (status 0). It returns nil to let
// the request go on (the phase resumes at the next feature), or a Deny decision.
type CallOutAnswerer interface {
	Answer(tx *Tx, status int, body []byte, failure string) *Decision
}

// MaxCallOutAnswerBytes is the most bytes of a call-out's response body the glue passes to
// CallOutResponse (a longer answer is malformed anyway).
const MaxCallOutAnswerBytes = 64 << 10

// Background is a Feature with work of its own outside requests: remote key sets fetched on a
// timer from the root context.
type Background interface {
	// Active reports whether there is background work (the glue then runs a timer).
	Active() bool
	// Ready reports whether the work's first round is done (the glue ticks faster until then).
	Ready() bool
	// Tick returns the fetches to make now and events to log.
	Tick(now time.Time) ([]*KeyFetch, []Event)
}

// ErrorBodyLogger is a Feature that replaces response bodies and may log the original: see
// Tx.ErrorBodyLogLimit.
type ErrorBodyLogger interface {
	ErrorBodyLogLimit(tx *Tx) int
	LogOriginalErrorBody(tx *Tx, prefix []byte, limit int)
}

// KeyFetch is an HTTP call a feature asks the glue to make from the root context (a remote key
// set, an OIDC discovery document); its answer goes to Engine.KeyFetchDone.
type KeyFetch struct {
	Call HTTPCall
	// Job is the feature's own record of the fetch.
	Job FetchJob
}

// FetchJob is what a feature keeps of a KeyFetch.
type FetchJob interface {
	// MaxBytes is the largest answer body the fetch accepts.
	MaxBytes() int
	// Done applies the outcome; it may return the fetch to make next.
	Done(res FetchResult, now time.Time, ev *[]Event) *KeyFetch
}

// MaxBytes is the largest answer body the fetch accepts; the glue reads at most one byte more.
func (f *KeyFetch) MaxBytes() int { return f.Job.MaxBytes() }

// FetchResult is a key fetch's outcome as the glue saw it.
type FetchResult struct {
	// Status is the HTTP status; 0 when there was no response (reset, dispatch failure).
	Status int
	// Headers are the response headers (lower-case names), without pseudo-headers.
	Headers Headers
	// Body is the response body, at most MaxBytes+1 bytes of it; BodySize its full length.
	Body     []byte
	BodySize int
	// Err says why there was no response, when Status is 0.
	Err string
}

// features are the features of ParseConfig and NewEngine, in the order they run at each phase
// (set once, by Use).
var features []*Spec

// Use declares the features and their order. It is called once, from the package that declares
// the order (policies/features), or from a feature's own tests with that feature alone.
func Use(specs ...*Spec) {
	seen := map[string]bool{}
	for _, s := range specs {
		if seen[s.Name] {
			panic("policies: feature " + s.Name + " declared twice")
		}
		seen[s.Name] = true
	}
	features = specs
}

// Part returns what the feature named name parsed (nil when it is not in use).
func (c *Config) Part(name string) any {
	for i, s := range c.specs {
		if s.Name == name {
			return c.parts[i]
		}
	}
	return nil
}

// Slot returns the feature's per-request state cell (see Env.Slot): nil until the feature
// stores something in it.
func (tx *Tx) Slot(i int) *any { return &tx.slots[i] }

// errNoFeatures is NewEngine's error for a configuration parsed before any Use.
var errNoFeatures = errors.New("policies: no features declared (import github.com/edgeward/edgeward/policies/features)")

// runPhases runs the phases from..to (inclusive) starting at feature at of the first one, and
// stops at a decision. A CallOut decision records where to resume.
func (tx *Tx) runPhases(from, to Phase, at int) *Decision {
	fs := tx.e.features
	for p := from; p <= to; p++ {
		for i := at; i < len(fs); i++ {
			d := fs[i].Run(p, tx)
			if d == nil {
				continue
			}
			if d.Action == CallOut {
				tx.calling, tx.resumeFrom, tx.resumeTo, tx.resumeAt = i, p, to, i+1
			}
			return d
		}
		at = 0
	}
	return nil
}
