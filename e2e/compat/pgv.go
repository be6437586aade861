package compat

import (
	"strings"
	"unicode"
)

// pgvError is the error type protoc-gen-validate generates for each message (e.g.
// BootstrapValidationError): the Go name of the failing field, the rule's reason, and for
// embedded messages the nested error as Cause.
type pgvError interface {
	Field() string
	Reason() string
	Cause() error
}

// pgvMulti is what ValidateAll returns: every violation of one message.
type pgvMulti interface{ AllErrors() []error }

// validatable is a message with protoc-gen-validate's ValidateAll.
type validatable interface{ ValidateAll() error }

// addValidation flattens a ValidateAll error into problems with proto-name paths under path
// ("invalid Listener.FilterChains[0]: embedded message failed validation | caused by: ..." becomes
// `filter_chains[0].filters[0].name: value length must be at least 1 runes`).
func addValidation(ps *problems, path string, err error) {
	if err == nil {
		return
	}
	if m, ok := err.(pgvMulti); ok {
		for _, e := range m.AllErrors() {
			addValidation(ps, path, e)
		}
		return
	}
	ve, ok := err.(pgvError)
	if !ok {
		ps.add(path, "%v", err)
		return
	}
	p := join(path, snakeField(ve.Field()))
	if c := ve.Cause(); c != nil {
		if _, nested := c.(pgvError); nested {
			addValidation(ps, p, c)
			return
		}
		if _, nested := c.(pgvMulti); nested {
			addValidation(ps, p, c)
			return
		}
		ps.add(p, "%s: %v", ve.Reason(), c)
		return
	}
	ps.add(p, "%s", ve.Reason())
}

// snakeField turns protoc-gen-validate's Go field name ("HttpFilters[1]", "Http2ProtocolOptions",
// "KeyValues[FOO]") back into the proto name the config was written with.
func snakeField(f string) string {
	name, rest := f, ""
	if i := strings.IndexByte(f, '['); i >= 0 {
		name, rest = f[:i], f[i:]
	}
	var b strings.Builder
	for i, r := range name {
		if unicode.IsUpper(r) {
			if i > 0 {
				prev := rune(name[i-1])
				if unicode.IsLower(prev) || unicode.IsDigit(prev) {
					b.WriteByte('_')
				}
			}
			r = unicode.ToLower(r)
		}
		b.WriteRune(r)
	}
	return b.String() + rest
}
