package ratelimit

import (
	"strings"
	"testing"
	"time"

	"github.com/edgeward/edgeward/policies"
)

func TestParseRateLimitDefaults(t *testing.T) {
	c, err := policies.ParseConfig([]byte(exampleRateLimit))
	if err != nil {
		t.Fatal(err)
	}
	rl := ConfigOf(c)
	if !rl.HeadersOnAllowed || rl.Slots != int(policies.Declared("rate_limit", "slots").DefaultInt()) || rl.HashSeed != "" || len(rl.Rules) != 2 {
		t.Fatalf("defaults: %+v", rl)
	}
	r := rl.Rules[1]
	if r.ID != "login" || r.Limit != 3 || r.Window != time.Minute || r.Status != 429 || r.Slots != int(policies.Declared("rate_limit", "slots").DefaultInt()) ||
		!r.HeadersOnAllowed || r.SkipSuccessfulRequests || r.Backend != "local" || r.Route.Exact != "/api/auth/login" ||
		len(r.Key) != 1 || r.Key[0].Kind != KeyBody || r.Key[0].Path[0] != "email" {
		t.Fatalf("login rule: %+v", r)
	}
	if k := rl.Rules[0].Key; len(k) != 1 || k[0].Kind != KeyClientIP {
		t.Fatalf("per_ip key: %+v", k)
	}
	empty, err := policies.ParseConfig([]byte(`{}`))
	if err != nil || len(ConfigOf(empty).Rules) != 0 {
		t.Fatalf("empty config: %+v %v", ConfigOf(empty), err)
	}
}

var rateLimitConfigErrors = []struct {
	name, cfg string
	want      []string // substrings of the error
}{
	{"not an object", `{"rate_limit":[]}`, []string{"rate_limit: must be an object"}},
	{"unknown key", `{"rate_limit":{"rule":[]}}`, []string{"rate_limit.rule: unknown key"}},
	{"missing id limit window", `{"rate_limit":{"rules":[{}]}}`, []string{`rate_limit.rules[0]: missing required key "id"`, `missing required key "limit"`, `missing required key "window"`}},
	{"bad id", `{"rate_limit":{"rules":[{"id":"Bad Id","limit":1,"window":"1s"}]}}`, []string{"rate_limit.rules[0].id: must match"}},
	{"duplicate id", `{"rate_limit":{"rules":[{"id":"a","limit":1,"window":"1s"},{"id":"a","limit":1,"window":"1s"}]}}`, []string{`rate_limit.rules[1]: duplicate rule id "a"`}},
	{"limit zero", `{"rate_limit":{"rules":[{"id":"a","limit":0,"window":"1s"}]}}`, []string{"rate_limit.rules[0].limit: must be between 1 and 1000000"}},
	{"limit string", `{"rate_limit":{"rules":[{"id":"a","limit":"5","window":"1s"}]}}`, []string{"rate_limit.rules[0].limit: must be a number"}},
	{"window too short", `{"rate_limit":{"rules":[{"id":"a","limit":1,"window":"500ms"}]}}`, []string{"rate_limit.rules[0].window: must be between"}},
	{"window number", `{"rate_limit":{"rules":[{"id":"a","limit":1,"window":60}]}}`, []string{"rate_limit.rules[0].window: must be a string"}},
	{"bad key part", `{"rate_limit":{"rules":[{"id":"a","limit":1,"window":"1s","key":"ip"}]}}`, []string{`rate_limit.rules[0].key: unknown key part "ip"`}},
	{"bad key list", `{"rate_limit":{"rules":[{"id":"a","limit":1,"window":"1s","key":["client_ip","client_ip"]}]}}`, []string{`rate_limit.rules[0].key[1]: duplicate key part`}},
	{"empty key list", `{"rate_limit":{"rules":[{"id":"a","limit":1,"window":"1s","key":[]}]}}`, []string{"rate_limit.rules[0].key: must list 1 to 4 key parts"}},
	{"body wildcard", `{"rate_limit":{"rules":[{"id":"a","limit":1,"window":"1s","key":"body:users.#.email"}]}}`, []string{"wildcards, queries and modifiers are not supported"}},
	{"header name", `{"rate_limit":{"rules":[{"id":"a","limit":1,"window":"1s","key":"header:x y"}]}}`, []string{"invalid header name"}},
	{"status", `{"rate_limit":{"rules":[{"id":"a","limit":1,"window":"1s","status":200}]}}`, []string{"rate_limit.rules[0].status: must be between 400 and 599"}},
	{"message type", `{"rate_limit":{"rules":[{"id":"a","limit":1,"window":"1s","message":5}]}}`, []string{"rate_limit.rules[0].message: must be a string"}},
	{"slots", `{"rate_limit":{"slots":0,"rules":[]}}`, []string{"rate_limit.slots: must be between 1 and 1048576"}},
	{"short seed", `{"rate_limit":{"hash_seed":"short"}}`, []string{"rate_limit.hash_seed: must be at least 16 bytes"}},
	{"backend", `{"rate_limit":{"rules":[{"id":"a","limit":1,"window":"1s","backend":"redis"}]}}`, []string{`rate_limit.rules[0].backend: must be one of "local", "global"`}},
	{"route", `{"rate_limit":{"rules":[{"id":"a","limit":1,"window":"1s","path":"x","methods":["post"]}]}}`, []string{`paths must start with "/"`, "method must be upper-case"}},
	{"too many slots", `{"rate_limit":{"slots":1048576,"rules":[{"id":"a","limit":1,"window":"1s"},{"id":"b","limit":1,"window":"1s"},{"id":"c","limit":1,"window":"1s"},{"id":"d","limit":1,"window":"1s"},{"id":"e","limit":1,"window":"1s"}]}}`, []string{"rate_limit.rules: the rules' slots add up to 5242880, more than 4194304"}},
	{"mode", `{"rate_limit":{"rules":[{"id":"a","limit":1,"window":"1s","mode":"log"}]}}`, []string{"rate_limit.rules[0].mode: must be one of"}},
}

func TestParseRateLimitErrors(t *testing.T) {
	if len(rateLimitConfigErrors) == 0 {
		t.Fatal("no cases")
	}
	for _, tt := range rateLimitConfigErrors {
		t.Run(tt.name, func(t *testing.T) {
			_, err := policies.ParseConfig([]byte(tt.cfg))
			if err == nil {
				t.Fatalf("got no error, want %q", tt.want)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("got %q, want it to contain %q", err, w)
				}
			}
		})
	}
}

func FuzzParseRateLimit(f *testing.F) {
	f.Add(exampleRateLimit)
	for _, tt := range rateLimitConfigErrors {
		f.Add(tt.cfg)
	}
	f.Fuzz(func(t *testing.T, cfg string) {
		c, err := policies.ParseConfig([]byte(cfg))
		if err != nil {
			return
		}
		total := 0
		for _, r := range ConfigOf(c).Rules {
			total += r.Slots
		}
		if total > 1<<14 {
			return // keep each input fast: NewEngine creates every slot
		}
		// Whatever parses builds an engine and serves a request without panicking.
		e, err := policies.NewEngine(c, policies.Options{Store: policies.NewMemStore()})
		if err != nil {
			return
		}
		rlDo(e, rlReq{method: "POST", path: "/api/auth/login", body: `{"email":"a@b"}`})
	})
}
