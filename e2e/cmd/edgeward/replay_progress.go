package main

import (
	"fmt"
	"io"
	"os"
	"strings"
	"sync/atomic"
	"time"
)

// Progress redraw intervals: a bar on a terminal, one line now and then otherwise (CI logs).
const (
	progressBarEvery  = 100 * time.Millisecond
	progressLineEvery = 5 * time.Second
)

// isTerminal reports whether w is a character device (a terminal), without a terminal library.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// startProgress reports done/total on w until the returned stop is called: a redrawn bar on a
// terminal, else a line every progressLineEvery (nothing for runs shorter than that). w nil: off.
func startProgress(w io.Writer, total int64, done *atomic.Int64) (stop func()) {
	if w == nil || total == 0 {
		return func() {}
	}
	tty := isTerminal(w)
	every := progressLineEvery
	if tty {
		every = progressBarEvery
	}
	start := time.Now()
	quit, finished := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(finished)
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			select {
			case <-quit:
				if tty {
					fmt.Fprintf(w, "\r%s\n", progressLine(done.Load(), total, time.Since(start), true))
				}
				return
			case <-t.C:
				line := progressLine(done.Load(), total, time.Since(start), tty)
				if tty {
					fmt.Fprintf(w, "\r%s", line)
				} else {
					fmt.Fprintln(w, line)
				}
			}
		}
	}()
	return func() {
		close(quit)
		<-finished
	}
}

// progressLine formats "[#####.....] 1234/2014  61%  1050 req/s  ETA 1s" (bar only when bar).
func progressLine(done, total int64, elapsed time.Duration, bar bool) string {
	if done > total {
		done = total
	}
	pct := 100 * done / total
	rate := 0.0
	if s := elapsed.Seconds(); s > 0 {
		rate = float64(done) / s
	}
	eta := "?"
	if rate > 0 {
		eta = (time.Duration(float64(total-done)/rate) * time.Second).Round(time.Second).String()
	}
	s := fmt.Sprintf("%d/%d %3d%%  %.0f req/s  ETA %s", done, total, pct, rate, eta)
	if !bar {
		return "replay: " + s
	}
	const width = 30
	n := int(width * done / total)
	return "[" + strings.Repeat("#", n) + strings.Repeat(".", width-n) + "] " + s + "   "
}
