package policies

import (
	"strconv"
	"time"
)

// Action is what the glue must do after a phase.
type Action int

const (
	// Continue lets the request or response go on.
	Continue Action = iota
	// Deny answers the request with the decision's local response; the glue then pauses.
	Deny
	// NeedBody asks the glue to buffer the request body and call Tx.RequestBody at its end.
	NeedBody
	// CallOut asks the glue to pause the request, make the decision's HTTP call (Decision.Call)
	// and hand its outcome to Tx.CallOutResponse or Tx.CallOutFailed, whose Decision is final
	// for the phase.
	CallOut
	// StreamBody asks the glue to pass each request body chunk to Tx.StreamBody as it arrives
	// and forward what that returns (a gRPC body, inspected message by message).
	StreamBody
)

func (a Action) String() string {
	switch a {
	case Deny:
		return "deny"
	case NeedBody:
		return "need_body"
	case CallOut:
		return "call_out"
	case StreamBody:
		return "stream_body"
	}
	return "continue"
}

// Decision is the outcome of one phase. For Deny it carries the local response to send.
type Decision struct {
	Action  Action
	Status  int
	Headers Headers // headers of the local response (content-type included)
	Body    []byte
	// Rule is the id of the rule that decided (e.g. "sqli", "jwt.expired", "rate_limit.login").
	Rule string
	// Call is the HTTP call to make for CallOut.
	Call *HTTPCall
	// GRPCStatus is the grpc-status of a denial answered in gRPC form (see grpcDecision), for
	// the host's local reply; 0 for every other decision (a denial is never OK).
	GRPCStatus int
}

// HeaderOp is a change to a header map that the glue applies.
type HeaderOp struct {
	Kind  HeaderOpKind
	Name  string // lower-case
	Value string
}

// HeaderOpKind says how a HeaderOp changes the map.
type HeaderOpKind int

const (
	// SetHeader replaces every value of Name with Value.
	SetHeader HeaderOpKind = iota
	// AddHeader appends one more value of Name.
	AddHeader
	// RemoveHeader removes every value of Name.
	RemoveHeader
)

// Apply returns h with ops applied in order, as the glue applies them to the host's header map
// (names compared as given: ops carry lower-case names, as the host's map does). h is not changed.
func (h Headers) Apply(ops []HeaderOp) Headers {
	out := append(Headers(nil), h...)
	for _, op := range ops {
		switch op.Kind {
		case RemoveHeader, SetHeader:
			kept := out[:0]
			for _, x := range out {
				if x.Name != op.Name {
					kept = append(kept, x)
				}
			}
			out = kept
			if op.Kind == SetHeader {
				out = append(out, Header{Name: op.Name, Value: op.Value})
			}
		case AddHeader:
			out = append(out, Header{Name: op.Name, Value: op.Value})
		}
	}
	return out
}

// EscapeForLog truncates s to n bytes and escapes every non-printable or non-ASCII character, so
// a value a client sent can never forge log lines or terminal sequences, in a log event or in a
// response naming a field.
func EscapeForLog(s string, n int) string {
	cut := len(s) > n
	if cut {
		s = s[:n]
	}
	q := strconv.QuoteToASCII(s)
	q = q[1 : len(q)-1]
	if cut {
		q += "...(truncated)"
	}
	return q
}

// Event is a structured log line and the metric it bumps, emitted by the engine for the glue to
// write (the engine never logs itself).
type Event struct {
	Level  LogLevel
	Metric string // counter name without prefix, e.g. "injection.sqli.block"; "" for none
	JSON   []byte // one structured JSON log line
}

// LogLevel mirrors Proxy-Wasm's log levels.
type LogLevel int

// Log levels, as in Proxy-Wasm.
const (
	LogDebug LogLevel = iota + 1
	LogInfo
	LogWarn
	LogError
	LogCritical
)

// jsonDeny builds a Deny decision with a JSON body.
func JSONDeny(status int, rule string, body any, extra ...Header) Decision {
	b, err := appendJSONValue(nil, body)
	if err != nil {
		b = nil
	}
	h := Headers{{Name: "content-type", Value: "application/json"}}
	h = append(h, extra...)
	return Decision{Action: Deny, Status: status, Headers: h, Body: b, Rule: rule}
}

// BlockedDecision is the contract's 403 for a detected injection; it never echoes the input.
func BlockedDecision(rule, requestID string) Decision {
	return JSONDeny(403, rule, map[string]string{"error": "request blocked", "rule": rule, "request_id": requestID})
}

// FailureDecision is the local response for an internal failure under fail_mode closed.
func FailureDecision(requestID string) Decision {
	return JSONDeny(503, "internal", map[string]string{"error": "service unavailable", "request_id": requestID})
}

// BodyTooLargeDecision is the 413 for a body over body.max_bytes.
func BodyTooLargeDecision(requestID string) Decision {
	return JSONDeny(413, "body.too_large", map[string]string{"error": "request body too large", "request_id": requestID})
}

func Itoa(i int) string { return strconv.Itoa(i) }

// HTTPCall is an HTTP call-out for the glue to make (proxy_http_call).
type HTTPCall struct {
	Cluster string
	// Headers include the pseudo-headers :method, :path and :authority.
	Headers Headers
	Body    []byte
	Timeout time.Duration
}
