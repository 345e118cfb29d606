// Package faults holds fault-injection tests: the ingest and summarize
// handlers talk to the stores (moto) through Toxiproxy, which adds latency,
// resets connections, hangs them or cuts responses short, and the tests
// check that every accepted delivery is finished by a retry, once.
package faults
