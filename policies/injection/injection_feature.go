package injection

import (
	"github.com/edgeward/edgeward/policies"
)

// InjectionParts is what the injection feature parses: "injection" and "schemas".
type Parts struct {
	// Injection: "injection", the injection detectors.
	Injection InjectionConfig
	// Schemas: "schemas", per-route JSON body schemas.
	Schemas []SchemaConfig
}

// InjectionSpec declares the injection feature.
var Spec = &policies.Spec{
	Name:  "injection",
	Keys:  []string{"injection", "schemas"},
	Parse: func(root policies.Obj, c *policies.Config) any { return parseInjectionParts(root, c.Mode) },
	New: func(c *policies.Config, env policies.Env) (policies.Feature, error) {
		w := newInjection(c)
		w.slot = env.Slot
		return w, nil
	},
}

func parseInjectionParts(root policies.Obj, mode policies.Mode) *Parts {
	return &Parts{
		Injection: parseInjection(root.Get("injection"), mode),
		Schemas:   parseSchemas(root.Get("schemas"), mode),
	}
}

// injectionConfigOf is the injection part of c (the defaults when injection is not in use).
func ConfigOf(c *policies.Config) *Parts {
	if ic, ok := c.Part("injection").(*Parts); ok {
		return ic
	}
	return parseInjectionParts(policies.MissingObj(), c.Mode)
}

// state is the request's injection policy.
func (w *injection) state(tx *policies.Tx) *injectionTxState {
	p := tx.Slot(w.slot)
	if *p == nil {
		*p = &injectionTxState{}
	}
	return (*p).(*injectionTxState)
}

// Run buffers the body whole for a route with a body schema (Arrive), inspects the path, query
// and headers (Admit), the body (Body) and each gRPC message (Message).
func (w *injection) Run(p policies.Phase, tx *policies.Tx) *policies.Decision {
	switch p {
	case policies.Arrive:
		for i := range w.schemas {
			if w.schemas[i].Route.Matches(tx.Req.Method, tx.Path) {
				tx.BufferBody() // the schema needs the whole body
				break
			}
		}
	case policies.Admit:
		d, body := w.requestHeaders(tx)
		if d != nil {
			return d
		}
		if st := w.state(tx); st.active {
			tx.InspectMessages(st.mode)
		}
		if body {
			tx.NeedBody()
		}
	case policies.Body:
		return w.requestBody(tx, tx.Body, tx.Truncated)
	case policies.Message:
		return w.message(tx, tx.Body)
	}
	return nil
}
