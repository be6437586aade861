package bench

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"sort"
	"strings"
)

// Case is one labelled request of a JSONL corpus (../shared/corpus/README.md describes the
// format).
type Case struct {
	ID       string
	Category string // sqli, xss, cmdi, traversal, proto, benign
	Expect   string // block or allow
	Req      Request
}

// LoadCorpus reads a JSONL corpus. An empty corpus is an error: a check over nothing passes
// vacuously.
func LoadCorpus(path string) ([]Case, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []Case
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 1<<20), 16<<20)
	for line := 1; sc.Scan(); line++ {
		if strings.TrimSpace(sc.Text()) == "" {
			continue
		}
		var c struct {
			ID, Category, Expect, Method, Path, Body string
			Headers                                  map[string]string
		}
		if err := json.Unmarshal(sc.Bytes(), &c); err != nil {
			return nil, fmt.Errorf("%s:%d: %w", path, line, err)
		}
		if c.Expect != "block" && c.Expect != "allow" {
			return nil, fmt.Errorf("%s:%d: expect %q, want block or allow", path, line, c.Expect)
		}
		names := make([]string, 0, len(c.Headers))
		for k := range c.Headers {
			names = append(names, k)
		}
		sort.Strings(names)
		r := Request{Method: c.Method, Target: c.Path, Body: []byte(c.Body)}
		for _, k := range names {
			if strings.EqualFold(k, "content-length") || strings.EqualFold(k, "host") {
				continue // framing and authority come from the request itself
			}
			r.Header = append(r.Header, [2]string{k, c.Headers[k]})
		}
		out = append(out, Case{ID: c.ID, Category: c.Category, Expect: c.Expect, Req: r})
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%s: no cases", path)
	}
	return out, nil
}

// Tally counts one engine's verdicts per category.
type Tally struct {
	Total, Blocked map[string]int
	Cases          int
}

// Blocks reports whether a status is a block verdict (any 4xx other than 404, e.g. 403, 400 for
// a refused body, 413).
func Blocks(status int) bool { return status >= 400 && status < 500 && status != 404 }

// Count runs every case through status and tallies the verdicts.
func Count(cases []Case, status func(Request) int) Tally {
	t := Tally{Total: map[string]int{}, Blocked: map[string]int{}}
	for _, c := range cases {
		t.Total[c.Category]++
		if Blocks(status(c.Req)) {
			t.Blocked[c.Category]++
		}
		t.Cases++
	}
	return t
}

// Categories returns the tally's categories, attacks first in name order, benign last.
func (t Tally) Categories() []string {
	var cs []string
	for c := range t.Total {
		if c != "benign" {
			cs = append(cs, c)
		}
	}
	slices.Sort(cs)
	if t.Total["benign"] > 0 {
		cs = append(cs, "benign")
	}
	return cs
}

// Detection is the share of attack cases blocked; FalsePositive the share of benign ones.
func (t Tally) Detection() float64 {
	n, b := 0, 0
	for c, v := range t.Total {
		if c != "benign" {
			n += v
			b += t.Blocked[c]
		}
	}
	return ratio(b, n)
}

// FalsePositive is the share of benign cases blocked.
func (t Tally) FalsePositive() float64 { return ratio(t.Blocked["benign"], t.Total["benign"]) }

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}
