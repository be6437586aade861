package injection

import "strings"

// Mail protocol injection (SMTP, POP3, IMAP). A value that an application writes into a mail
// protocol session (a recipient, a subject, a mailbox name) leaves its line when it starts with
// CR LF, and the line it starts is a command when it is one of the protocol's verbs with that
// verb's argument shape: "\r\nMAIL FROM:<a@b>", "\r\nRCPT TO:<x>", "\r\nRETR 123",
// "\r\nTOP 1 2", "\r\nAPOP user <32 hex>", "\r\nA003 APPEND saved (\Seen) {310}". Text that
// starts with a blank line goes on with prose ("\r\nList of items"): the verb's argument shape
// (a number, an address in angle brackets, an IMAP tag with a digit) is what makes it a command.

var (
	smtpArgVerbs = wordSet("ehlo helo vrfy expn")
	pop3NumVerbs = wordSet("retr dele list top uidl")
	pop3Words    = wordSet("auth apop")
	imapVerbs    = wordSet(`append authenticate status uid login select examine fetch store copy move
		create delete rename subscribe lsub list search expunge idle starttls`)
)

// mailCommandInjection reports a value that ends the protocol line and starts a command.
func mailCommandInjection(s string) bool {
	if !strings.HasPrefix(s, "\r\n") {
		return false
	}
	line := s[2:]
	if e := strings.IndexAny(line, "\r\n"); e >= 0 {
		line = line[:e]
	}
	f := strings.Fields(line)
	if len(f) == 0 {
		return false
	}
	v := strings.ToLower(f[0])
	rest := strings.ToLower(strings.TrimSpace(line[len(f[0]):]))
	switch {
	case v == "mail" && strings.HasPrefix(rest, "from:"), v == "rcpt" && strings.HasPrefix(rest, "to:"):
		return true
	case smtpArgVerbs[v] && len(f) == 2 && strings.ContainsAny(f[1], ".@"):
		return true
	case pop3NumVerbs[v] && len(f) >= 2 && len(f) <= 3 && allDigits(f[1:]):
		return true
	case pop3Words[v] && len(f) >= 2 && len(f) <= 3:
		// AUTH <mechanism> <initial response>, APOP <user> <digest>
		return len(f) == 3 && (v == "auth" && len(f[2]) >= 8 && base64Word(f[2]) || v == "apop" && len(f[2]) == 32 && hexDigits(f[2]))
	case len(f) >= 2 && imapTag(f[0]) && imapVerbs[strings.ToLower(f[1])]:
		return true
	}
	return false
}

func allDigits(ws []string) bool {
	for _, w := range ws {
		if w == "" || strings.Trim(w, "0123456789") != "" {
			return false
		}
	}
	return true
}

func base64Word(w string) bool {
	for i := 0; i < len(w); i++ {
		if c := w[i]; !isWordByte(c) && c != '+' && c != '/' && c != '=' || c == '_' {
			return false
		}
	}
	return true
}

func hexDigits(w string) bool {
	return strings.Trim(strings.ToLower(w), "0123456789abcdef") == ""
}

// imapTag is a client command tag as clients write them: letters and digits with a digit in it
// (a001, A1, 42).
func imapTag(w string) bool {
	digit := false
	for i := 0; i < len(w); i++ {
		c := w[i]
		switch {
		case c >= '0' && c <= '9':
			digit = true
		case !isLetterByte(c):
			return false
		}
	}
	return digit && len(w) <= 12
}
