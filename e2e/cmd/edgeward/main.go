// Command edgeward is Edgeward's developer tool. `edgeward run` serves the compiled module in the
// dev host (package devhost) on a real HTTP port. Subcommands are registered in commands; add
// new ones (validate, replay, ...) there.
package main

import (
	"fmt"
	"io"
	"os"
	"sort"
)

// command is one subcommand: run parses its own flags from args and returns the exit code.
type command struct {
	summary string
	run     func(args []string, stdout, stderr io.Writer) int
}

var commands = map[string]command{
	"run":              {"serve the module in the dev host (Proxy-Wasm on wazero) in front of an upstream", runCmd},
	"replay":           {"run captured requests (JSONL, HAR) through the module offline; report blocks and exclusions", replayCmd},
	"openapi":          {"write the request contract (operations, parameters, JSON bodies) of an OpenAPI 3.0/3.1 document as plugin config", openapiCmd},
	"ratelimit-config": {"write the envoyproxy/ratelimit config (domain, descriptors) for the rules with backend global", ratelimitConfigCmd},
	"dev-idp":          {"a test identity provider: OIDC discovery and the JWK Set of a test key, for remote_jwks (TEST ONLY)", devIDPCmd},
}

func main() { os.Exit(dispatch(os.Args[1:], os.Stdout, os.Stderr)) }

func dispatch(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		usage(stderr)
		return 2
	}
	c, ok := commands[args[0]]
	if !ok {
		fmt.Fprintf(stderr, "edgeward: unknown command %q\n", args[0])
		usage(stderr)
		return 2
	}
	return c.run(args[1:], stdout, stderr)
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "usage: edgeward COMMAND [flags]\n\ncommands:")
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-17s %s\n", n, commands[n].summary)
	}
	fmt.Fprintln(w, "\nrun `edgeward COMMAND -h` for a command's flags")
}
