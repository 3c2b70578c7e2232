package io.safetykit.reconciler.reconcile;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** What a run has done so far; read by the progress line, the summary and the metrics. */
final class RunCounters {

	final LongAdder polled = new LongAdder();

	final LongAdder calls = new LongAdder();

	final LongAdder retries = new LongAdder();

	final LongAdder succeeded = new LongAdder();

	final LongAdder failed = new LongAdder();

	final LongAdder pending = new LongAdder();

	final LongAdder errored = new LongAdder();

	final LongAdder skipped = new LongAdder();

	final LongAdder items = new LongAdder();

	final LongAdder labels = new LongAdder();

	final LongAdder importResults = new LongAdder();

	private final Map<String, LongAdder> errorsByKind = new ConcurrentHashMap<>();

	void error(String kind) {
		this.errorsByKind.computeIfAbsent(kind, (k) -> new LongAdder()).increment();
	}

	Map<String, Long> errorsByKind() {
		Map<String, Long> copy = new TreeMap<>();
		this.errorsByKind.forEach((kind, count) -> copy.put(kind, count.sum()));
		return copy;
	}

}
