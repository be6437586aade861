package compat

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strings"
	"unicode/utf16"
)

// The plugin configuration is written once, in envoy/edgeward.json, and embedded into the YAML
// files that carry it (Envoy bootstraps as a string, WasmPlugin manifests as an object) between
// marker comments:
//
//	# BEGIN edgeward-embed string value
//	value: |
//	  {...}
//	# END edgeward-embed
//
// "string" embeds a YAML block scalar (Envoy's google.protobuf.StringValue), "object" the JSON as
// a YAML flow mapping (Istio's pluginConfig Struct); the word after it is the key to write.
// Embed rewrites what lies between the markers; everything else in the file is kept byte for byte.
var (
	beginMarker = regexp.MustCompile(`^([ ]*)# BEGIN edgeward-embed (string|object) ([A-Za-z_][A-Za-z0-9_]*)\b`)
	endMarker   = regexp.MustCompile(`^[ ]*# END edgeward-embed\b`)
)

// Embed returns yamlDoc with every marked region replaced by config (a JSON object, re-indented
// by two spaces with its key order kept and its strings written in ASCII, so that no character
// can mean something else to YAML), and the number of regions.
func Embed(yamlDoc, config []byte) ([]byte, int, error) {
	asString, err := asciiJSON(config, false)
	if err != nil {
		return nil, 0, fmt.Errorf("the plugin config: %w", err)
	}
	asYAML, err := asciiJSON(config, true)
	if err != nil {
		return nil, 0, fmt.Errorf("the plugin config: %w", err)
	}
	lines := strings.SplitAfter(string(yamlDoc), "\n")
	var out strings.Builder
	n := 0
	for i := 0; i < len(lines); i++ {
		m := beginMarker.FindStringSubmatch(lines[i])
		if m == nil {
			if endMarker.MatchString(lines[i]) {
				return nil, 0, fmt.Errorf("line %d: END marker without BEGIN", i+1)
			}
			out.WriteString(lines[i])
			continue
		}
		end := i + 1
		for end < len(lines) && !endMarker.MatchString(lines[end]) {
			if beginMarker.MatchString(lines[end]) {
				return nil, 0, fmt.Errorf("line %d: BEGIN marker inside the region opened at line %d", end+1, i+1)
			}
			end++
		}
		if end == len(lines) {
			return nil, 0, fmt.Errorf("line %d: BEGIN marker without END", i+1)
		}
		indent, style, key := m[1], m[2], m[3]
		out.WriteString(lines[i])
		if style == "string" {
			out.WriteString(indent + key + ": |\n")
		} else {
			out.WriteString(indent + key + ":\n")
		}
		body := asString
		if style == "object" {
			body = asYAML
		}
		for _, l := range strings.Split(body, "\n") {
			out.WriteString(indent + "  " + l + "\n")
		}
		out.WriteString(lines[end])
		i = end
		n++
	}
	return []byte(out.String()), n, nil
}

// asciiJSON re-indents a JSON object (two spaces, key order kept) writing every string in
// printable ASCII: control characters, DEL and non-ASCII as \u escapes, so the text means the
// same to a JSON reader inside a YAML block scalar, where YAML 1.1 would take NEL or U+2028 for
// line breaks. forYAML writes characters beyond the BMP as YAML's \UXXXXXXXX instead of a JSON
// surrogate pair (which YAML reads as two invalid characters): for the flow-mapping form, which
// is read as YAML, not as JSON.
func asciiJSON(data []byte, forYAML bool) (string, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var b strings.Builder
	tok, err := dec.Token()
	if err != nil {
		return "", fmt.Errorf("not valid JSON: %w", err)
	}
	if d, ok := tok.(json.Delim); !ok || d != '{' {
		return "", errors.New("not a JSON object")
	}
	if err := writeJSON(dec, &b, tok, "", forYAML, 0); err != nil {
		return "", fmt.Errorf("not valid JSON: %w", err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return "", errors.New("not valid JSON: data after the object")
	}
	return b.String(), nil
}

// maxJSONDepth bounds the recursion of writeJSON (encoding/json's own limit is 10000).
const maxJSONDepth = 1000

func writeJSON(dec *json.Decoder, b *strings.Builder, tok json.Token, indent string, forYAML bool, depth int) error {
	if depth > maxJSONDepth {
		return errors.New("nested too deeply")
	}
	switch t := tok.(type) {
	case json.Delim:
		closing := byte('}')
		if t == '[' {
			closing = ']'
		}
		b.WriteByte(byte(t))
		n := 0
		for dec.More() {
			if n > 0 {
				b.WriteByte(',')
			}
			b.WriteString("\n" + indent + "  ")
			if t == '{' {
				key, err := dec.Token()
				if err != nil {
					return err
				}
				writeString(b, key.(string), forYAML)
				b.WriteString(": ")
			}
			next, err := dec.Token()
			if err != nil {
				return err
			}
			if err := writeJSON(dec, b, next, indent+"  ", forYAML, depth+1); err != nil {
				return err
			}
			n++
		}
		if _, err := dec.Token(); err != nil {
			return err
		}
		if n > 0 {
			b.WriteString("\n" + indent)
		}
		b.WriteByte(closing)
	case string:
		writeString(b, t, forYAML)
	case json.Number:
		b.WriteString(t.String())
	case bool:
		fmt.Fprint(b, t)
	case nil:
		b.WriteString("null")
	}
	return nil
}

func writeString(b *strings.Builder, s string, forYAML bool) {
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\t':
			b.WriteString(`\t`)
		case r == '\r':
			b.WriteString(`\r`)
		case r >= 0x20 && r < 0x7f:
			b.WriteRune(r)
		case r > 0xffff && forYAML:
			fmt.Fprintf(b, `\U%08x`, r)
		case r > 0xffff:
			r1, r2 := utf16.EncodeRune(r)
			fmt.Fprintf(b, `\u%04x\u%04x`, r1, r2)
		default:
			fmt.Fprintf(b, `\u%04x`, r)
		}
	}
	b.WriteByte('"')
}
