package main

import (
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/edgeward/edgeward/policies"
	_ "github.com/edgeward/edgeward/policies/features" // every feature, in their order
	"github.com/edgeward/edgeward/policies/ratelimit"
)

// ratelimitConfigCmd writes the envoyproxy/ratelimit configuration (domain, descriptors, limits)
// for the plugin configuration's rules with backend "global".
func ratelimitConfigCmd(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("ratelimit-config", flag.ContinueOnError)
	fs.SetOutput(stderr)
	cfgPath := fs.String("config", "envoy/examples/ratelimit-global.json", "the Edgeward plugin configuration (JSON)")
	out := fs.String("out", "-", "where to write the rate limit service's YAML (- for stdout)")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: edgeward ratelimit-config [-config FILE] [-out FILE]\n\nwrites the envoyproxy/ratelimit config (domain, descriptors, limits) for the rules with backend \"global\"")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return 2
	}
	b, err := ratelimitConfig(*cfgPath)
	if err != nil {
		fmt.Fprintf(stderr, "edgeward ratelimit-config: %v\n", err)
		return 1
	}
	if *out == "-" {
		_, err = stdout.Write(b)
	} else {
		err = os.WriteFile(*out, b, 0o644)
	}
	if err != nil {
		fmt.Fprintf(stderr, "edgeward ratelimit-config: %v\n", err)
		return 1
	}
	return 0
}

// ratelimitConfig reads and parses the plugin configuration at path and returns the service's
// YAML.
func ratelimitConfig(path string) ([]byte, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	cfg, err := policies.ParseConfig(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	b, err := ratelimit.GlobalServiceConfig(cfg)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return b, nil
}
