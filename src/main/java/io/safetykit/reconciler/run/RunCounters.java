package io.safetykit.reconciler.run;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * What a run has done so far, across its steps; read by the progress line, the summary and the
 * metrics. What a chunk did to the tables counts once its transaction has committed
 * ({@link #addWhenCommitted}), so that a run that fails mid-chunk reports what it stored;
 * {@link #polled}, {@link #calls} and {@link #retries} count what was asked of the API.
 */
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

	/**
	 * Adds a chunk's counts when the transaction it runs in commits, and not at all if it rolls
	 * back; at once outside a transaction.
	 */
	public void addWhenCommitted(RunCounters chunk) {
		if (!TransactionSynchronizationManager.isSynchronizationActive()) {
			add(chunk);
			return;
		}
		TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
			@Override
			public void afterCommit() {
				add(chunk);
			}
		});
	}

	private void add(RunCounters other) {
		LongAdder[] mine = adders();
		LongAdder[] theirs = other.adders();
		for (int i = 0; i < mine.length; i++) {
			mine[i].add(theirs[i].sum());
		}
		other.errorsByKind.forEach((kind, count) -> this.errorsByKind.computeIfAbsent(kind, (k) -> new LongAdder())
			.add(count.sum()));
	}

	private LongAdder[] adders() {
		return new LongAdder[] { this.polled, this.calls, this.retries, this.succeeded, this.failed, this.pending,
				this.errored, this.skipped, this.leftToOtherRuns, this.items, this.labels, this.importResults,
				this.filesLoaded, this.fileLines };
	}

	Map<String, Long> errorsByKind() {
		Map<String, Long> copy = new TreeMap<>();
		this.errorsByKind.forEach((kind, count) -> copy.put(kind, count.sum()));
		return copy;
	}

}
