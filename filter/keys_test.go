package filter

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"strings"
	"sync"
	"testing"

	"github.com/golang-jwt/jwt/v5"
	"github.com/tetratelabs/proxy-wasm-go-sdk/proxywasm/proxytest"
	"github.com/tetratelabs/proxy-wasm-go-sdk/proxywasm/types"
)

// The glue of remote key sets: the timer, the call from the root context, the answer read back
// into the engine, the request path before and after.

const keysTestConfig = `{"auth":{"providers":[{"name":"idp","issuers":["https://idp.example.com"],"audiences":[],
  "algorithms":["ES256"],"remote_jwks":{"url":"https://idp.example.com/keys?v=1","cluster":"idp_jwks","timeout":"2s"}}],
  "rules":[{"path_prefix":"/api/"}]}}`

var (
	keysTestKeyOnce sync.Once
	keysTestKey     *ecdsa.PrivateKey
)

func keysTestSigner(t *testing.T) *ecdsa.PrivateKey {
	keysTestKeyOnce.Do(func() {
		k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
		if err != nil {
			t.Fatal(err)
		}
		keysTestKey = k
	})
	return keysTestKey
}

func keysTestJWKS(t *testing.T) []byte {
	pub := keysTestSigner(t).PublicKey
	b, err := pub.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	enc := base64.RawURLEncoding
	doc, _ := json.Marshal(map[string]any{"keys": []any{map[string]any{
		"kty": "EC", "crv": "P-256", "kid": "k1", "use": "sig", "x": enc.EncodeToString(b[1:33]), "y": enc.EncodeToString(b[33:])}}})
	return doc
}

// keysTestToken has no iat and a far exp: the SDK's wasm wrapper runs the module on a fake clock.
func keysTestToken(t *testing.T) string {
	tok := jwt.NewWithClaims(jwt.SigningMethodES256, jwt.MapClaims{"iss": "https://idp.example.com", "sub": "u1", "exp": 4102444800})
	tok.Header["kid"] = "k1"
	s, err := tok.SignedString(keysTestSigner(t))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func apiRequest(host proxytest.HostEmulator, tok string) (types.Action, *proxytest.LocalHttpResponse) {
	id := host.InitializeHttpContext()
	act := host.CallOnRequestHeaders(id, [][2]string{{":method", "GET"}, {":path", "/api/x"}, {":authority", "example.com"},
		{":scheme", "http"}, {"authorization", "Bearer " + tok}}, true)
	lr := host.GetSentLocalResponse(id)
	host.CompleteHttpContext(id)
	return act, lr
}

func TestRemoteKeysGlue(t *testing.T) {
	forEachVM(t, func(t *testing.T, vm func(t *testing.T) types.VMContext) {
		host, status := newHost(t, vm, keysTestConfig)
		if status != types.OnPluginStartStatusOK {
			t.Fatalf("start failed: %q", host.GetCriticalLogs())
		}
		if got := host.GetTickPeriod(); got != 200 {
			t.Fatalf("tick period %d ms before the first fetch, want 200", got)
		}
		if len(host.GetCalloutAttributesFromContext(proxytest.PluginContextID)) != 0 {
			t.Fatal("a call was made at plugin start (the first fetch belongs to the first tick)")
		}
		tok := keysTestToken(t)
		if act, lr := apiRequest(host, tok); act != types.ActionPause || lr == nil || lr.StatusCode != 503 {
			t.Fatalf("before the first fetch: action %v, response %+v; want 503", act, lr)
		}

		host.Tick()
		calls := host.GetCalloutAttributesFromContext(proxytest.PluginContextID)
		if len(calls) != 1 {
			t.Fatalf("first tick: %d calls, want 1", len(calls))
		}
		c := calls[0]
		if c.Upstream != "idp_jwks" || header(c.Headers, ":path") != "/keys?v=1" || header(c.Headers, ":authority") != "idp.example.com" ||
			header(c.Headers, ":method") != "GET" {
			t.Errorf("call = %+v", c)
		}
		host.Tick()
		if n := len(host.GetCalloutAttributesFromContext(proxytest.PluginContextID)); n != 1 {
			t.Fatalf("a tick while the call is out made %d calls in all, want still 1", n)
		}
		host.CallOnHttpCallResponse(c.CalloutID, [][2]string{{":status", "200"}, {"cache-control", "max-age=3600"}}, nil, keysTestJWKS(t))
		if act, lr := apiRequest(host, tok); act != types.ActionContinue || lr != nil {
			t.Fatalf("after the fetch: action %v, response %+v; want the token accepted", act, lr)
		}
		host.Tick()
		if got := host.GetTickPeriod(); got != 1000 {
			t.Errorf("tick period %d ms once the keys are in, want 1000", got)
		}
		if n, err := host.GetCounterMetric("edgeward.auth.jwks.updated"); err != nil || n != 1 {
			t.Errorf("edgeward.auth.jwks.updated = %d, %v; want 1", n, err)
		}
		if logs := strings.Join(host.GetInfoLogs(), "\n"); !strings.Contains(logs, `"event":"auth.jwks.updated"`) {
			t.Errorf("no update logged: %s", logs)
		}
	})
}

// TestRemoteKeysGlueFailures: a failed fetch is counted and logged, and the next is retried; a
// body over max_bytes is not read whole.
func TestRemoteKeysGlueFailures(t *testing.T) {
	forEachVM(t, func(t *testing.T, vm func(t *testing.T) types.VMContext) {
		host, status := newHost(t, vm, keysTestConfig)
		if status != types.OnPluginStartStatusOK {
			t.Fatalf("start failed: %q", host.GetCriticalLogs())
		}
		host.Tick()
		calls := host.GetCalloutAttributesFromContext(proxytest.PluginContextID)
		if len(calls) != 1 {
			t.Fatalf("%d calls", len(calls))
		}
		host.CallOnHttpCallResponse(calls[0].CalloutID, [][2]string{{":status", "503"}}, nil, []byte("upstream connect error or disconnect/reset before headers"))
		if n, err := host.GetCounterMetric("edgeward.auth.jwks.fetch_failed"); err != nil || n != 1 {
			t.Errorf("edgeward.auth.jwks.fetch_failed = %d, %v; want 1", n, err)
		}
		logs := strings.Join(host.GetErrorLogs(), "\n")
		if !strings.Contains(logs, `"event":"auth.jwks.fetch_failed"`) || !strings.Contains(logs, "status 503: upstream connect error") {
			t.Errorf("failure not logged as such: %s", logs)
		}
		if act, lr := apiRequest(host, keysTestToken(t)); act != types.ActionPause || lr == nil || lr.StatusCode != 503 {
			t.Errorf("no keys ever: action %v, response %+v; want 503 (on_failure unavailable)", act, lr)
		}
		if len(host.GetCriticalLogs()) != 0 {
			t.Errorf("critical logs: %q", host.GetCriticalLogs())
		}
	})
}
