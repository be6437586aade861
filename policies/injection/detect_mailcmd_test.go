package injection

import "testing"

// TestMailCommandInjection: a value that ends the protocol line and starts an SMTP, POP3 or
// IMAP command with that command's argument shape; blank-line text that does not.
func TestMailCommandInjection(t *testing.T) {
	for _, c := range []detectCase{
		{"\r\nMAIL FROM:<a@b.com>", true}, {"\r\nRCPT TO:<Postmaster>", true}, {"\r\nEHLO test.com", true},
		{"\r\nRETR 123", true}, {"\r\nlist 3", true}, {"\r\nTOP 1 2", true},
		{"\r\nAUTH corerulest dGhpc2lzIWF0ZXN0cGFzc3dvcmQ=", true},
		{"\r\nAPOP corerulest 7d0a3bd8e5b2abcfb3e256633c23b891", true},
		{"\r\nA003 APPEND saved-messages (\\Seen) {310}", true}, {"\r\na001 STATUS INBOX (MESSAGES)", true},
		{"\r\nList of items", false}, {"\r\nTop 3 picks for spring", false}, {"\r\nAuth failed again", false},
		{"\r\nMail from the office arrived", false}, {"\r\nTeam list attached", false}, {"MAIL FROM:<a@b.com>", false},
		{"Hello\r\nRETR 1", false}, {"\r\nHelo there friend", false},
	} {
		if got := mailCommandInjection(c.in); got != c.want {
			t.Errorf("mailCommandInjection(%q) = %v, want %v", c.in, got, c.want)
		}
	}
}
