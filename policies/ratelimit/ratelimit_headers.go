package ratelimit

import (
	"encoding/json"
	"strconv"
	"strings"
	"time"

	"github.com/edgeward/edgeward/policies"
)

// Rate-limit header fields, in the style each rule asks for (header_style):
//
//	draft-10 (default), draft-ietf-httpapi-ratelimit-headers-10: Structured Field Lists of items
//	whose value is the policy name (an sf-string, the rule id) with parameters; several matching
//	rules give several list members, in rule order:
//	  RateLimit-Policy: "login";q=3;w=60        quota q per window w seconds
//	  RateLimit: "login";r=0;t=20               r remaining, t seconds until more quota
//	draft-8, as express-rate-limit 8 writes it (a space after each ';', no pk):
//	  RateLimit-Policy: "login"; q=3; w=60
//	  RateLimit: "login"; r=0; t=20
//	draft-7:  RateLimit-Policy: 3;w=60   RateLimit: limit=3, remaining=0, reset=20
//	draft-6:  RateLimit-Policy: 3;w=60   RateLimit-Limit: 3   RateLimit-Remaining: 0   RateLimit-Reset: 20
//	legacy:   X-RateLimit-Limit: 3   X-RateLimit-Remaining: 0   X-RateLimit-Reset: <Unix seconds>
//
// Rule ids ([a-z0-9_.-]) are valid sf-string contents as they are. draft-7, draft-6 and legacy
// fields describe one policy: when several rules apply, the one with the least remaining (the
// first of those) speaks. The draft used on a response is the first applying rule's; rules of
// another draft are left out of it (they share field names). "t", "reset" and the legacy reset
// all report the same GCRA figure: the time until more allowance is available.

// listItem is the rule's draft-10 (compact) or draft-8 (spaced) list member: the rule id with
// parameters.
func listItem(id string, spaced bool, params ...string) string {
	sep := ";"
	if spaced {
		sep = "; "
	}
	var b strings.Builder
	b.WriteString(strconv.Quote(id))
	for _, p := range params {
		b.WriteString(sep)
		b.WriteString(p)
	}
	return b.String()
}

func i64(n int64) string { return strconv.FormatInt(n, 10) }

func joinList(items []string) string { return strings.Join(items, ", ") }

// rateLimitHeaders returns the header changes for the rules in as (each with its verdict), in
// their styles, at now (Unix ns). Lists (draft-10, draft-8) are added to what the upstream sent;
// single-valued fields (draft-7, draft-6, legacy) replace the upstream's.
func rateLimitHeaders(as []applied, now int64) []policies.HeaderOp {
	draft := HeaderStyle(0)
	for _, a := range as {
		if d := a.r.HeaderStyle & styleDrafts; d != 0 {
			draft = d
			break
		}
	}
	var ops []policies.HeaderOp
	switch draft {
	case StyleDraft10, StyleDraft8:
		spaced := draft == StyleDraft8
		var pols, limits []string
		for _, a := range as {
			if a.r.HeaderStyle&draft == 0 {
				continue
			}
			pols = append(pols, listItem(a.r.ID, spaced, "q="+policies.Itoa(a.r.Limit), "w="+i64(windowSeconds(a.r))))
			limits = append(limits, listItem(a.r.ID, spaced, "r="+i64(max(a.v.remaining, 0)), "t="+i64(ceilSeconds(a.v.reset))))
		}
		ops = append(ops,
			policies.HeaderOp{Kind: policies.AddHeader, Name: "ratelimit-policy", Value: joinList(pols)},
			policies.HeaderOp{Kind: policies.AddHeader, Name: "ratelimit", Value: joinList(limits)})
	case StyleDraft7, StyleDraft6:
		a := tightest(as, draft)
		q, w := policies.Itoa(a.r.Limit), i64(windowSeconds(a.r))
		rem, reset := i64(max(a.v.remaining, 0)), i64(ceilSeconds(a.v.reset))
		ops = append(ops, policies.HeaderOp{Kind: policies.SetHeader, Name: "ratelimit-policy", Value: q + ";w=" + w})
		if draft == StyleDraft7 {
			ops = append(ops, policies.HeaderOp{Kind: policies.SetHeader, Name: "ratelimit", Value: "limit=" + q + ", remaining=" + rem + ", reset=" + reset})
		} else {
			ops = append(ops,
				policies.HeaderOp{Kind: policies.SetHeader, Name: "ratelimit-limit", Value: q},
				policies.HeaderOp{Kind: policies.SetHeader, Name: "ratelimit-remaining", Value: rem},
				policies.HeaderOp{Kind: policies.SetHeader, Name: "ratelimit-reset", Value: reset})
		}
	}
	for _, a := range as {
		if a.r.HeaderStyle&StyleLegacy == 0 {
			continue
		}
		a = tightest(as, StyleLegacy)
		at := (now + max(a.v.reset, 0) + int64(time.Second) - 1) / int64(time.Second)
		ops = append(ops,
			policies.HeaderOp{Kind: policies.SetHeader, Name: "x-ratelimit-limit", Value: policies.Itoa(a.r.Limit)},
			policies.HeaderOp{Kind: policies.SetHeader, Name: "x-ratelimit-remaining", Value: i64(max(a.v.remaining, 0))},
			policies.HeaderOp{Kind: policies.SetHeader, Name: "x-ratelimit-reset", Value: i64(at)})
		break
	}
	return ops
}

// tightest is the rule of style st (at least one in as has it) with the least remaining
// allowance; the first such on a tie.
func tightest(as []applied, st HeaderStyle) applied {
	best := -1
	for i, a := range as {
		if a.r.HeaderStyle&st != 0 && (best < 0 || a.v.remaining < as[best].v.remaining) {
			best = i
		}
	}
	return as[best]
}

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

// defaultTextMessage is the text body of a limited response with message_format "text" and no
// message (express-rate-limit's default message).
const defaultTextMessage = "Too many requests, please try again later."

// limitedDecision is the local response for a request over r's limit at now (Unix ns): status
// (429 by default), Retry-After, the rule's rate-limit fields, and a body (JSON, or the text
// message) that never echoes the key.
func limitedDecision(r *rlRule, v verdict, requestID string, now int64) policies.Decision {
	ra := retryAfter(v)
	v.remaining, v.reset = 0, ra*int64(time.Second)
	extra := []policies.Header{{Name: "retry-after", Value: i64(ra)}}
	for _, op := range rateLimitHeaders([]applied{{r: r, v: v}}, now) {
		extra = append(extra, policies.Header{Name: op.Name, Value: op.Value})
	}
	if r.MessageFormat == "text" {
		msg := r.MessageText
		if msg == "" {
			msg = defaultTextMessage
		}
		h := append(policies.Headers{{Name: "content-type", Value: "text/plain; charset=utf-8"}}, extra...)
		return policies.Decision{Action: policies.Deny, Status: r.Status, Headers: h, Body: []byte(msg), Rule: "rate_limit." + r.ID}
	}
	var body any = map[string]any{"error": "rate limited", "retry_after": ra}
	switch {
	case r.Message != nil:
		body = json.RawMessage(r.Message)
	case r.MessageText != "":
		body = map[string]any{"error": r.MessageText, "retry_after": ra}
	}
	return policies.JSONDeny(r.Status, "rate_limit."+r.ID, body, extra...)
}
