package policies

import (
	"regexp"
	"strings"
)

// traversalSeq finds a parent-directory segment ("..", also "..." and "....//" filter bypasses)
// in a value whose backslashes were turned into slashes.
var traversalSeq = regexp.MustCompile(`(?:^|[/=:;,'"\s|])\.{2,}/+(?:[\w.%~$-])|/\.{2,}(?:$|[;?#'"\s])`)

// sensitiveFile finds well-known sensitive files and directories (operating system accounts,
// process information, secrets, version-control metadata), on a lower-cased value whose
// backslashes were turned into slashes.
var sensitiveFile = newGated(
	"/etc/", `/etc/(?:passwd|shadow|group|gshadow|hosts|hostname|issue|master\.passwd|sudoers|crontab|fstab|motd|profile|security/|ssh/|subuid|subgid|mysql/|apache2?/|httpd/|nginx/|environment|resolv\.conf|os-release)`,
	"/proc/", `/proc/(?:self|\d+|thread-self)/|/proc/(?:version|cpuinfo|meminfo|interrupts|mounts|net/|sched_debug|kallsyms|partitions|modules)`,
	"/sys/", `/sys/(?:class|kernel|devices|firmware|block|module)\b`,
	"/var/ /root/ /home/ /usr/local/etc/ /dev/", `/var/(?:log|lib|run|spool|mail)/|/root/|/home/\w+/\.|/usr/local/etc/|/dev/(?:tcp|udp|shm|mem|kmem)/?`,
	".env .git .svn .hg .bzr .ssh .aws .docker .kube .gnupg .npmrc .pypirc .netrc .htaccess .htpasswd _history .bashrc .profile .vscode .idea .config", `(?:^|/)\.(?:env|git|svn|hg|bzr|ssh|aws|docker|kube|gnupg|npmrc|pypirc|netrc|htaccess|htpasswd|bash_history|zsh_history|mysql_history|psql_history|bashrc|profile|dockerenv|git-credentials|gitconfig|vscode|idea|config)(?:$|[/.\s?#;'"])`,
	".ini web.config wp-config id_rsa id_dsa id_ecdsa id_ed25519 authorized_keys known_hosts", `\b(?:win|boot|system|php|desktop)\.ini\b|\bweb\.config\b|\bwp-config\.php|\bid_(?:rsa|dsa|ecdsa|ed25519)\b|\bauthorized_keys\b|\bknown_hosts\b`,
	"windows winnt system32 inetpub c:/", `(?:^|[/:])windows/(?:system32|win\.ini|repair|panther|debug)|(?:^|/)winnt/|\bsystem32/|/inetpub/|\bc:/(?:windows|winnt|boot\.ini|inetpub)`,
	"etc/ proc/", `(?:^|/|:)(?:etc|proc)/[a-z_.-]+/?$`,
)

// restrictedPathSegment finds, in the URL path only, dot-files and dot-directories (except
// /.well-known/) and backup or dump files that a web server should never serve.
var restrictedPathSegment = regexp.MustCompile(`(?:^|/)\.(?:[a-z0-9_-])` +
	`|\.(?:sql|bak|old|orig|swp|swo|save|backup|dump|db|sqlite|sqlite3|mdb|pem|key|crt|p12|pfx|log|ini|conf|cfg|env|tfstate|kdbx)(?:\.(?:gz|zip|tar|tgz|bz2|xz|7z|rar))?$` +
	`|(?:^|/)(?:wp-config|config|configuration|settings|database|secrets?|credentials?)\.(?:php|inc|bak|old|yml|yaml|json|toml)(?:[~.]|$)` +
	`|~$`)

// detectTraversal reports path traversal or a sensitive file in a decoded value.
func detectTraversal(s string) bool {
	if len(s) < 3 {
		return false
	}
	if !strings.ContainsAny(s, "./\\") {
		return false
	}
	n := strings.ToLower(strings.ReplaceAll(s, "\\", "/"))
	for strings.Contains(n, "//") && len(n) > 0 {
		n = strings.ReplaceAll(n, "//", "/")
	}
	n = strings.ReplaceAll(n, "/./", "/")
	return traversalSeq.MatchString(n) || sensitiveFile.MatchString(n)
}

// detectPathTraversal checks the URL path: dot-dot segments in any decoded form (before the path
// is resolved), sensitive files, and restricted dot-files and backups.
func detectPathTraversal(decoded string) bool {
	if detectTraversal(decoded) {
		return true
	}
	n := strings.ToLower(strings.ReplaceAll(decoded, "\\", "/"))
	for _, seg := range strings.Split(n, "/") {
		if seg == ".well-known" {
			n = strings.Replace(n, "/.well-known/", "/well-known/", 1)
		}
	}
	return restrictedPathSegment.MatchString(n)
}
