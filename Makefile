# Edgeward: `make help` lists the targets.
SHELL := bash
.DEFAULT_GOAL := help

GO        ?= go
WASM      ?= dist/edgeward.wasm
NOOP_WASM ?= dist/noop.wasm
CONFIG    ?= envoy/edgeward.json
LISTEN    ?= 127.0.0.1:10000
FUZZTIME  ?= 30s
export GOFLAGS ?=
export GOWORK  := off

.PHONY: help
help: ## list the targets
	@grep -hE '^[a-z][a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN{FS=":.*## "}{printf "  make %-13s %s\n", $$1, $$2}'

.PHONY: build
build: ## build dist/edgeward.wasm (standard Go, GOOS=wasip1, c-shared reactor)
	filter/_abi/build.sh ./filter/module $(WASM)

.PHONY: build-noop
build-noop: ## build dist/noop.wasm, the no-op module benchmarks compare against
	filter/_abi/build.sh ./e2e/noop $(NOOP_WASM)

.PHONY: run
# Like envoy/envoy.yaml's host_env_keys, every EDGEWARD_* variable of the environment (e.g.
# EDGEWARD_JWT_SECRET) is passed into the module's VM; nothing else is.
RUN_ENV = $(foreach v,$(sort $(filter EDGEWARD_%,$(.VARIABLES))),$(if $(filter environment%,$(origin $(v))),-env $(v)))

run: build ## build, then serve the module in the dev host on LISTEN with CONFIG (EDGEWARD_* env vars passed into the VM)
	$(GO) run ./e2e/cmd/edgeward run -listen "$(LISTEN)" -config "$(CONFIG)" -wasm "$(WASM)" $(if $(UPSTREAM),-upstream "$(UPSTREAM)") $(RUN_ENV)

.PHONY: lint
# staticcheck is pinned here and fetched from the Go module proxy on first use (then cached);
# findings that are deliberate carry a //lint:ignore with the reason. go mod verify checks that
# the downloaded dependencies still match go.sum.
STATICCHECK ?= honnef.co/go/tools/cmd/staticcheck@v0.8.2
lint: ## gofmt check, go vet, staticcheck and go mod verify, in the three Go modules
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go' -not -path './vendor/*')); \
	  if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi
	@set -e; for mod in . e2e/compat e2e/coraza; do \
	  echo "== $$mod: go vet, staticcheck, go mod verify"; \
	  $(GO) -C $$mod vet ./...; \
	  $(GO) -C $$mod run $(STATICCHECK) ./...; \
	  $(GO) -C $$mod mod verify; \
	done

.PHONY: test
test: lint build build-noop test-compat fuzz-ci ## every test: unit, glue, fuzz seeds, end-to-end through the compiled module, Envoy/Istio config validation
	EDGEWARD_WASM=$(CURDIR)/$(WASM) EDGEWARD_NOOP_WASM=$(CURDIR)/$(NOOP_WASM) $(GO) test -count=1 -timeout 40m ./...
	EDGEWARD_WASM=$(CURDIR)/$(WASM) EDGEWARD_NOOP_WASM=$(CURDIR)/$(NOOP_WASM) $(GO) -C e2e/coraza test -count=1 -timeout 30m ./...

COMPAT_FILES ?= envoy/envoy.yaml e2e/envoy-compose.yaml e2e/envoy-compose-ratelimit.yaml e2e/envoy-compose-oidc.yaml envoy/istio/wasmplugin.yaml envoy/istio/wasmplugin-sidecar.yaml envoy/edgeward.json $(wildcard envoy/examples/*.json)

.PHONY: test-compat
test-compat: ## validate the Envoy/Istio configs against Envoy's and Istio's own APIs (e2e/compat, own Go module)
	cd e2e/compat && $(GO) vet ./... && $(GO) test -count=1 ./...

.PHONY: validate
validate: ## lint configs: the shipped ones, or FILES="a.yaml b.json"
	cd e2e/compat && $(GO) run ./cmd/edgeward-validate $(abspath $(or $(FILES),$(COMPAT_FILES)))

.PHONY: envoy-config
envoy-config: ## copy the plugin configs into the Envoy/Istio files that embed them
	cd e2e/compat && $(GO) run ./cmd/edgeward-embed -config $(abspath envoy/edgeward.json) $(abspath envoy/envoy.yaml e2e/envoy-compose.yaml envoy/istio/wasmplugin.yaml)
	cd e2e/compat && $(GO) run ./cmd/edgeward-embed -config $(abspath envoy/examples/ratelimit-global.json) $(abspath e2e/envoy-compose-ratelimit.yaml)
	cd e2e/compat && $(GO) run ./cmd/edgeward-embed -config $(abspath envoy/examples/oidc.json) $(abspath e2e/envoy-compose-oidc.yaml)

.PHONY: fuzz
fuzz: ## run every fuzz target for FUZZTIME each (default 30s), in both Go modules
	@set -e; for mod in . e2e/compat; do (cd $$mod; for pkg in $$($(GO) list ./...); do \
	  for f in $$($(GO) test -list '^Fuzz' $$pkg 2>/dev/null | grep '^Fuzz' || true); do \
	    echo "== $$pkg $$f"; $(GO) test -run '^$$' -fuzz "^$$f$$" -fuzztime $(FUZZTIME) $$pkg; \
	  done; done); done

.PHONY: fuzz-ci
fuzz-ci: ## a CI-sized fuzz run: every fuzz target for FUZZTIME_CI each (default 5000x: an execution count, not a duration, so that a slow machine cannot end a target mid-run)
	@$(MAKE) --no-print-directory fuzz FUZZTIME=$(or $(FUZZTIME_CI),5000x)

.PHONY: bench
bench: build build-noop ## performance table: module vs no-op (dev host, and V8 on Node.js as Envoy runs it), native engine, Coraza+CRS, VM start, sizes, memory, linear growth, corpus verdicts
	EDGEWARD_WASM=$(CURDIR)/$(WASM) EDGEWARD_NOOP_WASM=$(CURDIR)/$(NOOP_WASM) $(GO) -C e2e/coraza run ./cmd/benchtable $(BENCHFLAGS)
	$(GO) test -run '^$$' -bench . -benchmem ./policies/...

.PHONY: memory
memory: build ## memory check at full size: 1,000,000 mixed requests through one module instance
	EDGEWARD_WASM=$(CURDIR)/$(WASM) EDGEWARD_MEMORY_REQUESTS=1000000 $(GO) test -count=1 -timeout 0 -run '^TestMemorySteadyState$$' -v ./e2e/bench/

.PHONY: gcsweep
gcsweep: build ## the module's GC settings compared on the mixed workload
	EDGEWARD_WASM=$(CURDIR)/$(WASM) $(GO) run ./e2e/bench/cmd/gcsweep -n 20000

.PHONY: load
load: build ## load check at full size: 64 clients, 64,000 mixed requests over loopback
	EDGEWARD_WASM=$(CURDIR)/$(WASM) EDGEWARD_LOAD_REQUESTS=64000 EDGEWARD_LOAD_SECONDS=3600 $(GO) test -count=1 -timeout 0 -run '^TestLoad$$' -v ./e2e/bench/

.PHONY: up
up: build ## Envoy + the module + an echo upstream with docker compose (needs a container engine)
	docker compose -f e2e/docker-compose.yml up

.PHONY: clean
clean: ## remove build outputs
	rm -rf dist
