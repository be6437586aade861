package e2e

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/websocket"

	"github.com/edgeward/edgeward/e2e/e2etest"
)

// Streams through the compiled module in the dev host, with real clients: gRPC-framed calls over
// h2c (HTTP/2 without TLS, as gRPC speaks it), a WebSocket, server-sent events and a chunked
// upload. Ordering is asserted by events (the upstream reports what it received before the
// client sends more), never by timing; hangGuard only turns a held stream, which would hang the
// test, into a failure that says so.

const hangGuard = 30 * time.Second

// awaitEvent receives from ch, failing with what a hang means when nothing comes.
func awaitEvent[T any](t *testing.T, ch <-chan T, what string) T {
	t.Helper()
	select {
	case v := <-ch:
		return v
	case <-time.After(hangGuard):
		t.Fatalf("%s never happened: the stream is held", what)
		var zero T
		return zero
	}
}

// pbField encodes a protobuf length-delimited field.
func pbField(num int, v []byte) []byte {
	b := binary.AppendUvarint(nil, uint64(num)<<3|2)
	b = binary.AppendUvarint(b, uint64(len(v)))
	return append(b, v...)
}

// grpcFrame length-prefixes a gRPC message (flag 0: not compressed).
func grpcFrame(msg []byte) []byte {
	b := make([]byte, 5, 5+len(msg))
	binary.BigEndian.PutUint32(b[1:], uint32(len(msg)))
	return append(b, msg...)
}

// readFrames reads length-prefixed messages from r, sending each to got as it completes.
func readFrames(r io.Reader, got chan<- []byte) (int, error) {
	n := 0
	for {
		var hdr [5]byte
		if _, err := io.ReadFull(r, hdr[:]); err != nil {
			if errors.Is(err, io.EOF) {
				return n, nil
			}
			return n, err
		}
		msg := make([]byte, binary.BigEndian.Uint32(hdr[1:]))
		if _, err := io.ReadFull(r, msg); err != nil {
			return n, err
		}
		n++
		got <- msg
	}
}

// grpcUpstream is a gRPC-shaped service: it reports every message as it arrives, and at the end
// of the request answers one message (the count) with grpc-status 0 in the trailers.
type grpcUpstream struct {
	url  string
	got  chan []byte
	done chan int // messages received when the handler ended
}

func startGRPCUpstream(t *testing.T) *grpcUpstream {
	u := &grpcUpstream{got: make(chan []byte, 16), done: make(chan int, 4)}
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n, err := readFrames(r.Body, u.got)
		u.done <- n
		if err != nil {
			return
		}
		w.Header().Set("Content-Type", "application/grpc")
		w.Header().Set("Trailer", "Grpc-Status, Grpc-Message")
		w.WriteHeader(http.StatusOK)
		w.Write(grpcFrame(pbField(1, []byte(fmt.Sprint(n)))))
		w.Header().Set("Grpc-Status", "0")
	}))
	srv.Config.Protocols = new(http.Protocols)
	srv.Config.Protocols.SetUnencryptedHTTP2(true)
	srv.Start()
	t.Cleanup(srv.Close)
	u.url = srv.URL
	return u
}

// h2cClient speaks HTTP/2 without TLS (prior knowledge), as gRPC clients do.
func h2cClient() *http.Client {
	tr := &http.Transport{Protocols: new(http.Protocols)}
	tr.Protocols.SetUnencryptedHTTP2(true)
	return &http.Client{Transport: tr}
}

func repoConfig(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(e2etest.RepoRoot(t), "envoy", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// grpcStatus returns a response's grpc-status (trailers, or headers of a trailers-only answer).
func grpcStatus(resp *http.Response) string {
	if v := resp.Header.Get("Grpc-Status"); v != "" {
		return v
	}
	return resp.Trailer.Get("Grpc-Status")
}

type callResult struct {
	resp *http.Response
	body []byte
	err  error
}

// startCall opens a client-streaming call whose request body the caller writes to the pipe
// (closed at the end of the test at the latest, so that a failed test does not hang).
func startCall(t *testing.T, base, path string) (*io.PipeWriter, <-chan callResult) {
	pr, pw := io.Pipe()
	t.Cleanup(func() { pw.CloseWithError(io.ErrClosedPipe) })
	res := make(chan callResult, 1)
	go func() {
		req, _ := http.NewRequest("POST", base+path, pr)
		req.Header.Set("Content-Type", "application/grpc")
		req.Header.Set("Te", "trailers")
		resp, err := h2cClient().Do(req)
		if err != nil {
			res <- callResult{err: err}
			return
		}
		body, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		res <- callResult{resp: resp, body: body, err: err}
	}()
	return pw, res
}

var streamConfigs = []string{"edgeward.json", "examples/waf.json"}

// TestGRPCClientStreamingFlows: three messages, each sent only once the upstream has received
// the one before; with a filter that holds the body until its end, the first never arrives.
func TestGRPCClientStreamingFlows(t *testing.T) {
	for _, cfg := range streamConfigs {
		t.Run(cfg, func(t *testing.T) {
			up := startGRPCUpstream(t)
			base, _ := e2etest.Start(t, e2etest.Options{Config: repoConfig(t, cfg), Upstream: up.url})
			pw, res := startCall(t, base, "/echo.Echo/Collect")
			msgs := []string{"first message", "second message", "third message"}
			for i, m := range msgs {
				if _, err := pw.Write(grpcFrame(pbField(1, []byte(m)))); err != nil {
					t.Fatal(err)
				}
				got := awaitEvent(t, up.got, fmt.Sprintf("the upstream receiving message %d before the client sends message %d", i+1, i+2))
				if !bytes.Equal(got, pbField(1, []byte(m))) {
					t.Fatalf("message %d arrived as %q", i+1, got)
				}
			}
			pw.Close()
			r := awaitEvent(t, res, "the call's answer")
			if r.err != nil {
				t.Fatal(r.err)
			}
			if r.resp.StatusCode != 200 || grpcStatus(r.resp) != "0" || !bytes.Equal(r.body, grpcFrame(pbField(1, []byte("3")))) {
				t.Errorf("answer: %d grpc-status %q body %q", r.resp.StatusCode, grpcStatus(r.resp), r.body)
			}
		})
	}
}

// TestGRPCInjectionEndsTheCall: the messages before the bad one are delivered, the bad one and
// nothing after it; the client gets grpc-status PERMISSION_DENIED in a trailers-only answer.
func TestGRPCInjectionEndsTheCall(t *testing.T) {
	for _, cfg := range streamConfigs {
		t.Run(cfg, func(t *testing.T) {
			up := startGRPCUpstream(t)
			base, _ := e2etest.Start(t, e2etest.Options{Config: repoConfig(t, cfg), Upstream: up.url})
			pw, res := startCall(t, base, "/users.Users/Import")
			pw.Write(grpcFrame(pbField(1, []byte("alice"))))
			awaitEvent(t, up.got, "the upstream receiving the first message")
			bad := pbField(2, pbField(1, []byte("x' OR '1'='1' --")))
			go pw.Write(grpcFrame(bad)) // the filter never reads the rest: do not block on it
			r := awaitEvent(t, res, "the call's answer")
			if r.err != nil {
				t.Fatal(r.err)
			}
			if grpcStatus(r.resp) != "7" || r.resp.StatusCode != 200 || len(r.body) != 0 ||
				r.resp.Header.Get("Content-Type") != "application/grpc" || !strings.Contains(r.resp.Header.Get("Grpc-Message"), "sqli") {
				t.Errorf("answer: %d %v body %q", r.resp.StatusCode, r.resp.Header, r.body)
			}
			if strings.Contains(r.resp.Header.Get("Grpc-Message"), "OR") {
				t.Errorf("grpc-message echoes the input: %q", r.resp.Header.Get("Grpc-Message"))
			}
			pw.CloseWithError(io.ErrClosedPipe)
			if n := awaitEvent(t, up.done, "the upstream call ending"); n != 1 {
				t.Errorf("upstream received %d messages, want only the one before the injection", n)
			}
		})
	}
}

func TestGRPCUnaryCalls(t *testing.T) {
	up := startGRPCUpstream(t)
	base, _ := e2etest.Start(t, e2etest.Options{Config: repoConfig(t, "examples/waf.json"), Upstream: up.url})
	call := func(body []byte) callResult {
		pw, res := startCall(t, base, "/search.Search/Query")
		go func() {
			pw.Write(body)
			pw.Close()
		}()
		return awaitEvent(t, res, "the call's answer")
	}
	t.Run("injection in a nested string field", func(t *testing.T) {
		r := call(grpcFrame(pbField(3, pbField(1, []byte("<script>alert(document.cookie)</script>")))))
		if r.err != nil || grpcStatus(r.resp) != "7" {
			t.Fatalf("got %v %v", r.err, r.resp)
		}
		// The upstream may or may not have seen the call's headers; it never gets the message.
		select {
		case m := <-up.got:
			t.Errorf("upstream received the message %q", m)
		default:
		}
	})
	t.Run("a message larger than a body chunk is reassembled", func(t *testing.T) {
		big := pbField(1, bytes.Repeat([]byte("lorem ipsum dolor sit amet "), 8000)) // ~210 KiB, four 64 KiB chunks
		r := call(grpcFrame(big))
		if r.err != nil || grpcStatus(r.resp) != "0" {
			t.Fatalf("got %v %v", r.err, r.resp)
		}
		if got := awaitEvent(t, up.got, "the message"); !bytes.Equal(got, big) {
			t.Errorf("upstream received %d bytes, want the %d sent", len(got), len(big))
		}
		awaitEvent(t, up.done, "the upstream call ending")
	})
	t.Run("compressed message refused", func(t *testing.T) {
		frame := grpcFrame([]byte("\x1f\x8b compressed"))
		frame[0] = 1
		r := call(frame)
		if r.err != nil || grpcStatus(r.resp) != "12" || r.resp.Header.Get("Grpc-Accept-Encoding") != "identity" {
			t.Fatalf("got %v %v", r.err, r.resp)
		}
	})
}

// TestWebSocketFlowsBothWays: the server speaks first (so nothing waits for the client's end of
// stream), then echoes each message; every exchange completes before the next one starts.
func TestWebSocketFlowsBothWays(t *testing.T) {
	for _, cfg := range streamConfigs {
		t.Run(cfg, func(t *testing.T) {
			up := httptest.NewServer(websocket.Handler(func(ws *websocket.Conn) {
				websocket.Message.Send(ws, "hello from the server")
				for {
					var m string
					if err := websocket.Message.Receive(ws, &m); err != nil {
						return
					}
					websocket.Message.Send(ws, "echo: "+m)
				}
			}))
			t.Cleanup(up.Close)
			base, _ := e2etest.Start(t, e2etest.Options{Config: repoConfig(t, cfg), Upstream: up.URL})
			ws, err := websocket.Dial(strings.Replace(base, "http://", "ws://", 1)+"/chat", "", "http://localhost/")
			if err != nil {
				t.Fatal(err)
			}
			defer ws.Close()
			recv := func() <-chan string {
				ch := make(chan string, 1)
				go func() {
					var m string
					if err := websocket.Message.Receive(ws, &m); err != nil {
						m = "error: " + err.Error()
					}
					ch <- m
				}()
				return ch
			}
			if got := awaitEvent(t, recv(), "the server's first message reaching the client"); got != "hello from the server" {
				t.Fatalf("got %q", got)
			}
			for i := 0; i < 20; i++ {
				m := fmt.Sprintf("message %d", i)
				if err := websocket.Message.Send(ws, m); err != nil {
					t.Fatal(err)
				}
				if got := awaitEvent(t, recv(), "the echo of "+m); got != "echo: "+m {
					t.Fatalf("got %q, want echo of %q", got, m)
				}
			}
		})
	}
}

// TestServerSentEventsStream: the upstream sends the second event only once the client has read
// the first.
func TestServerSentEventsStream(t *testing.T) {
	read := make(chan struct{}, 1)
	up := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/event-stream")
		w.Header().Set("Cache-Control", "no-cache")
		for i := 1; i <= 3; i++ {
			fmt.Fprintf(w, "id: %d\ndata: event %d\n\n", i, i)
			w.(http.Flusher).Flush()
			select {
			case <-read:
			case <-r.Context().Done():
				return
			}
		}
	}))
	t.Cleanup(up.Close)
	base, _ := e2etest.Start(t, e2etest.Options{Config: repoConfig(t, "edgeward.json"), Upstream: up.URL})
	req, _ := http.NewRequest("GET", base+"/events", nil)
	req.Header.Set("Accept", "text/event-stream")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	br := bufio.NewReader(resp.Body)
	for i := 1; i <= 3; i++ {
		lines := make(chan string, 1)
		go func() {
			var ev []string
			for {
				l, err := br.ReadString('\n')
				if err != nil || l == "\n" {
					lines <- strings.Join(ev, "")
					return
				}
				ev = append(ev, l)
			}
		}()
		want := fmt.Sprintf("id: %d\ndata: event %d\n", i, i)
		if got := awaitEvent(t, lines, fmt.Sprintf("event %d reaching the client before the upstream sends the next", i)); got != want {
			t.Fatalf("event %d: got %q, want %q", i, got, want)
		}
		read <- struct{}{}
	}
}

// TestChunkedUploadOfAPassTypeStreams: a listed type arrives upstream piece by piece over a
// chunked HTTP/1.1 request; a JSON body on the same host is still inspected whole.
func TestChunkedUploadOfAPassTypeStreams(t *testing.T) {
	got := make(chan string, 8)
	up := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		buf := make([]byte, 1024)
		for {
			n, err := r.Body.Read(buf)
			if n > 0 {
				got <- string(buf[:n])
			}
			if err != nil {
				break
			}
		}
		w.Write([]byte("stored"))
	}))
	t.Cleanup(up.Close)
	cfg := `{"body":{"pass_types":["text/event-stream","application/x-ndjson"]}}`
	base, _ := e2etest.Start(t, e2etest.Options{Config: []byte(cfg), Upstream: up.URL})
	pr, pw := io.Pipe()
	t.Cleanup(func() { pw.CloseWithError(io.ErrClosedPipe) })
	res := make(chan callResult, 1)
	go func() {
		req, _ := http.NewRequest("POST", base+"/ingest", pr)
		req.Header.Set("Content-Type", "application/x-ndjson")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			res <- callResult{err: err}
			return
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		res <- callResult{resp: resp, body: b}
	}()
	for i := 1; i <= 3; i++ {
		line := fmt.Sprintf("{\"n\":%d}\n", i)
		pw.Write([]byte(line))
		if g := awaitEvent(t, got, fmt.Sprintf("line %d reaching the upstream before the client sends the next", i)); g != line {
			t.Fatalf("upstream got %q, want %q", g, line)
		}
	}
	pw.Close()
	if r := awaitEvent(t, res, "the answer"); r.err != nil || r.resp.StatusCode != 200 {
		t.Fatalf("answer %v %v", r.err, r.resp)
	}
	resp, err := http.Post(base+"/ingest", "application/json", strings.NewReader(`{"q":"1' OR '1'='1' --"}`))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("JSON body with an injection: %d, want 403 (still buffered and inspected)", resp.StatusCode)
	}
}

// TestGRPCBidirectional: the server answers each message as it comes, the client sends the next
// only once it has the answer; an injection in a later message ends the call, the messages
// before it delivered, it and nothing after it. The response has started by then, so the
// stream is reset (Envoy can no longer answer with a status).
func TestGRPCBidirectional(t *testing.T) {
	for _, cfg := range streamConfigs {
		t.Run(cfg, func(t *testing.T) {
			got := make(chan []byte, 16)
			done := make(chan int, 1)
			srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "application/grpc")
				w.Header().Set("Trailer", "Grpc-Status")
				w.WriteHeader(http.StatusOK)
				w.(http.Flusher).Flush()
				n := 0
				for {
					var hdr [5]byte
					if _, err := io.ReadFull(r.Body, hdr[:]); err != nil {
						break
					}
					msg := make([]byte, binary.BigEndian.Uint32(hdr[1:]))
					if _, err := io.ReadFull(r.Body, msg); err != nil {
						break
					}
					n++
					got <- msg
					w.Write(grpcFrame(msg))
					w.(http.Flusher).Flush()
				}
				done <- n
				w.Header().Set("Grpc-Status", "0")
			}))
			srv.Config.Protocols = new(http.Protocols)
			srv.Config.Protocols.SetUnencryptedHTTP2(true)
			srv.Start()
			t.Cleanup(srv.Close)
			base, _ := e2etest.Start(t, e2etest.Options{Config: repoConfig(t, cfg), Upstream: srv.URL})

			pr, pw := io.Pipe()
			t.Cleanup(func() { pw.CloseWithError(io.ErrClosedPipe) })
			respc := make(chan *http.Response, 1)
			go func() {
				req, _ := http.NewRequest("POST", base+"/chat.Chat/Talk", pr)
				req.Header.Set("Content-Type", "application/grpc")
				req.Header.Set("Te", "trailers")
				resp, err := h2cClient().Do(req)
				if err != nil {
					t.Error(err)
					resp = nil
				}
				respc <- resp
			}()
			var resp *http.Response
			readAnswer := func() <-chan []byte {
				ch := make(chan []byte, 1)
				go func() {
					var hdr [5]byte
					if _, err := io.ReadFull(resp.Body, hdr[:]); err != nil {
						ch <- nil
						return
					}
					msg := make([]byte, binary.BigEndian.Uint32(hdr[1:]))
					if _, err := io.ReadFull(resp.Body, msg); err != nil {
						ch <- nil
						return
					}
					ch <- msg
				}()
				return ch
			}
			for i := 1; i <= 3; i++ {
				m := pbField(1, []byte(fmt.Sprintf("message %d", i)))
				pw.Write(grpcFrame(m))
				if g := awaitEvent(t, got, fmt.Sprintf("the server receiving message %d before the client sends the next", i)); !bytes.Equal(g, m) {
					t.Fatalf("server got %q", g)
				}
				if resp == nil {
					if resp = awaitEvent(t, respc, "the response headers"); resp == nil {
						t.FailNow()
					}
					defer resp.Body.Close()
				}
				if a := awaitEvent(t, readAnswer(), fmt.Sprintf("the answer to message %d reaching the client", i)); !bytes.Equal(a, m) {
					t.Fatalf("answer %d: %q", i, a)
				}
			}
			go pw.Write(grpcFrame(pbField(1, []byte("'; DROP TABLE users; --"))))
			if a := awaitEvent(t, readAnswer(), "the call ending after the injection"); a != nil {
				t.Errorf("the call went on after the injection: %q", a)
			}
			if n := awaitEvent(t, done, "the server's side ending"); n != 3 {
				t.Errorf("server received %d messages, want the 3 before the injection", n)
			}
		})
	}
}

// TestGRPCRefusedAtTheHeaders: the gate checks run at the headers and a gRPC client gets a gRPC
// status, with envoy/edgeward.json: no token under /api/ is UNAUTHENTICATED, an injection in
// the metadata PERMISSION_DENIED, a rate limit RESOURCE_EXHAUSTED.
func TestGRPCRefusedAtTheHeaders(t *testing.T) {
	base, _ := e2etest.Start(t, e2etest.Options{Config: repoConfig(t, "edgeward.json")}) // the echo upstream
	call := func(path string, md map[string]string) *http.Response {
		req, _ := http.NewRequest("POST", base+path, bytes.NewReader(grpcFrame(pbField(1, []byte("x")))))
		req.Header.Set("Content-Type", "application/grpc")
		req.Header.Set("Te", "trailers")
		for k, v := range md {
			req.Header.Set(k, v)
		}
		resp, err := h2cClient().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		return resp
	}
	if r := call("/api/orders.Orders/Get", nil); grpcStatus(r) != "16" || r.StatusCode != 200 || r.Header.Get("Www-Authenticate") == "" {
		t.Errorf("no token: %d grpc-status %q %v", r.StatusCode, grpcStatus(r), r.Header)
	}
	if r := call("/search.Search/Query", map[string]string{"x-search": "<script>alert(1)</script>"}); grpcStatus(r) != "7" {
		t.Errorf("injection in metadata: grpc-status %q", grpcStatus(r))
	}
	// The login rule keys on a JSON body field; a gRPC body is not buffered, so the rule keys on
	// its fallback, the client address, at the headers: the sixth call in a minute is limited.
	limited := false
	for i := 0; i < 10 && !limited; i++ {
		if r := call("/api/auth/login", nil); grpcStatus(r) == "8" {
			limited = r.Header.Get("Retry-After") != "" && i == 5
		}
	}
	if !limited {
		t.Errorf("5 logins a minute: the sixth call is not RESOURCE_EXHAUSTED with Retry-After")
	}
}
