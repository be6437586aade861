package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// Input formats of `edgeward replay`, detected by content.
const (
	formatJSONL = "jsonl" // one case object a line (the format of ../shared/corpus)
	formatArray = "json"  // a JSON array of case objects
	formatHAR   = "har"   // an HTTP Archive exported from a browser
)

// maxInputProblems bounds the per-line problems kept (the count is always exact).
const maxInputProblems = 20

// replayCase is one captured request: the corpus line format (id, method, path, headers, body,
// expect) or a HAR entry's request converted to it. Header names keep the capture's order and
// repetitions.
type replayCase struct {
	ID      string
	Method  string
	Path    string // raw request target, as on the wire: path and query
	Host    string // authority; "" lets buildRequest choose
	Headers [][2]string
	Body    string
	Expect  string // "block", "allow" or "" (unlabelled)
}

// replayInput is a parsed input file.
type replayInput struct {
	Format   string
	Cases    []replayCase
	Skipped  int      // entries that could not be used
	Problems []string // the first maxInputProblems reasons, "line N: ..." or "entries[N]: ..."
}

func (in *replayInput) problem(format string, args ...any) {
	in.Skipped++
	if len(in.Problems) < maxInputProblems {
		in.Problems = append(in.Problems, fmt.Sprintf(format, args...))
	}
}

// parseReplayInput detects the format of data (a HAR object, a JSON array of cases, or JSONL)
// and converts every entry. Unusable entries are skipped and counted; an input with no usable
// entry, or one that is neither format, is an error.
func parseReplayInput(data []byte) (*replayInput, error) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	trimmed := bytes.TrimLeft(data, " \t\r\n")
	var in *replayInput
	var err error
	switch {
	case len(trimmed) == 0:
		return nil, errors.New("empty input")
	case trimmed[0] == '[':
		in, err = parseCaseArray(trimmed)
	case trimmed[0] == '{' && isHAR(trimmed):
		in, err = parseHAR(trimmed)
	case trimmed[0] == '{':
		in, err = parseJSONL(data)
	default:
		return nil, errors.New("unknown format: want JSONL (one request object a line), a JSON array of them, or a HAR file")
	}
	if err != nil {
		return nil, err
	}
	if len(in.Cases) == 0 {
		msg := "no usable request in the input"
		if len(in.Problems) > 0 {
			msg += ": " + in.Problems[0]
		}
		return nil, errors.New(msg)
	}
	return in, nil
}

// isHAR reports whether the first JSON value of data is an object with a "log" object holding
// "entries" (a HAR file is one JSON document, usually pretty-printed over many lines).
func isHAR(data []byte) bool {
	var probe struct {
		Log *struct {
			Entries json.RawMessage `json:"entries"`
		} `json:"log"`
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&probe); err != nil {
		return false
	}
	return probe.Log != nil && probe.Log.Entries != nil
}

// corpusLine is one JSONL object; fields other than these are ignored.
type corpusLine struct {
	ID      json.RawMessage `json:"id"`
	Method  string          `json:"method"`
	Path    string          `json:"path"`
	URL     string          `json:"url"`
	Headers json.RawMessage `json:"headers"`
	Body    string          `json:"body"`
	Expect  string          `json:"expect"`
}

func parseJSONL(data []byte) (*replayInput, error) {
	in := &replayInput{Format: formatJSONL}
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 0, 64<<10), 64<<20)
	line := 0
	for sc.Scan() {
		line++
		b := bytes.TrimSpace(sc.Bytes())
		if len(b) == 0 || b[0] == '#' {
			continue
		}
		var l corpusLine
		if err := json.Unmarshal(b, &l); err != nil {
			in.problem("line %d: %v", line, err)
			continue
		}
		c, err := l.toCase(strconv.Itoa(line))
		if err != nil {
			in.problem("line %d: %v", line, err)
			continue
		}
		in.Cases = append(in.Cases, c)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("line %d: %w", line+1, err)
	}
	return in, nil
}

func parseCaseArray(data []byte) (*replayInput, error) {
	var lines []json.RawMessage
	if err := json.Unmarshal(data, &lines); err != nil {
		return nil, fmt.Errorf("JSON array: %w", err)
	}
	in := &replayInput{Format: formatArray}
	for i, raw := range lines {
		var l corpusLine
		if err := json.Unmarshal(raw, &l); err != nil {
			in.problem("[%d]: %v", i, err)
			continue
		}
		c, err := l.toCase(strconv.Itoa(i))
		if err != nil {
			in.problem("[%d]: %v", i, err)
			continue
		}
		in.Cases = append(in.Cases, c)
	}
	return in, nil
}

// toCase converts a corpus line; defID is used when the line has no id. "url" (an absolute URL)
// is accepted in place of "path".
func (l *corpusLine) toCase(defID string) (replayCase, error) {
	c := replayCase{ID: defID, Method: l.Method, Path: l.Path, Body: l.Body}
	if len(l.ID) > 0 && string(l.ID) != "null" {
		var s string
		if json.Unmarshal(l.ID, &s) == nil {
			c.ID = s
		} else {
			c.ID = string(l.ID) // a number
		}
	}
	switch strings.ToLower(l.Expect) {
	case "", "block", "allow":
		c.Expect = strings.ToLower(l.Expect)
	default:
		return c, fmt.Errorf("expect: want \"block\" or \"allow\", got %q", l.Expect)
	}
	if c.Path == "" && l.URL != "" {
		c.Path = l.URL
	}
	if len(l.Headers) > 0 && string(l.Headers) != "null" {
		h, err := decodeHeaders(l.Headers)
		if err != nil {
			return c, fmt.Errorf("headers: %w", err)
		}
		c.Headers = h
	}
	return finishCase(c)
}

// decodeHeaders reads a headers object {"Name": "value" | ["v1", "v2"]} keeping its order, or a
// HAR-style array [{"name","value"}].
func decodeHeaders(raw json.RawMessage) ([][2]string, error) {
	if bytes.HasPrefix(bytes.TrimSpace(raw), []byte("[")) {
		var pairs []harPair
		if err := json.Unmarshal(raw, &pairs); err != nil {
			return nil, err
		}
		out := make([][2]string, 0, len(pairs))
		for _, p := range pairs {
			out = append(out, [2]string{p.Name, p.Value})
		}
		return out, nil
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return nil, errors.New("want an object of header names to values")
	}
	var out [][2]string
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return nil, err
		}
		name, _ := t.(string)
		var v any
		if err := dec.Decode(&v); err != nil {
			return nil, err
		}
		switch v := v.(type) {
		case string:
			out = append(out, [2]string{name, v})
		case []any:
			for _, e := range v {
				s, ok := e.(string)
				if !ok {
					return nil, fmt.Errorf("%s: values must be strings", name)
				}
				out = append(out, [2]string{name, s})
			}
		default:
			return nil, fmt.Errorf("%s: value must be a string or an array of strings", name)
		}
	}
	return out, nil
}

// finishCase defaults the method, splits an absolute URL into authority and request target, and
// checks what would make the request unsendable.
func finishCase(c replayCase) (replayCase, error) {
	if c.Method == "" {
		c.Method = http.MethodGet
	}
	if !validToken(c.Method) {
		return c, fmt.Errorf("method %q is not an HTTP token", c.Method)
	}
	if i := strings.Index(c.Path, "://"); i > 0 && !strings.HasPrefix(c.Path, "/") {
		host, target := splitAbsoluteURL(c.Path[i+3:])
		if c.Host == "" {
			c.Host = host
		}
		c.Path = target
	}
	switch {
	case c.Path == "":
		return c, errors.New("path is empty")
	case !strings.HasPrefix(c.Path, "/") && c.Path != "*":
		return c, fmt.Errorf("path %q: want an origin-form target starting with \"/\" or an absolute URL", truncateRunes(c.Path, 60))
	case strings.IndexFunc(c.Path, func(r rune) bool { return r <= ' ' || r == 0x7f }) >= 0:
		return c, fmt.Errorf("path %q: spaces and control characters are not allowed in a request target (HTTP servers refuse it; percent-encode them)", truncateRunes(c.Path, 60))
	}
	kept := c.Headers[:0]
	for _, h := range c.Headers {
		switch {
		case strings.HasPrefix(h[0], ":"):
			if h[0] == ":authority" && c.Host == "" {
				c.Host = h[1]
			}
			continue // HTTP/2 pseudo-headers in browser exports
		case strings.EqualFold(h[0], "host"):
			c.Host = h[1]
			continue
		case !validToken(h[0]):
			return c, fmt.Errorf("header name %q is not an HTTP token", truncateRunes(h[0], 60))
		case strings.ContainsAny(h[1], "\r\n\x00"):
			return c, fmt.Errorf("header %s: CR, LF and NUL are not allowed in a value (HTTP servers refuse it)", h[0])
		}
		kept = append(kept, h)
	}
	c.Headers = kept
	return c, nil
}

// splitAbsoluteURL splits "host[:port]/path?query#frag" into the authority and the raw request
// target (fragment dropped, "/" when empty), without re-encoding anything.
func splitAbsoluteURL(rest string) (host, target string) {
	if i := strings.IndexByte(rest, '#'); i >= 0 {
		rest = rest[:i]
	}
	i := strings.IndexAny(rest, "/?")
	if i < 0 {
		return rest, "/"
	}
	host, target = rest[:i], rest[i:]
	if strings.HasPrefix(target, "?") {
		target = "/" + target
	}
	if at := strings.LastIndexByte(host, '@'); at >= 0 {
		host = host[at+1:] // userinfo never reaches the server
	}
	return host, target
}

// validToken reports whether s is a non-empty RFC 9110 token (method or header name).
func validToken(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || strings.IndexByte("!#$%&'*+-.^_`|~", c) >= 0 {
			continue
		}
		return false
	}
	return true
}

func truncateRunes(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "..."
}

// HAR 1.2 (http://www.softwareishard.com/blog/har-12-spec/): only the request side is read.
type harFile struct {
	Log struct {
		Entries []struct {
			ID      json.RawMessage `json:"_id"`
			Request struct {
				Method   string    `json:"method"`
				URL      string    `json:"url"`
				Headers  []harPair `json:"headers"`
				PostData *struct {
					MimeType string    `json:"mimeType"`
					Text     string    `json:"text"`
					Params   []harPair `json:"params"`
					Encoding string    `json:"encoding"`
				} `json:"postData"`
			} `json:"request"`
		} `json:"entries"`
	} `json:"log"`
}

type harPair struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

func parseHAR(data []byte) (*replayInput, error) {
	var f harFile
	if err := json.Unmarshal(data, &f); err != nil {
		return nil, fmt.Errorf("HAR: %w", err)
	}
	in := &replayInput{Format: formatHAR}
	for i, e := range f.Log.Entries {
		r := e.Request
		c := replayCase{ID: strconv.Itoa(i), Method: r.Method}
		if len(e.ID) > 0 && string(e.ID) != "null" {
			var s string
			if json.Unmarshal(e.ID, &s) == nil {
				c.ID = s
			} else {
				c.ID = string(e.ID)
			}
		}
		u := r.URL
		if k := strings.Index(u, "://"); k < 0 {
			in.problem("entries[%d]: url %q is not absolute", i, truncateRunes(u, 60))
			continue
		} else {
			scheme := strings.ToLower(u[:k])
			if scheme != "http" && scheme != "https" {
				in.problem("entries[%d]: scheme %q is not http(s)", i, scheme)
				continue
			}
		}
		c.Path = u
		for _, h := range r.Headers {
			c.Headers = append(c.Headers, [2]string{h.Name, h.Value})
		}
		if pd := r.PostData; pd != nil {
			switch {
			case pd.Text != "":
				c.Body = pd.Text
			case len(pd.Params) > 0:
				v := url.Values{}
				for _, p := range pd.Params {
					v.Add(p.Name, p.Value)
				}
				c.Body = v.Encode()
			}
			if strings.EqualFold(pd.Encoding, "base64") {
				in.problem("entries[%d]: base64 postData is not supported", i)
				continue
			}
			if c.Body != "" && headerValue(c.Headers, "content-type") == "" && pd.MimeType != "" {
				c.Headers = append(c.Headers, [2]string{"Content-Type", pd.MimeType})
			}
		}
		c, err := finishCase(c)
		if err != nil {
			in.problem("entries[%d]: %v", i, err)
			continue
		}
		in.Cases = append(in.Cases, c)
	}
	return in, nil
}

func headerValue(h [][2]string, name string) string {
	for _, p := range h {
		if strings.EqualFold(p[0], name) {
			return p[1]
		}
	}
	return ""
}

// buildRequest makes the server-side request the module sees for c: the raw target as :path,
// the capture's headers (Content-Length recomputed from the body, Transfer-Encoding and the
// request id header replaced), and idHeader set to id so log lines can be matched to it.
func buildRequest(c *replayCase, idHeader, id string) *http.Request {
	r := &http.Request{
		Method:     c.Method,
		URL:        &url.URL{Path: "/"},
		RequestURI: c.Path,
		Proto:      "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
		Header:     make(http.Header, len(c.Headers)+2),
		Host:       c.Host,
		RemoteAddr: "127.0.0.1:40000",
	}
	if u, err := url.ParseRequestURI(c.Path); err == nil {
		r.URL = u
	}
	if r.Host == "" {
		r.Host = "localhost"
	}
	for _, h := range c.Headers {
		switch {
		case strings.EqualFold(h[0], "content-length"), strings.EqualFold(h[0], "transfer-encoding"),
			strings.EqualFold(h[0], idHeader):
			continue
		}
		r.Header.Add(h[0], h[1])
	}
	r.Header.Set(idHeader, id)
	r.Body = http.NoBody
	if c.Body != "" {
		r.Header.Set("Content-Length", strconv.Itoa(len(c.Body)))
		r.ContentLength = int64(len(c.Body))
		r.Body = io.NopCloser(strings.NewReader(c.Body))
	}
	return r
}

// writeRawRequest writes the request buildRequest describes as HTTP/1.1 bytes, the way a
// client would send it over a real connection (tests compare the two paths).
func writeRawRequest(w io.Writer, c *replayCase, idHeader, id string) error {
	r := buildRequest(c, idHeader, id)
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s HTTP/1.1\r\nHost: %s\r\n", r.Method, r.RequestURI, r.Host)
	for k, vs := range r.Header {
		for _, v := range vs {
			fmt.Fprintf(&b, "%s: %s\r\n", k, v)
		}
	}
	b.WriteString("\r\n")
	b.WriteString(c.Body)
	_, err := io.WriteString(w, b.String())
	return err
}
