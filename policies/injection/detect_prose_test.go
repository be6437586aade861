package injection

import (
	"testing"

	"github.com/edgeward/edgeward/policies/internal/textx"
)

// proseCases are values the prose and Referer relaxations must allow (false) or keep (true).
var proseCases = []struct {
	name, loc, header, value string
	want                     bool
}{
	{"echo sentence", LocBody, "", "echo -n is a shell thing, I know, but why does my output have no newline?", false},
	{"echo short sentence", LocBody, "", "echo -n is a shell thing, I know", false},
	{"echo chained", LocBody, "", "echo -n is a shell thing; cat /etc/passwd", true},
	{"echo substitution", LocBody, "", "echo -n is a $(id) shell thing", true},
	{"rm prose kept", LocBody, "", "rm -rf all the files in this folder", true},
	{"cmd mid sentence", LocBody, "", "The old system used cmd.exe /c for scheduled jobs, we are moving everything to systemd timers.", false},
	{"cmd at start", LocBody, "", "cmd.exe /c for scheduled jobs we are moving everything", true},
	{"cmd after separator", LocBody, "", "The old system used; cmd.exe /c calc for scheduled jobs", true},
	{"batch if", LocBody, "", "IF EXIST data.xls Echo The file was found.", true},
	{"invoke", LocBody, "", "Invoke-WebRequest http://example.com/path/file.ps1", true},
	{"cookie explained", LocBody, "", "document.cookie explained", false},
	{"cookie alone", LocBody, "", "document.cookie", true},
	{"cookie in", LocBody, "", "document.cookie in window", true},
	{"cookie concatenated", LocBody, "", "x+document.cookie explained", true},
	{"referer resolved", LocHeader, "referer", "https://example.com/docs/../guide/index.html", false},
	{"referer above root", LocHeader, "referer", "http://example.com/../../../../etc/passwd", true},
	{"referer sensitive after resolve", LocHeader, "referer", "https://example.com/a/../etc/passwd", true},
	{"referer dots in query", LocHeader, "referer", "https://example.com/a/../b?f=../../etc/passwd", true},
	{"referer encoded", LocHeader, "referer", "https://example.com/a/%2e%2e/%2e%2e/%2e%2e/etc/shadow", true},
	{"referer tomcat", LocHeader, "referer", "https://example.com/a/..;/manager/html", true},
	{"referer not a url", LocHeader, "referer", "../../etc/passwd", true},
	{"user-agent dots", LocHeader, "user-agent", "https://example.com/docs/../../x", true},
}

func TestProseAndRefererRelaxations(t *testing.T) {
	for _, tc := range proseCases {
		t.Run(tc.name, func(t *testing.T) {
			p := param{Loc: tc.loc, Name: tc.header, Value: tc.value}
			got := false
			for _, v := range paramVariants(p, nil) {
				if _, f := detectAll(v, tc.loc, false, variantFamilies(p, v, famAll), 3); f != 0 {
					got = true
				}
			}
			if got != tc.want {
				t.Errorf("detected(%q) = %v, want %v", tc.value, got, tc.want)
			}
		})
	}
}

func FuzzRefererDotsResolved(f *testing.F) {
	for _, tc := range proseCases {
		f.Add(tc.value)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if refererDotsResolved(s) && !(len(s) > 7 && textx.ContainsFold(s[:8], "http")) {
			t.Fatalf("resolved a non-http(s) value: %q", s)
		}
		_ = plainProse(s)
		_ = inertWords(s)
	})
}
