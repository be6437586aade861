package devhost

import (
	"crypto/rand"
	"fmt"
	"net/http"
	"sort"
	"strconv"
	"strings"
)

func sortedKeys(h http.Header) []string {
	keys := make([]string, 0, len(h))
	for k := range h {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// requestHeaderMap builds the request map the module sees: pseudo-headers as Envoy has them, then
// the headers with lower-case names, plus what Envoy's connection manager adds before filters
// run: x-forwarded-proto and x-request-id when absent.
func requestHeaderMap(r *http.Request) *headerMap {
	m := &headerMap{}
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	path := r.RequestURI
	if path == "" || r.Method == http.MethodConnect {
		path = r.URL.RequestURI()
	}
	m.add(":authority", r.Host)
	m.add(":path", path)
	m.add(":method", r.Method)
	m.add(":scheme", scheme)
	for _, k := range sortedKeys(r.Header) {
		for _, v := range r.Header[k] {
			m.add(strings.ToLower(k), v)
		}
	}
	if _, ok := m.get("x-forwarded-proto"); !ok {
		m.add("x-forwarded-proto", scheme)
	}
	if _, ok := m.get("x-request-id"); !ok {
		m.add("x-request-id", uuid4())
	}
	return m
}

// responseHeaderMap builds a response map: :status, then the headers with lower-case names.
func responseHeaderMap(resp *http.Response) *headerMap {
	m := &headerMap{}
	m.add(":status", strconv.Itoa(resp.StatusCode))
	for _, k := range sortedKeys(resp.Header) {
		for _, v := range resp.Header[k] {
			m.add(strings.ToLower(k), v)
		}
	}
	return m
}

func trailerMap(h http.Header) *headerMap {
	m := &headerMap{}
	for _, k := range sortedKeys(h) {
		for _, v := range h[k] {
			m.add(strings.ToLower(k), v)
		}
	}
	return m
}

// hasTrailers reports whether a trailer header carries a value (Go pre-declares keys as nil).
func hasTrailers(h http.Header) bool {
	for _, vs := range h {
		if len(vs) > 0 {
			return true
		}
	}
	return false
}

func uuid4() string {
	var b [16]byte
	rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}
