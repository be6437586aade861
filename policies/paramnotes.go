package policies

import "strings"

// ParamNote is what a feature that runs earlier in a phase tells the injection detectors about
// one parameter of the request, by the name and location the detectors give it (a query or form
// key, a cookie name, a lower-case header name, "path" for the path, a JSON path such as
// "user.id" for a body field). Today the contract writes them: a parameter whose value it has
// proven to be a token (a number, a boolean, a UUID, a date, an enum member, a pattern-restricted
// token) cannot carry a payload, and a parameter the operator's document says holds code or SQL
// is inspected as injection.content declares it. It is the operator's configuration speaking
// (the contract is configuration), never the request: a note is only written for a value that
// passed the configured check.
type ParamNote struct {
	// Location: LocPath, LocQuery, LocHeader, LocCookie or LocBody.
	Location string
	// Parameter is the parameter's name as the detectors report it.
	Parameter string
	// Proven: every injection family skips the parameter (custom rules still apply).
	Proven bool
	// Holds: what the value holds, one of injection.content's kinds ("" when not declared).
	Holds string
}

// Request parts a value is found in, as injection names them in config and in events and as a
// ParamNote's Location gives them.
const (
	LocPath   = "path"
	LocQuery  = "query"
	LocHeader = "header"
	LocCookie = "cookie"
	LocBody   = "body"
)

// NoteParam records a note for the features that run after the caller (see ParamNote). Notes
// written in Admit apply to the path, query and headers, those written in Body to the body.
func (tx *Tx) NoteParam(n ParamNote) { tx.notes = append(tx.notes, n) }

// ParamNotes returns the notes recorded so far, in order.
func (tx *Tx) ParamNotes() []ParamNote { return tx.notes }

// URLDecodeRepeat percent-decodes s (%XX, %uXXXX, and "+" as a space when plus is set) until it
// no longer changes, at most maxDecodeRounds times: the names and values the injection
// detectors see, and the names a feature that notes parameters must compare with theirs.
func URLDecodeRepeat(s string, plus bool) string {
	if plus && strings.Contains(s, "+") {
		s = strings.ReplaceAll(s, "+", " ")
	}
	for i := 0; i < maxDecodeRounds; i++ {
		if !strings.Contains(s, "%") {
			break
		}
		d := PercentDecodeLoose(s)
		if d == s {
			break
		}
		s = d
	}
	return s
}

// maxDecodeRounds bounds repeated percent-decoding: each round is linear, and four rounds undo
// any encoding a real client sends (double and triple encoding are evasions).
const maxDecodeRounds = 4
