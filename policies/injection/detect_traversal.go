package injection

import (
	"strings"
)

// traversalSeq finds a parent-directory segment ("..", also "..." and "....//" filter bypasses,
// and Tomcat's "..;" path parameter) in a value whose backslashes were turned into slashes. A
// final segment of three or more dots ("./...", Go's package pattern) is not a parent directory.
var traversalSeq = mustCompile(`(?:^|[/=:;,'"\s|])\.{2,}/+(?:[\w.%~$-])|/\.\.(?:$|[;?#'"\s])|(?:^|/)\.\.;`)

// sensitiveFile finds well-known sensitive files and directories (operating system accounts,
// process information, secrets, version-control metadata, the web server and system logs that
// log-poisoning attacks include), on a lower-cased value whose backslashes were turned into
// slashes. An application's own log directory (/var/log/acme) is not one of them, nor is a
// directory of /var/lib or /var/run (/var/lib/postgresql, a volume's mount path): what is read
// there is a file (a name with an extension: mysql/user.MYD, docker.sock, mlocate.db) or one
// that holds secrets (a PHP session, the Kubernetes service-account secrets, utmp, a cron
// table or a mailbox). Under C:\Windows likewise a file counts (besides the system32, repair,
// panther and debug directories), not C:\Windows\Temp.
var sensitiveFile = newGated(
	"/etc/", `/etc/(?:(?:passwd|shadow|group|gshadow|hosts|hostname|issue|master\.passwd|sudoers|crontab|fstab|motd|profile|subuid|subgid|environment|resolv\.conf|os-release)(?:$|[^a-z0-9_.]|\.(?:bak|old|orig|save|swp|allow|deny|net|d|lock|db)\b)|security/|ssh/|mysql/|apache2?/|httpd/|nginx/)`,
	"/proc/", `/proc/(?:self|\d+|thread-self)/|/proc/(?:version|cpuinfo|meminfo|interrupts|mounts|net/|sched_debug|kallsyms|partitions|modules)`,
	"/sys/", `/sys/(?:class|kernel|devices|firmware|block|module)\b`,
	"/var/ /root/ /home/ /usr/local/etc/ /dev/", `/var/log/(?:apache2?|httpd|nginx|lighttpd|auth\.log|secure|messages|syslog|mail\.?log|vsftpd|sshd|xferlog|proftpd|lastlog|wtmp|btmp|faillog|kern\.log|dmesg|boot\.log|cron|audit|mysql|mariadb|postgresql|tomcat|php|fpm|sudo)|/var/(?:lib|run)/(?:[\w.-]+/)*[\w-]+\.[a-z0-9]{1,8}(?:$|[^\w.-])|/var/run/(?:secrets/|utmp\b)|/var/lib/(?:php\d*/(?:sessions/)?sess_|dpkg/status|mlocate)|/var/spool/(?:cron|mail)/|/var/mail/[a-z_]|/root/|/home/\w+/\.|/usr/local/etc/|/dev/(?:tcp|udp|shm|mem|kmem)/?`,
	".env .git .svn .hg .bzr .ssh .aws .docker .kube .gnupg .npmrc .pypirc .netrc .htaccess .htpasswd _history .bashrc .profile .vscode .idea .config", `(?:^|/)\.(?:env|git|svn|hg|bzr|ssh|aws|docker|kube|gnupg|npmrc|pypirc|netrc|htaccess|htpasswd|bash_history|zsh_history|mysql_history|psql_history|bashrc|profile|dockerenv|git-credentials|gitconfig|vscode|idea|config)(?:$|[/.\s?#;'"])`,
	".ini web.config wp-config id_rsa id_dsa id_ecdsa id_ed25519 authorized_keys known_hosts", `\b(?:win|boot|system|php|desktop)\.ini\b|\bweb\.config\b|\bwp-config\.php|\bid_(?:rsa|dsa|ecdsa|ed25519)\b|\bauthorized_keys\b|\bknown_hosts\b`,
	"windows winnt system32 inetpub c:/", `(?:^|[/:])windows/(?:system32|win\.ini|repair|panther|debug)|(?:^|/)winnt/|\bsystem32/|/inetpub/|\bc:/(?:windows|winnt)/(?:[\w.-]+/)*[\w-]+\.[a-z0-9]{1,8}(?:$|[^\w.-])|\bc:/(?:boot\.ini|inetpub)`,
	"etc/ proc/", `(?:^/?|:/{0,2})(?:etc|proc)/[a-z_.-]+/?$`,
	"web-inf meta-inf", `(?:^|/)(?:web-inf|meta-inf)(?:/|$)`,
)

// sensitiveDirs are path segments that start a sensitive location; a value without one of them
// (after a slash, a colon or at the start), without a dot-file and without a sensitive file
// name cannot match sensitiveFile, which then does not run.
// A slice, not a map: the pre-filter runs on every value and iterating a map is costly (more so
// under Wasm).
var sensitiveDirs = []string{"etc", "proc", "sys", "var", "root", "home", "usr", "dev", "windows", "winnt",
	"system32", "inetpub", "web-inf", "meta-inf"}

// sensitiveNames are parts of sensitive file names matched anywhere in a token.
var sensitiveNames = []string{".ini", "web.config", "wp-config", "id_", "authorized_keys", "known_hosts"}

// sensitiveLetters are the letter sets of sensitiveFile's literals (detect_web_gate.go): a value
// that lacks a letter of each cannot match it.
var sensitiveLetters = gatedLetterSets(sensitiveFile)

// sensitiveDirsBy and sensitiveNamesBy index sensitiveDirs and sensitiveNames by their first byte
// in either case, so that mayBeSensitive compares only the entries that can start where it is.
var sensitiveDirsBy, sensitiveNamesBy = byFirstByte(sensitiveDirs), byFirstByte(sensitiveNames)

func byFirstByte(words []string) (t [256][]string) {
	for _, w := range words {
		c := w[0]
		t[c] = append(t[c], w)
		if c >= 'a' && c <= 'z' {
			t[c-'a'+'A'] = append(t[c-'a'+'A'], w)
		}
	}
	return t
}

// pathTokenByte marks [a-zA-Z0-9_.~-], the bytes of mayBeSensitive's tokens.
var pathTokenByte = func() (t [256]bool) {
	for c := 0; c < 256; c++ {
		t[c] = isPathTokenByte(byte(c))
	}
	return t
}()

// mayBeSensitive is the pre-filter of sensitiveFile: one pass over s, reading tokens of
// [a-z0-9_.~-] case-insensitively. It allocates nothing.
func mayBeSensitive(s string) bool {
	for i := 0; i < len(s); {
		if !pathTokenByte[s[i]] {
			i++
			continue
		}
		j, dotUnder := i, false
		for j < len(s) && pathTokenByte[s[j]] {
			dotUnder = dotUnder || s[j] == '.' || s[j] == '_'
			j++
		}
		tok := s[i:j]
		if tok[0] == '.' && len(tok) > 1 && tok[1] != '.' {
			return true // a dot-file or dot-directory
		}
		if dirs := sensitiveDirsBy[tok[0]]; len(tok) <= 16 && dirs != nil &&
			(i == 0 || s[i-1] == '/' || s[i-1] == '\\' || s[i-1] == ':' || asciiContainsFold(tok, "system32")) {
			// A prefix is enough: `c:/windowsX` reaches C:\windows on some resolvers, and the
			// regular expression matches it (found by FuzzTraversalPrefilter).
			for _, d := range dirs {
				if asciiHasPrefixFold(tok, d) {
					return true
				}
			}
		}
		if dotUnder {
			for k := 0; k < len(tok); k++ {
				for _, name := range sensitiveNamesBy[tok[k]] {
					if asciiHasPrefixFold(tok[k:], name) {
						return true
					}
				}
			}
		}
		i = j
	}
	return false
}

func isPathTokenByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '.' || c == '~' || c == '-'
}

// detectTraversal reports path traversal or a sensitive file in a parameter value (query, body,
// header, cookie): as traversalIn, except that relative references are not traversal: one or two
// plain "../" at the start of a token followed by an ordinary relative path ("../setup/install.md",
// "../../lib/parser.js:212" in a stack trace) that names no sensitive, restricted or
// configuration file. Dot segments written with encoded dots or slashes, backslashes, "....//",
// "..;", three or more levels, or a climb out of an absolute path are traversal.
func detectTraversal(s string) bool {
	w := scanWeb(s)
	if !traversalMay(s, &w) {
		return false
	}
	return detectTraversalUngated(s, &w)
}

// traversalMay is detectTraversal's cheap pass: every way it reports needs "..", the hex of a
// dot ("0x2e"), a "%" (encodedTraversal), or a dot or slash with the letters of a sensitive file
// (traversalIn without "..").
func traversalMay(s string, w *webScan) bool {
	return w.dotdot || w.hex || w.pct ||
		len(s) >= 3 && w.cls&(bcDot|bcSlash) != 0 && lettersMay(w.letters, sensitiveLetters)
}

// detectTraversalUngated is detectTraversal without traversalMay (w is scanWeb(s)).
func detectTraversalUngated(s string, w *webScan) bool {
	if w.dotdot && climbs(s) {
		return true
	}
	if w.hex {
		// hexLiteralPath needs "0x2e" or "0x2E".
		if h := hexLiteralPath(s); h != "" && (climbs(h) || traversalSeq.MatchString(h)) {
			return true
		}
	}
	if !traversalInScanned(s, w) {
		return w.pct && encodedTraversal(s)
	}
	return !relativeReferences(s) || w.pct && encodedTraversal(s)
}

// climbs reports dot-dot segments that leave any base whatever the separators look like: a
// climb right out of the root ("/..\", "/./../", "/...\"), dot-dots joined by the literal
// hex of a separator ("..0x2f", "..0x5c", which lax decoders turn into one), and three or more
// dot-dots in a row joined by the same separator that is not a word ("..%uF025..%uF025..",
// "..%c1%8s..%c1%8s..": an encoding of "/" some decoder reads, a plain word never repeats so).
func climbs(s string) bool {
	i := strings.Index(s, "..")
	if i < 0 {
		return false
	}
	t := strings.ReplaceAll(s, "\\", "/")
	if rootClimb.MatchString(t) {
		return true
	}
	if strings.Contains(t, "..0x") {
		l := strings.ToLower(t)
		if strings.Contains(l, "..0x2f") || strings.Contains(l, "..0x5c") {
			return true
		}
	}
	// Three dot-dots joined by one repeated separator.
	sep, runs := "", 0
	for i >= 0 && i+2 <= len(s) {
		j := i + 2
		for j < len(s) && s[j] == '.' {
			j++
		}
		k := strings.Index(s[j:], "..")
		if k < 0 || k == 0 || k > 12 {
			break
		}
		cur := s[j : j+k]
		if cur == sep && !wordOnly(cur) {
			runs++
			if runs >= 1 {
				return true
			}
		} else {
			sep, runs = cur, 0
		}
		i = j + k
	}
	return false
}

// rootClimb is a value that starts at the root and climbs at once.
var rootClimb = mustCompile(`^\s*/(?:\./)*\.{2,}(?:/|$)`)

func wordOnly(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isWordByte(s[i]) && s[i] != ' ' && s[i] != '-' {
			return false
		}
	}
	return true
}

// encodedDotSegment is a dot-dot segment with an encoded dot, a double-encoded or overlong or
// Unicode slash, or an encoded backslash: what a browser or HTTP client never produces for a
// relative link, and what filter-evasion payloads are made of.
var encodedDotSegment = mustCompile(`(?i)(?:%2e|%252e|%c0%ae|%e0%80%ae|%u002e|\.)(?:%2e|%252e|%c0%ae|%e0%80%ae|%u002e|\.)(?:%5c|%252f|%255c|%c0%af|%c1%9c|%e0%80%af|%u2215|%u2216|%c0%5c)|(?i)(?:%2e|%252e|%c0%ae|%e0%80%ae|%u002e)(?:%2e|%252e|%c0%ae|%e0%80%ae|%u002e|\.)|\.(?:%2e|%252e|%c0%ae|%e0%80%ae|%u002e)`)

func encodedTraversal(s string) bool {
	return strings.IndexByte(s, '%') >= 0 && encodedDotSegment.MatchString(s)
}

// windowsFileReference is "..\" followed by a folder and a file with an extension.
var windowsFileReference = mustCompile(`^(?:\.\.\\){1,2}[\w-]+\\(?:[\w.-]+\\)*[\w-][\w.-]*\.\w{1,8}$`)

// relativeReferences reports a value whose every "../" is a relative reference (see
// detectTraversal).
func relativeReferences(s string) bool {
	if refererDotsResolved(s) {
		// An absolute http(s) URL whose dot-segments stay under its root: a client resolves
		// them against the URL itself before any request (RFC 3986, 5.2.4), and the resolved
		// URL names no sensitive file.
		return true
	}
	if strings.ContainsAny(s, "%") || strings.Contains(s, "....") || strings.Contains(s, "..;") {
		return false
	}
	if strings.IndexByte(s, '\\') >= 0 {
		// A Windows relative reference to a file in a folder (an MSBuild
		// Include="..\shared\x.json") is judged like a "/" one, when it uses backslashes only;
		// a bare "..\name" is the evasion form.
		if strings.IndexByte(s, '/') >= 0 || !windowsFileReference.MatchString(s) {
			return false
		}
		s = strings.ReplaceAll(s, "\\", "/")
	}
	n := strings.ToLower(s)
	found := false
	for i := 0; i < len(n); {
		k := strings.Index(n[i:], "..")
		if k < 0 {
			break
		}
		at := i + k
		if at+2 >= len(n) || n[at+2] != '/' {
			if at+2 < len(n) && n[at+2] == '.' {
				i = at + 3 // an ellipsis
				for i < len(n) && n[i] == '.' {
					i++
				}
				continue
			}
			if at+2 == len(n) || !isPathTokenByte(n[at+2]) {
				return false // a final ".." climbs
			}
			i = at + 2
			continue
		}
		if at > 0 && !strings.ContainsRune(" \t\n([=:\"'`,|", rune(n[at-1])) {
			return false // a climb out of a path: /static/../, x/../
		}
		j, levels := at, 0
		for strings.HasPrefix(n[j:], "../") {
			j += 3
			levels++
		}
		if levels > 2 || j >= len(n) || !(isWordByte(n[j]) || n[j] == '-') {
			return false
		}
		e := j
		for e < len(n) && (isPathTokenByte(n[e]) || n[e] == '/') {
			e++
		}
		target := n[j:e]
		if strings.Contains(target, "..") || strings.Contains(target, "//") || restrictedPath(target) || sensitiveFile.MatchString("/"+target) {
			return false
		}
		found = true
		i = e
	}
	return found
}

// traversalIn reports path traversal or a sensitive file in a decoded value.
func traversalIn(s string) bool {
	if len(s) < 3 {
		return false
	}
	w := scanWeb(s)
	return traversalInScanned(s, &w)
}

// traversalInScanned is traversalIn on a value already read by scanWeb.
func traversalInScanned(s string, w *webScan) bool {
	c := w.cls
	if len(s) < 3 || c&(bcDot|bcSlash) == 0 {
		return false
	}
	dots := w.dotdot
	if !dots && !(lettersMay(w.letters, sensitiveLetters) && mayBeSensitive(s)) {
		// Without "..", only sensitiveFile can report, and it needs the letters of one of its
		// literals.
		return false
	}
	n := strings.ToLower(s)
	if c&bcSlash != 0 {
		n = strings.ReplaceAll(n, "\\", "/")
		for strings.Contains(n, "//") {
			n = strings.ReplaceAll(n, "//", "/")
		}
		n = strings.ReplaceAll(n, "/./", "/")
	}
	if proseMention(n) {
		// A sentence that mentions a path ("edit your /etc/hosts", "../assets/logo.png is
		// missing") is not a file parameter: it needs two parent segments in a row.
		// Read whole, as a file parameter's sink reads it, the sentence is one path: its first
		// segment holds the words before the dots ("for path .."), so the dot-dots must climb
		// out of the base from there (pathLeavesBase), or lead to a system file (a sink that
		// splits the sentence into words reads "../../etc/passwd" as its own path).
		return dots && strings.Contains(n, "../..") && traversalSeq.MatchString(n) && (pathLeavesBase(n) || dotsToSensitive(n))
	}
	return dots && traversalSeq.MatchString(n) || sensitiveFileNamed(n)
}

// proseMention reports a lower-cased value that is a sentence: at least four space-separated
// words made only of letters (three or more; punctuation around them aside). No file parameter looks like that, and a path in it is a
// mention, not a file to open; command injection ("; cat /etc/passwd") is the cmdi family's.
func proseMention(n string) bool {
	words := 0
	for f := range strings.FieldsSeq(n) {
		f = strings.TrimRight(f, ".,!?;:)")
		f = strings.TrimLeft(f, "(")
		if len(f) < 3 {
			continue
		}
		ok := true
		for i := 0; i < len(f); i++ {
			if (f[i] < 'a' || f[i] > 'z') && f[i] != '\'' {
				ok = false
				break
			}
		}
		if ok {
			if words++; words >= 4 {
				return true
			}
		}
	}
	return false
}

// restrictedExts are extensions of backups, dumps, databases, keys and local configuration that
// a web server should never serve; compressedExts may follow them (db.sql.gz).
var restrictedExts = map[string]bool{"sql": true, "bak": true, "old": true, "orig": true, "swp": true,
	"swo": true, "save": true, "backup": true, "dump": true, "db": true, "sqlite": true, "sqlite3": true,
	"mdb": true, "pem": true, "key": true, "crt": true, "p12": true, "pfx": true, "log": true, "ini": true,
	"conf": true, "cfg": true, "env": true, "tfstate": true, "kdbx": true}

// dumpExts are the restricted extensions of backups and dumps, which are also served compressed
// (db.sql.gz, site.bak.zip); a compressed rotated log or configuration (app.log.gz) is an archive
// a log or file browser lists.
var dumpExts = map[string]bool{"sql": true, "bak": true, "old": true, "orig": true, "save": true,
	"backup": true, "dump": true, "db": true, "sqlite": true, "sqlite3": true, "mdb": true, "env": true,
	"tfstate": true, "kdbx": true}

var compressedExts = map[string]bool{"gz": true, "zip": true, "tar": true, "tgz": true, "bz2": true,
	"xz": true, "7z": true, "rar": true}

// configBases and configExts name application configuration files (config.php, secrets.yml).
var configBases = []string{"wp-config", "configuration", "config", "settings", "database", "secrets",
	"secret", "credentials", "credential"}

var configExts = map[string]bool{"php": true, "inc": true, "bak": true, "old": true, "yml": true,
	"yaml": true, "json": true, "toml": true}

// publicDotNames are dot-files and dot-directories that repositories publish and code hosts show
// (/.github/workflows/ci.yml, /.gitignore): repository metadata, not server secrets. .git,
// .env, .htaccess, .ssh and the rest stay restricted.
var publicDotNames = map[string]bool{".well-known": true, ".net": true, ".github": true, ".gitlab": true,
	".gitlab-ci.yml": true, ".gitignore": true, ".gitattributes": true, ".gitkeep": true,
	".gitmodules": true, ".editorconfig": true, ".circleci": true, ".devcontainer": true,
	".husky": true, ".changeset": true, ".storybook": true, ".nvmrc": true, ".dockerignore": true,
	".npmignore": true, ".browserslistrc": true, ".stylelintrc": true, ".travis.yml": true}

// restrictedPath finds, in a lower-cased URL path whose backslashes are slashes, dot-files and
// dot-directories (except publicDotNames), backup and dump files, configuration files and editor
// backups ("~"). It scans each segment once.
func restrictedPath(n string) bool {
	if strings.HasSuffix(n, "~") {
		return true
	}
	if i := codeHostView(n); i >= 0 {
		// A code host's view of a repository file (/acme/web/-/blob/main/db/seed.sql): the
		// segments after the ref name a file in a repository, shown by the application, not a
		// file the web server serves from disk. The part before is still checked.
		n = n[:i]
	}
	for rest := n; ; {
		seg, more, found := strings.Cut(rest, "/")
		if len(seg) > 1 && seg[0] == '.' && isDotFileByte(seg[1]) && !publicDotNames[seg] && !strings.HasPrefix(seg, ".eslintrc") &&
			!strings.HasPrefix(seg, ".prettierrc") && !strings.HasPrefix(seg, ".net-") {
			return true
		}
		if restrictedConfig(seg) && (!found || strings.Contains(seg, ".php")) {
			// Before the last segment a configuration file is served only by a script
			// handler, which takes the rest as its path info (config.php/x runs config.php);
			// a static file server reads config/database.yml/raw as a file "raw" in a
			// directory "database.yml".
			return true
		}
		if !found {
			return restrictedExt(seg)
		}
		rest = more
	}
}

// codeHostViews are the route segments of code hosts' repository views (GitHub, GitLab, Gitea,
// Bitbucket): blob, tree, raw, blame, edit, commits, history, src.
var codeHostViews = []string{"/-/blob/", "/-/tree/", "/-/raw/", "/-/blame/", "/-/edit/", "/blob/", "/tree/",
	"/raw/", "/blame/", "/edit/", "/commits/", "/src/branch/", "/src/commit/", "/browse/"}

// codeHostViewLetters are the letter sets of codeHostViews (detect_web_gate.go).
var codeHostViewLetters = letterSets(codeHostViews)

// codeHostView returns the index where the repository path starts in a code host's view URL
// (after /owner/repo, the view segment and one ref segment), or -1.
func codeHostView(n string) int {
	for _, v := range codeHostViews {
		i := strings.Index(n, v)
		if i < 0 || strings.Count(n[:i], "/") < 2 {
			continue // a view needs /owner/repo before it
		}
		ref := n[i+len(v):]
		j := strings.IndexByte(ref, '/')
		if j <= 0 || strings.HasPrefix(ref, ".") {
			continue
		}
		return i + len(v) + j
	}
	return -1
}

func isDotFileByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_' || c == '-'
}

// restrictedExt reports a last segment ending in a restricted extension, optionally compressed.
func restrictedExt(seg string) bool {
	i := strings.LastIndexByte(seg, '.')
	if i < 0 {
		return false
	}
	if restrictedExts[seg[i+1:]] {
		return true
	}
	if compressedExts[seg[i+1:]] {
		if j := strings.LastIndexByte(seg[:i], '.'); j >= 0 && dumpExts[seg[j+1:i]] {
			return true
		}
	}
	return false
}

// restrictedConfig reports a segment that is a configuration file (config.php, secrets.yml~,
// database.json.bak).
func restrictedConfig(seg string) bool {
	for _, b := range configBases {
		if len(seg) <= len(b) || seg[len(b)] != '.' || !strings.HasPrefix(seg, b) {
			continue
		}
		ext := seg[len(b)+1:]
		if k := strings.IndexAny(ext, "~."); k >= 0 {
			ext = ext[:k]
		}
		if configExts[ext] && !(ext == "json" && (b == "config" || b == "settings" || b == "configuration")) {
			// config.json and settings.json are what single-page apps load at start
			// (/assets/config.json) and editors save; secrets.json and database.json are not.
			return true
		}
	}
	return false
}

// detectPathTraversal checks the URL path: dot-dot segments in any decoded form (before the path
// is resolved), sensitive files, and restricted dot-files and backups.
func detectPathTraversal(decoded string) bool {
	w := scanWeb(decoded)
	if !pathTraversalMay(decoded, &w) {
		return false
	}
	return detectPathTraversalUngated(decoded, &w)
}

// pathTraversalMay is detectPathTraversal's cheap pass: every way it reports needs a code host's
// view (with its letters), traversalIn (a dot, or the letters of a sensitive file), a "%", or a
// dot or "~" for restrictedPath.
func pathTraversalMay(s string, w *webScan) bool {
	return w.pct || w.tilde || w.cls&bcDot != 0 || lettersMay(w.letters, codeHostViewLetters) ||
		len(s) >= 3 && w.cls&bcSlash != 0 && lettersMay(w.letters, sensitiveLetters)
}

// detectPathTraversalUngated is detectPathTraversal without pathTraversalMay (w is
// scanWeb(decoded)).
func detectPathTraversalUngated(decoded string, w *webScan) bool {
	var lower string
	if lettersMay(w.letters, codeHostViewLetters) {
		lower = strings.ToLower(decoded)
		i := codeHostView(lower)
		if i >= 0 && len(lower) != len(decoded) {
			// strings.ToLower changed the length (an invalid byte becomes U+FFFD, U+0130 "i"), so
			// an index into lower is not one into decoded (it sliced past its end: a panic). The
			// view is found again on an ASCII lower-casing, which keeps every byte in place.
			i = codeHostView(asciiLower(decoded))
		}
		if i >= 0 && !w.dotdot {
			// A repository file in a code host's view (/acme/infra/-/blob/main/etc/nginx/app.conf):
			// a sensitive or restricted name after the ref is the repository's, not the server's.
			return traversalIn(decoded[:i]) || encodedTraversal(decoded) || restrictedPath(lower)
		}
	}
	if traversalInScanned(decoded, w) || w.pct && encodedTraversal(decoded) || w.dotdot && climbs(decoded) {
		return true
	}
	if w.cls&bcDot == 0 && !w.tilde {
		return false
	}
	n := lower
	if n == "" {
		n = strings.ToLower(decoded)
	}
	if strings.Contains(n, "\\") {
		n = strings.ReplaceAll(n, "\\", "/")
	}
	return restrictedPath(n)
}

// asciiLower lower-cases the ASCII letters of s and keeps every other byte.
func asciiLower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c >= 'A' && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

// hexLiteralDots turns the literal hex of a dot, a slash and a backslash (0x2e, 0x2f, 0x5c, as
// lax decoders read them) into the characters, and drops an encoded NUL (%00, which C-string
// file APIs stop at).
var hexLiteralDots = strings.NewReplacer("0x2e", ".", "0x2E", ".", "0x2f", "/", "0x2F", "/", "0x5c", "\\", "0x5C", "\\", "%00", "")

// hexLiteralPath returns s with hexLiteralDots applied when s writes a dot that way, or "".
func hexLiteralPath(s string) string {
	if !strings.Contains(s, "0x2e") && !strings.Contains(s, "0x2E") {
		return ""
	}
	return strings.ReplaceAll(hexLiteralDots.Replace(s), "\\", "/")
}
