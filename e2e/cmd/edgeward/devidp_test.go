package main

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/edgeward/edgeward/e2e/e2etest"
)

// TestDevIDPWithOIDCExample is the OIDC worked example of envoy/reference/auth.md as a new user runs it: the dev
// IdP, envoy/examples/oidc.json in the dev host with cluster idp pointing at it, and the token the
// IdP printed.
func TestDevIDPWithOIDCExample(t *testing.T) {
	key, err := readECKey(filepath.Join(e2etest.RepoRoot(t), "policies", "testdata", "auth", "edgeward-test-es256.key.pem"))
	if err != nil {
		t.Fatal(err)
	}
	d := &devIDP{issuer: "https://auth.example.com", key: key, kid: "edgeward-test-es256"}
	idp := httptest.NewServer(d)
	defer idp.Close()

	base, h := e2etest.Start(t, e2etest.Options{Config: readRepoFile(t, "envoy/examples/oidc.json"), Workers: 2,
		ManualTicks: true, Clusters: map[string]string{"idp": idp.URL}})
	h.Tick()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if err := h.WaitCallOuts(ctx); err != nil {
		t.Fatal(err)
	}
	h.Tick()

	tok, err := d.token("api.example.com", "user-1", h.Now())
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		path, tok string
		want      int
		body      string
	}{
		{"/api/orders", tok, 200, `"x-user-id":"user-1"`},
		{"/api/orders", "", 401, ""},
		{"/api/public/status", "", 200, ""},
	} {
		for range 2 { // both VMs
			req, _ := http.NewRequest("GET", base+c.path, nil)
			if c.tok != "" {
				req.Header.Set("Authorization", "Bearer "+c.tok)
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != c.want || !strings.Contains(string(b), c.body) {
				t.Errorf("%s with token %v: %d %s, want %d with %s", c.path, c.tok != "", resp.StatusCode, b, c.want, c.body)
			}
		}
	}
	if n := h.Metrics()["edgeward.auth.jwks.updated"]; n != 1 {
		t.Errorf("edgeward.auth.jwks.updated = %d, want 1", n)
	}
}

func TestDevIDPCmdFlags(t *testing.T) {
	var out, errb strings.Builder
	if code := devIDPCmd([]string{"-key", "/nonexistent.pem"}, &out, &errb); code != 1 || !strings.Contains(errb.String(), "nonexistent.pem") {
		t.Errorf("missing key file: exit %d, stderr %q", code, errb.String())
	}
	errb.Reset()
	if code := devIDPCmd([]string{"-nope"}, &out, &errb); code != 2 {
		t.Errorf("unknown flag: exit %d", code)
	}
}
