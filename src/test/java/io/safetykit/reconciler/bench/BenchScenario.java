package io.safetykit.reconciler.bench;

import java.time.Duration;
import java.util.Locale;

/**
 * One benchmark scenario: how many requests, what each answers (items and labels), the simulated
 * latency and the job's concurrency; for a re-fetch, which share of the items the second answer changes.
 *
 * @param revisedEvery on a re-fetch, every n-th item answers another decision (0: none, -1: no re-fetch)
 * @param besideFinished finished requests of other days that a one-day backfill runs beside (0: none)
 */
record BenchScenario(String name, int requests, int items, int labels, Duration latency, int concurrency,
		String kind, int revisedEvery, int besideFinished) {

	/** 30,000 small Add answers at 50 ms with 64 calls in flight: bound by the API (C/L = 1,280 calls/s). */
	static final BenchScenario A = new BenchScenario("A", 30_000, 1, 2, Duration.ofMillis(50), 64, "add", -1, 0);

	/** 2,000 large Add answers (50 items of 3 labels) at 1 ms: bound by the database writes. */
	static final BenchScenario B = new BenchScenario("B", 2_000, 50, 3, Duration.ofMillis(1), 64, "add", -1, 0);

	/** A's requests at 1 ms: what the job costs per call, next to the fastest bare HTTP loop. */
	static final BenchScenario C = new BenchScenario("C", 30_000, 1, 2, Duration.ofMillis(1), 64, "add", -1, 0);

	/** One Import whose result file has 1,000,000 lines of 2 labels: the result-file load against a raw COPY. */
	static final BenchScenario D = new BenchScenario("D", 1, 1_000_000, 2, Duration.ofMillis(1), 64, "import", -1, 0);

	/**
	 * B's requests fetched, then re-fetched by a backfill ({@code includeTerminal=true}) that gets the
	 * same 100,000 items back: the cost of comparing, with nothing to add to the history.
	 */
	static final BenchScenario E = new BenchScenario("E", 2_000, 50, 3, Duration.ofMillis(1), 64, "add", 0, 0);

	/** As E, but the re-fetch answers another decision for every tenth item. */
	static final BenchScenario F = new BenchScenario("F", 2_000, 50, 3, Duration.ofMillis(1), 64, "add", 10, 0);

	/**
	 * A one-day backfill ({@code includeTerminal=true submittedFrom=D submittedTo=D}) of 2,000 Add
	 * requests × (1 item, 2 labels) at 1 ms, timed beside 10,000,000 finished requests of the year
	 * before and alone: what the selection costs as the table grows around what a run selects.
	 */
	static final BenchScenario G = new BenchScenario("G", 2_000, 1, 2, Duration.ofMillis(1), 64, "add", -1,
			10_000_000);

	static BenchScenario named(String name) {
		return switch (name.toUpperCase(Locale.ROOT)) {
			case "A" -> A;
			case "B" -> B;
			case "C" -> C;
			case "D" -> D;
			case "E" -> E;
			case "F" -> F;
			case "G" -> G;
			default -> throw new IllegalArgumentException("unknown scenario " + name + " (A to G, or all)");
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

	/** {@code reconciler_bench_a} and so on; {@code BENCH_DB_PREFIX} replaces {@code reconciler_bench_}. */
	String database() {
		return database(this.name.toLowerCase(Locale.ROOT));
	}

	/** The benchmark's database {@code suffix}: {@code reconciler_bench_<suffix>} unless {@code BENCH_DB_PREFIX} is set. */
	static String database(String suffix) {
		String prefix = System.getenv().getOrDefault("BENCH_DB_PREFIX", "reconciler_bench_");
		if (!prefix.matches("[a-z_][a-z0-9_]*")) {
			throw new IllegalArgumentException("BENCH_DB_PREFIX must be a lower-case SQL identifier, was " + prefix);
		}
		return prefix + suffix;
	}

	BenchScenario withRequests(int requests) {
		return new BenchScenario(this.name, requests, this.items, this.labels, this.latency, this.concurrency, this.kind,
				this.revisedEvery, this.besideFinished);
	}

	BenchScenario withItems(int items) {
		return new BenchScenario(this.name, this.requests, items, this.labels, this.latency, this.concurrency, this.kind,
				this.revisedEvery, this.besideFinished);
	}

	BenchScenario withLabels(int labels) {
		return new BenchScenario(this.name, this.requests, this.items, labels, this.latency, this.concurrency, this.kind,
				this.revisedEvery, this.besideFinished);
	}

	BenchScenario withLatency(Duration latency) {
		return new BenchScenario(this.name, this.requests, this.items, this.labels, latency, this.concurrency, this.kind,
				this.revisedEvery, this.besideFinished);
	}

	BenchScenario withConcurrency(int concurrency) {
		return new BenchScenario(this.name, this.requests, this.items, this.labels, this.latency, concurrency, this.kind,
				this.revisedEvery, this.besideFinished);
	}

	/** Whether the measured run is a backfill re-fetch of requests a first run completed. */
	boolean isRefetch() {
		return this.revisedEvery >= 0;
	}

	/** Whether the measured run is a one-day backfill, timed beside finished requests and alone. */
	boolean isBeside() {
		return this.besideFinished > 0;
	}

	boolean isImport() {
		return this.kind.equals("import");
	}

	String describe() {
		String refetch = !isRefetch() ? ""
				: (this.revisedEvery == 0) ? ", re-fetched unchanged" : ", re-fetched with 1 item in " + this.revisedEvery
						+ " changed";
		String beside = !isBeside() ? ""
				: String.format(Locale.ROOT, ", a one-day backfill beside %,d finished requests and alone",
						this.besideFinished);
		return String.format(Locale.ROOT, "%s: %,d %s requests x (%d items, %d labels) at %d ms, concurrency %d%s%s",
				this.name, this.requests, this.kind, this.items, this.labels, this.latency.toMillis(), this.concurrency,
				refetch, beside);
	}

}
