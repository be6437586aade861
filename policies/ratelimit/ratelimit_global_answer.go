package ratelimit

import (
	"errors"
	"fmt"
	"math"
	"time"

	"github.com/tidwall/gjson"

	"github.com/edgeward/edgeward/policies"
)

// globalAnswer is the rate limit service's answer (a RateLimitResponse as protojson writes it:
// lowerCamelCase names, enums as names, zero values omitted; snake_case names are accepted too).
type globalAnswer struct {
	over     bool
	statuses []globalStatus // one per descriptor sent, in order
}

// globalStatus is one descriptor's verdict.
type globalStatus struct {
	over        bool
	hasLimit    bool  // currentLimit given (absent: the service has no limit for the descriptor)
	limit       int64 // currentLimit.requestsPerUnit
	unitSeconds int64 // currentLimit.unit in seconds
	remaining   int64 // limitRemaining (0 when omitted)
	hasReset    bool
	reset       time.Duration // durationUntilReset
}

const (
	maxGlobalStatuses = 64
	maxGlobalReset    = 366 * 24 * time.Hour
)

var unitSeconds = map[string]int64{"SECOND": 1, "MINUTE": 60, "HOUR": 3600, "DAY": 86400,
	"WEEK": 7 * 86400, "MONTH": 30 * 86400, "YEAR": 365 * 86400}

// unitNumbers are the Unit enum's numbers (protojson writes names, but numbers are valid JSON
// for enums too).
var unitNumbers = map[int64]string{1: "SECOND", 2: "MINUTE", 3: "HOUR", 4: "DAY", 5: "MONTH", 6: "YEAR", 7: "WEEK"}

// parseGlobalAnswer reads the service's answer: HTTP 200 (OK) or 429 (OVER_LIMIT) with a JSON
// RateLimitResponse. Anything else is an error, and the caller falls back.
func parseGlobalAnswer(status int, body []byte) (globalAnswer, error) {
	var a globalAnswer
	switch {
	case status == 0:
		return a, errors.New("no response (call reset)")
	case status != 200 && status != 429:
		return a, fmt.Errorf("rate limit service answered HTTP %d", status)
	case len(body) > maxGlobalAnswerBytes:
		return a, fmt.Errorf("answer longer than %d bytes", maxGlobalAnswerBytes)
	case !policies.ValidJSON(body):
		return a, errors.New("malformed answer: not JSON")
	}
	root := gjson.ParseBytes(body)
	if !root.IsObject() {
		return a, errors.New("malformed answer: not a JSON object")
	}
	over, err := parseCode(field(root, "overallCode", "overall_code"))
	if err != nil {
		return a, fmt.Errorf("malformed answer: overallCode: %w", err)
	}
	a.over = over
	sts := field(root, "statuses")
	if !sts.Exists() || sts.Type == gjson.Null {
		return a, nil
	}
	if !sts.IsArray() {
		return a, errors.New("malformed answer: statuses is not an array")
	}
	var perr error
	sts.ForEach(func(_, v gjson.Result) bool {
		if len(a.statuses) == maxGlobalStatuses {
			return false
		}
		s, err := parseStatus(v)
		if err != nil {
			perr = fmt.Errorf("malformed answer: statuses[%d]: %w", len(a.statuses), err)
			return false
		}
		a.statuses = append(a.statuses, s)
		return true
	})
	if perr != nil {
		return globalAnswer{}, perr
	}
	return a, nil
}

func parseStatus(v gjson.Result) (globalStatus, error) {
	var s globalStatus
	if !v.IsObject() {
		return s, errors.New("not an object")
	}
	over, err := parseCode(field(v, "code"))
	if err != nil {
		return s, fmt.Errorf("code: %w", err)
	}
	s.over = over
	if cl := field(v, "currentLimit", "current_limit"); cl.IsObject() {
		lim, okL := uintField(field(cl, "requestsPerUnit", "requests_per_unit"))
		unit := field(cl, "unit")
		name := unit.Str
		if unit.Type == gjson.Number {
			name = unitNumbers[unit.Int()]
		}
		if secs, okU := unitSeconds[name]; okL && okU {
			s.hasLimit, s.limit, s.unitSeconds = true, lim, secs
		}
	}
	if r, ok := uintField(field(v, "limitRemaining", "limit_remaining")); ok {
		s.remaining = r
	}
	if d := field(v, "durationUntilReset", "duration_until_reset"); d.Type == gjson.String {
		if dur, err := time.ParseDuration(d.Str); err == nil && dur >= 0 && dur <= maxGlobalReset {
			s.hasReset, s.reset = true, dur
		}
	}
	return s, nil
}

// parseCode reads a Code enum: "OK" / 1 is false, "OVER_LIMIT" / 2 is true; anything else,
// including an absent code (UNKNOWN, which protojson omits), is an error.
func parseCode(v gjson.Result) (bool, error) {
	switch {
	case v.Type == gjson.String && v.Str == "OK", v.Type == gjson.Number && v.Raw == "1":
		return false, nil
	case v.Type == gjson.String && v.Str == "OVER_LIMIT", v.Type == gjson.Number && v.Raw == "2":
		return true, nil
	case !v.Exists():
		return false, errors.New("missing (UNKNOWN)")
	}
	return false, fmt.Errorf("unknown code %.32s", v.Raw)
}

// uintField reads a uint32 (protojson writes them as numbers; strings are accepted); absent
// reads as 0, as protojson omits zeros.
func uintField(v gjson.Result) (int64, bool) {
	switch v.Type {
	case gjson.Null:
		return 0, !v.Exists() || v.Raw == "null"
	case gjson.Number:
		if v.Num < 0 || v.Num > math.MaxUint32 || v.Num != math.Trunc(v.Num) {
			return 0, false
		}
		return int64(v.Num), true
	case gjson.String:
		n := gjson.Parse(v.Str)
		if n.Type != gjson.Number || n.Num < 0 || n.Num > math.MaxUint32 || n.Num != math.Trunc(n.Num) {
			return 0, false
		}
		return int64(n.Num), true
	}
	return 0, false
}

// field returns the first of names present in the object v. Names are looked up literally (no
// gjson path syntax).
func field(v gjson.Result, names ...string) gjson.Result {
	for _, name := range names {
		var out gjson.Result
		v.ForEach(func(k, val gjson.Result) bool {
			if k.Str == name {
				out = val
				return false
			}
			return true
		})
		if out.Exists() {
			return out
		}
	}
	return gjson.Result{}
}
