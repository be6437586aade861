package policies

import (
	"encoding/json"
	"strconv"
	"strings"
	"time"
)

// RateLimit header fields as in draft-ietf-httpapi-ratelimit-headers-10: both are Structured
// Field Lists of items whose value is the policy name (an sf-string) with parameters.
//
//	RateLimit-Policy: "login";q=3;w=60        quota q per window w seconds
//	RateLimit: "login";r=0;t=20               r remaining, t seconds until more quota
//
// Rule ids ([a-z0-9_.-]) are valid sf-string contents as they are. Several matching rules give
// several list members, in rule order.

// policyItem is the rule's RateLimit-Policy list member.
func policyItem(r *rlRule) string {
	return strconv.Quote(r.ID) + ";q=" + strconv.Itoa(r.Limit) + ";w=" + strconv.FormatInt(windowSeconds(r), 10)
}

// limitItem is the rule's RateLimit list member for a verdict.
func limitItem(r *rlRule, v verdict) string {
	return strconv.Quote(r.ID) + ";r=" + strconv.FormatInt(max(v.remaining, 0), 10) + ";t=" + strconv.FormatInt(ceilSeconds(v.reset), 10)
}

func joinList(items []string) string { return strings.Join(items, ", ") }

// windowSeconds is the window as the draft's integer seconds (at least 1).
func windowSeconds(r *rlRule) int64 { return max(ceilSeconds(int64(r.Window)), 1) }

// retryAfter is a denial's Retry-After in whole seconds, rounded up so that a client that waits
// exactly that long is allowed (at least 1).
func retryAfter(v verdict) int64 { return max(ceilSeconds(v.retry), 1) }

func ceilSeconds(ns int64) int64 {
	if ns <= 0 {
		return 0
	}
	return (ns + int64(time.Second) - 1) / int64(time.Second)
}

// limitedDecision is the local response for a request over r's limit: status (429 by default),
// Retry-After, RateLimit-Policy and RateLimit, and a JSON body that never echoes the key.
func limitedDecision(r *rlRule, v verdict, requestID string) Decision {
	ra := retryAfter(v)
	v.remaining, v.reset = 0, ra*int64(time.Second)
	extra := []Header{
		{Name: "retry-after", Value: strconv.FormatInt(ra, 10)},
		{Name: "ratelimit-policy", Value: r.policy},
		{Name: "ratelimit", Value: limitItem(r, v)},
	}
	var body any = map[string]any{"error": "rate limited", "retry_after": ra}
	switch {
	case r.Message != nil:
		body = json.RawMessage(r.Message)
	case r.MessageText != "":
		body = map[string]any{"error": r.MessageText, "retry_after": ra}
	}
	return jsonDeny(r.Status, "rate_limit."+r.ID, body, extra...)
}
