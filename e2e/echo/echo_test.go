package echo

import (
	"encoding/json"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestEcho(t *testing.T) {
	tests := []struct {
		name       string
		method     string
		target     string
		body       string
		wantStatus int
		wantBody   string // substring
		wantCookie string
	}{
		{"echo", "POST", "/anything?x=1", "hello", 200, `"body_bytes":5`, ""},
		{"path with query", "GET", "/anything?x=1", "", 200, `"path":"/anything?x=1"`, ""},
		{"status", "GET", "/status/500", "", 500, "at Object.<anonymous> (/srv/app/server.js:10:5)", ""},
		{"status out of range echoes", "GET", "/status/99", "", 200, `"method":"GET"`, ""},
		{"cookie", "GET", "/cookie", "", 200, `"path":"/cookie"`, "sid=abc123; Path=/"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			req := httptest.NewRequest(tc.method, tc.target, strings.NewReader(tc.body))
			req.Header.Set("X-Mixed", "v")
			w := httptest.NewRecorder()
			Handler().ServeHTTP(w, req)
			if w.Code != tc.wantStatus || !strings.Contains(w.Body.String(), tc.wantBody) {
				t.Errorf("got %d %s, want %d containing %s", w.Code, w.Body, tc.wantStatus, tc.wantBody)
			}
			if w.Header().Get("X-Powered-By") != "Express" || w.Header().Get("Server") != "Express" {
				t.Errorf("headers: %v", w.Header())
			}
			if got := w.Header().Get("Set-Cookie"); got != tc.wantCookie {
				t.Errorf("Set-Cookie: got %q, want %q", got, tc.wantCookie)
			}
			if tc.wantStatus == 200 {
				var r Reply
				if err := json.Unmarshal(w.Body.Bytes(), &r); err != nil || r.Headers["x-mixed"] != "v" {
					t.Errorf("reply %+v (%v): want lower-case header x-mixed", r, err)
				}
			}
		})
	}
}
