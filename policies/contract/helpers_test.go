package contract

import (
	"testing"

	"github.com/edgeward/edgeward/policies"
	"github.com/edgeward/edgeward/policies/internal/enginetest"
)

func injEngine(t testing.TB, cfg string) *policies.Engine { return enginetest.Engine(t, cfg) }

type injReq struct {
	method, path, ct, body string
	headers                policies.Headers
	src                    string
}

// runInj runs a request through the engine's header and body phases (enginetest.Run).
func runInj(e *policies.Engine, r injReq) (policies.Decision, []policies.Event) {
	return enginetest.Run(e, r.method, r.path, r.ct, r.body, r.headers, r.src)
}

func benchRun(b *testing.B, e *policies.Engine, method, path, ct string, body []byte) {
	enginetest.Bench(b, e, method, path, ct, body)
}
