package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/tetratelabs/wazero"

	"github.com/edgeward/edgeward/e2e/devhost"
	"github.com/edgeward/edgeward/e2e/echo"
)

// runConfig is everything `edgeward run` needs; flags default to the environment variables of
// the same name (upper case), then to the documented defaults.
type runConfig struct {
	listen      string
	config      string
	upstream    string
	wasm        string
	workers     int
	env         envFlag
	failOpen    bool
	clusters    string
	bufferLimit int
	logLevel    string
}

func envOr(key, def string) string {
	if v, ok := os.LookupEnv(key); ok && v != "" {
		return v
	}
	return def
}

func parseRunFlags(args []string, stderr io.Writer) (*runConfig, error) {
	c := &runConfig{}
	fs := flag.NewFlagSet("run", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&c.listen, "listen", envOr("LISTEN", "127.0.0.1:10000"), "address to serve on (env LISTEN)")
	fs.StringVar(&c.config, "config", envOr("CONFIG", "envoy/edgeward.json"), "plugin configuration JSON file (env CONFIG)")
	fs.StringVar(&c.upstream, "upstream", envOr("UPSTREAM", ""), "upstream base URL (env UPSTREAM); empty: the built-in echo upstream on a loopback port")
	fs.StringVar(&c.wasm, "wasm", envOr("WASM", "dist/edgeward.wasm"), "compiled module (env WASM)")
	workers, err := strconv.Atoi(envOr("WORKERS", "0"))
	if err != nil {
		return nil, fmt.Errorf("WORKERS=%q: not a number", os.Getenv("WORKERS"))
	}
	fs.IntVar(&c.workers, "workers", workers, "module instances, one per worker (env WORKERS); 0: one per CPU")
	fs.Var(&c.env, "env", "environment variable for the module: KEY (passed through from this process if set) or KEY=VALUE; repeatable")
	failOpen, _ := strconv.ParseBool(envOr("FAIL_OPEN", "false"))
	fs.BoolVar(&c.failOpen, "fail-open", failOpen, "after a wasm trap pass requests through unfiltered instead of answering 503 (env FAIL_OPEN)")
	fs.StringVar(&c.clusters, "clusters", envOr("UPSTREAM_CLUSTERS", ""), "HTTP call-out clusters name=url,... (env UPSTREAM_CLUSTERS)")
	limit, err := strconv.Atoi(envOr("BUFFER_LIMIT", strconv.Itoa(devhost.DefaultBufferLimit)))
	if err != nil {
		return nil, fmt.Errorf("BUFFER_LIMIT=%q: not a number", os.Getenv("BUFFER_LIMIT"))
	}
	fs.IntVar(&c.bufferLimit, "buffer-limit", limit, "most body bytes buffered while the module pauses a body: 413 past it (env BUFFER_LIMIT)")
	fs.StringVar(&c.logLevel, "log-level", envOr("LOG_LEVEL", "info"), "module log level printed: trace, debug, info, warn, error, critical (env LOG_LEVEL)")
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	if fs.NArg() > 0 {
		return nil, fmt.Errorf("unexpected arguments: %v", fs.Args())
	}
	return c, nil
}

// envFlag collects -env KEY and -env KEY=VALUE, like Envoy's host_env_keys and key_values.
type envFlag struct {
	vars map[string]string
	seen map[string]bool
}

func (e *envFlag) String() string { return "" }

func (e *envFlag) Set(s string) error {
	if e.vars == nil {
		e.vars, e.seen = map[string]string{}, map[string]bool{}
	}
	k, v, hasValue := strings.Cut(s, "=")
	if k == "" {
		return errors.New("empty variable name")
	}
	if e.seen[k] {
		return fmt.Errorf("%s given twice", k) // Envoy rejects duplicates across the two lists
	}
	e.seen[k] = true
	if !hasValue {
		var ok bool
		if v, ok = os.LookupEnv(k); !ok {
			return nil // host_env_keys: absent keys are skipped
		}
	}
	e.vars[k] = v
	return nil
}

func parseClusters(s string) (map[string]string, error) {
	out := map[string]string{}
	for _, item := range strings.Split(s, ",") {
		item = strings.TrimSpace(item)
		if item == "" {
			continue
		}
		name, u, ok := strings.Cut(item, "=")
		if !ok || name == "" || u == "" {
			return nil, fmt.Errorf("UPSTREAM_CLUSTERS entry %q: want name=url", item)
		}
		out[name] = u
	}
	return out, nil
}

func parseLevel(s string) (devhost.LogLevel, error) {
	for l := devhost.LevelTrace; l <= devhost.LevelCritical; l++ {
		if l.String() == s {
			return l, nil
		}
	}
	return 0, fmt.Errorf("log level %q: want trace, debug, info, warn, error or critical", s)
}

func runCmd(args []string, stdout, stderr io.Writer) int {
	c, err := parseRunFlags(args, stderr)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		fmt.Fprintln(stderr, "edgeward run:", err)
		return 2
	}
	if err := serve(c, stdout, stderr); err != nil {
		fmt.Fprintln(stderr, "edgeward run:", err)
		return 1
	}
	return 0
}

func serve(c *runConfig, stdout, stderr io.Writer) error {
	wasm, err := os.ReadFile(c.wasm)
	if err != nil {
		return fmt.Errorf("module %s: %w (build it with `make build`)", c.wasm, err)
	}
	cfg, err := os.ReadFile(c.config)
	if err != nil {
		return fmt.Errorf("plugin config %s: %w (set CONFIG or -config to a plugin JSON file)", c.config, err)
	}
	clusters, err := parseClusters(c.clusters)
	if err != nil {
		return err
	}
	level, err := parseLevel(c.logLevel)
	if err != nil {
		return err
	}
	upstream := c.upstream
	if upstream == "" {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return fmt.Errorf("echo upstream: %w", err)
		}
		srv := &http.Server{Handler: echo.Handler(), ReadHeaderTimeout: 10 * time.Second}
		go srv.Serve(ln)
		defer srv.Close()
		upstream = "http://" + ln.Addr().String()
		fmt.Fprintf(stdout, "echo upstream on %s\n", upstream)
	}
	if level == devhost.LevelTrace {
		level = devhost.LevelDebug // the host never prints trace
	}
	host, err := devhost.New(context.Background(), devhost.Options{
		CompilationCache: compilationCache(stderr),
		Wasm:             wasm,
		PluginConfig:     cfg,
		Workers:          c.workers,
		Env:              c.env.vars,
		FailOpen:         c.failOpen,
		Upstream:         upstream,
		Clusters:         clusters,
		BufferLimit:      c.bufferLimit,
		LogWriter:        stderr,
		LogLevel:         level,
	})
	if err != nil {
		return fmt.Errorf("plugin did not start (config %s): %w", c.config, err)
	}
	defer host.Close()
	ln, err := net.Listen("tcp", c.listen)
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: host, ReadHeaderTimeout: 30 * time.Second, Protocols: devhost.Protocols()}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(devhost.Listener(ln)) }()
	fmt.Fprintf(stdout, "edgeward dev host listening on http://%s (module %s, config %s, upstream %s, %d workers)\n",
		ln.Addr(), c.wasm, c.config, upstream, len(host.MemorySizes()))
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, syscall.SIGINT, syscall.SIGTERM)
	defer signal.Stop(sig)
	select {
	case err := <-errc:
		return err
	case s := <-sig:
		fmt.Fprintf(stdout, "%s: shutting down\n", s)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	return srv.Shutdown(ctx)
}

// compilationCache keeps wazero's compiled code on disk so later starts skip the compile.
func compilationCache(stderr io.Writer) wazero.CompilationCache {
	dir, err := os.UserCacheDir()
	if err == nil {
		c, err := wazero.NewCompilationCacheWithDir(filepath.Join(dir, "edgeward", "wazero"))
		if err == nil {
			return c
		}
	}
	fmt.Fprintln(stderr, "edgeward run: no on-disk compilation cache; compiling in memory")
	return wazero.NewCompilationCache()
}
