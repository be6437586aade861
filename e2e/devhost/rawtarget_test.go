package devhost

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"
)

// TestListenerRawTargets: pipelined requests on one connection, with chunked and sized bodies,
// trailers and targets with stray "%", each reach the handler with the target as sent and the
// body intact; a client cannot send the internal header itself.
func TestListenerRawTargets(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		restoreRawTarget(r)
		b, _ := io.ReadAll(r.Body)
		fmt.Fprintf(w, "%s %s %q trailer=%q spoof=%q", r.Method, r.RequestURI, b, r.Trailer.Get("X-T"), r.Header.Get("X-Spoof"))
	})}
	go srv.Serve(Listener(ln))
	defer srv.Close()

	c, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(10 * time.Second))
	reqs := "POST /img/%u002e%u002e%u2215etc?x=%zz HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nTrailer: X-T\r\n\r\n" +
		"4\r\nab%u\r\n3;ext=1\r\ncd\n\r\n0\r\nX-T: t1\r\n\r\n" +
		"PUT /ok/%41 HTTP/1.1\r\nHost: a\r\nContent-Length: 13\r\n\r\nGET /%zz HTTP" +
		"GET /100% HTTP/1.1\r\nHost: a\r\n" + rawTargetHeader + ": /spoofed\r\nX-Spoof: " + rawTargetHeader + "\r\n\r\n" +
		"GET /plain HTTP/1.1\r\nHost: a\r\n" + strings.ToLower(rawTargetHeader) + ": /spoofed\r\n\r\n"
	// Written in small pieces, so heads and chunks straddle reads.
	go func() {
		for i := 0; i < len(reqs); i += 7 {
			c.Write([]byte(reqs[i:min(len(reqs), i+7)]))
			time.Sleep(time.Millisecond)
		}
	}()
	br := bufio.NewReader(c)
	for _, want := range []string{
		`POST /img/%u002e%u002e%u2215etc?x=%zz "ab%ucd\n" trailer="t1"`,
		`PUT /ok/%41 "GET /%zz HTTP" trailer=""`,
		`GET /100% "" trailer=""`,
		`GET /plain "" trailer=""`,
	} {
		resp, err := http.ReadResponse(br, nil)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if !strings.HasPrefix(string(b), want) {
			t.Errorf("got %q, want prefix %q", b, want)
		}
		if strings.Contains(string(b), "/spoofed") {
			t.Errorf("a client-sent %s header was honoured: %q", rawTargetHeader, b)
		}
	}
}
