// Package bench measures what Edgeward costs per request: through the compiled module in the dev
// host (in-process, no sockets) against a no-op module built the same way, and natively through
// the policies engine. Every measurement is driven from the same request values (Request), so
// the module, the native engine and any comparator (e2e/coraza adds Coraza+CRS) see identical
// input.
package bench

import (
	"bytes"
	"fmt"
	"net/http"
	"strings"

	"github.com/edgeward/edgeward/policies"
)

// Request is one request as sent on the wire: method, raw target (path and query, exactly as
// sent), headers in order, body.
type Request struct {
	Method string
	Target string
	Header [][2]string
	Body   []byte
}

// HTTP builds a net/http request for the in-process host (a fresh one each call: bodies are
// read once).
func (r Request) HTTP() *http.Request {
	req, err := http.NewRequest(r.Method, "http://bench.local"+r.Target, bytes.NewReader(r.Body))
	if err != nil {
		panic(fmt.Sprintf("bench: bad request %s %q: %v", r.Method, r.Target, err))
	}
	req.RequestURI = r.Target // the target byte for byte, as a server would see it
	req.RemoteAddr = "192.0.2.10:40000"
	for _, h := range r.Header {
		req.Header.Add(h[0], h[1])
	}
	req.ContentLength = int64(len(r.Body))
	if len(r.Body) > 0 {
		req.Header.Set("Content-Length", fmt.Sprint(len(r.Body))) // a server request keeps it; Envoy passes it on
	}
	return req
}

// Policies builds the engine's view of the request, as the glue does (lower-case names).
func (r Request) Policies() *policies.Request {
	p := &policies.Request{Method: r.Method, Path: r.Target, Authority: "bench.local", Scheme: "http",
		SourceAddress: "192.0.2.10:40000", ID: "0123456789abcdef"}
	for _, h := range r.Header {
		p.Headers = append(p.Headers, policies.Header{Name: strings.ToLower(h[0]), Value: h[1]})
	}
	if len(r.Body) > 0 {
		p.Headers = append(p.Headers, policies.Header{Name: "content-length", Value: fmt.Sprint(len(r.Body))})
	}
	return p
}

// Kind is one row of the table: a named request and the config it runs under.
type Kind struct {
	Name string
	// Config names the engine config and host that serve it: "waf" (envoy/examples/waf.json),
	// "large" (the same with body.max_bytes 4 MiB and an 8 MiB host buffer, for bodies past
	// the default 512 KiB limit) or "jwt" (JWTFixture.Config).
	Config string
	Req    Request
	// Want is the status the module must answer (200 from the echo upstream, 403 blocked, ...);
	// a run that sees another status fails rather than report a meaningless time.
	Want int
}

// browserHeaders are the 10 headers of the plain GET.
var browserHeaders = [][2]string{
	{"User-Agent", "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36"},
	{"Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8"},
	{"Accept-Language", "en-GB,en;q=0.9,fr;q=0.7"},
	{"Accept-Encoding", "gzip, deflate, br"},
	{"Cookie", "session=6f1c2a9e0b7d4c3f8a5e; theme=dark; consent=analytics%3Dfalse"},
	{"Referer", "https://shop.example.com/products?page=1&sort=price"},
	{"Cache-Control", "no-cache"},
	{"Dnt", "1"},
	{"Sec-Fetch-Mode", "navigate"},
	{"Sec-Fetch-Site", "same-origin"},
}

// Kinds returns the benchmark rows. jwt signs the tokens of the JWT rows (see NewJWTFixture).
func Kinds(jwt *JWTFixture) []Kind {
	ks := []Kind{
		{Name: "GET, 10 headers", Config: "waf", Want: 200, Req: Request{Method: "GET",
			Target: "/products/list?page=2&sort=price&q=blue+shoes", Header: browserHeaders}},
		{Name: "POST 4 KiB JSON", Config: "waf", Want: 200, Req: jsonPost("/api/orders", JSONBody(4<<10))},
		{Name: "POST 64 KiB JSON", Config: "waf", Want: 200, Req: jsonPost("/api/orders", JSONBody(64<<10))},
		{Name: "multipart 1 MiB", Config: "large", Want: 200, Req: Multipart(1<<20 - 4096)},
		{Name: "blocked: SQLi in query", Config: "waf", Want: 403, Req: Request{Method: "GET",
			Target: "/search?q=1%27%20OR%20%271%27%3D%271%27%20--%20", Header: browserHeaders[:3]}},
	}
	if jwt != nil {
		for _, alg := range []string{"HS256", "RS256", "ES256"} {
			ks = append(ks, Kind{Name: "JWT " + alg + " verify", Config: "jwt", Want: 200, Req: Request{
				Method: "GET", Target: "/api/orders/42",
				Header: append([][2]string{{"Authorization", "Bearer " + jwt.Token(alg)}}, browserHeaders[:3]...)}})
		}
	}
	return ks
}

func jsonPost(target string, body []byte) Request {
	return Request{Method: "POST", Target: target, Body: body, Header: [][2]string{
		{"Content-Type", "application/json"},
		{"User-Agent", "orders-client/2.3"},
		{"Accept", "application/json"},
	}}
}

// JSONBody returns a realistic JSON document of exactly n bytes (n >= 64): an order with line
// items carrying prose, numbers, booleans and nested objects.
func JSONBody(n int) []byte {
	var b bytes.Buffer
	b.WriteString(`{"customer":{"id":"c-1042","name":"Siobhán O'Brien","email":"siobhan@example.com"},"items":[`)
	words := []string{"choose", "the", "blue", "one", "in", "our", "catalog", "and", "ship", "it", "to", "the",
		"office", "before", "noon", "please", "café", "naïve", "ünïcode", "日本語"}
	for i := 0; ; i++ {
		var it bytes.Buffer
		if i > 0 {
			it.WriteByte(',')
		}
		fmt.Fprintf(&it, `{"sku":"SKU-%05d","qty":%d,"price":%d.%02d,"gift":%t,"note":"`, i, i%7+1, 10+i%90, i%100, i%3 == 0)
		for j := 0; j < 12; j++ {
			if j > 0 {
				it.WriteByte(' ')
			}
			it.WriteString(words[(i*7+j)%len(words)])
		}
		it.WriteString(`","attrs":{"color":"blue","size":"M"}}`)
		if b.Len()+it.Len()+len(`],"comment":""}`) > n {
			break
		}
		b.Write(it.Bytes())
	}
	b.WriteString(`],"comment":"`)
	for b.Len()+len(`"}`) < n {
		b.WriteByte('x')
	}
	b.WriteString(`"}`)
	return b.Bytes()
}

// Multipart returns a multipart/form-data upload of exactly n bytes: two text fields and one
// file of printable bytes (a CSV export).
func Multipart(n int) Request {
	const boundary = "----edgewardbench7d4c3f8a"
	head := "--" + boundary + "\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nQuarterly report\r\n" +
		"--" + boundary + "\r\nContent-Disposition: form-data; name=\"owner\"\r\n\r\nSiobhán O'Brien\r\n" +
		"--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"report.csv\"\r\n" +
		"Content-Type: text/csv\r\n\r\n"
	tail := "\r\n--" + boundary + "--\r\n"
	var b bytes.Buffer
	b.WriteString(head)
	for i := 0; b.Len() < n-len(tail); i++ {
		line := fmt.Sprintf("%d,widget-%d,%d.%02d,in stock\n", i, i%977, i%500, i%100)
		if b.Len()+len(line) > n-len(tail) {
			line = line[:n-len(tail)-b.Len()]
		}
		b.WriteString(line)
	}
	b.WriteString(tail)
	return Request{Method: "POST", Target: "/upload", Body: b.Bytes(), Header: [][2]string{
		{"Content-Type", "multipart/form-data; boundary=" + boundary},
		{"User-Agent", "Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0"},
		{"Accept", "*/*"},
	}}
}
