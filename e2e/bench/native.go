package bench

import (
	"fmt"
	"time"

	"github.com/edgeward/edgeward/policies"
	_ "github.com/edgeward/edgeward/policies/features" // every feature, in their order
)

// Native runs requests through the policies engine in-process, as the glue would: NewTx,
// RequestHeaders, then RequestBody with the whole body when the engine asks for it.
type Native struct {
	eng *policies.Engine
	now time.Time
}

// NewNative parses cfg and compiles an engine; getenv may be nil.
func NewNative(cfg []byte, getenv func(string) string) (*Native, error) {
	c, err := policies.ParseConfig(cfg)
	if err != nil {
		return nil, fmt.Errorf("parse config: %w", err)
	}
	e, err := policies.NewEngine(c, policies.Options{Getenv: getenv})
	if err != nil {
		return nil, fmt.Errorf("engine: %w", err)
	}
	return &Native{eng: e, now: time.Now()}, nil
}

// Prepared is a request ready for repeated native runs.
type Prepared struct {
	req  policies.Request
	body []byte
}

// Prepare converts r once, so that timing excludes building the engine's request.
func Prepare(r Request) Prepared { return Prepared{req: *r.Policies(), body: r.Body} }

// Status runs one request and returns the status a client would see: the deny status, or 200.
func (n *Native) Status(p Prepared) int {
	req := p.req // the engine may record things on the request; each run gets its own copy
	tx := n.eng.NewTx(&req, n.now)
	d := tx.RequestHeaders()
	if d.Action == policies.NeedBody {
		max, reject := tx.BodyLimit()
		body, truncated := p.body, false
		if len(body) > max {
			if reject {
				d = tx.BodyTooLarge()
				return statusOf(d)
			}
			body, truncated = body[:max], true
		}
		d = tx.RequestBody(body, truncated)
	}
	return statusOf(d)
}

func statusOf(d policies.Decision) int {
	if d.Action == policies.Deny {
		return d.Status
	}
	return 200
}
