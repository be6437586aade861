package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"runtime"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/tetratelabs/wazero"

	"github.com/edgeward/edgeward/e2e/devhost"
	"github.com/edgeward/edgeward/e2e/echo"
	"github.com/edgeward/edgeward/policies"
)

// replayIDPrefix starts the request id replay gives each request, to match log lines to it.
const replayIDPrefix = "replay-"

// maxVerifyIDs bounds the ids listed as still flagged after the verification run.
const maxVerifyIDs = 100

// replayRequestTimeout bounds one request's trip through the module.
const replayRequestTimeout = 30 * time.Second

// replayOptions are the flags of `edgeward replay`.
type replayOptions struct {
	config     string
	requests   string
	wasm       string
	json       bool
	workers    int
	env        envFlag
	maxIDs     int
	routeDepth int
	verify     bool
	quiet      bool
}

func parseReplayFlags(args []string, stderr io.Writer) (*replayOptions, error) {
	o := &replayOptions{}
	fs := flag.NewFlagSet("replay", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: edgeward replay --config CONFIG --requests FILE [flags]\n\n"+
			"Runs captured requests (JSONL or HAR) through the compiled module in-process and reports\n"+
			"what would be blocked, by rule and by route, with exclusions for false positives.\n\nflags:")
		fs.PrintDefaults()
	}
	fs.StringVar(&o.config, "config", "", "plugin configuration JSON file (required)")
	fs.StringVar(&o.requests, "requests", "", "captured requests: JSONL (one object a line), a JSON array, or a HAR file (required)")
	fs.StringVar(&o.wasm, "wasm", envOr("WASM", "dist/edgeward.wasm"), "compiled module (env WASM)")
	fs.BoolVar(&o.json, "json", false, "print the report as JSON (schema edgeward.replay/v1, see envoy/reference/replay.md)")
	fs.IntVar(&o.workers, "workers", runtime.NumCPU(), "module instances run in parallel")
	fs.Var(&o.env, "env", "environment variable for the module: KEY (passed through from this process if set) or KEY=VALUE; repeatable")
	fs.IntVar(&o.maxIDs, "max-ids", 10, "request ids listed per group (0: none)")
	fs.IntVar(&o.routeDepth, "route-depth", 2, "path segments that make a route group (1..8)")
	fs.BoolVar(&o.verify, "verify", true, "re-run the false positives with the suggested exclusions merged into the config")
	fs.BoolVar(&o.quiet, "quiet", false, "no progress on stderr")
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	switch {
	case fs.NArg() > 0:
		return nil, fmt.Errorf("unexpected arguments: %v", fs.Args())
	case o.config == "":
		return nil, errors.New("--config is required")
	case o.requests == "":
		return nil, errors.New("--requests is required")
	case o.workers < 1 || o.workers > 256:
		return nil, fmt.Errorf("--workers %d: want 1..256", o.workers)
	case o.maxIDs < 0:
		return nil, fmt.Errorf("--max-ids %d: want >= 0", o.maxIDs)
	case o.routeDepth < 1 || o.routeDepth > 8:
		return nil, fmt.Errorf("--route-depth %d: want 1..8", o.routeDepth)
	}
	return o, nil
}

func replayCmd(args []string, stdout, stderr io.Writer) int {
	o, err := parseReplayFlags(args, stderr)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		fmt.Fprintln(stderr, "edgeward replay:", err)
		return 2
	}
	rep, err := replay(context.Background(), o, stderr)
	if err != nil {
		fmt.Fprintln(stderr, "edgeward replay:", err)
		return 1
	}
	if o.json {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		if err := enc.Encode(rep); err != nil {
			fmt.Fprintln(stderr, "edgeward replay:", err)
			return 1
		}
	} else {
		writeReplayText(stdout, rep)
	}
	if rep.Totals.Errors > 0 {
		return 1
	}
	return 0
}

// replay reads the inputs, runs every case through the module and builds the report.
func replay(ctx context.Context, o *replayOptions, stderr io.Writer) (*replayReport, error) {
	cfgBytes, err := os.ReadFile(o.config)
	if err != nil {
		return nil, fmt.Errorf("config: %w", err)
	}
	cfg, err := policies.ParseConfig(cfgBytes)
	if err != nil {
		return nil, fmt.Errorf("config %s: %w", o.config, err)
	}
	data, err := os.ReadFile(o.requests)
	if err != nil {
		return nil, fmt.Errorf("requests: %w", err)
	}
	in, err := parseReplayInput(data)
	if err != nil {
		return nil, fmt.Errorf("requests %s: %w", o.requests, err)
	}
	wasm, err := os.ReadFile(o.wasm)
	if err != nil {
		return nil, fmt.Errorf("module %s: %w (build it with `make build`)", o.wasm, err)
	}
	r := &replayer{
		wasm: wasm, env: o.env.vars, workers: o.workers, idHeader: cfg.RequestIDHeader,
		cache: compilationCache(stderr),
	}
	if !o.quiet {
		r.progress = stderr
	}
	started := time.Now()
	results, startup, err := r.run(ctx, cfgBytes, in.Cases)
	if err != nil {
		return nil, err
	}
	elapsed := time.Since(started) - startup
	rep := buildReport(in, results, reportOptions{maxIDs: o.maxIDs, routeDepth: o.routeDepth})
	rep.Input.File, rep.Config, rep.Wasm, rep.Workers = o.requests, o.config, o.wasm, o.workers
	rep.StartupMS, rep.ElapsedMS = startup.Milliseconds(), elapsed.Milliseconds()
	if s := elapsed.Seconds(); s > 0 {
		rep.RatePerSec = float64(int(float64(len(results))/s*10)) / 10
	}
	if len(rep.Exclusions) > 0 {
		merged, err := mergeExclusions(cfgBytes, rep.Exclusions)
		if err == nil {
			_, err = policies.ParseConfig(merged)
		}
		rep.ExclusionsValid = err == nil
		if err != nil {
			rep.ExclusionsError = err.Error()
		} else if o.verify {
			rep.Verify, err = r.verify(ctx, merged, in.Cases, results)
			if err != nil {
				return nil, fmt.Errorf("verify exclusions: %w", err)
			}
		}
	}
	return rep, nil
}

// replayer runs cases through one dev host at a time.
type replayer struct {
	wasm     []byte
	env      map[string]string
	workers  int
	idHeader string
	cache    wazero.CompilationCache
	progress io.Writer // nil: none
}

// caseResult is what happened to one case.
type caseResult struct {
	Index     int    `json:"index"`
	ID        string `json:"id"`
	Method    string `json:"method"`
	Path      string `json:"path"`
	Route     string `json:"route"`
	Status    int    `json:"status"`
	Verdict   string `json:"verdict"`             // allowed, blocked, answered, error
	Rule      string `json:"rule,omitempty"`      // the 403 body's rule, or the detect-mode event's
	Detected  bool   `json:"detected,omitempty"`  // allowed, but the module logged a detect-mode event
	Location  string `json:"location,omitempty"`  // from the injection event
	Parameter string `json:"parameter,omitempty"` // from the injection event, as logged
	Expect    string `json:"expect,omitempty"`
	Error     string `json:"error,omitempty"`

	paramName  string // the exact parameter name, when recoverable
	paramKnown bool
}

// Verdicts.
const (
	verdictAllowed  = "allowed"  // reached the upstream
	verdictBlocked  = "blocked"  // answered by the module (or the host) with a status >= 400
	verdictAnswered = "answered" // answered locally below 400 (redirect, preflight)
	verdictError    = "error"    // the stream was reset or timed out
)

// flagged reports whether the module blocked the request or, in detect mode, would have.
func (r *caseResult) flagged() bool { return r.Verdict == verdictBlocked || r.Detected }

// run starts a host with cfg and sends every case through it on r.workers goroutines. startup is
// the time taken to compile and instantiate the module.
func (r *replayer) run(ctx context.Context, cfg []byte, cases []replayCase) ([]caseResult, time.Duration, error) {
	t0 := time.Now()
	events := newEventCollector(replayIDPrefix)
	host, err := devhost.New(ctx, devhost.Options{
		Wasm: r.wasm, PluginConfig: cfg, Workers: r.workers, Env: r.env,
		LogWriter: events, LogLevel: devhost.LevelInfo, CompilationCache: r.cache,
	})
	if err != nil {
		return nil, 0, fmt.Errorf("plugin did not start: %w", err)
	}
	defer host.Close()
	startup := time.Since(t0)

	results := make([]caseResult, len(cases))
	var done atomic.Int64
	stop := startProgress(r.progress, int64(len(cases)), &done)
	defer stop()
	jobs := make(chan int)
	var wg sync.WaitGroup
	for w := 0; w < 2*r.workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				results[i] = r.one(ctx, host, events, i, &cases[i])
				done.Add(1)
			}
		}()
	}
	for i := range cases {
		if ctx.Err() != nil {
			break
		}
		jobs <- i
	}
	close(jobs)
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, 0, err
	}
	return results, startup, nil
}

// one sends case i through the host: the upstream (the built-in echo upstream) records whether
// the request reached it, the 403 body names the rule, the log line names the parameter.
func (r *replayer) one(ctx context.Context, host *devhost.Host, events *eventCollector, i int, c *replayCase) caseResult {
	res := caseResult{Index: i, ID: c.ID, Method: c.Method, Path: c.Path, Expect: c.Expect}
	id := replayIDPrefix + strconv.Itoa(i)
	up := &upstreamRecorder{next: echo.Handler()}
	ctx, cancel := context.WithTimeout(ctx, replayRequestTimeout)
	defer cancel()
	resp, err := host.RoundTrip(ctx, buildRequest(c, r.idHeader, id), up)
	evs := events.take(id)
	if err != nil {
		res.Verdict, res.Error = verdictError, err.Error()
		return res
	}
	body, _ := io.ReadAll(io.LimitReader(resp.Body, maxRecordedBody))
	resp.Body.Close()
	res.Status = resp.StatusCode
	switch {
	case up.answered(resp.StatusCode, body):
		res.Verdict = verdictAllowed
	case resp.StatusCode >= 400:
		res.Verdict = verdictBlocked
	default:
		res.Verdict = verdictAnswered
	}
	if res.Verdict == verdictBlocked {
		var b struct {
			Rule string `json:"rule"`
		}
		if json.Unmarshal(body, &b) == nil {
			res.Rule = b.Rule
		}
	}
	for _, e := range evs {
		switch {
		case res.Verdict == verdictBlocked && e.Action == "block" && e.Rule == res.Rule,
			res.Verdict == verdictAllowed && e.Action == "detect" && !res.Detected:
			if res.Verdict == verdictAllowed {
				res.Detected, res.Rule = true, e.Rule
			}
			res.Location, res.Parameter = e.Location, e.Parameter
			if e.Parameter != "" {
				res.paramName, _, res.paramKnown = loggedParameter(e.Parameter)
			}
		}
		if res.Location != "" {
			break
		}
	}
	return res
}

// maxRecordedBody bounds the response bytes read and compared.
const maxRecordedBody = 64 << 10

// upstreamRecorder wraps the upstream and records the response it wrote. The dev host starts the
// upstream exchange as soon as the headers pass, like Envoy, so the module may still answer
// locally from the body phase: "allowed" means the client got the upstream's own response.
type upstreamRecorder struct {
	next http.Handler

	mu     sync.Mutex
	done   bool
	status int
	body   []byte
}

func (u *upstreamRecorder) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	rw := &recordingWriter{ResponseWriter: w, status: http.StatusOK}
	u.next.ServeHTTP(rw, r)
	u.mu.Lock()
	u.done, u.status, u.body = true, rw.status, rw.body
	u.mu.Unlock()
}

// answered reports whether status and body are the upstream's complete response.
func (u *upstreamRecorder) answered(status int, body []byte) bool {
	u.mu.Lock()
	defer u.mu.Unlock()
	return u.done && u.status == status && bytes.Equal(u.body, body)
}

type recordingWriter struct {
	http.ResponseWriter
	status      int
	wroteHeader bool
	body        []byte
}

func (w *recordingWriter) WriteHeader(code int) {
	if !w.wroteHeader {
		w.status, w.wroteHeader = code, true
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *recordingWriter) Write(p []byte) (int, error) {
	w.wroteHeader = true
	if room := maxRecordedBody - len(w.body); room > 0 {
		w.body = append(w.body, p[:min(room, len(p))]...)
	}
	return w.ResponseWriter.Write(p)
}

// verify re-runs the flagged false positives with the merged config and reports which are still
// flagged (an exclusion silences the first hit; another parameter may then match).
func (r *replayer) verify(ctx context.Context, merged []byte, cases []replayCase, results []caseResult) (*verifyResult, error) {
	var sub []replayCase
	for i := range results {
		if isFalsePositive(&results[i]) && excludable(&results[i]) {
			sub = append(sub, cases[i])
		}
	}
	v := &verifyResult{Requests: len(sub), StillFlaggedIDs: []string{}}
	if len(sub) == 0 {
		return v, nil
	}
	quiet := *r
	quiet.progress = nil
	again, _, err := quiet.run(ctx, merged, sub)
	if err != nil {
		return nil, err
	}
	for i := range again {
		if again[i].flagged() {
			v.StillFlagged++
			if len(v.StillFlaggedIDs) < maxVerifyIDs {
				v.StillFlaggedIDs = append(v.StillFlaggedIDs, again[i].ID)
			}
		}
	}
	return v, nil
}
