package ratelimit

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/edgeward/edgeward/policies"
)

// Header styles (issue 16): clients written against express-rate-limit read draft-6/7
// RateLimit-Limit/Remaining/Reset, draft-8 named lists or the legacy X-RateLimit-* fields.

func rlHeaderMap(ops []policies.HeaderOp) map[string]string {
	got := map[string]string{}
	for _, op := range ops {
		if op.Kind == policies.RemoveHeader {
			continue
		}
		got[op.Name] = op.Value
	}
	return got
}

func TestRateLimitHeaderStyles(t *testing.T) {
	reset := strconv.FormatInt(rlT0.Add(6*time.Minute).Unix(), 10) // 10 per hour: one unit back every 6 min
	tests := []struct {
		name  string
		style string // the rule's header_style member, JSON
		want  map[string]string
	}{
		{"default draft-10", ``, map[string]string{"ratelimit-policy": `"login";q=10;w=3600`, "ratelimit": `"login";r=9;t=360`}},
		{"draft-10 named", `"header_style":"draft-10",`, map[string]string{"ratelimit-policy": `"login";q=10;w=3600`, "ratelimit": `"login";r=9;t=360`}},
		{"draft-8", `"header_style":"draft-8",`, map[string]string{"ratelimit-policy": `"login"; q=10; w=3600`, "ratelimit": `"login"; r=9; t=360`}},
		{"draft-7", `"header_style":"draft-7",`, map[string]string{"ratelimit-policy": `10;w=3600`, "ratelimit": `limit=10, remaining=9, reset=360`}},
		{"draft-6", `"header_style":"draft-6",`, map[string]string{"ratelimit-policy": `10;w=3600`, "ratelimit-limit": "10", "ratelimit-remaining": "9", "ratelimit-reset": "360"}},
		{"legacy", `"header_style":"legacy",`, map[string]string{"x-ratelimit-limit": "10", "x-ratelimit-remaining": "9", "x-ratelimit-reset": reset}},
		{"draft-7 and legacy", `"header_style":["draft-7","legacy"],`, map[string]string{"ratelimit-policy": `10;w=3600`, "ratelimit": `limit=10, remaining=9, reset=360`,
			"x-ratelimit-limit": "10", "x-ratelimit-remaining": "9", "x-ratelimit-reset": reset}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := `{"rate_limit":{"rules":[{"id":"login",` + tt.style + `"limit":10,"window":"1h"}]}}`
			e := newRLEngine(t, cfg, nil)
			d, tx := rlDo(e, rlReq{path: "/login"})
			if d != nil {
				t.Fatalf("denied: %+v", d)
			}
			got := rlHeaderMap(limiterOf(e).responseHeaders(tx, 200))
			if len(got) != len(tt.want) {
				t.Errorf("got headers %v, want %v", got, tt.want)
			}
			for k, v := range tt.want {
				if got[k] != v {
					t.Errorf("%s = %q, want %q", k, got[k], v)
				}
			}
		})
	}
}

func TestRateLimitHeaderStyleOn429(t *testing.T) {
	cfg := `{"rate_limit":{"header_style":"draft-7","rules":[{"id":"reset","limit":3,"window":"24h","path":"/reset"}]}}`
	e := newRLEngine(t, cfg, nil)
	for i := 0; i < 3; i++ {
		if d, _ := rlDo(e, rlReq{path: "/reset"}); d != nil {
			t.Fatalf("request %d denied", i+1)
		}
	}
	d, _ := rlDo(e, rlReq{path: "/reset"})
	if d == nil || d.Status != 429 {
		t.Fatalf("4th request: %+v, want 429", d)
	}
	// 3 per 24h: one unit back every 8 h.
	for name, want := range map[string]string{"retry-after": "28800", "ratelimit-policy": "3;w=86400", "ratelimit": "limit=3, remaining=0, reset=28800"} {
		if got := d.Headers.Get(name); got != want {
			t.Errorf("%s = %q, want %q", name, got, want)
		}
	}
	if d.Headers.Has("ratelimit-limit") || strings.Contains(d.Headers.Get("ratelimit"), `"`) {
		t.Errorf("draft-7 429 carries other styles: %v", d.Headers)
	}
}

func TestRateLimitHeaderStylesSeveralRules(t *testing.T) {
	// draft-7 and legacy fields hold one policy: the rule with the least remaining speaks.
	cfg := `{"rate_limit":{"header_style":"draft-6","rules":[{"id":"api","limit":100,"window":"15m"},
		{"id":"login","path":"/login","limit":10,"window":"1h"}]}}`
	e := newRLEngine(t, cfg, nil)
	_, tx := rlDo(e, rlReq{path: "/login"})
	got := rlHeaderMap(limiterOf(e).responseHeaders(tx, 200))
	if got["ratelimit-limit"] != "10" || got["ratelimit-remaining"] != "9" || got["ratelimit-policy"] != "10;w=3600" {
		t.Errorf("got %v, want the login rule's fields", got)
	}
	for _, op := range limiterOf(e).responseHeaders(tx, 200) {
		t.Errorf("second call gave %+v", op)
	}
	// Rules of different drafts on one request: the first rule's draft is used.
	cfg = `{"rate_limit":{"rules":[{"id":"api","limit":100,"window":"15m","header_style":"draft-8"},
		{"id":"login","path":"/login","limit":10,"window":"1h","header_style":["draft-7","legacy"]}]}}`
	e = newRLEngine(t, cfg, nil)
	_, tx = rlDo(e, rlReq{path: "/login"})
	got = rlHeaderMap(limiterOf(e).responseHeaders(tx, 200))
	want := map[string]string{"ratelimit-policy": `"api"; q=100; w=900`, "ratelimit": `"api"; r=99; t=9`,
		"x-ratelimit-limit": "10", "x-ratelimit-remaining": "9", "x-ratelimit-reset": strconv.FormatInt(rlT0.Add(6*time.Minute).Unix(), 10)}
	if len(got) != len(want) {
		t.Errorf("got %v, want %v", got, want)
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s = %q, want %q", k, got[k], v)
		}
	}
}

func TestRateLimitMessageFormat(t *testing.T) {
	tests := []struct {
		name, rule string
		wantType   string
		wantBody   string
	}{
		{"json default", `"message":"slow down"`, "application/json", `{"error":"slow down","retry_after":20}`},
		{"json object", `"message":{"code":"too_many"}`, "application/json", `{"code":"too_many"}`},
		{"text", `"message":"Too many login attempts, try again later.","message_format":"text"`, "text/plain; charset=utf-8", `Too many login attempts, try again later.`},
		{"text default message", `"message_format":"text"`, "text/plain; charset=utf-8", `Too many requests, please try again later.`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newRLEngine(t, `{"rate_limit":{"rules":[{"id":"a","limit":3,"window":"60s",`+tt.rule+`}]}}`, nil)
			var d *policies.Decision
			for i := 0; i < 4; i++ {
				d, _ = rlDo(e, rlReq{path: "/"})
			}
			if d == nil || d.Status != 429 {
				t.Fatalf("got %+v, want 429", d)
			}
			if got := d.Headers.Get("content-type"); got != tt.wantType {
				t.Errorf("content-type = %q, want %q", got, tt.wantType)
			}
			if string(d.Body) != tt.wantBody {
				t.Errorf("body = %s, want %s", d.Body, tt.wantBody)
			}
		})
	}
}

func TestRateLimitStyleConfigErrors(t *testing.T) {
	for _, tc := range []struct{ cfg, want string }{
		{`{"header_style":"draft-9"}`, `rate_limit.header_style: must be one of "draft-10", "draft-8", "draft-7", "draft-6", "legacy", got "draft-9"`},
		{`{"rules":[{"id":"a","limit":1,"window":"1s","header_style":["draft-7","draft-6"]}]}`, `rate_limit.rules[0].header_style: at most one draft style`},
		{`{"rules":[{"id":"a","limit":1,"window":"1s","header_style":["legacy","legacy"]}]}`, `rate_limit.rules[0].header_style[1]: duplicate style "legacy"`},
		{`{"rules":[{"id":"a","limit":1,"window":"1s","header_style":[]}]}`, `rate_limit.rules[0].header_style: must list 1 or 2 styles`},
		{`{"rules":[{"id":"a","limit":1,"window":"1s","header_style":7}]}`, `rate_limit.rules[0].header_style: must be a string or an array of strings`},
		{`{"rules":[{"id":"a","limit":1,"window":"1s","message_format":"html"}]}`, `rate_limit.rules[0].message_format: must be one of "json", "text", got "html"`},
		{`{"rules":[{"id":"a","limit":1,"window":"1s","message_format":"text","message":{"a":1}}]}`, `rate_limit.rules[0].message: must be a string with message_format "text"`},
	} {
		t.Run(tc.cfg, func(t *testing.T) {
			_, err := policies.ParseConfig([]byte(`{"rate_limit":` + tc.cfg + `}`))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error = %v, want %q", err, tc.want)
			}
		})
	}
}
