package devhost

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"sync"
	"time"
)

// maxLogEntries bounds the captured log (oldest entries are dropped).
const maxLogEntries = 10000

// LogEntry is one captured log line: from proxy_log, from the module's stdout (info) or stderr
// (error), or from the host itself (Worker -1).
type LogEntry struct {
	Time    time.Time
	Level   LogLevel
	Worker  int
	Message string
}

func (e LogEntry) String() string {
	return fmt.Sprintf("[%s] [worker %d] %s", e.Level, e.Worker, e.Message)
}

// logSink prints entries at or above a level and captures all of them, the newest
// maxLogEntries in a ring.
type logSink struct {
	mu      sync.Mutex
	w       io.Writer
	level   LogLevel
	entries []LogEntry // ring once full; next is the oldest entry's index
	next    int
}

func (l *logSink) add(e LogEntry) {
	e.Time = time.Now()
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.entries) < maxLogEntries {
		l.entries = append(l.entries, e)
	} else {
		l.entries[l.next] = e
		l.next = (l.next + 1) % maxLogEntries
	}
	if e.Level >= l.level {
		fmt.Fprintln(l.w, e.String())
	}
}

func (l *logSink) snapshot() []LogEntry {
	l.mu.Lock()
	defer l.mu.Unlock()
	out := make([]LogEntry, 0, len(l.entries))
	out = append(out, l.entries[l.next:]...)
	return append(out, l.entries[:l.next]...)
}

// lineWriter turns a WASI fd (stdout/stderr) into log entries, one per line, as Envoy logs each
// fd_write as one line.
type lineWriter struct {
	mu    sync.Mutex
	buf   []byte
	level LogLevel
	emit  func(LogLevel, string)
}

func (w *lineWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.buf = append(w.buf, p...)
	for {
		i := bytes.IndexByte(w.buf, '\n')
		if i < 0 {
			break
		}
		w.emit(w.level, string(w.buf[:i]))
		w.buf = w.buf[i+1:]
	}
	if len(w.buf) > 64<<10 { // a runaway line without newline
		w.emit(w.level, string(w.buf))
		w.buf = nil
	}
	return len(p), nil
}

// wasmLogPrefix formats Envoy's "wasm log<prefix>: " with empty parts omitted.
func wasmLogPrefix(parts ...string) string {
	var b strings.Builder
	b.WriteString("wasm log")
	for _, p := range parts {
		if p != "" {
			b.WriteString(" ")
			b.WriteString(p)
		}
	}
	b.WriteString(": ")
	return b.String()
}
