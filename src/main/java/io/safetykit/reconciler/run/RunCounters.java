package io.safetykit.reconciler.run;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** What a run has done so far, across its steps; read by the progress line, the summary and the metrics. */
public final class RunCounters {

	public final LongAdder polled = new LongAdder();

	public final LongAdder calls = new LongAdder();

	public final LongAdder retries = new LongAdder();

	public final LongAdder succeeded = new LongAdder();

	public final LongAdder failed = new LongAdder();

	public final LongAdder pending = new LongAdder();

	public final LongAdder errored = new LongAdder();

	public final LongAdder skipped = new LongAdder();

	/** Requests of the run's selection that it left because other executions claimed them. */
	public final LongAdder leftToOtherRuns = new LongAdder();

	public final LongAdder items = new LongAdder();

	public final LongAdder labels = new LongAdder();

	public final LongAdder importResults = new LongAdder();

	public final LongAdder filesLoaded = new LongAdder();

	public final LongAdder fileLines = new LongAdder();

	private final Map<String, LongAdder> errorsByKind = new ConcurrentHashMap<>();

	public void error(String kind) {
		this.errorsByKind.computeIfAbsent(kind, (k) -> new LongAdder()).increment();
	}

	Map<String, Long> errorsByKind() {
		Map<String, Long> copy = new TreeMap<>();
		this.errorsByKind.forEach((kind, count) -> copy.put(kind, count.sum()));
		return copy;
	}

}
