package injection

import (
	"strings"

	libinjection "github.com/corazawaf/libinjection-go"
)

// Sensitivity. A detector's finding is evidence of a strength; the route's injection.sensitivity
// (1..4, default 2, like CRS's paranoia levels) says which strengths block:
//
//   - 1: break-outs only. The value leaves the context its sink puts it in and forms active
//     syntax there: it closes the argument it was meant to be and starts another command, or
//     it is a known weapon (a reverse shell, a substitution, a template or JNDI lookup...). For
//     routes whose users post shell text (documentation, chat, code review, CI).
//   - 2 (default): also command lines that are only themselves (a value that starts with a
//     command and its arguments, pipelines and chains after it, scripts): a sink that runs the
//     whole value (a web shell's "cmd") is attacked that way.
//   - 3: also SQL that the default reads as shown in prose (statements and quotations inside
//     sentences, boolean search syntax), and a tool's name alone (visudo, chef-shell).
//   - 4: also libinjection's SQL verdict without the project's false-positive filters.
//
// The other families report the same at every level. The default level is declared with the
// option (injection.sensitivity in policies/internal/optspec).

// cmdiAt is the command-injection verdict on s at sensitivity sens (whole: s is a value, not a
// key): break-outs (mail protocol commands after CR LF among them) at every level, command lines
// from 2, a tool's name alone from 3.
//
// One pass (cmdiFeatures) decides which detectors could fire (detect_cmdi_gate.go).
func cmdiAt(s string, whole bool, sens int) bool {
	f := cmdiFeatures(s)
	if whole && cmdiBreakoutAny(s, f) {
		return true
	}
	if f&cmdiNeedBrace != 0 && whole {
		if e, ok := braceWords(s); ok && detectCmdi(e, true) && (sens >= 2 || cmdiStrong(e)) {
			return true
		}
	}
	if detectCmdiF(s, whole, f, true) && (sens >= 2 || cmdiStrong(s)) {
		return true
	}
	if sens >= 2 && whole && (nodeRuntimeExpr(s) || f&cmdiNeedCd != 0 && cdResolvedFile(s)) {
		return true
	}
	return sens >= 3 && whole && toolAlone(s)
}

// toolAlone reports a value that is only an administration tool's name (sensitivity 3).
func toolAlone(v string) bool {
	t := strings.ToLower(strings.TrimSpace(v))
	return toolCommands[t]
}

// detectSQLiStrict is detectSQLi without the prose filters (sensitivity 3), and without the
// false-positive filters on libinjection's verdict (4).
func detectSQLiStrict(s string, sens int) bool {
	if len(s) < 2 {
		return false
	}
	p := getFoldBuf(len(s))
	defer putFoldBuf(p)
	sig, strong := scanSQL(s, p)
	if sig&sqPunct == 0 && sig&sqStrongWords == 0 && sig&sqNumBool == 0 {
		return false
	}
	if sqliVerdictRaw(s, *p, sig, strong) {
		return true
	}
	if sens >= 4 {
		ok, _ := libinjection.IsSQLi(s)
		return ok
	}
	return false
}

// cmdiStrong reports command-injection evidence that is a break-out, for a value the command
// detector already flagged: the value ends the argument it was meant to be (after at most one
// token: "127.0.0.1; id", "x|id", ";id", "a\nid") with a separator, a substitution or a
// redirection, or it holds a weapon (cmdiWeapon).
func cmdiStrong(s string) bool {
	t := strings.TrimLeft(s, " \t")
	if t != "" && (t[0] == '\'' || t[0] == '"') {
		t = t[1:]
	}
	i := 0
	for i < len(t) && !strings.ContainsRune(" \t\r\n;|&`$()<>", rune(t[i])) {
		i++
	}
	j := i
	for j < len(t) && (t[j] == ' ' || t[j] == '\t') {
		j++
	}
	if j < len(t) {
		switch c := t[j]; {
		case c == ';' || c == '|' || c == '&' || c == '\n' || c == '\r' || c == '<' || c == '>':
			return true
		case c == '`':
			if !strings.HasPrefix(t[j:], "```") {
				return true
			}
		case c == '$' && j+1 < len(t) && (t[j+1] == '(' || t[j+1] == '{'):
			return true
		}
	}
	return maybeForkBomb(s) && forkBomb.MatchString(s) || cmdiWeapon.MatchString(strings.ToLower(s))
}

// cmdiWeapon are command shapes that no documentation needs to show working: reverse shells,
// interactive shells over the network, field-separator tricks, JNDI and template lookups,
// script-engine sinks reached from a value.
var cmdiWeapon = newGated(
	"/dev/ bash sh nc ncat mkfifo socat", `/dev/(?:tcp|udp)/|\b(?:ba)?sh\s+-i\b|\bnc(?:at)?\s+(?:-[a-z]*\s+)*-[a-z]*[ec]\b|\bmkfifo\b|\bsocat\b.*\bexec:`,
	"ifs", `\$\{?ifs\b`,
	"jndi", `\$\{[^}]{0,40}jndi\s*:|\{\s*jndi\s*:`,
	"system exec passthru popen proc_open child_process constructor mainmodule getruntime processbuilder",
	`\b(?:system|exec|shell_exec|passthru|popen|proc_open|pcntl_exec)\s*\(\s*['"$\x60]|\bchild_process\b|\bconstructor\s*\.\s*constructor\b|\bmainmodule\b|\bgetruntime\s*\(\s*\)\s*\.\s*exec\b|\bprocessbuilder\s*\(`,
	"<?php <?= $_", `<\?php\b.*\b(?:system|exec|passthru|shell_exec|eval)\s*\(|<\?=\s*\x60|\$_(?:get|post|request|cookie)\s*\[[^\]]*\]\s*\)`,
	"powershell pwsh iex downloadstring", `\b(?:powershell|pwsh)(?:\.exe)?\s+(?:-\w+\s+)*-e(?:nc(?:odedcommand)?)?\s|\biex\s*\(|\bdownloadstring\s*\(`,
)
