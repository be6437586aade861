package policies

// InjectionParts is what the injection feature parses: "injection" and "schemas".
type InjectionParts struct {
	// Injection: "injection", the injection detectors.
	Injection InjectionConfig
	// Schemas: "schemas", per-route JSON body schemas.
	Schemas []SchemaConfig
}

// InjectionSpec declares the injection feature.
var InjectionSpec = &Spec{
	Name:  "injection",
	Keys:  []string{"injection", "schemas"},
	Parse: func(root obj, c *Config) any { return parseInjectionParts(root, c.Mode) },
	New: func(c *Config, env Env) (Feature, error) {
		w := newInjection(c)
		w.slot = env.Slot
		return w, nil
	},
}

func parseInjectionParts(root obj, mode Mode) *InjectionParts {
	return &InjectionParts{
		Injection: parseInjection(root.Get("injection"), mode),
		Schemas:   parseSchemas(root.Get("schemas"), mode),
	}
}

// injectionConfigOf is the injection part of c (the defaults when injection is not in use).
func injectionConfigOf(c *Config) *InjectionParts {
	if ic, ok := c.Part("injection").(*InjectionParts); ok {
		return ic
	}
	return parseInjectionParts(missingObj(), c.Mode)
}

// state is the request's injection policy.
func (w *injection) state(tx *Tx) *injectionTxState {
	p := tx.Slot(w.slot)
	if *p == nil {
		*p = &injectionTxState{}
	}
	return (*p).(*injectionTxState)
}

// Run buffers the body whole for a route with a body schema (Arrive), inspects the path, query
// and headers (Admit), the body (Body) and each gRPC message (Message).
func (w *injection) Run(p Phase, tx *Tx) *Decision {
	switch p {
	case Arrive:
		for i := range w.schemas {
			if w.schemas[i].Route.Matches(tx.Req.Method, tx.Path) {
				tx.BufferBody() // the schema needs the whole body
				break
			}
		}
	case Admit:
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
	case Body:
		return w.requestBody(tx, tx.Body, tx.Truncated)
	case Message:
		return w.message(tx, tx.Body)
	}
	return nil
}
