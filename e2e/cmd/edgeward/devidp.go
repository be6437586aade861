package main

import (
	"context"
	"crypto/ecdsa"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// devIDP is a stand-in identity provider for trying remote_jwks locally (envoy/reference/auth.md,
// "Keys from the identity provider"): OIDC discovery and a JWK Set holding the public half of a key file, by
// default the committed ES256 test key. It prints a token signed with that key.
type devIDP struct {
	issuer string
	key    *ecdsa.PrivateKey
	kid    string
}

func devIDPCmd(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("dev-idp", flag.ContinueOnError)
	fs.SetOutput(stderr)
	listen := fs.String("listen", "127.0.0.1:9000", "address to serve on")
	issuer := fs.String("issuer", "https://auth.example.com", "the issuer named by discovery and in the printed token")
	keyFile := fs.String("key", "policies/testdata/auth/edgeward-test-es256.key.pem", "EC P-256 private key (PEM) whose public half is served")
	kid := fs.String("kid", "edgeward-test-es256", "the key's kid")
	aud := fs.String("audience", "api.example.com", "aud of the printed token")
	sub := fs.String("sub", "user-1", "sub of the printed token")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: edgeward dev-idp [flags]\n\nserves /.well-known/openid-configuration and /.well-known/jwks.json for a test key, and prints a token it signed (TEST ONLY)")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return 2
	}
	key, err := readECKey(*keyFile)
	if err != nil {
		fmt.Fprintf(stderr, "edgeward dev-idp: %v\n", err)
		return 1
	}
	d := &devIDP{issuer: strings.TrimRight(*issuer, "/"), key: key, kid: *kid}
	tok, err := d.token(*aud, *sub, time.Now())
	if err != nil {
		fmt.Fprintf(stderr, "edgeward dev-idp: %v\n", err)
		return 1
	}
	ln, err := net.Listen("tcp", *listen)
	if err != nil {
		fmt.Fprintf(stderr, "edgeward dev-idp: %v\n", err)
		return 1
	}
	srv := &http.Server{Handler: d, ReadHeaderTimeout: 10 * time.Second}
	fmt.Fprintf(stdout, "edgeward dev-idp listening on http://%s (issuer %s, kid %s); a token valid for 1h:\n%s\n", ln.Addr(), d.issuer, d.kid, tok)
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, syscall.SIGINT, syscall.SIGTERM)
	go func() {
		<-sig
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		srv.Shutdown(ctx)
	}()
	if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
		fmt.Fprintf(stderr, "edgeward dev-idp: %v\n", err)
		return 1
	}
	return 0
}

// readECKey reads an EC private key from a PEM file (text around the block is allowed).
func readECKey(path string) (*ecdsa.PrivateKey, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	for rest := b; ; {
		var blk *pem.Block
		blk, rest = pem.Decode(rest)
		if blk == nil {
			return nil, fmt.Errorf("%s: no EC PRIVATE KEY or PRIVATE KEY block", path)
		}
		switch blk.Type {
		case "EC PRIVATE KEY":
			return x509.ParseECPrivateKey(blk.Bytes)
		case "PRIVATE KEY":
			k, err := x509.ParsePKCS8PrivateKey(blk.Bytes)
			if err != nil {
				return nil, err
			}
			ec, ok := k.(*ecdsa.PrivateKey)
			if !ok {
				return nil, fmt.Errorf("%s: not an EC key", path)
			}
			return ec, nil
		}
	}
}

func (d *devIDP) token(aud, sub string, now time.Time) (string, error) {
	t := jwt.NewWithClaims(jwt.SigningMethodES256, jwt.MapClaims{"iss": d.issuer, "aud": aud, "sub": sub,
		"iat": now.Unix(), "exp": now.Add(time.Hour).Unix()})
	t.Header["kid"] = d.kid
	return t.SignedString(d.key)
}

// ServeHTTP implements http.Handler.
func (d *devIDP) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	var doc any
	switch r.URL.Path {
	case "/.well-known/openid-configuration":
		doc = map[string]any{"issuer": d.issuer, "jwks_uri": d.issuer + "/.well-known/jwks.json",
			"id_token_signing_alg_values_supported": []string{"ES256"}}
	case "/.well-known/jwks.json":
		pub, err := d.key.PublicKey.Bytes()
		if err != nil || len(pub) != 65 {
			http.Error(w, "key", 500)
			return
		}
		enc := base64.RawURLEncoding
		doc = map[string]any{"keys": []any{map[string]any{"kty": "EC", "crv": "P-256", "alg": "ES256", "use": "sig", "kid": d.kid,
			"x": enc.EncodeToString(pub[1:33]), "y": enc.EncodeToString(pub[33:])}}}
		w.Header().Set("cache-control", "public, max-age=300")
	default:
		http.NotFound(w, r)
		return
	}
	w.Header().Set("content-type", "application/json")
	json.NewEncoder(w).Encode(doc)
}
