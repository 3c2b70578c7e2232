package io.safetykit.reconciler.bench;

import java.time.Duration;
import java.util.Locale;

/**
 * One benchmark scenario: how many requests, what each answers (items and labels), the simulated
 * latency and the job's concurrency.
 */
record BenchScenario(String name, int requests, int items, int labels, Duration latency, int concurrency,
		String kind) {

	/** 30,000 small Add answers at 50 ms with 64 calls in flight: bound by the API (C/L = 1,280 calls/s). */
	static final BenchScenario A = new BenchScenario("A", 30_000, 1, 2, Duration.ofMillis(50), 64, "add");

	/** 2,000 large Add answers (50 items of 3 labels) at 1 ms: bound by the database writes. */
	static final BenchScenario B = new BenchScenario("B", 2_000, 50, 3, Duration.ofMillis(1), 64, "add");

	/** A's requests at 1 ms: what the job costs per call, next to a bare HTTP loop. */
	static final BenchScenario C = new BenchScenario("C", 30_000, 1, 2, Duration.ofMillis(1), 64, "add");

	/** One Import whose result file has 1,000,000 lines of 2 labels: the result-file load against a raw COPY. */
	static final BenchScenario D = new BenchScenario("D", 1, 1_000_000, 2, Duration.ofMillis(1), 64, "import");

	static BenchScenario named(String name) {
		return switch (name.toUpperCase(Locale.ROOT)) {
			case "A" -> A;
			case "B" -> B;
			case "C" -> C;
			case "D" -> D;
			default -> throw new IllegalArgumentException("unknown scenario " + name + " (A, B, C, D or all)");
		};
	}

	/** The ideal call rate: every one of {@code concurrency} connections busy, each call taking exactly the latency. */
	double callsPerSecondCeiling() {
		return this.concurrency * 1e9 / this.latency.toNanos();
	}

	long expectedItems() {
		return (long) this.requests * this.items;
	}

	long expectedLabels() {
		return expectedItems() * this.labels;
	}

	String database() {
		return "reconciler_bench_" + this.name.toLowerCase(Locale.ROOT);
	}

	BenchScenario withRequests(int requests) {
		return new BenchScenario(this.name, requests, this.items, this.labels, this.latency, this.concurrency, this.kind);
	}

	BenchScenario withItems(int items) {
		return new BenchScenario(this.name, this.requests, items, this.labels, this.latency, this.concurrency, this.kind);
	}

	BenchScenario withLabels(int labels) {
		return new BenchScenario(this.name, this.requests, this.items, labels, this.latency, this.concurrency, this.kind);
	}

	BenchScenario withLatency(Duration latency) {
		return new BenchScenario(this.name, this.requests, this.items, this.labels, latency, this.concurrency, this.kind);
	}

	BenchScenario withConcurrency(int concurrency) {
		return new BenchScenario(this.name, this.requests, this.items, this.labels, this.latency, concurrency, this.kind);
	}

	boolean isImport() {
		return this.kind.equals("import");
	}

	String describe() {
		return String.format(Locale.ROOT, "%s: %,d %s requests x (%d items, %d labels) at %d ms, concurrency %d",
				this.name, this.requests, this.kind, this.items, this.labels, this.latency.toMillis(), this.concurrency);
	}

}
