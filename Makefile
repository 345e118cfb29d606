# whosaid — build and test entry point.
#   make test     gofmt check, go vet, go test ./... (what CI runs)
#   make bench    the extractor benchmarks
#   make eval     score the offline extractor on ../shared/eval (internal data)
SHELL := /bin/bash
GO    ?= go
EVAL  ?= ../shared/eval

.PHONY: test fmt-check vet unit bench eval build

test: fmt-check vet unit

fmt-check:
	@files=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go' -not -path './vendor/*')); \
	if [ -n "$$files" ]; then echo "gofmt would change:"; echo "$$files"; exit 1; fi

vet:
	$(GO) vet ./...

unit:
	$(GO) test -count=1 ./...

bench:
	$(GO) test -run '^$$' -bench . -benchmem ./internal/offline

eval:
	@for c in 0.3 0.8; do $(GO) run ./cmd/whosaid eval --cover $$c $(EVAL)/ggt-dev.jsonl; done

build:
	$(GO) build ./...
