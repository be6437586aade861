// Command edgeward-validate checks Edgeward deployment files before they reach a proxy: plugin
// configs (JSON, with policies.ParseConfig), Envoy bootstraps (YAML or JSON, against Envoy's v3
// API and its validation rules, with the embedded plugin config) and Istio WasmPlugin manifests
// (against istio.io/api and the CRD's rules), each detected by content. Every problem is printed
// as FILE: PATH: MESSAGE.
//
//	edgeward-validate FILE...
//
// Exit status: 0 all files valid, 1 problems found, 2 usage error or unreadable file.
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/edgeward/edgeward/e2e/compat"
)

func main() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) }

func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("edgeward-validate", flag.ContinueOnError)
	fs.SetOutput(stderr)
	quiet := fs.Bool("q", false, "print problems only (no line per valid file)")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: edgeward-validate [-q] FILE...\n\nChecks Edgeward plugin configs (JSON), Envoy bootstraps (YAML/JSON) and Istio WasmPlugin\nmanifests, detected by content. Exit status 0: valid, 1: problems, 2: usage or read error.")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() == 0 {
		fs.Usage()
		return 2
	}
	status := 0
	for _, name := range fs.Args() {
		data, err := os.ReadFile(name)
		if err != nil {
			fmt.Fprintf(stderr, "edgeward-validate: %v\n", err)
			return 2
		}
		docs, problems := compat.Check(data)
		for _, p := range problems {
			fmt.Fprintf(stdout, "%s: %s\n", name, p)
		}
		if len(problems) > 0 {
			status = 1
			continue
		}
		if !*quiet {
			fmt.Fprintf(stdout, "%s: ok (%s)\n", name, describe(docs))
		}
	}
	return status
}

func describe(docs []compat.Doc) string {
	var kinds []string
	for _, d := range docs {
		if d.Kind == compat.Unrecognised {
			kinds = append(kinds, "skipped: not an Edgeward config, Envoy bootstrap or WasmPlugin")
			continue
		}
		kinds = append(kinds, d.Kind.String())
	}
	if len(kinds) == 0 {
		return "nothing to check"
	}
	return strings.Join(kinds, ", ")
}
