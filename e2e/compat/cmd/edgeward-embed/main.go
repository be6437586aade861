// Command edgeward-embed copies the plugin configuration (envoy/edgeward.json) into the YAML
// files that embed it (envoy/envoy.yaml, e2e/envoy-compose.yaml, envoy/istio/wasmplugin.yaml),
// between their `# BEGIN edgeward-embed` / `# END edgeward-embed` markers, so the JSON is written
// once. With -check it changes nothing and exits 1 if a file is out of date (for CI).
//
//	edgeward-embed [-check] -config envoy/edgeward.json FILE...
package main

import (
	"bytes"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/edgeward/edgeward/e2e/compat"
)

func main() { os.Exit(run(os.Args[1:], os.Stderr)) }

func run(args []string, stderr io.Writer) int {
	fs := flag.NewFlagSet("edgeward-embed", flag.ContinueOnError)
	fs.SetOutput(stderr)
	config := fs.String("config", "envoy/edgeward.json", "the plugin config (JSON) to embed")
	check := fs.Bool("check", false, "change nothing; exit 1 if a file is not up to date")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: edgeward-embed [-check] [-config FILE] YAML...")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() == 0 {
		fs.Usage()
		return 2
	}
	cfg, err := os.ReadFile(*config)
	if err != nil {
		fmt.Fprintf(stderr, "edgeward-embed: %v\n", err)
		return 2
	}
	if ps := compat.CheckPluginConfig(cfg); len(ps) > 0 {
		fmt.Fprintf(stderr, "edgeward-embed: %s is not a valid plugin config:\n%v\n", *config, ps)
		return 1
	}
	status := 0
	for _, name := range fs.Args() {
		old, err := os.ReadFile(name)
		if err != nil {
			fmt.Fprintf(stderr, "edgeward-embed: %v\n", err)
			return 2
		}
		updated, n, err := compat.Embed(old, cfg)
		switch {
		case err != nil:
			fmt.Fprintf(stderr, "%s: %v\n", name, err)
			status = 1
		case n == 0:
			fmt.Fprintf(stderr, "%s: no `# BEGIN edgeward-embed` region\n", name)
			status = 1
		case bytes.Equal(old, updated):
		case *check:
			fmt.Fprintf(stderr, "%s: out of date with %s (run make envoy-config)\n", name, *config)
			status = 1
		default:
			if err := os.WriteFile(name, updated, 0o644); err != nil {
				fmt.Fprintf(stderr, "edgeward-embed: %v\n", err)
				return 1
			}
			fmt.Fprintf(stderr, "%s: updated\n", name)
		}
	}
	return status
}
