#!/usr/bin/env bash
# build.sh PKG OUT: builds the Go package PKG (package main, importing the SDK) into the Proxy-Wasm
# reactor OUT with standard Go (GOOS=wasip1 GOARCH=wasm -buildmode=c-shared).
#
# The SDK v0.24.0 declares its host calls for TinyGo only. Go refuses to overlay files in the module
# cache but accepts files under vendor/, so the build runs in a temporary copy of the module:
# `go mod vendor`, then an overlay that swaps the SDK's emulator-bound abi_hostcalls_mock.go for an
# empty file and adds our //go:wasmimport host calls and //go:wasmexport callbacks
# (filter/_abi/edgeward_*.go). Nothing of the SDK is committed and the checkout gets no vendor/.
set -euo pipefail
pkg=${1:?usage: build.sh PKG OUT}
out=${2:?usage: build.sh PKG OUT}
root=$(cd "$(dirname "$0")/../.." && pwd)
case "$out" in /*) ;; *) out="$PWD/$out" ;; esac
tmp=$(mktemp -d "${TMPDIR:-/tmp}/edgeward-build.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
# Only what the module needs: the product packages and PKG itself (tests excluded), so that
# work in progress elsewhere in the tree cannot break the module build.
pkgdir=${pkg#./}
(cd "$root" && tar --exclude='*_test.go' --exclude=testdata -cf - go.mod go.sum filter policies "$pkgdir") | tar -C "$tmp" -xf -
cd "$tmp"
export GOWORK=off GOFLAGS=
go mod vendor
sdk=vendor/github.com/tetratelabs/proxy-wasm-go-sdk/proxywasm/internal
abi=filter/_abi
cat > overlay.json <<JSON
{"Replace": {
  "$sdk/abi_hostcalls_mock.go": "$abi/empty.go",
  "$sdk/edgeward_hostcalls.go": "$abi/edgeward_hostcalls.go",
  "$sdk/edgeward_exports.go": "$abi/edgeward_exports.go"
}}
JSON
mkdir -p "$(dirname "$out")"
# TAGS: extra build tags, e.g. TAGS=edgeward_faults for the fail-mode test build (never shipped).
GOOS=wasip1 GOARCH=wasm go build -mod=vendor -trimpath -buildmode=c-shared -ldflags="-s -w" -tags "${TAGS:-}" \
  -overlay=overlay.json -o "$out" "$pkg"
echo "built $out ($(wc -c <"$out") bytes)"
