package compat

import (
	"bytes"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
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

// Embed returns yamlDoc with every marked region replaced by config (a JSON object, reformatted
// with two-space indentation, key order kept), and the number of regions.
func Embed(yamlDoc, config []byte) ([]byte, int, error) {
	var pretty bytes.Buffer
	if !json.Valid(config) {
		return nil, 0, fmt.Errorf("the plugin config is not valid JSON")
	}
	if err := json.Indent(&pretty, bytes.TrimSpace(config), "", "  "); err != nil {
		return nil, 0, err
	}
	if strings.ContainsAny(pretty.String(), "\t\r") {
		return nil, 0, fmt.Errorf("the plugin config holds a raw tab or carriage return outside strings")
	}
	cfgLines := strings.Split(pretty.String(), "\n")
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
		for _, l := range cfgLines {
			out.WriteString(indent + "  " + l + "\n")
		}
		out.WriteString(lines[end])
		i = end
		n++
	}
	return []byte(out.String()), n, nil
}
