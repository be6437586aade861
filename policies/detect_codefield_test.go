package policies

import (
	"testing"
	"time"
)

// TestDeclaredCode: a code-named field of an object that declares its language (or a source
// file name) is not inspected as live input while code_context is on; every other field is, the
// declaration must name a real language, and custom rules still apply.
func TestDeclaredCode(t *testing.T) {
	const cmd = `; cat /etc/passwd`
	custom := `{"injection":{"custom_rules":[{"id":"no-passwd","locations":["body"],"literal":"/etc/passwd"}]}}`
	for _, tc := range []struct {
		config, body string
		want         int
	}{
		{`{}`, `{"language":"shell","content":"` + cmd + `"}`, 200},
		{`{}`, `{"lang":"Bash","code":"` + cmd + `"}`, 200},
		{`{}`, `{"files":{"deploy.sh":{"content":"` + cmd + `"}}}`, 200},
		{`{}`, `{"filename":"main.py","source":"os.system('` + cmd + `')"}`, 200},
		{`{}`, `[{"language":"sql","snippet":"SELECT * FROM users WHERE id = 1 OR 1=1"}]`, 200},
		// Not code-named: inspected.
		{`{}`, `{"language":"shell","host":"` + cmd + `"}`, 403},
		{`{}`, `{"language":"shell","content":{"x":"` + cmd + `"}}`, 403},
		// Not a language, not a source file.
		{`{}`, `{"language":"english","content":"` + cmd + `"}`, 403},
		{`{}`, `{"filename":"notes","content":"` + cmd + `"}`, 403},
		{`{}`, `{"files":{"deploy":{"content":"` + cmd + `"}}}`, 403},
		// The declaration covers its own object only.
		{`{}`, `{"language":"shell","meta":{"content":"` + cmd + `"}}`, 403},
		// The key itself is still checked structurally.
		{`{}`, `{"language":"js","content":"x","__proto__":{"admin":true}}`, 403},
		// Switched off; custom rules apply.
		{`{"injection":{"code_context":false}}`, `{"language":"shell","content":"` + cmd + `"}`, 403},
		{custom, `{"language":"shell","content":"` + cmd + `"}`, 403},
	} {
		cfg, err := ParseConfig([]byte(tc.config))
		if err != nil {
			t.Fatal(err)
		}
		e, err := NewEngine(cfg, Options{})
		if err != nil {
			t.Fatal(err)
		}
		tx := e.NewTx(&Request{Method: "POST", Path: "/api/gists", SourceAddress: "192.0.2.1:1",
			Headers: Headers{{Name: "content-type", Value: "application/json"}}}, time.Unix(1e9, 0))
		d := tx.RequestHeaders()
		if d.Action == NeedBody {
			d = tx.RequestBody([]byte(tc.body), false)
		}
		got := 200
		if d.Action == Deny {
			got = d.Status
		}
		if got != tc.want {
			t.Errorf("config %s body %s: status %d, want %d", tc.config, tc.body, got, tc.want)
		}
	}
}

func TestCodeFileName(t *testing.T) {
	for name, want := range map[string]bool{
		"deploy.sh": true, "Main.PY": true, "Dockerfile": true, "index.html": true,
		"notes": false, ".sh": false, "../x.sh": false, "a/b.py": false, "report.pdf": false,
	} {
		if got := codeFileName(name); got != want {
			t.Errorf("codeFileName(%q) = %v, want %v", name, got, want)
		}
	}
}
