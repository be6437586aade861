package injection

import (
	"strings"
	"unicode/utf8"
)

// Commands are split in two: strongCommands are programs that ordinary text hardly ever names
// right after a shell separator; weakCommands are also English words ("cat", "more", "find"),
// so they count only with shell-looking arguments or at the end of the value.
const strongCommands = `whoami|uname|wget|curl|nc|ncat|netcat|socat|bash|sh|zsh|ksh|csh|tcsh|dash|ash|busybox|powershell|pwsh|cmd|cmd\.exe|chmod|chown|chgrp|ifconfig|ipconfig|netstat|nslookup|dig|traceroute|tracert|python[23]?|perl|php|ruby|node|lua|nohup|base64|telnet|xterm|certutil|bitsadmin|systeminfo|tasklist|taskkill|wmic|reg|regsvr32|rundll32|mshta|cscript|wscript|useradd|usermod|userdel|passwd|sudo|su|crontab|gcc|make|tftp|ftp|scp|sftp|ssh|rsync|nmap|mkfifo|mknod|xxd|od|strings|hexdump|awk|gawk|sed|xargs|tee|dd|tar|zip|unzip|gzip|gunzip|lsof|getent|hostname|shutdown|reboot|halt|pkill|killall|systemctl|service|iptables|apt|apt-get|yum|dnf|pip|pip3|npm|docker|kubectl|env|printenv|export|uptime|lsb_release|hostnamectl|ping|host|whois|id|ls|ps|pwd|rm|cp|mv|ln|mkdir|rmdir|cat|tac|nl|head|tail|more|less|grep|egrep|fgrep|find|locate|echo|printf|sleep|kill|touch|chroot|exec|eval|source|alias|unset|time|wc|cut|sort|uniq|diff|file|stat|type|dir|net|whereis|which|who|w|last|lastlog|history|man|vi|vim|nano|ed|expr|timeout|openssl|gpg|mail|sendmail|watch|tr|rev|column|paste|fold|base32|bzip2|7z|rar|jq|yes|ls-la|iwr|iwmi|irm|c89|c99|gdb|irb|strace|ltrace|flock|cpulimit|uconv|pipx|perf|comm|ll`

// weakCommandSet are the commands of strongCommands that are also common English words or too
// short to stand alone: they need arguments that look like shell arguments.
var weakCommandSet = map[string]bool{
	"cat": true, "more": true, "less": true, "find": true, "head": true, "tail": true, "echo": true,
	"sleep": true, "kill": true, "touch": true, "time": true, "sort": true, "type": true, "dir": true,
	"file": true, "who": true, "which": true, "w": true, "last": true, "history": true, "man": true,
	"ed": true, "at": true, "batch": true, "watch": true, "tr": true, "rev": true, "column": true,
	"paste": true, "fold": true, "yes": true, "make": true, "host": true, "net": true, "env": true,
	"export": true, "source": true, "alias": true, "eval": true, "exec": true, "mail": true,
	"id": true, "ls": true, "ps": true, "pwd": true, "rm": true, "cp": true, "mv": true, "ln": true,
	"ping": true, "dig": true, "su": true, "sh": true, "ash": true, "nc": true, "od": true,
	"dd": true, "tee": true, "cut": true, "uniq": true, "diff": true, "stat": true, "nl": true,
	"tac": true, "wc": true, "expr": true, "reg": true, "service": true, "strings": true,
	"printf": true, "node": true, "php": true, "ftp": true, "zip": true, "tar": true, "apt": true,
	"pip": true, "npm": true, "docker": true, "uptime": true, "timeout": true, "unset": true,
	"locate": true, "vi": true, "ruby": true, "dash": true, "gcc": true, "jq": true, "grep": true,
	"perf": true, "comm": true, "ll": true, "irm": true,
	"python": true, "python2": true, "python3": true, "perl": true,
}

// toolCommands are administration tools whose names ordinary text does not use: right after a
// shell separator, or as a whole value, they are a command whatever their arguments.
var toolCommands = map[string]bool{
	"ansible": true, "ansible-playbook": true, "ansible-galaxy": true, "ansible-vault": true,
	"ansible-config": true, "ansible-console": true, "ansible-doc": true, "ansible-inventory": true,
	"ansible-pull": true, "chef-client": true, "chef-shell": true, "chef-run": true, "chef-vault": true,
	"chef-solo": true, "visudo": true, "cscli": true, "ssh-copy-id": true, "ssh-keygen": true,
	"rmt": true, "rmt-tar": true, "rmt-dump": true, "kubeadm": true, "msfvenom": true,
}

// commandSet holds every name in strongCommands (weak ones included).
var commandSet = func() map[string]bool {
	m := map[string]bool{}
	for _, c := range strings.Split(strongCommands, "|") {
		c = strings.ReplaceAll(c, `\.`, ".")
		if strings.HasSuffix(c, "[23]?") {
			b := strings.TrimSuffix(c, "[23]?")
			m[b], m[b+"2"], m[b+"3"] = true, true, true
			continue
		}
		m[c] = true
	}
	for c := range toolCommands {
		m[c] = true
	}
	return m
}()

// cmdDirPrefixes are directory prefixes a command may be called with.
var cmdDirPrefixes = []string{"/usr/local/sbin/", "/usr/local/bin/", "/usr/sbin/", "/usr/bin/", "/sbin/", "/bin/",
	"c:/windows/system32/", "c:/windows/"}

// cmdDirFirst are the first bytes of cmdDirPrefixes: a word that starts with none has none.
var cmdDirFirst = func() (t [256]bool) {
	for _, p := range cmdDirPrefixes {
		t[p[0]] = true
	}
	return t
}()

// commandAt reads a command word at n[i:], after blanks and an optional directory prefix, and
// returns it with the index just past it. It runs in time bounded by the word's length.
func commandAt(n string, i int) (cmd string, end int, ok bool) {
	for i < len(n) && (n[i] == ' ' || n[i] == '\t' || n[i] == '\n' || n[i] == '\r' || n[i] == '\v' || n[i] == '\f') {
		i++
	}
	if i < len(n) && cmdDirFirst[n[i]] {
		for _, p := range cmdDirPrefixes {
			if strings.HasPrefix(n[i:], p) {
				i += len(p)
				break
			}
		}
	}
	j := i
	for j < len(n) && j-i < 32 && (n[j] >= 'a' && n[j] <= 'z' || n[j] >= '0' && n[j] <= '9' || n[j] == '.' || n[j] == '_' || n[j] == '-') {
		j++
	}
	if j == i {
		return "", 0, false
	}
	w := strings.TrimSuffix(n[i:j], ".exe")
	if !commandSet[w] {
		return "", 0, false
	}
	if j < len(n) && !strings.ContainsRune(" \t\n\r\v\f;|&`)<>{}(,/", rune(n[j])) {
		return "", 0, false
	}
	return w, j, true
}

// shellArgs are arguments that look like a shell's rather than a sentence's: flags, absolute or
// home paths, variables, redirections, pipes, addresses, URLs.
var shellArgs = mustCompile(`^\s*(?:$|[;|&\x60)<>}]|-{1,2}[a-z0-9]|/[\w.*-]|~|\$|\.{1,2}/|\w+\.(?:sh|txt|php|py|pl|log|conf|out|bin|exe|bat|ps1|c|so|tmp)\b|\d+(?:\.\d+){3}|\d+\s*(?:$|[;|&\x60)])|[a-z]+://|%\w+%|[a-z]:/|"|'|\*|[a-z0-9._-]+\s*[|;&>])`)

// Features of a value that decide which cmdi patterns can match at all (cmdiFeatures).
const (
	cfDollar uint64 = 1 << iota
	cfBacktick
	cfGlob      // "/" and one of "*?["
	cfLeadParen // the value starts with "(" (a function definition: Shellshock)
	cfLtParen   // "<(" process substitution
	cfLtQ       // "<?" a PHP tag
	cfPipe      // "|"
	cfGt        // ">"
	cfSep       // any of ; | & ` $ ( { newline: a command position may follow
	cfLeadSlash // the value starts with "/" (an absolute command path)
	cfCommand   // a word that is a known command (commandSet)
	cfTool      // a word that is an unambiguous administration tool (toolCommands)
	// Word groups, each the trigger of one or more direct patterns.
	cwNc
	cwShellI
	cwBase64
	cwWin
	cwSink
	cwBatch
	cwNet
	cwFetch
	cwReader
	cwSleep
	cwShell
	cwJndi
	cwAlias
	cwWrapper
	cwJS
	// Gate bits: cmdiAt's cheap pass (detect_cmdi_gate.go) rules detectors out with them. They
	// are not triggers of the direct patterns.
	cfNoise      // one of shellWordNoise (' " \ $): a shell word may be spelt with noise inside
	cfChain      // one of chainBytes (; | &): a command may be chained after an argument
	cfShellNoise // a byte that shellNoise, braceCommas, dropShellVars or jqueryCalls rewrite
	cfLeadDot    // a "." before any other non-blank byte (a sqlite3 dot-command)
	cfNotB64     // a byte outside base64's alphabet, blanks and non-ASCII bytes aside
	cfCd         // "cd" in any case (the command cdResolvedFile follows)
)

// cfGateBits are the gate bits, which decide nothing about the patterns.
const cfGateBits = cfNoise | cfChain | cfShellNoise | cfLeadDot | cfNotB64 | cfCd

// cmdiWordBits maps a lower-case word (letters, digits, "_") to the features it sets.
var cmdiWordBits = func() map[string]uint64 {
	m := map[string]uint64{}
	add := func(bit uint64, words string) {
		for _, w := range strings.Fields(words) {
			m[w] |= bit
		}
	}
	for c := range commandSet {
		add(cfCommand, firstWord(c))
	}
	for c := range toolCommands {
		add(cfTool|cfCommand, firstWord(c))
	}
	add(cwNc, "nc ncat netcat")
	add(cwShellI, "dev bash sh nc ncat mkfifo rm")
	add(cwBase64, "base64")
	add(cwWin, "cmd powershell pwsh iex invoke new downloadstring start")
	add(cwSink, "system exec shell_exec passthru popen proc_open pcntl_exec assert create_function call_user_func child_process process require runtime processbuilder")
	add(cwBatch, "for if")
	add(cwNet, "net")
	add(cwFetch, "wget curl")
	add(cwReader, "cat tac nl head tail more less grep strings od xxd zcat xzcat bzcat zstdcat lzcat unxz unzstd gunzip bunzip2")
	add(cwSleep, "sleep")
	add(cwShell, "sh bash dash zsh ksh csh tcsh")
	add(cwJndi, "jndi")
	add(cwAlias, "alias")
	add(cwWrapper, "time nohup strace ltrace sudo doas setsid stdbuf flock cpulimit timeout")
	add(cwJS, "constructor new mainmodule process require")
	return m
}()

// cmdiWordShape has, for the first two bytes of every word in cmdiWordBits, bit n set for each
// length n: most words of ordinary text are rejected by it before any map lookup.
var cmdiWordShape = func() (t [38 * 38]uint32) {
	for w := range cmdiWordBits {
		if len(w) < 32 {
			t[wordShapeIndex(w, len(w))] |= 1 << len(w)
		}
	}
	return t
}()

func wordShapeIndex(w string, n int) int {
	i := int(shapeOf[w[0]]) * 38
	if n > 1 {
		i += int(shapeOf[w[1]])
	} else {
		i += 37
	}
	return i
}

// shapeOf numbers the bytes of a lower-case word for cmdiWordShape: a-z 0-25, 0-9 26-35, "_" 36,
// any other 37.
var shapeOf = func() (t [256]uint8) {
	for c := range t {
		switch {
		case c >= 'a' && c <= 'z':
			t[c] = uint8(c - 'a')
		case c >= '0' && c <= '9':
			t[c] = 26 + uint8(c-'0')
		case c == '_':
			t[c] = 36
		default:
			t[c] = 37
		}
	}
	return t
}()

func firstWord(c string) string {
	for i := 0; i < len(c); i++ {
		if !(c[i] >= 'a' && c[i] <= 'z' || c[i] >= '0' && c[i] <= '9' || c[i] == '_') {
			return c[:i]
		}
	}
	return c
}

// cmdiFeatures scans s once: byte features, and every word (ASCII letters, digits and "_",
// lower-cased, with the shell's quoting noise ' " \ ^ inside a word skipped, so that w'h'o"am"i
// reads "whoami") looked up in cmdiWordBits. It allocates nothing.
func cmdiFeatures(s string) uint64 {
	var f uint64
	var w [24]byte
	n := 0    // bytes of the current word; len(w)+1 once it is too long to be a command
	part := 0 // where the word's part after the last quoting noise starts
	slash, glob := false, false
	lead := true
	shape := 0 // wordShapeIndex of the current word's first two bytes (as n counts them)
	for i := 0; i <= len(s); i++ {
		if i < len(s) && wordByte[s[i]] != 0 {
			// A run of word bytes, in a loop of its own: most of a value's bytes.
			lead = false
			prev := byte(0) // the previous byte's wordByte (0 at the run's start)
			for ; i < len(s); i++ {
				wc := wordByte[s[i]]
				if wc == 0 {
					break
				}
				if wc == cdCommand[1] && prev == cdCommand[0] {
					f |= cfCd
				}
				if wc == '_' {
					f |= cmdiByteBits['_'] // the one word byte with byte features (cfNotB64)
				}
				prev = wc
				switch {
				case n < len(w):
					switch n {
					case 0:
						shape = int(shapeOf[wc])*38 + 37
					case 1:
						shape += int(shapeOf[wc]) - 37
					}
					w[n] = wc
					n++
				case n == len(w):
					n++ // too long to be a command
				}
			}
		}
		c := byte(' ')
		if i < len(s) {
			c = s[i]
		}
		f |= cmdiByteBits[c]
		switch {
		case (c == '\'' || c == '"' || c == '\\' || c == '^') && n > 0:
			if c == '\\' && i+1 < len(s) && s[i+1] == '\n' {
				i++ // a line continuation
			}
			// Quoting noise inside a word: the shell joins the parts (w'h'o"am"i), a parser
			// may split them ("x=\"cat\""); both readings are looked up.
			if n <= len(w) {
				f |= cmdiWordLookup(w[part:n])
				part = n
			}
			continue
		default:
			// cmdiWordShape first, here: most words of text are no command's shape.
			if n <= len(w) {
				if cmdiWordShape[shape]&(1<<n) != 0 {
					f |= cmdiWordLookup(w[:n])
				}
				if part > 0 {
					f |= cmdiWordLookup(w[part:n])
				}
			}
			n, part = 0, 0
			switch c {
			case '<':
				if i+1 < len(s) && s[i+1] == '(' {
					f |= cfLtParen
				}
				if i+1 < len(s) && s[i+1] == '?' {
					f |= cfLtQ
				}
			case '(':
				if lead {
					f |= cfLeadParen
				}
			case '/':
				slash = true
				if lead {
					f |= cfLeadSlash
				}
			case '.':
				if lead {
					f |= cfLeadDot
				}
			case '*', '?', '[':
				glob = true
			}
			if c != ' ' && c != '\t' && c != '\v' && c != '\f' {
				lead = false
			}
			continue
		}
	}
	if slash && glob {
		f |= cfGlob
	}
	return f
}

// cmdiByteBits are the features a byte sets wherever it stands (outside a word's quoting noise:
// the bytes of the first group are never noise).
var cmdiByteBits = func() (t [256]uint64) {
	t['$'] |= cfDollar | cfSep
	t['`'] |= cfBacktick | cfSep
	t['|'] |= cfPipe | cfSep
	t['>'] |= cfGt
	for _, c := range []byte(";&({\n\r") {
		t[c] |= cfSep
	}
	for _, c := range []byte(shellWordNoise) {
		t[c] |= cfNoise
	}
	for _, c := range []byte(chainBytes) {
		t[c] |= cfChain
	}
	for _, c := range shellNoiseBytes() {
		t[c] |= cfShellNoise
	}
	for c := 0; c < 0x80; c++ {
		if !(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '+' || c == '/' || c == '=' ||
			c == ' ' || c >= '\t' && c <= '\r') {
			t[c] |= cfNotB64
		}
	}
	return t
}()

// cmdiWordLookup returns the features of one lower-case word.
func cmdiWordLookup(b []byte) uint64 {
	n := len(b)
	if n == 0 || n >= 32 {
		return 0
	}
	i := int(shapeOf[b[0]]) * 38
	if n > 1 {
		i += int(shapeOf[b[1]])
	} else {
		i += 37
	}
	if cmdiWordShape[i]&(1<<n) == 0 {
		return 0
	}
	h := cmdiWordHash(b)
	mask := uint32(len(cmdiWordTable) - 1)
	for k := h & mask; ; k = (k + 1) & mask {
		e := &cmdiWordTable[k]
		if e.word == "" {
			return 0
		}
		if e.hash == h && e.word == string(b) {
			return e.bits
		}
	}
}

// cmdiWordEntry is cmdiWordBits's entry for word in cmdiWordTable.
type cmdiWordEntry struct {
	word string
	hash uint32
	bits uint64
}

// cmdiWordTable holds cmdiWordBits in an open-addressed table: a lookup hashes the word once
// with a multiply per byte (Go's map hash has no hardware help on Wasm) and compares at most a
// few entries.
var cmdiWordTable = func() []cmdiWordEntry {
	size := 16
	for size < 4*len(cmdiWordBits) {
		size *= 2 // at most a quarter full: probes stay short, and an empty slot ends each
	}
	t := make([]cmdiWordEntry, size)
	for w, bits := range cmdiWordBits {
		h := cmdiWordHash([]byte(w))
		k := h & uint32(len(t)-1)
		for t[k].word != "" {
			k = (k + 1) & uint32(len(t)-1)
		}
		t[k] = cmdiWordEntry{w, h, bits}
	}
	return t
}()

// cmdiWordHash is FNV-1a of a lower-case word.
func cmdiWordHash(b []byte) uint32 {
	h := uint32(2166136261)
	for _, c := range b {
		h = (h ^ uint32(c)) * 16777619
	}
	return h
}

// wordByte maps the bytes of a word (ASCII letters, digits, "_") to their lower case, others to 0.
var wordByte = func() (t [256]byte) {
	for c := 0; c < 256; c++ {
		switch {
		case c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_':
			t[c] = byte(c)
		case c >= 'A' && c <= 'Z':
			t[c] = byte(c + 32)
		}
	}
	return t
}()

// cmdiPattern is a pattern that runs only when the value has one of the features in need.
type cmdiPattern struct {
	need uint64
	re   *lazyRegexp
}

// cmdiDirect are unambiguous shell, batch or interpreter constructs, each with its trigger.
var cmdiDirect = []cmdiPattern{
	{cfDollar, mustCompile(`\$\{?ifs\b|\$\{[a-z_]+:[\d-]+(?::\d+)?\}|\$\{[a-z_]*[#%/^,~][^}]*\}|_\$\$nd_func\$\$_`)},
	{cfLeadParen, mustCompile(`^\s*\(\s*\)\s*\{`)},
	{cwNc, mustCompile(`\b(?:nc|ncat|netcat)\b(?:[^;|&\n]{1,10}?){0,6}?\s-[a-z]*[ec]\s`)},
	{cfDollar | cfLtParen | cwJndi, mustCompile(`\{\s*jndi\s*:|\$\{(?:env|sys|java|lower|upper|base64|date|main|ctx|k8s|docker|spring|web|bundle|log4j|sd|marker)\s*:|\$\[\s*\d|\$\(\(|<\(\s*[a-z]`)},
	{cwShellI, mustCompile(`/dev/(?:tcp|udp)/|\bbash\s+-i\b|\bsh\s+-i\b|\bnc(?:at)?\s+(?:-[a-z]*\s+)*-[a-z]*[ec]\b|\bmkfifo\b`)},
	{cfPipe | cfGt | cwBase64, mustCompile(`\|\s*(?:ba|z|k|da)?sh\b|\|\s*(?:python|perl|ruby|php)\b|\bbase64\s+(?:-d|--decode)\b|>\s*/(?:dev/|tmp/|var/www|etc/)`)},
	{cfDollar | cfBacktick, mustCompile(`\$\(\s*[a-z/]|(?:^|[^\s\w])\x60\s*(?:/\w+)*/?(?:id|whoami|uname|cat|ls|pwd|wget|curl|sleep|ping|nslookup|echo|env|hostname|ifconfig)\b[^\x60]*\x60`)},
	{cwWin, mustCompile(`\b(?:cmd(?:\.exe)?\s*/[ck]\b|powershell(?:\.exe)?\s+(?:-|/)[a-z]|pwsh\s+-[a-z]|iex\s*\(|invoke-(?:expression|webrequest|command)\b|new-object\s+(?:-\w+\s+)?(?:system\.)?net\.webclient|downloadstring\s*\(|start-process\b)`)},
	{cwSink, mustCompile(`\b(?:system|exec|shell_exec|passthru|popen|proc_open|pcntl_exec|assert|create_function|call_user_func)\s*\(\s*['"$\x60]|\bchild_process\b|\bprocess\s*\.\s*(?:mainmodule|binding|dlopen)\b|\brequire\s*\(\s*['"\x60](?:child_process|fs|net|vm)['"\x60]|\bruntime\s*\.\s*getruntime\s*\(\s*\)\s*\.\s*exec\b|\bprocessbuilder\s*\(`)},
	{cfLtQ | cfDollar, mustCompile(`<\?php\b|<\?=|\$_(?:get|post|request|cookie|server|files|env)\s*\[`)},
	// Windows batch: FOR loops and IF tests, whose syntax prose and other languages do not share.
	{cwBatch, mustCompile(`\bfor\s+/[rfld]\b|\bfor\s+(?:/[a-z]\s+(?:"[^"]*"\s+)?)?%%?[^\s%]{1,20}\s+in\s*\(|` +
		`\bif\s+(?:/i\s+)?(?:not\s+)?(?:exist\b|defined\b|errorlevel\b|cmdextversion\b)|` +
		`\bif\s*/i\s+(?:not\s+)?\S+\s*==|` +
		`\bif\s+(?:/i\s+)?(?:not\s+)?\S*(?:%[\w~]+|![a-z]\w*!)\S*\s*(?:==|\s(?:equ|neq|lss|leq|gtr|geq)\s)|` +
		`\bif\s+(?:not\s+)?(?:[^\s=:]+\s*==+\s*[^\s:]+|\(?[^\s:]+\s+(?:equ|neq|lss|leq|gtr|geq)\s+[^\s:]+)\s+(?:echo|goto|cmd|exit|set|call|start|del|copy|cd|@|\()`)},
	{cwNet, mustCompile(`\bnet\s+(?:user|localgroup|group|share|use|view|start|stop)\b\s*\S|(?:^|[;|&\x60]\s*)net\s+(?:user|localgroup|group|share|use|view|session|accounts|config)\s*$`)},
	{cwSleep, mustCompile(`\bsleep\s+\d+\s*[;|&\x60]|(?:^|[;|&\x60\n]\s*)sleep\s+\d+\s*(?:#.*)?$`)},
	// alias a=command: defining a command to run it under another name.
	{cwAlias, mustCompile(`\balias\s+(?:[+-]\S*\s+)*['"]?[\w.-]+['"]?=`)},
	// Server-side JavaScript reaching the Function constructor or the module loader.
	{cwJS, mustCompile(`\bnew\s+function\s*\(|\bconstructor\s*\.\s*constructor\b|\bconstructor\s*\.\s*_load\s*\(|\bprocess\s*\[\s*['"\x60]?mainmodule|\bmainmodule\s*\.\s*require\b`)},
}

// cmdiAtCommand are direct patterns that start with a command's name: each counts only where a
// shell reads that word as one (commandPosition), not as an argument or inside a quoted one.
var cmdiAtCommand = []cmdiPattern{
	// A shell asked to run a string, directly or through $SHELL.
	{cwShell | cfDollar, mustCompile(`\b(?:ba|da|z|k|c|tc)?sh\s+-c\s|\$\{?shell\}?\s+-c\b`)},
	{cwFetch, mustCompile(`\b(?:wget|curl)\s+(?:-[a-z-]+\s+\S*\s*)*(?:https?|ftp)://`)},
	{cwReader, mustCompile(`\b(?:cat|tac|nl|head|tail|more|less|grep|strings|od|xxd|zcat|xzcat|bzcat|zstdcat|lzcat|unxz|unzstd|gunzip|bunzip2)\s+(?:-[a-z]+\s+)*['"]?(?:/etc/|/proc/|/var/|~/|\.\./|/home/|/root/)`)},
	{cwShellI, mustCompile(`\brm\s+-[rf]{1,2}\s+/`)},
	// A wrapper that runs its argument: time, nohup, strace... followed by a shell or a probe.
	{cwWrapper, mustCompile(`\b(?:time|nohup|strace|ltrace|sudo|doas|setsid|stdbuf)\s+(?:-\S+\s+)*(?:/[\w/]*/)?(?:whoami|ifconfig|ipconfig|uname|curl|wget|ncat|netcat|bash|zsh|python[23]?|perl|nc|sh)\b|\b(?:flock|cpulimit|timeout)\s+(?:\S+\s+){0,6}?(?:whoami|ifconfig|ipconfig|uname|curl|wget|ncat|netcat|bash|sh|id)\b`)},
}

// cmdiDirectMatch runs the direct patterns whose trigger is among the features f of l.
func cmdiDirectMatch(l string, f uint64) bool {
	if f&cfGlob != 0 && globCommand(l) {
		return true
	}
	if f&(cfDollar|cfLtParen|cwJndi) != 0 && jndiLookup(l) {
		return true
	}
	for i := range cmdiDirect {
		if p := &cmdiDirect[i]; f&p.need != 0 && p.re.MatchString(l) {
			return true
		}
	}
	for i := range cmdiAtCommand {
		if p := &cmdiAtCommand[i]; f&p.need != 0 && matchAtCommand(p.re, l) {
			return true
		}
	}
	return false
}

// matchAtCommand reports a match of re (a pattern that starts with a command's name) that starts
// in a command position of l. After a match that does not, the search goes on from the next
// byte, so a match out of position ("statement timeout (x);timeout 3 id") cannot hide one in
// position inside it; after 64 such, from the match's end (the search stays linear).
func matchAtCommand(re *lazyRegexp, l string) bool {
	for off, misses := 0, 0; off < len(l); misses++ {
		m := re.Compiled().FindStringIndex(l[off:])
		if m == nil {
			return false
		}
		// (\b at the start of l[off:] is the slice's; l's own boundary is checked here.)
		if at := off + m[0]; (at == 0 || !isWordByte(l[at-1])) && commandPosition(l, at) {
			return true
		}
		if misses < 64 {
			off += m[0] + 1
		} else {
			off += max(m[1], m[0]+1)
		}
	}
	return false
}

// jndiLookup reports a Log4Shell lookup: "${", at most 40 characters other than "}", then
// "jndi", spaces, ":" (the regular expression \$\{[^}]{0,40}jndi\s*: of the direct patterns,
// written as code: as a pattern, every "${" of a long run of them kept 40 threads alive, and
// it was most of detectCmdi's time on such input). Each "jndi" looks back at most 40
// characters, so the scan is linear.
func jndiLookup(s string) bool {
	for off := 0; ; {
		k := strings.Index(s[off:], "jndi")
		if k < 0 {
			return false
		}
		i := off + k
		off = i + 1
		j := i + 4
		for j < len(s) && (s[j] == ' ' || s[j] == '\t' || s[j] == '\n' || s[j] == '\f' || s[j] == '\r') {
			j++
		}
		if j == len(s) || s[j] != ':' {
			continue
		}
		for b, n := i, 0; ; n++ {
			if b >= 2 && s[b-2] == '$' && s[b-1] == '{' {
				return true
			}
			if n == 40 || b == 0 {
				break
			}
			r, size := utf8.DecodeLastRuneInString(s[:b])
			if r == '}' {
				break
			}
			b -= size
		}
	}
}

// detectCmdi reports OS command or code injection in s. whole says s is a whole value (not a
// parameter name), where a lone reconnaissance command such as "whoami" counts.
//
// One allocation-free scan (cmdiFeatures) finds the command words and shell syntax of s; a value
// with neither is ruled out at once, and otherwise only the patterns they trigger run.
func detectCmdi(s string, whole bool) bool {
	if len(s) < 2 {
		return false
	}
	return detectCmdiF(s, whole, cmdiFeatures(s), true)
}

// detectCmdiF is detectCmdi on s whose features cmdiFeatures(s) are f. With shortcuts it returns
// early where f shows that no later check can fire; the soundness tests compare it without them
// (detect_cmdi_gate_test.go).
func detectCmdiF(s string, whole bool, f uint64, shortcuts bool) bool {
	if len(s) < 2 {
		return false
	}
	// leadingCall needs one of ";|&" and a fork bomb "(" and "{": all separators (cfSep).
	if (f&cfSep != 0 || !shortcuts) && (leadingCall(s) || maybeForkBomb(s) && forkBomb.MatchString(s)) {
		return true
	}
	if f&^(cfSep|cfPipe|cfGt|cfLeadSlash|cfGateBits) == 0 {
		// No command word, variable, substitution, glob or PHP tag: shell separators alone
		// ("Tom & Jerry; ...") run nothing.
		return false
	}
	if camelIdentifier(s) {
		return false // TaskList, HostName: an identifier (a GraphQL operation, a component), not a command
	}
	if anchoredRegex(s) {
		return false
	}
	if f&cfSep != 0 && strings.IndexByte(s, ';') >= 0 && (strings.IndexByte(s, '&') >= 0 || strings.Contains(s, ";base64,")) {
		// HTML character references (&lt; &amp; &#39;) and data URIs' ";base64," are not
		// separators before a command: no shell has commands named lt, amp or base64 data.
		if r := textMarkers.ReplaceAllString(s, "_"); r != s {
			return detectCmdiF(r, whole, cmdiFeatures(r), shortcuts)
		}
	}
	l := strings.ToLower(s)
	if foldedBlanks.in(l) {
		l = blankFolder.Replace(l)
	}
	if f&cfDollar != 0 && strings.Contains(l, "$(") {
		// jQuery's $(document), $(window), $(this), $(function: no shell has those commands.
		l = jqueryCalls.Replace(l)
	}
	prose := plainProse(l)
	if !prose && cmdiDirectMatch(l, f) {
		return true
	}
	if shortcuts && f&(cfCommand|cfShellNoise) == 0 {
		// No command word, and none of the bytes that the shell's noise removal rewrites: the
		// value the command-line checks read is l, whose features have no command.
		return false
	}
	// devProse rules out what the command-line checks find (the direct patterns above still
	// apply); it runs only when they find something.
	return cmdiCommandLine(l, f, whole) && !devProse(l)
}

// cmdiCommandLine is detectCmdi's reading of the lower-cased l as a command line: a command at
// its start or after a separator, once the shell's noise is removed.
func cmdiCommandLine(l string, f uint64, whole bool) bool {
	if f&(cfSep|cfLeadSlash) == 0 {
		if f&cfCommand == 0 {
			return false
		}
		if strings.ContainsAny(l, "'\"") {
			// 'll' /var/www/: the shell removes the quotes of the first word; a quoted word with
			// a blank inside ("rm -rf" is dangerous) stays one word, no command's name.
			t := strings.TrimLeft(l, " ")
			if w, end, _, ok := shellWord(t, 0, nil); ok && end > 0 && w != t[:end] && commandSet[w] {
				return startCommand(w+t[end:], whole)
			}
		}
		return startCommand(l, whole)
	}
	if f&cfBacktick != 0 && strings.Contains(l, "```") {
		// A markdown code fence ("```bash") is not a command substitution: read it as a line break.
		l = strings.ReplaceAll(l, "```", "\n\n")
	}
	n := l
	if f&(cfDollar|cfBacktick) != 0 || noiseOrComma.in(l) {
		if strings.Contains(l, "\\\n") {
			l = strings.ReplaceAll(l, "\\\n", "") // line continuations
		}
		n = braceCommas(shellNoise.Replace(strings.ReplaceAll(l, "\\", "/")))
		if strings.Contains(n, "$") {
			n = dropShellVars(n)
		}
		if n != l {
			f = cmdiFeatures(n)
			if cmdiDirectMatch(n, f) {
				return true
			}
		}
	}
	if f&cfCommand == 0 {
		return false
	}
	if commandAfterSeparator(n) {
		return true
	}
	return startCommand(n, whole)
}

// forkBomb is a shell function defined to call itself in the background through a pipe
// (:(){ :|:& };:): the definition and its call are active shell syntax in any position.
var forkBomb = mustCompile(`([\w.:]+)\s*\(\s*\)\s*\{[^}]{0,40}[|&][^}]{0,40}\}\s*;?\s*[\w.:]+`)

// maybeForkBomb is forkBomb's cheap pre-check: an empty pair of parentheses and a brace.
func maybeForkBomb(s string) bool {
	return (strings.Contains(s, "()") || strings.Contains(s, "( )")) && strings.IndexByte(s, '{') >= 0
}

// leadingCall reports a value that starts by ending a statement or a command (";", "|", "&&",
// "||", after an optional closing quote) and goes on with a function call: ";phpinfo()",
// "| system('id')", "');exec(...)": in a shell, PHP or JavaScript sink the call runs.
func leadingCall(s string) bool {
	t := strings.TrimLeft(s, " \t\r\n")
	if t != "" && (t[0] == '\'' || t[0] == '"') {
		t = strings.TrimLeft(t[1:], " \t)")
	}
	if t == "" || t[0] != ';' && t[0] != '|' && !strings.HasPrefix(t, "&&") {
		return false
	}
	t = strings.TrimLeft(t, ";|& \t\r\n")
	i := 0
	for i < len(t) && (isWordByte(t[i]) || t[i] == '.' && i > 0) {
		i++
	}
	if i < 3 || t[0] >= '0' && t[0] <= '9' {
		return false
	}
	return strings.HasPrefix(strings.TrimLeft(t[i:], " \t"), "(")
}

// shellNoise removes quoting and escapes the shell discards (w'h'o"am"i, w\hoami, $@, an empty
// substitution $(), ^ in cmd.exe), and turns $IFS forms and brace expansion into spaces, so
// command words appear whole.
var shellNoise = strings.NewReplacer(shellNoisePairs...)

var shellNoisePairs = []string{"'", "", "\"", "", "\\\n", "", "\\", "", "$@", "", "$*", "", "$()", "", "^", "",
	"${ifs}", " ", "``", "", "$ifs$9", " ", "$ifs", " ", "{", " {", "$u", "", "$9", "", "$1", ""}

// braceCommas turns the commas of brace expansions ({cat,/etc/passwd}) into blanks, so the words
// they join appear as a command line; a comma elsewhere ("(id,)", a Python tuple) joins nothing.
func braceCommas(n string) string {
	if !strings.Contains(n, ",") || !strings.Contains(n, "{") {
		return n
	}
	b := []byte(n)
	for i := 0; i < len(b); i++ {
		if b[i] != '{' {
			continue
		}
		end := strings.IndexAny(n[i+1:], "{}")
		if end < 0 || n[i+1+end] != '}' || end > 200 {
			continue
		}
		for k := i + 1; k < i+1+end; k++ {
			if b[k] == ',' {
				b[k] = ' '
			}
		}
		i += end
	}
	return string(b)
}

// shellVar is an unset-variable insertion (c$!at, c$@at, ca$at): the shell expands it to nothing.
// dropShellVars removes its matches; the pattern stays as the definition a test holds the code to.
var shellVar = mustCompile(`\$(?:[!@#*?$0-9-]|[a-z_]\w*\b)`)

// dropShellVars returns s without shellVar's matches, as shellVar.ReplaceAllString(s, "") does, in
// one pass: a "$" and one of !@#*?$0-9- (the first alternative wins), or a "$", a lower-case
// letter or "_" and every word character after it (\w* is greedy and then at a boundary). On a
// value made of such insertions it costs a copy, where the pattern ran its matcher once each.
func dropShellVars(s string) string {
	i := strings.IndexByte(s, '$')
	if i < 0 {
		return s
	}
	b := make([]byte, 0, len(s))
	last := 0
	for ; i < len(s); i++ {
		if s[i] != '$' || i+1 >= len(s) {
			continue
		}
		c, end := s[i+1], 0
		switch {
		case strings.IndexByte("!@#*?$-", c) >= 0 || c >= '0' && c <= '9':
			end = i + 2
		case c >= 'a' && c <= 'z' || c == '_':
			end = i + 2
			for end < len(s) && isWordByte(s[end]) {
				end++
			}
		default:
			continue
		}
		b = append(b, s[last:i]...)
		last = end
		i = end - 1
	}
	if last == 0 {
		return s
	}
	return string(append(b, s[last:]...))
}

// textMarkers are HTML character references and the ";base64," of a data URI.
var textMarkers = mustCompile(`&(?:[a-zA-Z]{2,8}|#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6});|;base64,`)

var jqueryCalls = strings.NewReplacer("$(document)", "jq(document)", "$(window)", "jq(window)",
	"$(this)", "jq(this)", "$(function", "jq(function")

var blankFolder = strings.NewReplacer("\t", " ", "\r", "\n", "\v", " ", "\f", " ")

// commandAfterSeparator scans every command position of n: after a shell separator or a
// substitution opener. The scan is linear: each position reads one bounded word.
//
// The last backtick of a value starts no command: either it closes a substitution that an
// earlier one opened (whose command was read there), or it opens one that nothing closes, a
// syntax error for a POSIX shell that runs nothing of the line (bare or in double quotes), or it
// is a plain character (in single quotes, for cmd.exe and for PowerShell).
func commandAfterSeparator(n string) bool {
	lastTick := strings.LastIndexByte(n, '`')
	for i := 0; i < len(n); i++ {
		var sep string
		switch c := n[i]; c {
		case '`':
			if i != lastTick {
				sep = n[i : i+1]
			}
		case '(':
			// f(id), encodeURIComponent(id): a call's parentheses; a shell reads "word(" as a
			// syntax error, not a subshell.
			if i == 0 || !isWordByte(n[i-1]) {
				sep = n[i : i+1]
			}
		case ';', '\n', '\r', '{':
			sep = n[i : i+1]
		case '|', '&':
			sep = n[i : i+1]
			if i+1 < len(n) && n[i+1] == c {
				sep = n[i : i+2]
			}
		case '$', '<', '>':
			if i+1 < len(n) && n[i+1] == '(' {
				sep = n[i : i+2]
			}
		}
		if sep == "" {
			continue
		}
		if cmd, end, ok := commandAt(n, i+len(sep)); ok && separatorHit(sep, cmd, n[end:], n) {
			return true
		}
		i += len(sep) - 1
	}
	return false
}

// separatorHit decides whether cmd after sep, followed by rest, is a command injection.
func separatorHit(sep, cmd, rest, n string) bool {
	if toolCommands[cmd] {
		return true
	}
	if cmd == "dd" {
		return ddOperands(rest)
	}
	weak := weakCommandSet[cmd]
	switch sep {
	case "\n", "\r", "(", "{":
		// Line starts and brackets are common in prose and code: arguments must look like a
		// shell's and the command must not be an English word alone; a reconnaissance command
		// alone on its line counts.
		if reconAlone(cmd, rest) {
			return true
		}
		return !(weak && !shellArgsWeak(rest) || !weak && !shellArgs.MatchString(rest))
	case "`":
		// Inline code in prose (markdown: "run `ls -la` to list") is not an injection: a weak
		// command in backticks counts only when the value is not a sentence.
		return !(weak && (!shellArgs.MatchString(rest) || proseWords(n) >= 4) && !reconAlone(cmd, rest))
	default:
		// A lone ampersand joins words in prose ("Tom & Jerry", a password "s3cr3t&More"): a
		// weak word needs shell args, and after a single "&" it needs some (a weak word alone
		// at the end reads stdin or prints nothing), unless it is a reconnaissance probe (x&ls).
		if sep == "&" && weak && strings.TrimSpace(rest) == "" && !reconCommands[cmd] {
			return false
		}
		return !(weak && !shellArgs.MatchString(rest))
	}
}

// reconAlone reports a reconnaissance command alone on its line or in its substitution.
func reconAlone(cmd, rest string) bool {
	if !reconCommands[cmd] {
		return false
	}
	r := strings.TrimLeft(rest, " ")
	return r == "" || r[0] == '\n' || r[0] == '\x60' || r[0] == ')'
}

var reconCommands = map[string]bool{"id": true, "whoami": true, "uname": true, "pwd": true, "ls": true,
	"ifconfig": true, "ipconfig": true, "hostname": true, "env": true, "printenv": true, "ps": true,
	"netstat": true, "systeminfo": true, "ver": true, "dir": true}

// proseWords counts alphabetic words of three or more letters, a cheap sign of a sentence.
func proseWords(s string) int {
	n, run := 0, 0
	for i := 0; i <= len(s); i++ {
		if i < len(s) && (s[i] >= 'a' && s[i] <= 'z') {
			run++
			continue
		}
		if run >= 3 {
			n++
		}
		run = 0
	}
	return n
}

// shellArgsWeak are the arguments that make an English command word a command line: flags,
// absolute paths, variables, URLs, addresses (not separators alone: "time | date" is prose).
var shellArgsWeak = mustCompile(`^\s*(?:-{1,2}[a-z]|/[\w.-]+/|/(?:etc|tmp|dev|proc|var|bin|usr|home|root)\b|~/|\$|[a-z]+://|\d+(?:\.\d+){3}\b|[<>])`).MatchString

var shellArgsStrict = mustCompile(`^\s*(?:-{1,2}[a-z]|/[\w.-]+/|/(?:etc|tmp|dev|proc|var|bin|usr|home|root)\b|~/|\$|\|\|?|;|&&|[<>]|[a-z]+://|\d+(?:\.\d+){3}\b)`).MatchString

// startCommand reports a value that is itself a command line: a command word at the start
// followed by shell arguments (a weak word needs them to be unambiguous).
func startCommand(l string, whole bool) bool {
	t := strings.TrimLeft(l, " ")
	cmd, end, ok := commandAt(t, 0)
	if !ok {
		return false
	}
	rest := t[end:]
	if strings.HasPrefix(strings.TrimLeft(t, " \t"), "\n") && reconAlone(cmd, rest) {
		return true // a newline injected before a reconnaissance command
	}
	if unterminatedQuote(t) {
		return false // "rm -rf node_modules didn't help": a shell refuses the whole line
	}
	if whole && toolCommands[cmd] && strings.TrimSpace(rest) != "" {
		return true // a tool's name alone ("ansible", a package name) is a word, not a command line
	}
	if harmlessInProse[cmd] && plainProseAfter(t[end:]) {
		return false // "echo -n is a shell thing, I know": prints words, chains nothing
	}
	if strings.TrimSpace(rest) == "" {
		return whole && aloneCommands[cmd]
	}
	if cmd == "dd" {
		return ddOperands(rest) // without them, "dd/MM/yyyy" is a date format
	}
	if weakCommandSet[cmd] {
		return shellArgsWeak(rest)
	}
	return shellArgsStrict(rest)
}

// aloneCommands are reconnaissance commands that are an attack probe even as the whole value.
var aloneCommands = map[string]bool{
	"whoami": true, "uname": true, "ifconfig": true, "ipconfig": true, "systeminfo": true,
	"netstat": true, "tasklist": true, "printenv": true, "hostnamectl": true, "lsb_release": true,
	"getent": true, "ls-la": true,
}

// plainProse reports a lower-cased value that is a sentence with no shell syntax at all: at
// least five words of three or more letters (proseWords) and none of the characters that chain,
// substitute, redirect, quote, escape or expand (; | & ` $ < > ( ) { } quotes, backslash, ~,
// line breaks). Without them a shell can run only the value's first word with the rest as plain
// arguments, so a command named in mid-sentence ("the old system used cmd.exe /c for jobs")
// runs nothing; a command at the start is left to startCommand.
func plainProse(l string) bool {
	if proseBreakers.in(l) {
		return false
	}
	if proseWords(l) < 5 {
		return false
	}
	// The first word must be a plain word: not a command, a batch keyword (if, for) or any
	// other word a direct pattern starts with ("invoke-webrequest ...").
	t := strings.TrimLeft(l, " ")
	j := 0
	for j < len(t) && j < 32 && t[j] >= 'a' && t[j] <= 'z' {
		j++
	}
	if j == 0 || j < len(t) && t[j] != ' ' && t[j] != ',' && t[j] != '.' {
		return false
	}
	w := t[:j]
	return !commandSet[w] && cmdiWordLookup([]byte(w)) == 0
}

// plainProseAfter reports the arguments of a harmless command that are plain words: no shell
// syntax (as plainProse) and at least three words of three or more letters.
func plainProseAfter(rest string) bool {
	return !proseBreakers.in(rest) && proseWords(rest) >= 3
}

// harmlessInProse are commands that, given only plain words and flags, print those words and do
// nothing else: a sentence that starts with one ("echo -n is a shell thing") is not an injection.
var harmlessInProse = map[string]bool{"echo": true, "printf": true}

// ddOperands reports dd's own operand syntax (if=, of=, bs=, count=): without it "dd" is a day
// in a date format ("dd/MM/yyyy", "dd.mm.yy").
func ddOperands(rest string) bool {
	return strings.Contains(rest, "if=") || strings.Contains(rest, "of=") || strings.Contains(rest, "bs=") || strings.Contains(rest, "count=")
}

// devCommands are build and text tools that developers name in tickets, reviews and chat
// ("grep -rn console.log src/ | wc -l gives 214"): they read the project and print, and no
// exploit uses them alone.
var devCommands = map[string]bool{"grep": true, "egrep": true, "fgrep": true, "wc": true, "sort": true,
	"uniq": true, "head": true, "tail": true, "cut": true, "tr": true, "jq": true, "npm": true, "npx": true,
	"yarn": true, "pnpm": true, "git": true, "go": true, "make": true, "cargo": true, "tsc": true,
	"eslint": true, "prettier": true, "jest": true, "vitest": true, "pytest": true, "mvn": true,
	"gradle": true, "dotnet": true, "composer": true, "bundle": true, "rake": true, "echo": true,
	"printf": true, "cd": true, "diff": true, "less": true, "more": true, "time": true}

// devProse reports a sentence that names developer tools with their flags and pipes: six or
// more words of prose, every command position (the start and after ; | & or a line break) holds a
// devCommands tool or no command at all, and nothing that exploits use: no substitution,
// redirection, process substitution, sensitive or system path, URL or address.
func devProse(l string) bool {
	if proseWords(l) < 6 || strings.ContainsAny(l, "`><") || strings.Contains(l, "$(") || strings.Contains(l, "${") {
		return false
	}
	for _, bad := range []string{"/etc/", "/proc/", "/dev/", "/bin/", "/sbin/", "/tmp/", "/var/", "/root", "/home/", "~/", "://", "passwd", "shadow", ".ssh", "\\", "%"} {
		if strings.Contains(l, bad) {
			return false
		}
	}
	if hasDottedQuad(l) {
		return false
	}
	// Every piece between ; | & and line breaks (strings.FieldsFunc's pieces, without the slice).
	for start := 0; start < len(l); {
		end := start
		for end < len(l) && !pieceEnd[l[end]] {
			end++
		}
		w := firstWord(strings.TrimLeft(l[start:end], " \t"))
		if w != "" && commandSet[w] && !devCommands[w] {
			return false
		}
		start = end + 1
	}
	return true
}

// pieceEnd are the bytes between devProse's pieces: chainBytes and line breaks.
var pieceEnd = func() (t [256]bool) {
	for _, c := range []byte(chainBytes + "\n\r") {
		t[c] = true
	}
	return t
}()

// dottedQuad is the definition hasDottedQuad implements (a test holds the code to it).
var dottedQuad = mustCompile(`\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}`)

// hasDottedQuad reports dottedQuad's match in s in one pass: a digit, "." and a run of one to
// three digits twice, "." and a digit. The two middle groups lie between dots, so they are whole
// runs of digits; the first is the end of any run and the last the start of one. Each run is
// looked at from its end, at most 9 bytes ahead.
func hasDottedQuad(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isDigitByte(s[i]) || i+1 < len(s) && isDigitByte(s[i+1]) {
			continue // not the last digit of a run
		}
		j := i + 1
		for k := 0; k < 2; k++ {
			if j >= len(s) || s[j] != '.' {
				j = -1
				break
			}
			d := j + 1
			for d < len(s) && d-j <= 4 && isDigitByte(s[d]) {
				d++
			}
			if n := d - j - 1; n < 1 || n > 3 {
				j = -1
				break
			}
			j = d
		}
		if j >= 0 && j+1 < len(s) && s[j] == '.' && isDigitByte(s[j+1]) {
			return true
		}
	}
	return false
}

func isDigitByte(c byte) bool { return c >= '0' && c <= '9' }

// camelIdentifier reports a single word of ASCII letters and digits in camel or Pascal case
// (a lower-case letter followed by an upper-case one): a program identifier.
func camelIdentifier(s string) bool {
	camel := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
			return false
		}
		if i > 0 && c >= 'A' && c <= 'Z' && s[i-1] >= 'a' && s[i-1] <= 'z' {
			camel = true
		}
	}
	return camel
}

// unterminatedQuote reports a first line with an odd number of apostrophes and no double quote
// or backslash ("rm -rf node_modules didn't help"): sh, dash and bash reject such a line with a
// syntax error before running any of it, so a value that is that line is not a command line.
func unterminatedQuote(t string) bool {
	if i := lineBreaks.index(t); i >= 0 {
		t = t[:i]
	}
	return strings.Count(t, "'")%2 == 1 && !strings.ContainsAny(t, "\"\\")
}

// anchoredRegex reports a regular expression anchored at both ends (^[a-z0-9._%+-]+@...\.[a-z]{2,}$:
// a validation pattern in a regex tester or a form builder) with no shell separator, line break,
// backtick, $( or ${, and every "|" inside parentheses (alternation). A shell cannot run it: the
// first word starts with "^", no separator starts another command, and a "(" after a word is a
// syntax error.
func anchoredRegex(s string) bool {
	if len(s) < 3 || s[0] != '^' || s[len(s)-1] != '$' || strings.ContainsAny(s, ";&`\n\r") ||
		strings.Contains(s, "$(") || strings.Contains(s, "${") {
		return false
	}
	depth := 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '\\':
			i++
		case '(':
			depth++
		case ')':
			depth--
		case '|':
			if depth <= 0 {
				return false
			}
		}
	}
	return true
}
