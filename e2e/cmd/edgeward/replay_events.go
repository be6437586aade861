package main

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"
	"sync"
)

// injectionEvent is the part of the module's structured log line for an injection detection
// (policies/injection.go, report and limitExceeded) that replay reads.
type injectionEvent struct {
	Event     string `json:"event"` // "injection.<family>.block" or ".detect"
	RequestID string `json:"request_id"`
	Rule      string `json:"rule"`
	Action    string `json:"action"` // "block" or "detect"
	Location  string `json:"location"`
	Parameter string `json:"parameter"` // escaped, " (name)" when the key itself matched
}

// maxEventsPerRequest bounds what is kept for one request (the module emits at most 8).
const maxEventsPerRequest = 16

// eventCollector is the dev host's LogWriter: it receives every log line as
// "[level] [worker N] wasm log edgeward: {json}", keeps the injection events of the requests
// this replay sent (request ids with its prefix) and hands them out once per request.
type eventCollector struct {
	prefix string

	mu   sync.Mutex
	buf  []byte
	byID map[string][]injectionEvent
}

func newEventCollector(prefix string) *eventCollector {
	return &eventCollector{prefix: prefix, byID: map[string][]injectionEvent{}}
}

// Write implements io.Writer; it never fails.
func (c *eventCollector) Write(p []byte) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.buf = append(c.buf, p...)
	for {
		i := bytes.IndexByte(c.buf, '\n')
		if i < 0 {
			break
		}
		c.line(c.buf[:i])
		c.buf = c.buf[i+1:]
	}
	if len(c.buf) > 1<<20 { // a runaway line: not one of the module's events
		c.buf = c.buf[:0]
	}
	return len(p), nil
}

func (c *eventCollector) line(l []byte) {
	i := bytes.Index(l, []byte("wasm log"))
	if i < 0 {
		return
	}
	j := bytes.IndexByte(l[i:], '{')
	if j < 0 {
		return
	}
	obj := l[i+j:]
	if !bytes.Contains(obj, []byte(`"injection.`)) {
		return
	}
	var e injectionEvent
	if json.Unmarshal(obj, &e) != nil || !strings.HasPrefix(e.Event, "injection.") ||
		!strings.HasPrefix(e.RequestID, c.prefix) {
		return
	}
	if evs := c.byID[e.RequestID]; len(evs) < maxEventsPerRequest {
		c.byID[e.RequestID] = append(evs, e)
	}
}

// take returns and forgets the events of one request.
func (c *eventCollector) take(id string) []injectionEvent {
	c.mu.Lock()
	defer c.mu.Unlock()
	evs := c.byID[id]
	delete(c.byID, id)
	return evs
}

// loggedParameter recovers the parameter name the engine saw from an event's "parameter" field:
// the module escapes it (strconv.QuoteToASCII without quotes), appends " (name)" when the key
// itself matched, and cuts it at 128 bytes marking "...(truncated)". ok is false when the exact
// name cannot be recovered (truncated or not a valid escape), so no exclusion can be written.
func loggedParameter(s string) (name string, key, ok bool) {
	if strings.HasSuffix(s, "...(truncated)") {
		return s, false, false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] > 0x7e { // not the module's escaping (printable ASCII only)
			return s, false, false
		}
	}
	if n, found := strings.CutSuffix(s, " (name)"); found {
		s, key = n, true
	}
	u, err := strconv.Unquote(`"` + s + `"`)
	if err != nil {
		return s, key, false
	}
	return u, key, true
}
