package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/edgeward/edgeward/e2e/openapi"
	"github.com/edgeward/edgeward/policies"
)

// openapiCmd writes the request contract of an OpenAPI document as plugin config.
func openapiCmd(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("openapi", flag.ContinueOnError)
	fs.SetOutput(stderr)
	out := fs.String("out", "-", "where to write the config (- for stdout)")
	base := fs.String("config", "", "a plugin config to write the contract into (its other sections are kept, in order)")
	mode := fs.String("mode", "", `the contract's mode: "enforce" or "detect" (default: the config's top-level mode)`)
	undocumented := fs.String("undocumented", "", `undocumented routes: "reject" (404/405, default), "log" or "allow"`)
	unknownQuery := fs.String("unknown-query", "", `undeclared query parameters: "reject" (default) or "allow"`)
	prefix := fs.String("path-prefix", "", "apply the contract only under this path prefix (default: every path)")
	quiet := fs.Bool("q", false, "do not print the document's validation warnings and the summary")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: edgeward openapi [flags] SPEC.yaml|SPEC.json\n\n"+
			"writes the plugin's request contract (the \"contract\" section) from an OpenAPI 3.0/3.1 document:\n"+
			"operations, parameters, JSON request bodies; what it cannot check is listed under \"unexpressed\"")
		fs.PrintDefaults()
	}
	var spec string
	rest := args
	for {
		if err := fs.Parse(rest); err != nil {
			return 2
		}
		if fs.NArg() == 0 {
			break
		}
		if spec != "" {
			fmt.Fprintf(stderr, "edgeward openapi: one document at a time (got %q and %q)\n", spec, fs.Arg(0))
			return 2
		}
		spec, rest = fs.Arg(0), fs.Args()[1:]
	}
	if spec == "" {
		fs.Usage()
		return 2
	}
	b, summary, warn, err := openapiConfig(spec, *base, openapi.Options{Source: filepath.Base(spec), Mode: *mode,
		Undocumented: *undocumented, UnknownQuery: *unknownQuery, PathPrefix: *prefix})
	if err != nil {
		fmt.Fprintf(stderr, "edgeward openapi: %v\n", err)
		return 1
	}
	if !*quiet {
		if warn != nil {
			fmt.Fprintf(stderr, "edgeward openapi: warning: %s: %v\n", spec, warn)
		}
		fmt.Fprintln(stderr, "edgeward openapi: "+summary)
	}
	if *out == "-" {
		_, err = stdout.Write(b)
	} else {
		err = os.WriteFile(*out, b, 0o644)
	}
	if err != nil {
		fmt.Fprintf(stderr, "edgeward openapi: %v\n", err)
		return 1
	}
	return 0
}

// openapiConfig imports spec and returns the config, a one-line summary, the document's
// validation findings (warnings) and an error when the result is unusable. The result is checked
// with the plugin's own parser: what it writes, the plugin accepts.
func openapiConfig(spec, base string, o openapi.Options) ([]byte, string, error, error) {
	doc, err := openapi.Load(spec)
	if err != nil {
		return nil, "", nil, err
	}
	warn := openapi.Validate(doc)
	c, err := openapi.Import(doc, o)
	if err != nil {
		return nil, "", nil, fmt.Errorf("%s: %w", spec, err)
	}
	b, err := openapi.Marshal(c)
	if err != nil {
		return nil, "", nil, err
	}
	if base != "" {
		cfg, err := os.ReadFile(base)
		if err != nil {
			return nil, "", nil, err
		}
		if b, err = withSection(cfg, "contract", b); err != nil {
			return nil, "", nil, fmt.Errorf("%s: %w", base, err)
		}
	}
	if _, err := policies.ParseConfig(b); err != nil {
		return nil, "", nil, fmt.Errorf("the written config does not pass the plugin's checks (please report it): %w", err)
	}
	all := c.Unexpressed
	for _, op := range c.Operations {
		all = append(all, op.Unexpressed...)
	}
	summary := fmt.Sprintf("%d operations, %d definitions, %d parts not checked (see \"unexpressed\")",
		len(c.Operations), len(c.Definitions), len(all))
	// a pattern the module cannot enforce is named here too: it is a check the document asks for
	for _, n := range all {
		if strings.HasPrefix(n.Reason, "pattern ") {
			summary += "\nedgeward openapi: " + n.Pointer + ": " + n.Reason
		}
	}
	return b, summary, warn, nil
}

// withSection returns config with its top-level key replaced by (or, when absent, followed by)
// the "contract" member of section, keeping the other members in order.
func withSection(config []byte, key string, section []byte) ([]byte, error) {
	var sec map[string]json.RawMessage
	if err := json.Unmarshal(section, &sec); err != nil {
		return nil, err
	}
	keys, vals, err := orderedMembers(config)
	if err != nil {
		return nil, err
	}
	found := false
	for i, k := range keys {
		if k == key {
			vals[i], found = sec[key], true
		}
	}
	if !found {
		keys, vals = append(keys, key), append(vals, sec[key])
	}
	var buf bytes.Buffer
	buf.WriteString("{\n")
	for i, k := range keys {
		kb, _ := json.Marshal(k)
		var v bytes.Buffer
		if err := json.Indent(&v, vals[i], "  ", "  "); err != nil {
			return nil, err
		}
		fmt.Fprintf(&buf, "  %s: %s", kb, v.Bytes())
		if i < len(keys)-1 {
			buf.WriteString(",")
		}
		buf.WriteString("\n")
	}
	buf.WriteString("}\n")
	return buf.Bytes(), nil
}

// orderedMembers reads a JSON object's members in document order.
func orderedMembers(doc []byte) ([]string, []json.RawMessage, error) {
	d := json.NewDecoder(bytes.NewReader(doc))
	t, err := d.Token()
	if err != nil || t != json.Delim('{') {
		return nil, nil, fmt.Errorf("the config must be a JSON object")
	}
	var keys []string
	var vals []json.RawMessage
	for d.More() {
		t, err := d.Token()
		if err != nil {
			return nil, nil, err
		}
		k, _ := t.(string)
		var v json.RawMessage
		if err := d.Decode(&v); err != nil {
			return nil, nil, err
		}
		keys, vals = append(keys, k), append(vals, v)
	}
	if _, err := d.Token(); err != nil {
		return nil, nil, err
	}
	if strings.TrimSpace(string(doc[d.InputOffset():])) != "" {
		return nil, nil, fmt.Errorf("text after the config's JSON object")
	}
	return keys, vals, nil
}
