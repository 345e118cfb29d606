# whosaid — build and test entry point.
#   make test        gofmt check, go vet, cfn-lint, every test (moto and aws-lambda-rie included)
#   make build       every Lambda function into build/<name>/bootstrap (linux/arm64)
#   make build-host  the same for this machine, as aws-lambda-rie runs them
#   make bench       the extractor benchmarks
#   make eval        score the offline extractor on ../shared/eval (internal data)
# SAM runs `make build-<LogicalId>` with ARTIFACTS_DIR set (BuildMethod: makefile, CodeUri: .).
SHELL     := /bin/bash
GO        ?= go
EVAL      ?= ../shared/eval
GOARCH    ?= arm64
GO_BUILD  := GOOS=linux GOARCH=$(GOARCH) CGO_ENABLED=0 $(GO) build -tags lambda.norpc -trimpath -ldflags="-s -w"
FUNCTIONS := ingest summarize reprocess query
RIE_VERSION := v0.0.0-20261030222936-bef5c4ba774d
RIE       := $(CURDIR)/bin/aws-lambda-rie
# Fault and ordering test harnesses: Toxiproxy (Go module proxy) and dynalite (npm).
TOXIPROXY_VERSION := v2.5.0
TOXIPROXY := $(CURDIR)/bin/toxiproxy/server
DYNALITE_VERSION := 4.0.0
DYNALITE  := $(CURDIR)/.run/dynalite/node_modules/dynalite/cli.js
HAVE_NODE := $(shell command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 && echo 1)

define lambda_target
build-$(1):
	$(GO_BUILD) -o $$(ARTIFACTS_DIR)/bootstrap ./functions/$(2)
endef
$(eval $(call lambda_target,IngestFunction,ingest))
$(eval $(call lambda_target,SummarizeFunction,summarize))
$(eval $(call lambda_target,ReprocessFunction,reprocess))
$(eval $(call lambda_target,QueryFunction,query))

.PHONY: test fmt-check vet lint unit tools build build-host bench eval

test: fmt-check vet lint tools unit

fmt-check:
	@files=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go' -not -path './vendor/*')); \
	if [ -n "$$files" ]; then echo "gofmt would change:"; echo "$$files"; exit 1; fi

vet:
	$(GO) vet ./...

lint:
	cfn-lint template.yaml

# aws-lambda-rie at the pinned version, from the Go module proxy.
tools: $(RIE) $(TOXIPROXY) $(if $(HAVE_NODE),$(DYNALITE),no-node)
$(RIE):
	GOBIN=$(CURDIR)/bin $(GO) install github.com/aws/aws-lambda-runtime-interface-emulator/cmd/aws-lambda-rie@$(RIE_VERSION)
$(TOXIPROXY):
	GOBIN=$(CURDIR)/bin/toxiproxy $(GO) install github.com/Shopify/toxiproxy/v2/cmd/server@$(TOXIPROXY_VERSION)
$(DYNALITE):
	npm install --no-audit --no-fund --prefix $(CURDIR)/.run/dynalite dynalite@$(DYNALITE_VERSION)
.PHONY: no-node
no-node:
	@echo "node/npm not found: the dynalite runs of the ordering tests will be skipped"

# The adapter tests start moto_server themselves; the end-to-end test builds
# the functions and runs them under aws-lambda-rie.
unit:
	WHOSAID_RIE=$(RIE) WHOSAID_REQUIRE_MOTO=1 WHOSAID_TOXIPROXY=$(TOXIPROXY) WHOSAID_REQUIRE_DYNALITE=$(HAVE_NODE) $(GO) test -count=1 ./...

build:
	for f in $(FUNCTIONS); do $(GO_BUILD) -o build/$$f/bootstrap ./functions/$$f || exit 1; done

build-host:
	$(MAKE) build GOARCH=$$($(GO) env GOARCH)

bench:
	$(GO) test -run '^$$' -bench . -benchmem ./internal/offline

eval:
	@for c in 0.3 0.8; do $(GO) run ./cmd/whosaid eval --cover $$c $(EVAL)/ggt-dev.jsonl; done
