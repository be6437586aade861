package e2e

import (
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/edgeward/edgeward/e2e/e2etest"
)

// TestRateLimitLoginBruteForceConcurrent (issue 16): a login rule with skip_successful_requests,
// limit 10 per hour keyed by the email, in front of an app that answers 401 to wrong passwords
// and holds every guess until all of them have been refused or are in its hands, so
// that every guess is in flight at once. Through the compiled module on several VMs sharing
// one store, at most 10 guesses may reach the app, however many arrive together.
func TestRateLimitLoginBruteForceConcurrent(t *testing.T) {
	cfg := []byte(`{"injection":{"enabled":false},"rate_limit":{"rules":[{"id":"login","methods":["POST"],
		"path":"/api/auth/login","key":"body:email","limit":10,"window":"1h","skip_successful_requests":true}]}}`)
	for _, concurrent := range []int{40, 90, 200} {
		t.Run(fmt.Sprint(concurrent), func(t *testing.T) {
			var reached, refused atomic.Int64
			release := make(chan struct{})
			app := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				// A guess reaches the app when its whole body does: a request the module refuses in its
				// body phase may have opened the upstream stream (as Envoy sends the headers on), but
				// its body never completes.
				if _, err := io.Copy(io.Discard, r.Body); err != nil {
					return
				}
				reached.Add(1)
				<-release
				w.Header().Set("Content-Type", "application/json")
				w.WriteHeader(http.StatusUnauthorized)
				_, _ = io.WriteString(w, `{"error":"wrong password"}`)
			})
			base, _ := e2etest.Start(t, e2etest.Options{Config: cfg, Handler: app, Workers: 4})
			client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: concurrent, MaxConnsPerHost: 0}}
			var wg sync.WaitGroup
			var other atomic.Int64
			for i := 0; i < concurrent; i++ {
				wg.Add(1)
				go func() {
					defer wg.Done()
					resp, err := client.Post(base+"/api/auth/login", "application/json",
						strings.NewReader(`{"email":"victim@example.com","password":"guess"}`))
					if err != nil {
						other.Add(1)
						return
					}
					_, _ = io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
					switch resp.StatusCode {
					case 429:
						refused.Add(1)
					case 401:
					default:
						other.Add(1)
					}
				}()
			}
			// Hold the app's answers until every guess has either reached it or been refused: then
			// all of them were in flight together. The deadline only keeps a broken build from
			// hanging the suite.
			deadline := time.Now().Add(60 * time.Second)
			for reached.Load()+refused.Load()+other.Load() < int64(concurrent) && time.Now().Before(deadline) {
				time.Sleep(10 * time.Millisecond)
			}
			close(release)
			wg.Wait()
			if other.Load() != 0 {
				t.Errorf("%d requests ended neither 401 nor 429", other.Load())
			}
			if got := reached.Load(); got != 10 {
				t.Errorf("%d concurrent wrong-password logins: %d reached the app, want exactly 10 (%d refused)", concurrent, got, refused.Load())
			}
		})
	}
}
