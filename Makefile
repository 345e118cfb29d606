# whosaid — build and test entry point.
#   make test        gofmt check, go vet, cfn-lint, every test (moto, aws-lambda-rie, Chromium when
#                    installed), ending with "N passed, N failed, N skipped"
#   make build       every Lambda function into build/<name>/bootstrap (linux/arm64)
#   make build-host  the same for this machine, as aws-lambda-rie runs them
#   make bench       the extractor benchmarks
#   make eval        score the offline extractor on ../shared/eval (internal data)
# SAM runs `make build-<LogicalId>` with ARTIFACTS_DIR set (BuildMethod: makefile, CodeUri: .).
SHELL     := /bin/bash
GO        ?= go
EVAL      ?= ../shared/eval
GOARCH    ?= arm64
# The S3 client is compiled without inlining: inlined, its generated
# endpoint rules (s3.resolveResult) take 153 KB of code instead of 24 KB,
# plus 0.2 MB of line tables, to save 0.2 µs on calls that wait milliseconds
# for S3 (README, Lean functions). Every function that links the S3 client
# is 0.26 to 1.3 MB smaller.
GO_GCFLAGS := github.com/aws/aws-sdk-go-v2/service/s3=-l
GO_BUILD  := GOOS=linux GOARCH=$(GOARCH) CGO_ENABLED=0 $(GO) build -tags lambda.norpc -trimpath -gcflags=$(GO_GCFLAGS) -ldflags="-s -w"
FUNCTIONS := ingest summarize reprocess query analytics
RIE_VERSION := v0.0.0-20261030222936-bef5c4ba774d
RIE       := $(CURDIR)/bin/aws-lambda-rie
GOTESTSUM_VERSION := v1.13.0
GOTESTSUM := $(CURDIR)/bin/gotestsum
# Fault and ordering test harnesses: Toxiproxy (Go module proxy) and dynalite (npm).
TOXIPROXY_VERSION := v2.5.0
TOXIPROXY := $(CURDIR)/bin/toxiproxy/server
DYNALITE_VERSION := 4.0.0
DYNALITE  := $(CURDIR)/.run/dynalite/node_modules/dynalite/cli.js
# DuckDB for node runs the README's Athena queries over exported Parquet (internal/analytics).
DUCKDB_VERSION := 1.5.6-r.1
DUCKDB    := $(CURDIR)/.run/duckdb/node_modules/@duckdb/node-api/package.json
HAVE_NODE := $(shell command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 && echo 1)

define lambda_target
build-$(1):
	$(GO_BUILD) -o $$(ARTIFACTS_DIR)/bootstrap ./functions/$(2)
endef
$(eval $(call lambda_target,IngestFunction,ingest))
$(eval $(call lambda_target,SummarizeFunction,summarize))
$(eval $(call lambda_target,ReprocessFunction,reprocess))
$(eval $(call lambda_target,QueryFunction,query))
$(eval $(call lambda_target,AnalyticsFunction,analytics))

.PHONY: test fmt-check vet lint unit tools build build-host bench eval

test: fmt-check vet lint tools unit

fmt-check:
	@files=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go' -not -path './vendor/*')); \
	if [ -n "$$files" ]; then echo "gofmt would change:"; echo "$$files"; exit 1; fi

vet:
	$(GO) vet ./...

lint:
	cfn-lint template.yaml

# aws-lambda-rie, gotestsum and Toxiproxy at pinned versions, from the Go
# module proxy; dynalite from npm (when node is present); Debian's Chromium
# for the review-page browser test, installed when missing and the machine
# lets us (root with apt-get, as on CI).
tools: $(RIE) $(GOTESTSUM) $(TOXIPROXY) $(if $(HAVE_NODE),$(DYNALITE) $(DUCKDB),no-node) chromium
.PHONY: chromium no-node
chromium:
	@if ! command -v chromium >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; \
	  else echo "chromium not installed: the browser test will skip"; fi; \
	fi
$(RIE):
	GOBIN=$(CURDIR)/bin $(GO) install github.com/aws/aws-lambda-runtime-interface-emulator/cmd/aws-lambda-rie@$(RIE_VERSION)
$(GOTESTSUM):
	GOBIN=$(CURDIR)/bin $(GO) install gotest.tools/gotestsum@$(GOTESTSUM_VERSION)
$(TOXIPROXY):
	GOBIN=$(CURDIR)/bin/toxiproxy $(GO) install github.com/Shopify/toxiproxy/v2/cmd/server@$(TOXIPROXY_VERSION)
$(DYNALITE):
	npm install --no-audit --no-fund --prefix $(CURDIR)/.run/dynalite dynalite@$(DYNALITE_VERSION)
$(DUCKDB):
	npm install --no-audit --no-fund --prefix $(CURDIR)/.run/duckdb @duckdb/node-api@$(DUCKDB_VERSION)
no-node:
	@echo "node/npm not found: the dynalite runs of the ordering tests will be skipped"

# The adapter tests start moto_server themselves (and dynalite, Toxiproxy);
# the end-to-end test builds the functions and runs them under
# aws-lambda-rie. gotestsum prints each package and the failures; the last
# line totals the tests (subtests included) as "N passed, N failed, N skipped".
unit: $(GOTESTSUM)
	@mkdir -p .run; status=0; \
	WHOSAID_RIE=$(RIE) WHOSAID_REQUIRE_MOTO=1 WHOSAID_TOXIPROXY=$(TOXIPROXY) WHOSAID_REQUIRE_DYNALITE=$(HAVE_NODE) \
	$(if $(HAVE_NODE),WHOSAID_DUCKDB=$(CURDIR)/.run/duckdb) \
	WHOSAID_REQUIRE_BROWSER=$${WHOSAID_REQUIRE_BROWSER:-$${CI:+1}} \
	$(GOTESTSUM) --format pkgname-and-test-fails --jsonfile .run/test.json -- -count=1 ./... || status=$$?; \
	count() { grep -c "\"Action\":\"$$1\",\"Package\":\"[^\"]*\",\"Test\":" .run/test.json || true; }; \
	echo "$$(count pass) passed, $$(count fail) failed, $$(count skip) skipped"; \
	exit $$status

build:
	for f in $(FUNCTIONS); do $(GO_BUILD) -o build/$$f/bootstrap ./functions/$$f || exit 1; done

build-host:
	$(MAKE) build GOARCH=$$($(GO) env GOARCH)

bench:
	$(GO) test -run '^$$' -bench . -benchmem ./internal/offline

eval:
	@for c in 0.3 0.8; do $(GO) run ./cmd/whosaid eval --cover $$c $(EVAL)/ggt-dev.jsonl; done

# Binary sizes (linux/arm64, stripped, as deployed), cold starts under
# aws-lambda-rie against a hello-world function, and ingest against its
# three-call floor on moto; each prints its figures.
.PHONY: sizes bench-lean
sizes: build
	@for f in $(FUNCTIONS); do stat -c '%s' build/$$f/bootstrap | awk -v f=$$f '{printf "%-10s %9d bytes  %5.2f MB\n", f, $$1, $$1/1e6}'; done

bench-lean: tools
	$(GO) test -run '^$$' -bench 'IngestVsFloor' -benchtime 1x ./internal/ingest
	WHOSAID_RIE=$(RIE) $(GO) test -count=1 -run 'TestColdStarts' -v ./internal/e2e | grep -E 'cold start|ok|FAIL'
