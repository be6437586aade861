package policies

import (
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
	inj       *injection
	auth      *auth
	hard      *hardening
	limiter   *limiter
	newReqIDs *rand.Rand
	// startEvents are what starting the remote key sets logged; the first Tick returns them.
	startEvents []Event
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
	e := &Engine{cfg: cfg, newReqIDs: rand.New(rand.NewPCG(rand.Uint64(), rand.Uint64()))}
	var errs []error
	e.inj = newInjection(cfg)
	a, err := newAuth(cfg, opts.Getenv)
	if err != nil {
		errs = append(errs, err)
	}
	e.auth = a
	if err == nil {
		if opts.Now.IsZero() {
			opts.Now = time.Now()
		}
		e.startEvents = a.startRemote(opts.Store, fmt.Sprintf("%08x", e.newReqIDs.Uint32()), cfg.FailMode, opts.Now)
	}
	e.hard = newHardening(cfg)
	e.limiter = newLimiter(cfg, opts.Store)
	if err := joinErrs(errs); err != nil {
		return nil, err
	}
	return e, nil
}

// Config returns the engine's configuration.
func (e *Engine) Config() *Config { return e.cfg }

// Tx is one request's passage through the engine, phase by phase.
type Tx struct {
	e   *Engine
	Req *Request
	Now time.Time
	// Path is the normalised path used for route matching (see RoutePath).
	Path string
	// Claims are the verified token claims, nil when no valid token was presented.
	Claims map[string]any

	clientIP    netip.Addr
	clientIPSet bool
	wantBody    bool
	denied      bool
	events      []Event
	reqOps      []HeaderOp

	bodyState bodyStreamState
	injState  injectionTxState
	authState authTxState
	hardState hardeningTxState
	rlState   rateLimitTxState
}

// NewTx starts a request at time now.
func (e *Engine) NewTx(req *Request, now time.Time) *Tx {
	if req.ID == "" {
		req.ID = fmt.Sprintf("%016x", e.newReqIDs.Uint64())
	}
	return &Tx{e: e, Req: req, Now: now, Path: RoutePath(req.Path)}
}

// ClientIP is the client address per client.trusted_hops.
func (tx *Tx) ClientIP() netip.Addr {
	if !tx.clientIPSet {
		tx.clientIP = ClientIP(tx.Req, tx.e.cfg.Client.TrustedHops)
		tx.clientIPSet = true
	}
	return tx.clientIP
}

// RequestHeaders runs the header-phase checks in order: spoofed claim headers stripped, HTTPS
// redirect, token verification, rate limits, the token's verdict, CSRF, then injection checks on
// the path, query and headers. It returns Deny, NeedBody or Continue, or CallOut when a global
// rate limit must be asked first (the rest then runs in CallOutResponse/CallOutFailed).
func (tx *Tx) RequestHeaders() (d Decision) {
	defer tx.recoverInto(&d)
	tx.decideBodyMode()
	tx.reqOps = append(tx.reqOps, tx.e.auth.stripSpoofed()...)
	if r := tx.e.hard.redirect(tx); r != nil {
		return tx.deny(*r)
	}
	pending := tx.e.auth.verify(tx)
	rl, rlBody := tx.e.limiter.requestHeaders(tx)
	if rl != nil {
		return tx.deny(*rl)
	}
	if rlBody && tx.bodyState.mode != BodyBuffer {
		// The body is not buffered: rules keyed on a body field use their fallback key (the
		// client address) now, so that a streamed or passed body is counted all the same.
		if r := tx.e.limiter.requestBody(tx, nil); r != nil {
			return tx.deny(*r)
		}
		rlBody = false
	}
	if call := tx.e.limiter.globalCall(tx, nil); call != nil {
		tx.rlState.resume = func() Decision { return tx.headersAfterRateLimit(pending, rlBody) }
		return Decision{Action: CallOut, Call: call}
	}
	return tx.headersAfterRateLimit(pending, rlBody)
}

// headersAfterRateLimit is the rest of RequestHeaders once the rate limits let the request
// through (directly, or after the global rate limit service answered).
func (tx *Tx) headersAfterRateLimit(pending *Decision, rlBody bool) Decision {
	if pending != nil {
		return tx.deny(*pending)
	}
	if c := tx.e.hard.csrf(tx); c != nil {
		return tx.deny(*c)
	}
	inj, injBody := tx.e.inj.requestHeaders(tx)
	if inj != nil {
		return tx.deny(*inj)
	}
	switch tx.bodyState.mode {
	case BodyPass:
		tx.event(LogDebug, "body.pass", map[string]any{"reason": tx.bodyState.reason})
		return Decision{Action: Continue}
	case BodyGRPC:
		if !tx.injState.active {
			return Decision{Action: Continue}
		}
		return Decision{Action: StreamBody}
	}
	tx.wantBody = rlBody || injBody
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
	tx.event(LogWarn, "body.too_large", map[string]any{"limit": tx.e.cfg.Body.MaxBytes})
	return tx.deny(BodyTooLargeDecision(tx.Req.ID))
}

// RequestBody inspects the buffered body: whole, or its first BodyLimit bytes when truncated.
// It is called once, at end of stream (or when trailers end the stream).
func (tx *Tx) RequestBody(body []byte, truncated bool) (d Decision) {
	defer tx.recoverInto(&d)
	if !tx.wantBody || tx.denied {
		return Decision{Action: Continue}
	}
	if r := tx.e.limiter.requestBody(tx, body); r != nil {
		return tx.deny(*r)
	}
	if call := tx.e.limiter.globalCall(tx, body); call != nil {
		tx.rlState.resume = func() Decision { return tx.bodyAfterRateLimit(body, truncated) }
		return Decision{Action: CallOut, Call: call}
	}
	return tx.bodyAfterRateLimit(body, truncated)
}

// bodyAfterRateLimit is the rest of RequestBody once the rate limits let the request through.
func (tx *Tx) bodyAfterRateLimit(body []byte, truncated bool) Decision {
	if r := tx.e.inj.requestBody(tx, body, truncated); r != nil {
		return tx.deny(*r)
	}
	return Decision{Action: Continue}
}

// ResponseResult is what the glue changes on the response.
type ResponseResult struct {
	Ops []HeaderOp
	// ReplaceBody, when non-nil, replaces the whole response body (Content-Length is already
	// among Ops).
	ReplaceBody []byte
}

// ResponseHeaders runs the response-phase policies: rate-limit accounting and headers, security
// headers, cookie hardening and error-page scrubbing.
func (tx *Tx) ResponseHeaders(status int, headers Headers) (res ResponseResult) {
	defer func() {
		if r := recover(); r != nil {
			tx.event(LogCritical, "internal.panic", map[string]any{"phase": "response_headers", "panic": fmt.Sprint(r)})
			res = ResponseResult{}
		}
	}()
	res.Ops = append(res.Ops, tx.e.limiter.responseHeaders(tx, status)...)
	ops, body := tx.e.hard.responseHeaders(tx, status, headers)
	res.Ops = append(res.Ops, ops...)
	res.ReplaceBody = body
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
	tx.event(LogError, "internal.failure", map[string]any{"reason": reason, "fail_mode": tx.e.cfg.FailMode.String()})
	if tx.e.cfg.FailMode == FailOpen {
		return Decision{Action: Continue}
	}
	return tx.deny(FailureDecision(tx.Req.ID))
}

func (tx *Tx) deny(d Decision) Decision {
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
func (tx *Tx) event(level LogLevel, metric string, fields map[string]any) {
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
		jsonField{"path", truncate(tx.Path, 256)})
	b, err := appendJSONObject(make([]byte, 0, 256), fs)
	if err != nil {
		b = []byte(`{"event":` + strconv.Quote(metric) + `}`)
	}
	tx.events = append(tx.events, Event{Level: level, Metric: metric, JSON: b})
}

// truncate shortens s to at most n bytes, marking the cut.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "...(truncated)"
}
