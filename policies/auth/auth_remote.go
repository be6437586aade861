package auth

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync/atomic"
	"time"

	"github.com/tidwall/gjson"

	"github.com/edgeward/edgeward/policies"
)

// Remote key sets (providers[i].remote_jwks). Every VM of an Envoy (one per worker thread) runs
// its own Engine; they share one shared-data record per key source, which holds the last good
// key set and the schedule, so that one fetch serves them all:
//
//   - On each tick (Engine.Tick) a VM reads the record, loads a newer key set if another VM
//     stored one, and, when a fetch is due and no other VM holds the lease, takes the lease with
//     a compare-and-swap and returns the HTTP call for the glue to make. A lost swap means
//     another VM moved first: nothing is retried until the next tick.
//   - The lease holder applies the answer (Engine.KeyFetchDone): a good key set replaces the
//     stored one and sets the next refresh; a failure keeps the stored keys, counts, and sets a
//     retry with backoff. Only the holder writes, and only while it holds the lease.
//   - A lease expires on its own (twice the timeout plus a margin), so a VM that dies or whose
//     call is cancelled blocks nobody for long.
//   - A token whose kid no key has asks for an early refresh; the record's "early" time bounds
//     those to one per refresh interval for all VMs together, whatever the tokens say, and none
//     comes within earlyMinAge of a good fetch.
//
// The record is created when an Engine starts (proxy_on_configure): Envoy's shared data has no
// atomic create (cas 0 writes unconditionally, a cas on an absent key is ignored), so a VM that
// finds no record creates an empty one and leases only from the next tick on, when every
// concurrent creator has finished writing the same empty record.

// jwksRecord is the shared-data value of one key source. Times are Unix nanoseconds.
type jwksRecord struct {
	Ver        uint64          `json:"ver"`                   // version of Keys; 0 = never fetched
	Fetched    int64           `json:"fetched,omitempty"`     // the last good fetch
	Next       int64           `json:"next,omitempty"`        // next scheduled fetch (refresh or retry)
	Interval   int64           `json:"interval,omitempty"`    // refresh interval in force (ns)
	Lease      int64           `json:"lease,omitempty"`       // lease expiry
	Holder     string          `json:"holder,omitempty"`      // lease id
	Early      int64           `json:"early,omitempty"`       // start of the last early refresh
	Failures   int             `json:"failures,omitempty"`    // consecutive failed fetches
	FailLogged int64           `json:"fail_logged,omitempty"` // last failure log line
	Suppressed int             `json:"suppressed,omitempty"`  // failures not logged since
	LastError  string          `json:"last_error,omitempty"`
	JWKSURI    string          `json:"jwks_uri,omitempty"`   // from discovery
	Discovered int64           `json:"discovered,omitempty"` // when JWKSURI was read
	Keys       json.RawMessage `json:"keys,omitempty"`       // compact JWK Set
}

const (
	// leaseMargin is added to the calls' timeouts to bound a lease.
	leaseMargin = 5 * time.Second
	// maxRetryBackoff bounds the wait between two failed fetches.
	maxRetryBackoff = time.Minute
	// rediscoverAfter is how long a discovered jwks_uri is reused without asking again.
	rediscoverAfter = 24 * time.Hour
	// maxRecordSwaps bounds the compare-and-swap retries of one update.
	maxRecordSwaps = 4
	// earlyMinAge is how old the key set must be before an unknown kid refreshes it early.
	earlyMinAge = 30 * time.Second
	// maxRemoteJWKs bounds the members of a fetched "keys" array that are looked at.
	maxRemoteJWKs = 256
)

// remoteKeys is one provider's remote key set in this VM.
type remoteKeys struct {
	cfg      *RemoteJWKSConfig
	prov     *ProviderConfig
	inline   []verifyKey
	key      string // shared-data key
	source   string // URL or issuer, for logs
	store    policies.Store
	vmID     string
	leases   uint64
	failMode policies.FailMode

	snap      atomic.Pointer[keySnapshot]
	ver       uint64 // version of the record loaded
	wantEarly atomic.Bool
	inflight  *keyFetch // this VM's fetch, nil when none
	storeLog  policies.ThrottledLog
}

// keySnapshot is what the request path reads: the inline keys first, then the fetched ones.
type keySnapshot struct {
	all   []verifyKey
	ready bool // a fetched key set is loaded
	ver   uint64
}

// keyFetch is what a remote key set keeps of a KeyFetch it asked the glue to make (from the
// root context), whose outcome comes back through Engine.KeyFetchDone.
type keyFetch struct {
	r         *remoteKeys
	lease     string
	discovery bool   // the OIDC discovery document, not the key set
	uri       string // the URL asked
	deadline  time.Time
}

// MaxBytes is the largest answer body the fetch accepts.
func (f *keyFetch) MaxBytes() int { return f.r.cfg.MaxBytes }

// Done applies the fetch's outcome.
func (f *keyFetch) Done(res policies.FetchResult, now time.Time, ev *[]policies.Event) *policies.KeyFetch {
	return f.r.done(ev, f, res, now)
}

func newRemoteKeys(p *ProviderConfig, store policies.Store, vmID string, failMode policies.FailMode) *remoteKeys {
	c := p.RemoteJWKS
	src := c.URL
	if src == "" {
		src = c.Issuer
	}
	h := sha256.Sum256([]byte(strings.Join([]string{c.URL, c.Issuer, c.Cluster, strings.Join(p.Algorithms, ",")}, "\x00")))
	r := &remoteKeys{cfg: c, prov: p, inline: p.keys, key: "edgeward.jwks." + hex.EncodeToString(h[:8]),
		source: src, store: store, vmID: vmID, failMode: failMode}
	r.snap.Store(&keySnapshot{all: p.keys})
	return r
}

// start loads what another VM already fetched (a VM replaced after a trap has keys at once), or
// creates the empty record.
func (r *remoteKeys) start(now time.Time) []policies.Event {
	var ev []policies.Event
	rec, _, err := r.get()
	switch {
	case errors.Is(err, policies.ErrNotFound):
		if err := r.store.Set(r.key, r.encode(&jwksRecord{}), 0); err != nil {
			r.storeFailure(&ev, now, err)
		}
	case err != nil:
		r.storeFailure(&ev, now, err)
	default:
		r.load(&ev, rec)
	}
	return ev
}

func (r *remoteKeys) ready() bool { return r.snap.Load().ready }

func (r *remoteKeys) get() (*jwksRecord, uint32, error) {
	b, cas, err := r.store.Get(r.key)
	if err != nil {
		return nil, 0, err
	}
	rec := &jwksRecord{}
	if len(b) > 0 && json.Unmarshal(b, rec) != nil {
		rec = &jwksRecord{} // unreadable (another build?): start over, keeping its cas
	}
	return rec, cas, nil
}

func (r *remoteKeys) encode(rec *jwksRecord) []byte {
	b, _ := json.Marshal(rec)
	return b
}

// interval is the refresh interval: configured, else from the last answer's max-age, else the default.
func (r *remoteKeys) interval(rec *jwksRecord) time.Duration {
	switch {
	case r.cfg.Refresh > 0:
		return r.cfg.Refresh
	case rec.Interval > 0:
		return time.Duration(rec.Interval)
	}
	return defaultRemoteRefresh
}

// tick syncs with the record and returns a fetch when this VM is to make one.
func (r *remoteKeys) tick(ev *[]policies.Event, now time.Time) *policies.KeyFetch {
	rec, cas, err := r.get()
	if errors.Is(err, policies.ErrNotFound) {
		// Shared data was lost (or never written): create it; lease from the next tick on.
		if err := r.store.Set(r.key, r.encode(&jwksRecord{}), 0); err != nil {
			r.storeFailure(ev, now, err)
		}
		return nil
	}
	if err != nil {
		r.storeFailure(ev, now, err)
		return nil
	}
	r.load(ev, rec)
	if r.inflight != nil {
		if now.Before(r.inflight.deadline) {
			return nil
		}
		r.inflight = nil // its answer never came (the call was cancelled); the lease has expired
	}
	t := now.UnixNano()
	due := t >= rec.Next
	early := false
	if want := r.wantEarly.Swap(false); want && !due && rec.Ver > 0 && t-rec.Early >= int64(r.interval(rec)) &&
		t-rec.Fetched >= int64(earlyMinAge) {
		early = true
	}
	if !due && !early || rec.Lease > t {
		return nil // not due, or another VM holds the lease
	}
	r.leases++
	lease := r.vmID + "-" + policies.Itoa(int(r.leases))
	deadline := now.Add(2*r.cfg.Timeout + leaseMargin)
	rec.Lease, rec.Holder = deadline.UnixNano(), lease
	if early {
		rec.Early = t
	}
	if err := r.store.Set(r.key, r.encode(rec), cas); err != nil {
		if !errors.Is(err, policies.ErrCASMismatch) {
			r.storeFailure(ev, now, err)
		}
		if early {
			r.wantEarly.Store(true) // another VM moved first; ask again at the next tick
		}
		return nil
	}
	var f *policies.KeyFetch
	switch {
	case r.cfg.URL != "":
		f = r.fetch(lease, r.cfg.URL, false, deadline)
	case rec.JWKSURI != "" && rec.Failures == 0 && t-rec.Discovered < int64(rediscoverAfter):
		f = r.fetch(lease, rec.JWKSURI, false, deadline)
	default:
		f = r.fetch(lease, strings.TrimRight(r.cfg.Issuer, "/")+"/.well-known/openid-configuration", true, deadline)
	}
	r.inflight = f.Job.(*keyFetch)
	return f
}

func (r *remoteKeys) fetch(lease, uri string, discovery bool, deadline time.Time) *policies.KeyFetch {
	authority, path, _ := splitFetchURL(uri) // checked by the config parser or by parseDiscovery
	accept := "application/jwk-set+json, application/json"
	if discovery {
		accept = "application/json"
	}
	return &policies.KeyFetch{
		Call: policies.HTTPCall{
			Cluster: r.cfg.Cluster,
			Headers: policies.Headers{
				{Name: ":method", Value: "GET"},
				{Name: ":path", Value: path},
				{Name: ":authority", Value: authority},
				{Name: "accept", Value: accept},
				{Name: "user-agent", Value: "edgeward"},
			},
			Timeout: r.cfg.Timeout,
		},
		Job: &keyFetch{r: r, lease: lease, discovery: discovery, uri: uri, deadline: deadline},
	}
}

// done applies a fetch's outcome; it returns the key-set fetch that follows a discovery.
func (r *remoteKeys) done(ev *[]policies.Event, f *keyFetch, res policies.FetchResult, now time.Time) *policies.KeyFetch {
	if r.inflight != f {
		return nil // a fetch this VM gave up on
	}
	r.inflight = nil
	if f.discovery {
		uri, problem := parseDiscovery(res, r.cfg)
		if problem != "" {
			r.failed(ev, f, "discovery: "+problem, now)
			return nil
		}
		next := r.fetch(f.lease, uri, false, f.deadline)
		r.inflight = next.Job.(*keyFetch)
		return next
	}
	if problem := answerProblem(res, r.cfg.MaxBytes); problem != "" {
		r.failed(ev, f, problem, now)
		return nil
	}
	keys, compact, skipped, problem := parseRemoteKeySet(res.Body, r.prov.Algorithms)
	if problem != "" {
		r.failed(ev, f, problem, now)
		return nil
	}
	refresh := r.cfg.Refresh
	if refresh == 0 {
		refresh = defaultRemoteRefresh
		if age, ok := maxAge(res.Headers.Values("cache-control")); ok {
			refresh = min(max(age, minRemoteRefresh), maxRemoteRefresh)
		}
	}
	r.succeeded(ev, f, keys, compact, skipped, refresh, now)
	return nil
}

// succeeded stores a good key set, if this VM still holds the lease.
func (r *remoteKeys) succeeded(ev *[]policies.Event, f *keyFetch, keys []verifyKey, compact []byte, skipped int, refresh time.Duration, now time.Time) {
	t := now.UnixNano()
	for range maxRecordSwaps {
		rec, cas, err := r.get()
		if err != nil {
			r.storeFailure(ev, now, err)
			return
		}
		if rec.Holder != f.lease {
			return // the lease expired and another VM took over: its answer will count
		}
		changed := string(rec.Keys) != string(compact)
		rec.Ver++
		rec.Keys = compact
		rec.Fetched, rec.Interval, rec.Next = t, int64(refresh), t+int64(refresh)
		rec.Lease, rec.Holder = 0, ""
		rec.Failures, rec.FailLogged, rec.Suppressed, rec.LastError = 0, 0, 0, ""
		if r.cfg.Issuer != "" {
			if f.uri != rec.JWKSURI {
				rec.Discovered = t
			}
			rec.JWKSURI = f.uri
		}
		err = r.store.Set(r.key, r.encode(rec), cas)
		if errors.Is(err, policies.ErrCASMismatch) {
			continue
		}
		if err != nil {
			r.storeFailure(ev, now, err)
			return
		}
		r.install(rec.Ver, keys)
		level := policies.LogDebug
		if changed {
			level = policies.LogInfo
		}
		*ev = append(*ev, policies.EngineEvent(level, "auth.jwks.updated", map[string]any{
			"provider": r.prov.Name, "source": r.source, "keys": len(keys), "kids": kidsOf(keys),
			"skipped": skipped, "refresh": refresh.String(), "changed": changed,
		}))
		return
	}
	*ev = append(*ev, policies.EngineEvent(policies.LogError, "auth.jwks.store_conflict", map[string]any{
		"provider": r.prov.Name, "source": r.source, "swaps": maxRecordSwaps}))
}

// failed counts a failed fetch, keeps the stored keys and schedules a retry; the failure is
// logged once per refresh interval (the metric counts each).
func (r *remoteKeys) failed(ev *[]policies.Event, f *keyFetch, reason string, now time.Time) {
	t := now.UnixNano()
	for range maxRecordSwaps {
		rec, cas, err := r.get()
		if err != nil {
			r.storeFailure(ev, now, err)
			break
		}
		if rec.Holder != f.lease {
			break // another VM took over
		}
		rec.Failures++
		if rec.Next <= t {
			// A failed early refresh keeps the schedule; a failed due fetch is retried.
			rec.Next = t + int64(retryBackoff(rec.Failures))
		}
		rec.Lease, rec.Holder, rec.LastError = 0, "", policies.Truncate(reason, 200)
		logIt := rec.FailLogged == 0 || t-rec.FailLogged >= int64(r.interval(rec))
		suppressed := rec.Suppressed
		if logIt {
			rec.FailLogged, rec.Suppressed = t, 0
		} else {
			rec.Suppressed++
		}
		err = r.store.Set(r.key, r.encode(rec), cas)
		if errors.Is(err, policies.ErrCASMismatch) {
			continue
		}
		if err != nil {
			r.storeFailure(ev, now, err)
			break
		}
		if !logIt {
			*ev = append(*ev, policies.Event{Level: policies.LogWarn, Metric: "auth.jwks.fetch_failed"})
			return
		}
		fields := map[string]any{"provider": r.prov.Name, "source": r.source, "url": f.uri, "reason": reason,
			"failures": rec.Failures, "not_logged": suppressed, "retry_in": time.Duration(rec.Next - t).String()}
		level := policies.LogWarn
		if rec.Ver > 0 {
			fields["keeping"] = "the keys fetched at " + time.Unix(0, rec.Fetched).UTC().Format(time.RFC3339)
		} else {
			level = policies.LogError
			fields["keeping"] = "none: tokens of this provider get on_failure " + r.cfg.OnFailure
		}
		*ev = append(*ev, policies.EngineEvent(level, "auth.jwks.fetch_failed", fields))
		return
	}
	*ev = append(*ev, policies.Event{Level: policies.LogWarn, Metric: "auth.jwks.fetch_failed"})
}

// retryBackoff is the wait after n consecutive failures: 1s, 2s, 4s, ... up to a minute.
func retryBackoff(n int) time.Duration {
	if n > 7 {
		return maxRetryBackoff
	}
	return min(time.Second<<(n-1), maxRetryBackoff)
}

// load installs the record's key set when it is newer than the one loaded.
func (r *remoteKeys) load(ev *[]policies.Event, rec *jwksRecord) {
	if rec.Ver == 0 || rec.Ver == r.ver {
		return
	}
	keys, _, _, problem := parseRemoteKeySet(rec.Keys, r.prov.Algorithms)
	r.ver = rec.Ver // never parse the same version twice
	if problem != "" {
		*ev = append(*ev, policies.EngineEvent(policies.LogError, "auth.jwks.store_unreadable", map[string]any{
			"provider": r.prov.Name, "source": r.source, "reason": problem}))
		return
	}
	r.install(rec.Ver, keys)
}

func (r *remoteKeys) install(ver uint64, fetched []verifyKey) {
	r.ver = ver
	all := make([]verifyKey, 0, len(r.inline)+len(fetched))
	all = append(append(all, r.inline...), fetched...)
	r.snap.Store(&keySnapshot{all: all, ready: true, ver: ver})
}

// storeFailure logs a shared-data error at most once a minute per key source.
func (r *remoteKeys) storeFailure(ev *[]policies.Event, now time.Time, err error) {
	t := now.UnixNano()
	if r.storeLog.Last != 0 && t-r.storeLog.Last < int64(policies.GlobalLogInterval) {
		r.storeLog.Suppressed++
		*ev = append(*ev, policies.Event{Level: policies.LogError, Metric: "auth.jwks.store_failure"})
		return
	}
	*ev = append(*ev, policies.EngineEvent(policies.LogError, "auth.jwks.store_failure", map[string]any{
		"provider": r.prov.Name, "source": r.source, "error": err.Error(), "not_logged": r.storeLog.Suppressed}))
	r.storeLog = policies.ThrottledLog{Last: t}
}

// answerProblem says why a key-set or discovery answer is not usable ("" when it is).
func answerProblem(res policies.FetchResult, maxBytes int) string {
	switch {
	case res.Status == 0 && res.Err != "":
		return res.Err
	case res.Status == 0:
		return "no response (the call was reset)"
	case res.Status != 200:
		s := fmt.Sprintf("status %d", res.Status)
		if d := printablePrefix(res.Body, 120); d != "" {
			s += ": " + d // e.g. Envoy's "upstream connect error ..." or "upstream request timeout"
		}
		return s
	case res.BodySize > maxBytes || len(res.Body) > maxBytes:
		return fmt.Sprintf("answer of %d bytes, over max_bytes %d", max(res.BodySize, len(res.Body)), maxBytes)
	}
	return ""
}

// printablePrefix is the first n bytes of b with anything but printable ASCII replaced, for logs.
func printablePrefix(b []byte, n int) string {
	if len(b) > n {
		b = b[:n]
	}
	out := make([]byte, 0, len(b))
	for _, c := range b {
		if c < 0x20 || c > 0x7e {
			c = ' '
		}
		out = append(out, c)
	}
	return strings.TrimSpace(string(out))
}

// parseDiscovery reads an OIDC discovery answer: its issuer must be the configured one (OIDC
// Discovery §4.3) and its jwks_uri an absolute http(s) URL.
func parseDiscovery(res policies.FetchResult, c *RemoteJWKSConfig) (string, string) {
	if p := answerProblem(res, c.MaxBytes); p != "" {
		return "", p
	}
	if !policies.ValidJSON(res.Body) {
		return "", "not a JSON document"
	}
	var doc struct {
		Issuer  *string `json:"issuer"`
		JWKSURI *string `json:"jwks_uri"`
	}
	if json.Unmarshal(res.Body, &doc) != nil {
		return "", "not an OpenID Provider configuration (issuer and jwks_uri must be strings)"
	}
	switch {
	case doc.Issuer == nil || *doc.Issuer != c.Issuer:
		got := "none"
		if doc.Issuer != nil {
			got = fmt.Sprintf("%q", policies.Truncate(*doc.Issuer, 200))
		}
		return "", fmt.Sprintf("issuer is %s, not %q", got, c.Issuer)
	case doc.JWKSURI == nil:
		return "", "no jwks_uri"
	}
	if _, _, p := splitFetchURL(*doc.JWKSURI); p != "" {
		return "", "jwks_uri " + p
	}
	return *doc.JWKSURI, ""
}

// maxAge reads max-age from Cache-Control values (RFC 9111 §5.2.2.1); no-store and no-cache
// count as 0.
func maxAge(values []string) (time.Duration, bool) {
	found, age := false, time.Duration(0)
	for _, v := range values {
		for d := range strings.SplitSeq(v, ",") {
			name, val, _ := strings.Cut(strings.TrimSpace(d), "=")
			switch strings.ToLower(name) {
			case "no-store", "no-cache":
				return 0, true
			case "max-age":
				val = strings.Trim(val, `"`)
				n := int64(0)
				if val == "" || len(val) > 10 {
					continue
				}
				ok := true
				for i := 0; i < len(val); i++ {
					if val[i] < '0' || val[i] > '9' {
						ok = false
						break
					}
					n = n*10 + int64(val[i]-'0')
				}
				if ok && !found {
					found, age = true, time.Duration(n)*time.Second
				}
			}
		}
	}
	return age, found
}

// parseRemoteKeySet reads a JWK Set fetched from an identity provider. Unlike inline jwks it is
// tolerant of what such sets carry: encryption keys (use "enc"), symmetric or unknown key types,
// and keys of a family none of algs can use are skipped; a set that holds private key material
// is refused whole; a set left with no usable key is a failure (the last good keys stay). It
// returns the usable keys (at most maxProviderKeys), a compact JWK Set of them (for the shared
// record) and how many were skipped.
func parseRemoteKeySet(body []byte, algs []string) ([]verifyKey, []byte, int, string) {
	if !policies.ValidJSON(body) {
		return nil, nil, 0, "not a JWK Set (not JSON)"
	}
	var errs []error
	root := policies.NewNode(gjson.ParseBytes(body), "", &errs)
	if !root.Value().IsObject() {
		return nil, nil, 0, "not a JWK Set (not a JSON object)"
	}
	kn := root.Child("keys")
	if !kn.Value().IsArray() {
		return nil, nil, 0, "not a JWK Set (no \"keys\" array)"
	}
	var keys []verifyKey
	var compact []map[string]string
	skipped := 0
	for i, k := range kn.Array() {
		if i == maxRemoteJWKs {
			skipped += len(kn.Value().Array()) - i
			break
		}
		if !k.Value().IsObject() {
			skipped++
			continue
		}
		for _, m := range jwkPrivateMembers {
			if m != "k" && k.Child(m).Exists() {
				return nil, nil, 0, fmt.Sprintf("keys[%d] holds private key material (%q): the set is refused", i, m)
			}
		}
		kty := k.Child("kty").Value().Str
		if use := k.Child("use"); use.Exists() && use.Value().Str != "sig" || kty != "RSA" && kty != "EC" && kty != "OKP" {
			skipped++ // encryption keys, symmetric keys, unknown types
			continue
		}
		var kerrs []error
		vk, ok := parseJWK(k.WithErrs(&kerrs))
		if !ok || len(kerrs) > 0 {
			skipped++
			continue
		}
		usable := false
		for _, a := range algs {
			if vk.usableFor(a) {
				usable = true
				break
			}
		}
		if !usable || len(keys) == maxProviderKeys {
			skipped++
			continue
		}
		keys = append(keys, vk)
		c := map[string]string{}
		for _, m := range []string{"kty", "kid", "alg", "crv", "n", "e", "x", "y"} {
			if v := k.Child(m); v.Exists() {
				c[m] = v.Value().Str
			}
		}
		compact = append(compact, c)
	}
	if len(keys) == 0 {
		return nil, nil, skipped, fmt.Sprintf("no key usable for %s (%d skipped: other families, encryption keys, invalid or short keys)",
			strings.Join(algs, ", "), skipped)
	}
	b, _ := json.Marshal(map[string]any{"keys": compact})
	return keys, b, skipped, ""
}

func kidsOf(keys []verifyKey) []string {
	out := make([]string, 0, len(keys))
	for i := range keys {
		out = append(out, policies.Truncate(keys[i].kid, 64))
	}
	return out
}
