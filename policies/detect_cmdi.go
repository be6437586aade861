package policies

import (
	"regexp"
	"strings"
)

// Commands are split in two: strongCommands are programs that ordinary text hardly ever names
// right after a shell separator; weakCommands are also English words ("cat", "more", "find"),
// so they count only with shell-looking arguments or at the end of the value.
const strongCommands = `whoami|uname|wget|curl|nc|ncat|netcat|socat|bash|sh|zsh|ksh|csh|tcsh|dash|ash|busybox|powershell|pwsh|cmd|cmd\.exe|chmod|chown|chgrp|ifconfig|ipconfig|netstat|nslookup|dig|traceroute|tracert|python[23]?|perl|php|ruby|node|lua|nohup|base64|telnet|xterm|certutil|bitsadmin|systeminfo|tasklist|taskkill|wmic|reg|regsvr32|rundll32|mshta|cscript|wscript|useradd|usermod|userdel|passwd|sudo|su|crontab|gcc|make|tftp|ftp|scp|sftp|ssh|rsync|nmap|mkfifo|mknod|xxd|od|strings|hexdump|awk|gawk|sed|xargs|tee|dd|tar|zip|unzip|gzip|gunzip|lsof|getent|hostname|shutdown|reboot|halt|pkill|killall|systemctl|service|iptables|apt|apt-get|yum|dnf|pip|pip3|npm|docker|kubectl|env|printenv|export|uptime|lsb_release|hostnamectl|ping|host|whois|id|ls|ps|pwd|rm|cp|mv|ln|mkdir|rmdir|cat|tac|nl|head|tail|more|less|grep|egrep|fgrep|find|locate|echo|printf|sleep|kill|touch|chroot|exec|eval|source|alias|unset|time|wc|cut|sort|uniq|diff|file|stat|type|dir|net|whereis|which|who|w|last|lastlog|history|man|vi|vim|nano|ed|expr|timeout|openssl|gpg|mail|sendmail|watch|tr|rev|column|paste|fold|base32|bzip2|7z|rar|jq|yes|ls-la`

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
	return m
}()

// cmdDirPrefixes are directory prefixes a command may be called with.
var cmdDirPrefixes = []string{"/usr/local/sbin/", "/usr/local/bin/", "/usr/sbin/", "/usr/bin/", "/sbin/", "/bin/",
	"c:/windows/system32/", "c:/windows/"}

// commandAt reads a command word at n[i:], after blanks and an optional directory prefix, and
// returns it with the index just past it. It runs in time bounded by the word's length.
func commandAt(n string, i int) (cmd string, end int, ok bool) {
	for i < len(n) && (n[i] == ' ' || n[i] == '\t' || n[i] == '\n' || n[i] == '\r' || n[i] == '\v' || n[i] == '\f') {
		i++
	}
	for _, p := range cmdDirPrefixes {
		if strings.HasPrefix(n[i:], p) {
			i += len(p)
			break
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
var shellArgs = regexp.MustCompile(`^\s*(?:$|[;|&\x60)<>}]|-{1,2}[a-z0-9]|/[\w.*-]|~|\$|\.{1,2}/|\w+\.(?:sh|txt|php|py|pl|log|conf|out|bin|exe|bat|ps1|c|so|tmp)\b|\d+(?:\.\d+){3}|\d+\s*(?:$|[;|&\x60)])|[a-z]+://|%\w+%|[a-z]:/|"|'|\*|[a-z0-9._-]+\s*[|;&>])`)

// cmdiDirect are unambiguous shell or interpreter constructs.
var cmdiDirect = newGated(
	"$", `\$\{?ifs\b|\$\{[a-z_]+:[\d-]+(?::\d+)?\}|\$\{[a-z_]*[#%/^,~][^}]*\}`,
	"(", `^\s*\(\s*\)\s*\{`,
	"/", `(?:^|[\s;|&'"=<(])/[\w.-]*(?:/[\w.-]*)*(?:\[[^\]\s]{1,10}\]|\*|\?(?:[/\s]|$))`,
	"nc netcat", `\b(?:nc|ncat|netcat)\b[^;|&\n]{0,60}?\s-[a-z]*[ec]\s`,
	"${ $[ $(( <(", `\$\{[^}]{0,40}jndi\s*:|\$\{(?:env|sys|java|lower|upper|base64|date|main|ctx|k8s|docker|spring|web|bundle|log4j|sd|marker)\s*:|\$\[\s*\d|\$\(\(|<\(\s*[a-z]`,
	"/dev/ -i mkfifo rm", `/dev/(?:tcp|udp)/|\bbash\s+-i\b|\bsh\s+-i\b|\bnc(?:at)?\s+(?:-[a-z]*\s+)*-[a-z]*[ec]\b|\bmkfifo\b|\brm\s+-[rf]{1,2}\s+/`,
	"| base64 >", `\|\s*(?:ba|z|k|da)?sh\b|\|\s*(?:python|perl|ruby|php)\b|\bbase64\s+(?:-d|--decode)\b|>\s*/(?:dev/|tmp/|var/www|etc/)`,
	"$( `", `\$\(\s*[a-z/]|(?:^|[^\s\w])\x60\s*(?:/\w+)*/?(?:id|whoami|uname|cat|ls|pwd|wget|curl|sleep|ping|nslookup|echo|env|hostname|ifconfig)\b[^\x60]*\x60`,
	"cmd powershell pwsh iex invoke- new-object downloadstring start-process", `\b(?:cmd(?:\.exe)?\s*/[ck]\b|powershell(?:\.exe)?\s+(?:-|/)[a-z]|pwsh\s+-[a-z]|iex\s*\(|invoke-(?:expression|webrequest|command)\b|new-object\s+(?:-\w+\s+)?(?:system\.)?net\.webclient|downloadstring\s*\(|start-process\b)`,
	"system exec passthru popen proc_open assert create_function call_user_func child_process process runtime processbuilder", `\b(?:system|exec|shell_exec|passthru|popen|proc_open|pcntl_exec|assert|create_function|call_user_func)\s*\(\s*['"$\x60]|\bchild_process\b|\bprocess\s*\.\s*(?:mainmodule|binding|dlopen)\b|\brequire\s*\(\s*['"\x60](?:child_process|fs|net|vm)['"\x60]|\bruntime\s*\.\s*getruntime\s*\(\s*\)\s*\.\s*exec\b|\bprocessbuilder\s*\(`,
	"<? $_", `<\?php\b|<\?=|\$_(?:get|post|request|cookie|server|files|env)\s*\[`,
	"for if", `^\s*(?:for\s+/[rfld]\b|for\s+%%?\w\s+in\s*\(|if\s+(?:/i\s+)?(?:not\s+)?(?:exist\b|defined\b|errorlevel\b|"?%\w+%"?\s*(?:==|equ|neq|lss|leq|gtr|geq)\b))`,
	"net", `\bnet\s+(?:user|localgroup|group|share|use|view|start|stop)\b\s*\S`,
	"wget curl", `\b(?:wget|curl)\s+(?:-[a-z-]+\s+\S*\s*)*(?:https?|ftp)://`,
	"cat tac nl head tail more less grep strings od xxd", `\b(?:cat|tac|nl|head|tail|more|less|grep|strings|od|xxd)\s+(?:-[a-z]+\s+)*['"]?(?:/etc/|/proc/|/var/|~/|\.\./|/home/|/root/)`,
	"sleep", `\bsleep\s+\d+\s*[;|&\x60]`,
)

// shellNoise removes quoting and escapes the shell discards (w'h'o"am"i, w\hoami, $@, ^ in
// cmd.exe), and turns $IFS forms and brace expansion into spaces, so command words appear whole.
var shellNoise = strings.NewReplacer("'", "", "\"", "", "\\\n", "", "\\", "", "$@", "", "$*", "", "^", "",
	"${ifs}", " ", "``", "", "$ifs$9", " ", "$ifs", " ", "{", " {", ",", " ", "$u", "", "$9", "", "$1", "")

// shellVar is an unset-variable insertion (c$!at, c$@at, ca$at): the shell expands it to nothing.
var shellVar = regexp.MustCompile(`\$(?:[!@#*?$0-9-]|[a-z_]\w*\b)`)

// detectCmdi reports OS command or code injection in s. whole says s is a whole value (not a
// parameter name), where a lone reconnaissance command such as "whoami" counts.
func detectCmdi(s string, whole bool) bool {
	if len(s) < 2 {
		return false
	}
	l := strings.ToLower(s)
	if strings.ContainsAny(l, "\t\r\v\f") {
		l = strings.NewReplacer("\t", " ", "\r", "\n", "\v", " ", "\f", " ").Replace(l)
	}
	if cmdiDirect.MatchString(l) {
		return true
	}
	if !strings.ContainsAny(l, ";|&`$({\n") && !strings.HasPrefix(strings.TrimSpace(l), "/") {
		return startCommand(l, whole)
	}
	n := shellNoise.Replace(strings.ReplaceAll(l, "\\", "/"))
	if strings.Contains(n, "$") {
		n = shellVar.ReplaceAllString(n, "")
	}
	if n != l && cmdiDirect.MatchString(n) {
		return true
	}
	if commandAfterSeparator(n) {
		return true
	}
	return startCommand(n, whole)
}

// commandAfterSeparator scans every command position of n: after a shell separator or a
// substitution opener. The scan is linear: each position reads one bounded word.
func commandAfterSeparator(n string) bool {
	for i := 0; i < len(n); i++ {
		var sep string
		switch c := n[i]; c {
		case ';', '\n', '\r', '`', '(', '{':
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
		// A lone ampersand joins words in prose ("Tom & Jerry"): a weak word needs shell args.
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
	"netstat": true, "systeminfo": true, "ver": true}

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
var shellArgsWeak = regexp.MustCompile(`^\s*(?:-{1,2}[a-z]|/[\w.-]+/|/(?:etc|tmp|dev|proc|var|bin|usr|home|root)\b|~/|\$|[a-z]+://|\d+(?:\.\d+){3}\b|[<>])`).MatchString

var shellArgsStrict = regexp.MustCompile(`^\s*(?:-{1,2}[a-z]|/[\w.-]+/|/(?:etc|tmp|dev|proc|var|bin|usr|home|root)\b|~/|\$|\|\|?|;|&&|[<>]|[a-z]+://|\d+(?:\.\d+){3}\b)`).MatchString

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
	if strings.TrimSpace(rest) == "" {
		return whole && aloneCommands[cmd]
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
