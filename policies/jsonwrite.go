package policies

import (
	"encoding/json"
	"slices"
	"strconv"
	"unicode/utf8"
)

// Log events and local-response bodies are written by hand, byte for byte as encoding/json
// writes them (object keys sorted, HTML characters, U+2028 and U+2029 escaped, invalid UTF-8 as
// U+FFFD), without reflection: under Wasm encoding/json over a map was a quarter of a blocked
// request's time (issue 17). Values of a type not handled here go through encoding/json.

// jsonField is one member of an object being written.
type jsonField struct {
	key string
	val any
}

// appendJSONObject appends the object of fields, sorted by key; fields must not repeat a key.
func appendJSONObject(b []byte, fields []jsonField) ([]byte, error) {
	slices.SortFunc(fields, func(x, y jsonField) int {
		switch {
		case x.key < y.key:
			return -1
		case x.key > y.key:
			return 1
		}
		return 0
	})
	b = append(b, '{')
	for i, f := range fields {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendJSONString(b, f.key)
		b = append(b, ':')
		var err error
		if b, err = appendJSONValue(b, f.val); err != nil {
			return b, err
		}
	}
	return append(b, '}'), nil
}

// appendJSONValue appends v as json.Marshal would.
func appendJSONValue(b []byte, v any) ([]byte, error) {
	switch v := v.(type) {
	case nil:
		return append(b, "null"...), nil
	case string:
		return appendJSONString(b, v), nil
	case int:
		return strconv.AppendInt(b, int64(v), 10), nil
	case int64:
		return strconv.AppendInt(b, v, 10), nil
	case int32:
		return strconv.AppendInt(b, int64(v), 10), nil
	case uint32:
		return strconv.AppendUint(b, uint64(v), 10), nil
	case uint64:
		return strconv.AppendUint(b, v, 10), nil
	case bool:
		return strconv.AppendBool(b, v), nil
	case []string:
		if v == nil {
			return append(b, "null"...), nil
		}
		b = append(b, '[')
		for i, s := range v {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendJSONString(b, s)
		}
		return append(b, ']'), nil
	case map[string]string:
		if v == nil {
			return append(b, "null"...), nil
		}
		fields := make([]jsonField, 0, len(v))
		for k, s := range v {
			fields = append(fields, jsonField{k, s})
		}
		return appendJSONObject(b, fields)
	case map[string]any:
		if v == nil {
			return append(b, "null"...), nil
		}
		fields := make([]jsonField, 0, len(v))
		for k, x := range v {
			fields = append(fields, jsonField{k, x})
		}
		return appendJSONObject(b, fields)
	}
	j, err := json.Marshal(v)
	if err != nil {
		return b, err
	}
	return append(b, j...), nil
}

// appendJSONString appends s quoted as encoding/json quotes a string (with HTML escaping).
func appendJSONString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '\\', '"':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hex[r&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}
