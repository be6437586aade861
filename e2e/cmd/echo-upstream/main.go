// Command echo-upstream serves the built-in echo upstream (package e2e/echo, the contract's leaky
// Express-like app) on its own, for running Edgeward in a real Envoy: docker compose starts it
// behind Envoy (`make up`, e2e/docker-compose.yml).
//
//	echo-upstream -listen :8080
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/edgeward/edgeward/e2e/echo"
)

func main() {
	listen := flag.String("listen", "127.0.0.1:8080", "address to serve on")
	flag.Parse()
	srv := &http.Server{Addr: *listen, Handler: echo.Handler(), ReadHeaderTimeout: 10 * time.Second}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	go func() {
		<-ctx.Done()
		shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = srv.Shutdown(shutdown)
	}()
	fmt.Fprintf(os.Stderr, "echo-upstream: listening on %s\n", *listen)
	if err := srv.ListenAndServe(); err != nil && !errors.Is(err, http.ErrServerClosed) {
		fmt.Fprintf(os.Stderr, "echo-upstream: %v\n", err)
		os.Exit(1)
	}
}
