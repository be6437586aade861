package bench

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"slices"
	"sync"
	"sync/atomic"
	"time"
)

// LoadResult is what a load run saw.
type LoadResult struct {
	Sent, Answered, Wrong, Errors int
	FirstProblem                  string
	Elapsed                       time.Duration
	P50, P99, Max                 time.Duration
	PerSecond                     float64
}

// Load sends n requests of the mix (schedule order) to baseURL from clients concurrent
// clients over real connections, checking each status; it stops at the deadline of ctx
// (requests not sent by then count as not sent, not as lost).
func Load(ctx context.Context, baseURL string, clients, n int) LoadResult {
	items, sched := Mix(), MixSchedule()
	tr := &http.Transport{MaxIdleConnsPerHost: clients, MaxConnsPerHost: clients, DisableCompression: true}
	defer tr.CloseIdleConnections()
	client := &http.Client{Transport: tr, Timeout: 5 * time.Minute}
	var (
		next    atomic.Int64
		mu      sync.Mutex
		res     LoadResult
		lats    = make([]time.Duration, 0, n)
		wg      sync.WaitGroup
		problem = func(format string, a ...any) {
			if res.FirstProblem == "" {
				res.FirstProblem = fmt.Sprintf(format, a...)
			}
		}
	)
	start := time.Now()
	for c := 0; c < clients; c++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1)) - 1
				if i >= n || ctx.Err() != nil {
					return
				}
				it := items[sched[i%len(sched)]]
				req, err := http.NewRequestWithContext(ctx, it.Req.Method, baseURL+it.Req.Target, bytes.NewReader(it.Req.Body))
				if err != nil {
					panic(err)
				}
				for _, h := range it.Req.Header {
					req.Header.Add(h[0], h[1])
				}
				t := time.Now()
				resp, err := client.Do(req)
				var body []byte
				if err == nil {
					body, err = io.ReadAll(resp.Body)
					resp.Body.Close()
				}
				el := time.Since(t)
				mu.Lock()
				res.Sent++
				switch {
				case err != nil:
					res.Errors++
					problem("request %d (%s): %v", i, it.Name, err)
				case resp.StatusCode != it.Want:
					res.Answered++
					res.Wrong++
					problem("request %d (%s): got %d, want %d", i, it.Name, resp.StatusCode, it.Want)
				case it.Want == 200 && !bytes.Contains(body, []byte(`"body_bytes"`)):
					res.Answered++
					res.Wrong++
					problem("request %d (%s): 200 without the echo upstream's body", i, it.Name)
				default:
					res.Answered++
					lats = append(lats, el)
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	res.Elapsed = time.Since(start)
	if len(lats) > 0 {
		slices.Sort(lats)
		res.P50, res.P99, res.Max = lats[len(lats)/2], lats[len(lats)*99/100], lats[len(lats)-1]
	}
	res.PerSecond = float64(res.Answered) / res.Elapsed.Seconds()
	return res
}
