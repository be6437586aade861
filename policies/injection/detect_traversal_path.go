package injection

import "strings"

// maxSensitiveMatches bounds the matches sensitiveFileNamed examines one by one; a value with
// more is reported as it was before globs were read (conservative, and linear).
const maxSensitiveMatches = 16

// sensitiveFileNamed reports a sensitive file (sensitiveFile) in n, a lower-cased value whose
// backslashes are slashes, that the value names as a file to open. A sensitive directory
// followed by a glob ("/var/log/nginx/*.log", `C:\Windows\System32\*` in a search query's
// wildcard) names no file: a file API reads "*" as a character of the name, so nothing under
// the directory is opened. A glob in the sensitive name itself ("/etc/passwd*") or after a
// file the value does name still counts ("/etc/passwd *.log"); dot-dot climbs are judged apart
// (traversalSeq).
func sensitiveFileNamed(n string) bool {
	if strings.IndexByte(n, '*') < 0 {
		return sensitiveFile.MatchString(n)
	}
	for _, r := range sensitiveFile {
		if !r.gate(n) {
			continue
		}
		ms := r.re.FindAllStringIndex(n, maxSensitiveMatches+1)
		if len(ms) > maxSensitiveMatches {
			return true
		}
		for _, m := range ms {
			if !globBelow(n, m[0], m[1]) {
				return true
			}
		}
	}
	return false
}

// globBelow reports that the sensitive match n[a:b] ends at a directory ("/var/log/nginx",
// "c:/windows") and that the path naming what is under it holds a "*" ("/*.log",
// "/system32/*"): up to the end of the path (a blank, a quote, "," or ";").
func globBelow(n string, a, b int) bool {
	start := -1
	switch {
	case b > a && n[b-1] == '/':
		start = b
	case b > a && isPathTokenByte(n[b-1]) && b < len(n) && n[b] == '/':
		// The match ends inside a name ("/var/log/nginx"), not on the blank or quote after it.
		start = b + 1
	default:
		return false
	}
	for i := start; i < len(n); i++ {
		switch n[i] {
		case '*':
			return true
		case ' ', '\t', '\n', '\r', '"', '\'', '`', ',', ';':
			return false
		}
	}
	return false
}

// pathLeavesBase reports whether n (lower-cased, backslashes as slashes), resolved as one path
// against a base directory the way a file API resolves it, climbs out of the base: a segment of
// dots only ("..", and "..." which some filters reduce to one; trailing dots and blanks are
// dropped from a name on Windows, so ".. " is one too) or a Tomcat "..;" segment taken when
// nothing is left to climb from. "add case for path ../../config.yml" is three segments, the
// first "add case for path ..": one level down, one up, and "config.yml" stays in the base.
func pathLeavesBase(n string) bool {
	depth := 0
	for rest := n; ; {
		seg, more, found := strings.Cut(rest, "/")
		switch t := strings.TrimRight(seg, ". "); {
		case seg == "" || seg == ".":
		case t == "" && strings.Count(seg, ".") >= 2, strings.HasPrefix(seg, "..;"):
			if depth--; depth < 0 {
				return true
			}
		case t == "":
			// "." followed by blanks: the current directory on Windows.
		default:
			depth++
		}
		if !found {
			return false
		}
		rest = more
	}
}

// maxDotsTarget bounds the path read after a run of "../" (a system file's name is short), so
// that a value of many runs is read in linear time.
const maxDotsTarget = 128

// maxDotRuns bounds the runs of "../" dotsToSensitive reads.
const maxDotRuns = 16

// dotsToSensitive reports a run of "../" in n followed by a sensitive file (sensitiveFile, read
// as an absolute path: "../../etc/passwd" names /etc/passwd once it has climbed far enough).
// More than maxDotRuns runs are reported (conservative, and cheap).
func dotsToSensitive(n string) bool {
	runs := 0
	for i := strings.Index(n, "../"); i >= 0; {
		if runs++; runs > maxDotRuns {
			return true
		}
		j := i
		for strings.HasPrefix(n[j:], "../") {
			j += 3
		}
		e := j
		for e < len(n) && e-j < maxDotsTarget && (isPathTokenByte(n[e]) || n[e] == '/') {
			e++
		}
		if e > j && mayBeSensitive(n[j:e]) && sensitiveFile.MatchString("/"+n[j:e]) {
			return true
		}
		k := strings.Index(n[j:], "../")
		if k < 0 {
			return false
		}
		i = j + k
	}
	return false
}
