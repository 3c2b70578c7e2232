package io.safetykit.reconciler.run;

import java.time.Duration;

import io.safetykit.reconciler.exit.UsageException;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the reconcile step's fetch pipeline is tuned, prefix {@code reconciler.pipeline.}. The
 * defaults are what the README's benchmarks were measured with; a value of 0 where allowed means
 * "derived from the other settings" as described. Every value is checked at start-up.
 *
 * @param linger how long a chunk waits to fill up once it has its first answer, before it is
 * written with what it has
 * @param itemBudget per writer: items buffered between its fetchers and it, and items in one chunk
 * at most: bounds memory when answers are large
 * @param window per writer: requests claimed but not yet handed to a chunk; 0 = {@code chunk-size}
 * + 2 × the writer's share of {@code concurrency}, enough to keep its fetchers busy while a chunk
 * fills
 * @param claimBatch requests claimed by one query; 0 = half the window, at most 1000
 * @param parses answers parsed at once (parsing is CPU work); 0 = one fewer than the number of cores,
 * at least 1, so that a core is left for the writers, HTTP and the JVM's own threads
 * @param writers chunks written at once: the reconcile step runs as this many slices of the run's
 * selection (local partitions over {@code request_slice}), each with its own reader, share of the
 * {@code concurrency}, window, item budget and writer; never more than {@code concurrency}
 */
@ConfigurationProperties("reconciler.pipeline")
public record PipelineProperties(
		@DefaultValue("200ms") Duration linger,
		@DefaultValue("5000") int itemBudget,
		@DefaultValue("0") int window,
		@DefaultValue("0") int claimBatch,
		@DefaultValue("0") int parses,
		@DefaultValue("2") int writers) {

	public PipelineProperties {
		if (linger.isNegative() || linger.compareTo(Duration.ofMinutes(1)) > 0) {
			throw new UsageException("reconciler.pipeline.linger must be between 0 and 1m, was " + linger);
		}
		requireRange("reconciler.pipeline.item-budget", itemBudget, 1, 10_000_000);
		requireRange("reconciler.pipeline.window", window, 0, 10_000_000);
		requireRange("reconciler.pipeline.claim-batch", claimBatch, 0, 100_000);
		requireRange("reconciler.pipeline.parses", parses, 0, 1024);
		requireRange("reconciler.pipeline.writers", writers, 1, 16);
		if (window > 0 && claimBatch > window) {
			throw new UsageException("reconciler.pipeline.claim-batch (" + claimBatch
					+ ") must not be larger than reconciler.pipeline.window (" + window + ")");
		}
	}

	/** The window of one writer, given the chunk size and its share of the concurrency. */
	public int window(int chunkSize, int concurrency) {
		return (this.window > 0) ? this.window : chunkSize + 2 * concurrency;
	}

	/** The claim batch for a window of {@code window}. */
	public int claimBatch(int window) {
		return (this.claimBatch > 0) ? Math.min(this.claimBatch, window) : Math.max(1, Math.min(window / 2, 1000));
	}

	/** The slices a run with this concurrency is split into: one writer each, at least one fetcher each. */
	public int slices(int concurrency) {
		return Math.max(1, Math.min(this.writers, concurrency));
	}

	/** Answers parsed at once on this machine. */
	public int parsesAtOnce() {
		return parsesAtOnce(Runtime.getRuntime().availableProcessors());
	}

	/** Answers parsed at once on a machine of {@code cores} cores. */
	int parsesAtOnce(int cores) {
		return (this.parses > 0) ? this.parses : Math.max(1, cores - 1);
	}

	private static void requireRange(String setting, int value, int min, int max) {
		if (value < min || value > max) {
			throw new UsageException(setting + " must be between " + min + " and " + max + ", was " + value);
		}
	}

}
