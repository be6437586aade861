package policies

import (
	"strings"

	"github.com/tidwall/gjson"
)

// gRPC status codes used in local replies (grpc/grpc doc/statuscodes.md).
const (
	grpcUnknown           = 2
	grpcInvalidArgument   = 3
	GRPCPermissionDenied  = 7
	GRPCResourceExhausted = 8
	GRPCUnimplemented     = 12
	GRPCInternal          = 13
	grpcUnavailable       = 14
	grpcUnauthenticated   = 16
)

// grpcCodeFor maps the HTTP status of a denial to the gRPC status a gRPC client gets instead.
// It differs from Envoy's own mapping (Grpc::Utility::httpToGrpcStatus) where Envoy's is too
// coarse for a client to act on: 429 and 413 are RESOURCE_EXHAUSTED (Envoy: UNAVAILABLE and
// UNKNOWN), 400 is INVALID_ARGUMENT (Envoy: INTERNAL).
func grpcCodeFor(status int) int {
	switch status {
	case 400:
		return grpcInvalidArgument
	case 401:
		return grpcUnauthenticated
	case 403:
		return GRPCPermissionDenied
	case 413, 429:
		return GRPCResourceExhausted
	case 501:
		return GRPCUnimplemented
	case 502, 503, 504:
		return grpcUnavailable
	}
	return grpcUnknown
}

// grpcStatusDecision is a denial in gRPC form (see grpcDecision): the status code, a message,
// the rule and the request id; content-type is set by grpcDecision from the request.
func grpcStatusDecision(code int, rule, msg, requestID string) Decision {
	return Decision{Action: Deny, Status: 200, GRPCStatus: code, Rule: rule,
		Headers: Headers{{Name: "grpc-message", Value: grpcMessage(msg, rule, requestID)}}}
}

// grpcDecision turns a denial into what a gRPC client understands: a trailers-only response,
// HTTP status 200, content-type the request's gRPC media type, grpc-status and a percent-encoded
// grpc-message ("request blocked (rule sqli, request_id ...)"), no body. It is what Envoy itself
// makes of a local reply to a gRPC request; doing it here gives the statuses above instead of
// Envoy's mapping, and gives gRPC-Web clients (which Envoy does not treat as gRPC) the same.
// The denial's other headers (WWW-Authenticate, Retry-After, RateLimit) are kept. Redirects are
// left alone.
func grpcDecision(d Decision, mediaType string) Decision {
	if d.Action != Deny || (d.GRPCStatus == 0 && d.Status < 400) {
		return d
	}
	out := Decision{Action: Deny, Status: 200, Rule: d.Rule, GRPCStatus: d.GRPCStatus}
	if out.GRPCStatus == 0 {
		out.GRPCStatus = grpcCodeFor(d.Status)
	}
	ct := mediaType
	if ct == "" {
		ct = "application/grpc"
	}
	out.Headers = Headers{{Name: "content-type", Value: ct}, {Name: "grpc-status", Value: Itoa(out.GRPCStatus)}}
	msg := ""
	for _, h := range d.Headers {
		switch h.Name {
		case "content-type", "content-length", "grpc-status":
		case "grpc-message":
			msg = h.Value
		default:
			out.Headers = append(out.Headers, h)
		}
	}
	if msg == "" {
		msg = grpcMessage(gjson.GetBytes(d.Body, "error").Str, d.Rule, gjson.GetBytes(d.Body, "request_id").Str)
	}
	out.Headers = append(out.Headers, Header{Name: "grpc-message", Value: msg})
	return out
}

// grpcMessage builds a grpc-message value: the text, the rule and the request id, percent-encoded
// as the gRPC protocol requires (every byte outside printable ASCII, and "%"). It never carries
// the request's input.
func grpcMessage(text, rule, requestID string) string {
	if text == "" {
		text = "request refused"
	}
	var parts []string
	if rule != "" {
		parts = append(parts, "rule "+rule)
	}
	if requestID != "" {
		parts = append(parts, "request_id "+requestID)
	}
	if len(parts) > 0 {
		text += " (" + strings.Join(parts, ", ") + ")"
	}
	return grpcPercentEncode(text)
}

func grpcPercentEncode(s string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x20 && c <= 0x7e && c != '%' {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hex[c>>4])
		b.WriteByte(hex[c&15])
	}
	return b.String()
}
