package policies

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/netip"
	"strconv"
	"time"
)

// Options carries what the engine needs from its environment.
type Options struct {
	// Getenv reads the VM's environment (secrets named in config). Nil means none set.
	Getenv func(string) string
	// Store is the shared store for rate limiting and remote key sets. Nil means an in-process
	// MemStore.
	Store Store
	// Now is the start time (remote key sets are looked up in Store at start); zero means the
	// current time.
	Now time.Time
}

// Engine holds the compiled configuration. It is safe for use by one VM; all per-request state
// lives in Tx.
type Engine struct {
	cfg       *Config
	features  []Feature
	newReqIDs *rand.Rand
}

// NewEngine compiles cfg. Errors (e.g. a secret missing from the environment) name the config
// field, like ParseConfig's.
func NewEngine(cfg *Config, opts Options) (*Engine, error) {
	if opts.Getenv == nil {
		opts.Getenv = func(string) string { return "" }
	}
	if opts.Store == nil {
		opts.Store = NewMemStore()
	}
	if opts.Now.IsZero() {
		opts.Now = time.Now()
	}
	if len(cfg.specs) == 0 {
		return nil, errNoFeatures
	}
	e := &Engine{cfg: cfg, newReqIDs: rand.New(rand.NewPCG(rand.Uint64(), rand.Uint64()))}
	env := Env{Options: opts, VMID: fmt.Sprintf("%08x", e.newReqIDs.Uint32())}
	var errs []error
	for i, s := range cfg.specs {
		env.Slot = i
		f, err := s.New(cfg, env)
		if err != nil {
			errs = append(errs, err)
		}
		e.features = append(e.features, f)
	}
	if err := joinErrs(errs); err != nil {
		return nil, err
	}
	return e, nil
}

// Config returns the engine's configuration.
func (e *Engine) Config() *Config { return e.cfg }

// Feature returns the engine's instance of the feature named name, nil when it is not in use.
func (e *Engine) Feature(name string) Feature {
	for i, s := range e.cfg.specs {
		if s.Name == name {
			return e.features[i]
		}
	}
	return nil
}

// Tx is one request's passage through the engine, phase by phase.
type Tx struct {
	e   *Engine
	Req *Request
	Now time.Time
	// Path is the normalised path used for route matching (see RoutePath).
	Path string
	// Claims are the verified token claims, nil when no valid token was presented.
	Claims map[string]any
	// Body is the body of the Body phase (nil in the header phases' body-keyed rate limits) or
	// the message of the Message phase; Truncated reports a body cut at BodyLimit.
	Body      []byte
	Truncated bool
	// Status and RespHeaders are the response's, in the Respond phase.
	Status      int
	RespHeaders Headers

	clientIP    netip.Addr
	clientIPSet bool
	wantBody    bool
	denied      bool
	events      []Event
	reqOps      []HeaderOp
	resp        *ResponseResult

	bodyState bodyStreamState
	msgActive bool // gRPC messages are inspected (InspectMessages), in msgMode
	msgMode   Mode
	slots     []any
	notes     []ParamNote // what earlier features noted about parameters (NoteParam)

	// A CallOut decision's feature (-1: none outstanding) and where the phases resume.
	calling              int
	resumeFrom, resumeTo Phase
	resumeAt             int
}

// NewTx starts a request at time now.
func (e *Engine) NewTx(req *Request, now time.Time) *Tx {
	if req.ID == "" {
		req.ID = fmt.Sprintf("%016x", e.newReqIDs.Uint64())
	}
	return &Tx{e: e, Req: req, Now: now, Path: RoutePath(req.Path), slots: make([]any, len(e.features)), calling: -1}
}

// Engine returns the engine the request runs in.
func (tx *Tx) Engine() *Engine { return tx.e }

// Config returns the configuration the request runs under.
func (tx *Tx) Config() *Config {
	if tx.e == nil {
		return nil
	}
	return tx.e.cfg
}

// ClientIP is the client address per client.trusted_hops.
func (tx *Tx) ClientIP() netip.Addr {
	if !tx.clientIPSet {
		tx.clientIP = ClientIP(tx.Req, tx.e.cfg.Client.TrustedHops)
		tx.clientIPSet = true
	}
	return tx.clientIP
}

// NeedBody asks for the request body (in Admit); it is buffered, or streamed for gRPC.
func (tx *Tx) NeedBody() { tx.wantBody = true }

// Denied reports whether the engine has answered the request itself.
func (tx *Tx) Denied() bool { return tx.denied }

// AddRequestHeaderOps adds changes to the request headers (see RequestHeaderOps).
func (tx *Tx) AddRequestHeaderOps(ops ...HeaderOp) { tx.reqOps = append(tx.reqOps, ops...) }

// AddResponseOps adds changes to the response headers (Respond phase).
func (tx *Tx) AddResponseOps(ops ...HeaderOp) { tx.resp.Ops = append(tx.resp.Ops, ops...) }

// ReplaceResponseBody replaces the whole response body (Respond phase; Content-Length is for
// the feature to set among its ops).
func (tx *Tx) ReplaceResponseBody(b []byte) { tx.resp.ReplaceBody = b }

// RequestHeaders runs the header phases (Arrive, Identify, Admit). It returns Deny, NeedBody,
// StreamBody or Continue, or CallOut when a service must be asked first (the rest then runs in
// CallOutResponse/CallOutFailed).
func (tx *Tx) RequestHeaders() (d Decision) {
	defer tx.recoverInto(&d)
	tx.decideBodyMode()
	return tx.headerPhases(Arrive, 0)
}

// headerPhases runs the header phases from phase p, feature at, and then decides the body.
func (tx *Tx) headerPhases(p Phase, at int) Decision {
	if d := tx.runPhases(p, Admit, at); d != nil {
		if d.Action == CallOut {
			return *d
		}
		return tx.Deny(*d)
	}
	switch tx.bodyState.mode {
	case BodyPass:
		tx.wantBody = false
		tx.Event(LogDebug, "body.pass", map[string]any{"reason": tx.bodyState.reason})
		return Decision{Action: Continue}
	case BodyGRPC:
		tx.wantBody = false
		if !tx.msgActive {
			return Decision{Action: Continue}
		}
		return Decision{Action: StreamBody}
	}
	if tx.wantBody {
		return Decision{Action: NeedBody}
	}
	return Decision{Action: Continue}
}

// WantsBody reports whether RequestHeaders asked for the body.
func (tx *Tx) WantsBody() bool { return tx.wantBody }

// BodyLimit returns the most bytes to buffer and whether a larger body is rejected (413) rather
// than inspected up to the limit.
func (tx *Tx) BodyLimit() (max int, reject bool) {
	return tx.e.cfg.Body.MaxBytes, tx.e.cfg.Body.OverLimit == "reject"
}

// BodyTooLarge is called when the body passes BodyLimit and over_limit is "reject".
func (tx *Tx) BodyTooLarge() Decision {
	tx.Event(LogWarn, "body.too_large", map[string]any{"limit": tx.e.cfg.Body.MaxBytes})
	return tx.Deny(BodyTooLargeDecision(tx.Req.ID))
}

// RequestBody runs the Body phase over the buffered body: whole, or its first BodyLimit bytes
// when truncated. It is called once, at end of stream (or when trailers end the stream).
func (tx *Tx) RequestBody(body []byte, truncated bool) (d Decision) {
	defer tx.recoverInto(&d)
	if !tx.wantBody || tx.denied {
		return Decision{Action: Continue}
	}
	tx.Body, tx.Truncated = body, truncated
	return tx.bodyPhase(0)
}

func (tx *Tx) bodyPhase(at int) Decision {
	if d := tx.runPhases(Body, Body, at); d != nil {
		if d.Action == CallOut {
			return *d
		}
		return tx.Deny(*d)
	}
	return Decision{Action: Continue}
}

// message runs the Message phase over one gRPC message.
func (tx *Tx) message(msg []byte) *Decision {
	body, truncated := tx.Body, tx.Truncated
	tx.Body, tx.Truncated = msg, false
	d := tx.runPhases(Message, Message, 0)
	tx.Body, tx.Truncated = body, truncated
	return d
}

// ResponseResult is what the glue changes on the response.
type ResponseResult struct {
	Ops []HeaderOp
	// ReplaceBody, when non-nil, replaces the whole response body (Content-Length is already
	// among Ops).
	ReplaceBody []byte
}

// ResponseHeaders runs the Respond phase: rate-limit accounting and headers, security headers,
// cookie hardening and error-page scrubbing.
func (tx *Tx) ResponseHeaders(status int, headers Headers) (res ResponseResult) {
	defer func() {
		if r := recover(); r != nil {
			tx.Event(LogCritical, "internal.panic", map[string]any{"phase": "response_headers", "panic": fmt.Sprint(r)})
			res = ResponseResult{}
		}
	}()
	tx.Status, tx.RespHeaders, tx.resp = status, headers, &res
	tx.runPhases(Respond, Respond, 0)
	tx.resp = nil
	return res
}

// RequestHeaderOps returns, and forgets, the changes to make to the request headers before the
// request goes upstream (claims forwarded, spoofed copies removed).
func (tx *Tx) RequestHeaderOps() []HeaderOp {
	ops := tx.reqOps
	tx.reqOps = nil
	return ops
}

// Events returns, and forgets, the log lines and metrics emitted so far.
func (tx *Tx) Events() []Event {
	ev := tx.events
	tx.events = nil
	return ev
}

// Failure applies the fail mode to an internal failure outside the engine (a host call error,
// a recovered panic in the glue): a 503 decision under fail_mode closed, Continue under open.
// Either way it is logged and counted.
func (tx *Tx) Failure(reason string) Decision {
	tx.Event(LogError, "internal.failure", map[string]any{"reason": reason, "fail_mode": tx.e.cfg.FailMode.String()})
	if tx.e.cfg.FailMode == FailOpen {
		return Decision{Action: Continue}
	}
	return tx.Deny(FailureDecision(tx.Req.ID))
}

func (tx *Tx) Deny(d Decision) Decision {
	tx.denied = true
	if tx.bodyState.grpc != "" {
		return grpcDecision(d, tx.bodyState.grpc)
	}
	return d
}

func (tx *Tx) recoverInto(d *Decision) {
	if r := recover(); r != nil {
		*d = tx.Failure(fmt.Sprintf("panic: %v", r))
	}
}

// event records a structured log line (with the request id and client) and bumps metric.
func (tx *Tx) Event(level LogLevel, metric string, fields map[string]any) {
	fs := make([]jsonField, 0, len(fields)+5)
	for k, v := range fields {
		switch k {
		case "event", "request_id", "client", "method", "path":
			continue // set below
		}
		fs = append(fs, jsonField{k, v})
	}
	fs = append(fs, jsonField{"event", metric}, jsonField{"request_id", tx.Req.ID},
		jsonField{"client", tx.ClientIP().String()}, jsonField{"method", tx.Req.Method},
		jsonField{"path", Truncate(tx.Path, 256)})
	b, err := appendJSONObject(make([]byte, 0, 256), fs)
	if err != nil {
		b = []byte(`{"event":` + strconv.Quote(metric) + `}`)
	}
	tx.events = append(tx.events, Event{Level: level, Metric: metric, JSON: b})
}

// truncate shortens s to at most n bytes, marking the cut.
func Truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "...(truncated)"
}

// HasRemoteKeys reports whether a feature has background work (a provider fetches its keys,
// remote_jwks): the glue then runs a timer and calls Tick.
func (e *Engine) HasRemoteKeys() bool {
	for _, f := range e.features {
		if b, ok := f.(Background); ok && b.Active() {
			return true
		}
	}
	return false
}

// RemoteKeysReady reports whether every remote key set has been fetched once (the glue ticks
// faster until then).
func (e *Engine) RemoteKeysReady() bool {
	for _, f := range e.features {
		if b, ok := f.(Background); ok && !b.Ready() {
			return false
		}
	}
	return true
}

// Tick keeps the remote key sets in step with shared data and returns the fetches this VM is to
// make now (from the root context, each answer handed to KeyFetchDone), with events to log. It
// never blocks: the glue makes the calls asynchronously.
func (e *Engine) Tick(now time.Time) (fetches []*KeyFetch, ev []Event) {
	defer func() {
		if r := recover(); r != nil {
			ev = append(ev, EngineEvent(LogCritical, "internal.panic", map[string]any{"phase": "tick", "panic": fmt.Sprint(r)}))
		}
	}()
	for _, f := range e.features {
		if b, ok := f.(Background); ok {
			fs, fev := b.Tick(now)
			fetches, ev = append(fetches, fs...), append(ev, fev...)
		}
	}
	return fetches, ev
}

// KeyFetchDone applies the outcome of a fetch Tick returned. After an OIDC discovery document it
// returns the key-set fetch to make next.
func (e *Engine) KeyFetchDone(f *KeyFetch, res FetchResult, now time.Time) (next *KeyFetch, ev []Event) {
	defer func() {
		if r := recover(); r != nil {
			next = nil
			ev = append(ev, EngineEvent(LogCritical, "internal.panic", map[string]any{"phase": "key_fetch", "panic": fmt.Sprint(r)}))
		}
	}()
	if f == nil || f.Job == nil {
		return nil, nil
	}
	next = f.Job.Done(res, now, &ev)
	return next, ev
}

// CallOutResponse applies the answer to the call of a CallOut decision: the HTTP status (0 when
// the call was reset without a response) and the body. It returns the phase's final Decision:
// Deny for a request over a global limit, else what the rest of the phase decides.
func (tx *Tx) CallOutResponse(status int, body []byte) (d Decision) {
	defer tx.recoverInto(&d)
	return tx.answer(status, body, "")
}

// CallOutFailed is CallOutResponse for a call that could not be made or had no answer (the
// glue's dispatch failed, the stream's callback panicked).
func (tx *Tx) CallOutFailed(reason string) (d Decision) {
	defer tx.recoverInto(&d)
	return tx.answer(0, nil, reason)
}

func (tx *Tx) answer(status int, body []byte, failure string) Decision {
	if tx.calling < 0 {
		return Decision{Action: Continue}
	}
	f := tx.e.features[tx.calling]
	tx.calling = -1
	if a, ok := f.(CallOutAnswerer); ok {
		if d := a.Answer(tx, status, body, failure); d != nil {
			return tx.Deny(*d)
		}
	}
	if tx.resumeTo == Body {
		return tx.bodyPhase(tx.resumeAt)
	}
	return tx.headerPhases(tx.resumeFrom, tx.resumeAt)
}

// CallOutPending reports whether a CallOut decision still waits for its answer.
func (tx *Tx) CallOutPending() bool { return tx.calling >= 0 }

// ErrorBodyLogLimit returns how many bytes of the original response body the glue should pass to
// LogOriginalErrorBody: 0 unless this response's body is being replaced and
// response.errors.debug_log_bytes is set.
func (tx *Tx) ErrorBodyLogLimit() int {
	for _, f := range tx.e.features {
		if l, ok := f.(ErrorBodyLogger); ok {
			if n := l.ErrorBodyLogLimit(tx); n > 0 {
				return n
			}
		}
	}
	return 0
}

// LogOriginalErrorBody logs (at debug level, once) the first ErrorBodyLogLimit bytes of the body
// that was replaced, for debugging an upstream's failures without exposing them to clients.
func (tx *Tx) LogOriginalErrorBody(prefix []byte) {
	for _, f := range tx.e.features {
		if l, ok := f.(ErrorBodyLogger); ok {
			if n := l.ErrorBodyLogLimit(tx); n > 0 {
				l.LogOriginalErrorBody(tx, prefix, n)
				return
			}
		}
	}
}

// engineEvent is an Event outside any request (ticks, key fetches).
func EngineEvent(level LogLevel, metric string, fields map[string]any) Event {
	m := make(map[string]any, len(fields)+1)
	for k, v := range fields {
		m[k] = v
	}
	m["event"] = metric
	b, err := json.Marshal(m)
	if err != nil {
		b = []byte(`{"event":"` + metric + `"}`)
	}
	return Event{Level: level, Metric: metric, JSON: b}
}

// Count bumps metric without a log line.
func (tx *Tx) Count(metric string) { tx.events = append(tx.events, Event{Metric: metric}) }

// Logged returns the events emitted so far, without forgetting them (see Events).
func (tx *Tx) Logged() []Event { return tx.events }

// PendingRequestHeaderOps returns the changes to the request headers so far, without forgetting
// them (see RequestHeaderOps).
func (tx *Tx) PendingRequestHeaderOps() []HeaderOp { return tx.reqOps }
