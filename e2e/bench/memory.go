package bench

import (
	"bytes"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"sync"
	"time"
)

// MixItem is one request of a mixed workload and the status it must get.
type MixItem struct {
	Name string
	Req  Request
	Want int
}

// Mix returns the mixed workload of the memory and load checks, with the config it needs
// (envoy/examples/waf.json): browser GETs, 4 KiB and 64 KiB JSON posts, and attacks in the
// query, in a JSON body and in a header, blocked with 403.
func Mix() []MixItem {
	return []MixItem{
		{Name: "GET, 10 headers", Req: Request{Method: "GET", Target: "/products/list?page=2&sort=price&q=blue+shoes", Header: browserHeaders}, Want: 200},
		{Name: "GET api", Req: Request{Method: "GET", Target: "/api/orders/42?expand=items", Header: browserHeaders[:3]}, Want: 200},
		{Name: "POST 4 KiB JSON", Req: jsonPost("/api/orders", JSONBody(4<<10)), Want: 200},
		{Name: "POST 64 KiB JSON", Req: jsonPost("/api/orders", JSONBody(64<<10)), Want: 200},
		{Name: "SQLi in query", Req: Request{Method: "GET", Target: "/search?q=1%27%20OR%20%271%27%3D%271%27%20--%20", Header: browserHeaders[:3]}, Want: 403},
		{Name: "SQLi in JSON body", Req: jsonPost("/api/login", []byte(`{"user":"admin' OR 1=1 -- ","password":"x"}`)), Want: 403},
		{Name: "XSS in query", Req: Request{Method: "GET", Target: "/comment?text=%3Cscript%3Ealert(document.cookie)%3C%2Fscript%3E", Header: browserHeaders[:3]}, Want: 403},
		{Name: "traversal in path", Req: Request{Method: "GET", Target: "/static/..%2f..%2f..%2fetc%2fpasswd", Header: browserHeaders[:3]}, Want: 403},
	}
}

// MixSchedule is the order items are sent in: per 50 requests, 25 GETs, 10 API GETs, 6 4 KiB
// posts, 1 64 KiB post and 8 attacks (2 of each kind).
func MixSchedule() []int {
	counts := []int{25, 10, 6, 1, 2, 2, 2, 2}
	var s []int
	for i, c := range counts {
		for j := 0; j < c; j++ {
			s = append(s, i)
		}
	}
	// Spread each kind over the cycle (7 is prime to 50): every stretch of the run sees every kind.
	out := make([]int, len(s))
	for i := range out {
		out[i] = s[i*7%len(s)]
	}
	return out
}

// JumpBytes is the growth of linear memory during one request that DriveMemory records as a
// jump: more than the Go runtime's usual step (one 4 MiB heap arena).
const JumpBytes = 8 << 20

// MemJump is one request during which linear memory grew by JumpBytes or more: which request,
// how long it took, and the module runtime's last gctrace lines at that moment.
type MemJump struct {
	Request  int
	Item     string
	From, To uint32
	Latency  time.Duration
	GCTail   []string
}

func (j MemJump) String() string {
	return fmt.Sprintf("request %d (%s) grew linear memory %d -> %d KiB in %v; last gctrace lines: %q",
		j.Request, j.Item, j.From>>10, j.To>>10, j.Latency, j.GCTail)
}

// MemSample is the instance's linear memory after a number of requests.
type MemSample struct {
	After int
	Bytes uint32
}

// MemoryRun is what DriveMemory saw.
type MemoryRun struct {
	Requests      int
	Samples       []MemSample
	Wrong         int
	FirstWrong    string
	Elapsed       time.Duration
	P50, P99, Max time.Duration
	Jumps         []MemJump // requests that grew linear memory by JumpBytes or more at once
	GCs           int       // garbage collections inside the module (needs GODEBUG=gctrace=1)
	LastGoalMB    float64   // the module heap's last GC goal
	LastLiveMB    float64   // live heap after the last GC
}

// Start is the linear memory after warm-up (the first sample past 10% of the run); Mid after
// half the run; End at the end.
func (r MemoryRun) Start() uint32 { return r.at(r.Requests / 10) }

// Mid is the linear memory after half the requests.
func (r MemoryRun) Mid() uint32 { return r.at(r.Requests / 2) }

// End is the linear memory after the last request.
func (r MemoryRun) End() uint32 { return r.Samples[len(r.Samples)-1].Bytes }

func (r MemoryRun) at(n int) uint32 {
	for _, s := range r.Samples {
		if s.After >= n {
			return s.Bytes
		}
	}
	return r.End()
}

// GCTrace counts the module runtime's gctrace lines (GODEBUG=gctrace=1 in the VM environment:
// the Go runtime writes them to stderr, which the host logs line by line). It is an io.Writer
// for ModuleOptions.LogWriter.
type GCTrace struct {
	mu         sync.Mutex
	n          int
	goal, live float64
	buf        []byte
	tail       []string // the last gcTail lines
}

const gcTail = 6

var gcLine = regexp.MustCompile(`gc \d+ @[0-9.]+s .*?(\d+)->(\d+)->(\d+) MB, (\d+) MB goal`)

func (g *GCTrace) Write(p []byte) (int, error) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.buf = append(g.buf, p...)
	for {
		i := bytes.IndexByte(g.buf, '\n')
		if i < 0 {
			break
		}
		if len(g.tail) == gcTail {
			g.tail = g.tail[1:]
		}
		g.tail = append(g.tail, string(g.buf[:i]))
		if m := gcLine.FindSubmatch(g.buf[:i]); m != nil {
			g.n++
			g.live, _ = strconv.ParseFloat(string(m[3]), 64)
			g.goal, _ = strconv.ParseFloat(string(m[4]), 64)
		}
		g.buf = g.buf[i+1:]
	}
	return len(p), nil
}

// Tail returns the last lines the module runtime wrote (gctrace and any other stderr line).
func (g *GCTrace) Tail() []string {
	if g == nil {
		return nil
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	return slices.Clone(g.tail)
}

// Stats returns the number of collections, the last live heap and the last goal (MB).
func (g *GCTrace) Stats() (n int, live, goal float64) {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.n, g.live, g.goal
}

// DriveMemory sends n requests of the mix, in schedule order, through the module one at a
// time, sampling its linear memory samples times and checking every status. progress, when not
// nil, is called after every tenth of the run with the requests done and the linear memory.
func DriveMemory(m *Module, n, samples int, gc *GCTrace, progress func(done int, mem uint32)) MemoryRun {
	items, sched := Mix(), MixSchedule()
	run := MemoryRun{Requests: n}
	every := max(1, n/samples)
	lat := make([]time.Duration, 0, n)
	start := time.Now()
	prev := m.Memory()
	for i := 0; i < n; i++ {
		it := items[sched[i%len(sched)]]
		t := time.Now()
		got := m.Status(it.Req)
		d := time.Since(t)
		lat = append(lat, d)
		if now := m.Memory(); now >= prev+JumpBytes {
			j := MemJump{Request: i, Item: it.Name, From: prev, To: now, Latency: d, GCTail: gc.Tail()}
			run.Jumps = append(run.Jumps, j)
			prev = now
		} else if now > prev {
			prev = now
		}
		if got != it.Want {
			run.Wrong++
			if run.FirstWrong == "" {
				run.FirstWrong = fmt.Sprintf("request %d (%s): got %d, want %d", i, it.Name, got, it.Want)
			}
		}
		if (i+1)%every == 0 || i == n-1 {
			run.Samples = append(run.Samples, MemSample{After: i + 1, Bytes: m.Memory()})
		}
		if progress != nil && n >= 10 && (i+1)%(n/10) == 0 {
			progress(i+1, m.Memory())
		}
	}
	run.Elapsed = time.Since(start)
	slices.Sort(lat)
	run.P50, run.P99, run.Max = lat[len(lat)/2], lat[len(lat)*99/100], lat[len(lat)-1]
	if gc != nil {
		run.GCs, run.LastLiveMB, run.LastGoalMB = gc.Stats()
	}
	return run
}
