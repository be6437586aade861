// Package parity compares Edgeward, compiled and run in the dev host, with the real npm libraries
// its users migrate from (issue 16): helmet 8, jsonwebtoken 9, express-rate-limit 8,
// express-mongo-sanitize 2 and Express 4's res.cookie, installed with `npm ci` from
// testdata/package-lock.json. Each test drives a library (in Node, testdata/js) and the dev host
// with the same inputs and compares them case by case; every difference a test allows is a row of
// differences below, with its reason, and is listed in docs/migrating-from-express.md.
//
// Node.js and npm are required: without them the suite fails, it never skips.
package parity

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/edgeward/edgeward/e2e/e2etest"
)

// difference is an intended difference between Edgeward and a library: the tests allow exactly
// these, each where it applies, and TestParityDifferencesDocumented checks that the migration page
// lists every id.
type difference struct {
	id, library, what, reason string
}

var differences = []difference{
	{"helmet-permissions-policy", "helmet", "Edgeward also sends Permissions-Policy (camera, microphone, geolocation, ... turned off)",
		"helmet 8 has no Permissions-Policy; services rarely use those features, and turning them off limits what injected script can do"},
	{"helmet-csp-spacing", "helmet", "Content-Security-Policy directives are separated by \"; \" (helmet: \";\")",
		"formatting only: browsers split on \";\" and trim, the directives and their order are the same"},
	{"jwt-duplicate-claims", "jsonwebtoken", "a token repeating a claim name (sub twice, exp twice) is refused (duplicate_claim); jwt.verify reads the last copy",
		"parsers disagree on which copy counts (gjson the first, JSON.parse the last), so a proxy and the app could read different claims"},
	{"jwt-crit", "jsonwebtoken", "a token with a crit header is refused (unsupported_header); jwt.verify ignores crit",
		"RFC 7515 §4.1.11: a recipient must refuse critical extensions it does not understand, and Edgeward understands none"},
	{"jwt-require-exp", "jsonwebtoken", "by default a token without exp is refused (require_exp: true); jwt.verify accepts it",
		"a token that never expires cannot be revoked by waiting; require_exp: false gives jsonwebtoken's behaviour"},
	{"jwt-future-iat", "jsonwebtoken", "by default a token whose iat is beyond the leeway in the future is refused (reject_future_iat: true); jwt.verify accepts it",
		"not required by RFC 7519, kept because it means a wrong clock or a forged iat; reject_future_iat: false gives jsonwebtoken's behaviour"},
	{"ratelimit-reset", "express-rate-limit", "reset (draft-6/7 reset, draft-8 t, legacy X-RateLimit-Reset) is when the next unit comes back (window / limit for GCRA), not the end of a fixed window",
		"Edgeward's limiter is GCRA (no fixed windows, no boundary bursts); the limit and remaining figures are the same"},
	{"ratelimit-remaining-after-success", "express-rate-limit", "with skip_successful_requests, a successful response reports the allowance after its unit was given back (one more than express-rate-limit, which reports it at arrival)",
		"Edgeward writes the headers when the response is known, so it can report the allowance that is actually left"},
	{"ratelimit-draft8-pk", "express-rate-limit", "draft-8 RateLimit-Policy has no pk parameter",
		"express-rate-limit's pk is an unkeyed SHA-256 prefix of the client key: for an email key anyone can confirm a guess; the draft makes pk optional"},
	{"ratelimit-text-content-type", "express-rate-limit", "a text 429 body is sent as text/plain; charset=utf-8 (express-rate-limit: res.send's text/html)",
		"the message is not HTML; text/plain with nosniff can never be rendered as markup"},
	{"ratelimit-legacy-date", "express-rate-limit", "legacy headers do not rewrite Date",
		"Envoy sets Date on every response"},
	{"sanitize-dotted-keys", "express-mongo-sanitize", "keys containing a dot ({\"a.b\": 1}, ?a.b=1) pass; express-mongo-sanitize (without allowDots) would strip them",
		"a dotted key is not a query operator: it only matters when an app passes a client object straight into an update; blocking it would refuse ordinary JSON (URLs, domains, versions as keys)"},
	{"sanitize-block-not-strip", "express-mongo-sanitize", "a request with an operator key is refused with 403 instead of reaching the app with the key deleted",
		"the edge cannot rewrite a body the app will parse differently; refusing is the only verdict that cannot be misread"},
	{"cookie-default-samesite", "res.cookie", "without same_site_by_name, a cookie the app sent without SameSite gets SameSite=Lax, not Strict",
		"Lax is the safe default for every cookie (Strict breaks links into a logged-in site); name the refresh-token cookie in same_site_by_name to get Strict"},
}

func diff(t *testing.T, id string) difference {
	t.Helper()
	for _, d := range differences {
		if d.id == id {
			return d
		}
	}
	t.Fatalf("difference %q is not in the table", id)
	return difference{}
}

// TestParityDifferencesDocumented: every allowed difference is on the migration page.
func TestParityDifferencesDocumented(t *testing.T) {
	doc, err := os.ReadFile(filepath.Join(e2etest.RepoRoot(t), "docs", "migrating-from-express.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range differences {
		if !strings.Contains(string(doc), "`"+d.id+"`") {
			t.Errorf("docs/migrating-from-express.md does not list difference `%s` (%s)", d.id, d.what)
		}
	}
}

// pinned are the versions package.json pins; the installed ones must be exactly these.
var pinned = map[string]string{
	"helmet": "8.3.0", "jsonwebtoken": "9.0.3", "express": "4.22.3",
	"express-rate-limit": "8.7.5", "express-mongo-sanitize": "2.2.0",
}

var (
	npmOnce sync.Once
	npmErr  string
)

// nodeDir is testdata/ with its node_modules installed (npm ci when missing). A missing node or
// npm, or a failed install, fails the test.
func nodeDir(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(e2etest.RepoRoot(t), "e2e", "parity", "testdata")
	npmOnce.Do(func() { npmErr = install(dir) })
	if npmErr != "" {
		t.Fatal(npmErr)
	}
	return dir
}

func install(dir string) string {
	for _, tool := range []string{"node", "npm"} {
		if _, err := exec.LookPath(tool); err != nil {
			return "the parity suite needs Node.js and npm (" + tool + " not found on PATH): install Node.js 18 or later"
		}
	}
	if !installed(dir) {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
		defer cancel()
		cmd := exec.CommandContext(ctx, "npm", "ci", "--no-audit", "--no-fund", "--loglevel=error")
		cmd.Dir = dir
		if out, err := cmd.CombinedOutput(); err != nil {
			return "npm ci in " + dir + ": " + err.Error() + "\n" + string(out)
		}
	}
	for pkg, want := range pinned {
		b, err := os.ReadFile(filepath.Join(dir, "node_modules", pkg, "package.json"))
		if err != nil {
			return "node_modules lacks " + pkg + " after npm ci: " + err.Error()
		}
		var m struct{ Version string }
		if json.Unmarshal(b, &m) != nil || m.Version != want {
			return "node_modules holds " + pkg + " " + m.Version + ", want " + want + " (delete e2e/parity/testdata/node_modules to reinstall)"
		}
	}
	return ""
}

// installed reports whether node_modules matches package-lock.json (npm writes its copy of the
// lock, node_modules/.package-lock.json, at the end of an install).
func installed(dir string) bool {
	_, err := os.Stat(filepath.Join(dir, "node_modules", ".package-lock.json"))
	return err == nil
}

// nodeApps starts testdata/js/server.js and returns the base URL of each of its apps: "plain" (the
// upstream behind Edgeward), "helmet", "hardened", "ratelimit", "sanitize", "cookie".
func nodeApps(t *testing.T) map[string]string {
	t.Helper()
	dir := nodeDir(t)
	cmd := exec.Command("node", filepath.Join("js", "server.js"))
	cmd.Dir = dir
	cmd.Stderr = os.Stderr
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatalf("node js/server.js: %v", err)
	}
	t.Cleanup(func() {
		stdin.Close() // the script exits when its standard input closes
		done := make(chan struct{})
		go func() { _ = cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			_ = cmd.Process.Kill()
			<-done
		}
	})
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil {
		t.Fatalf("node js/server.js printed no ports: %v", err)
	}
	var ports map[string]int
	if err := json.Unmarshal([]byte(line), &ports); err != nil {
		t.Fatalf("node js/server.js: %q: %v", line, err)
	}
	urls := map[string]string{}
	for k, p := range ports {
		urls[k] = "http://127.0.0.1:" + itoa(p)
	}
	return urls
}

// runNode runs a one-shot script of testdata/js and decodes the JSON it prints into v.
func runNode(t *testing.T, script string, v any) {
	t.Helper()
	// A one-shot script finishes in about a second; a bound turns a hang (seen once on a loaded
	// machine) into a failure that names the script instead of a stalled suite.
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "node", filepath.Join("js", script))
	cmd.WaitDelay = 5 * time.Second
	cmd.Dir = nodeDir(t)
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("node js/%s: %v (context: %v)", script, err, ctx.Err())
	}
	if err := json.Unmarshal(out, v); err != nil {
		t.Fatalf("node js/%s printed %q: %v", script, out, err)
	}
}

// edgeward starts the compiled module in the dev host with cfg in front of upstream ("" for the
// built-in echo upstream).
func edgeward(t *testing.T, cfg string, upstream string, env map[string]string, workers int) string {
	t.Helper()
	base, _ := e2etest.Start(t, e2etest.Options{Config: []byte(cfg), Upstream: upstream, Env: env, Workers: workers})
	return base
}

var client = &http.Client{
	Transport: &http.Transport{MaxIdleConnsPerHost: 256},
	CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	},
}

type reply struct {
	status int
	header http.Header
	body   []byte
}

func do(t *testing.T, method, url, contentType, body string, hdr map[string]string) reply {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, url, rd)
	if err != nil {
		t.Fatal(err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	resp, err := client.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, url, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("%s %s: reading the body: %v", method, url, err)
	}
	return reply{resp.StatusCode, resp.Header, b}
}

func itoa(i int) string { return strconv.Itoa(i) }
