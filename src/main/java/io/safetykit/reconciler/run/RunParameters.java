package io.safetykit.reconciler.run;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What one run selects and how (its job parameters), plus the instant the run's job instance
 * started: requests polled since then are not selected again by it, so a restart or a rerun with
 * {@code ignoreBackoff}/{@code includeTerminal} fetches each request once.
 *
 * @param namespace only this namespace, or null
 * @param requestIds only these request ids, or empty
 * @param submittedFrom only requests submitted at or after this instant, or null
 * @param submittedTo only requests submitted before this instant, or null
 * @param includeTerminal also re-fetch succeeded and failed requests (backfill)
 * @param ignoreBackoff poll pending requests even if their next poll is not due
 * @param limit at most this many requests, or null
 * @param dryRun fetch and report, write nothing
 * @param partition which slice of the table this run takes
 * @param reloadFiles load the result files of the selected succeeded imports again, even if loaded
 * @param refreshLinksWithin renew the result-file links that expire within this window, or null
 * @param runStartedAt when this run's job instance started
 */
public record RunParameters(String namespace, List<String> requestIds, Instant submittedFrom, Instant submittedTo,
		boolean includeTerminal, boolean ignoreBackoff, Integer limit, boolean dryRun, Partition partition,
		boolean reloadFiles, Duration refreshLinksWithin, Instant runStartedAt) {

	public RunParameters {
		requestIds = List.copyOf(requestIds);
		partition = (partition != null) ? partition : Partition.WHOLE;
	}

	/** The same selection, narrowed to slice {@code slice} of {@code slices} of its partition. */
	public RunParameters inSlice(int slice, int slices) {
		return new RunParameters(this.namespace, this.requestIds, this.submittedFrom, this.submittedTo,
				this.includeTerminal, this.ignoreBackoff, this.limit, this.dryRun, this.partition.split(slice, slices),
				this.reloadFiles, this.refreshLinksWithin, this.runStartedAt);
	}

	/** Slice {@code index} of {@code count} (0-based), on a stable hash of (namespace, request_id). */
	public record Partition(int index, int count) {

		public static final Partition WHOLE = new Partition(0, 1);

		/**
		 * Part {@code part} of {@code parts} of this slice, itself a slice: the hash is taken modulo the
		 * count, and (h mod (count × parts)) mod count = h mod count, so slice {@code index + part × count}
		 * of {@code count × parts} lies wholly in this one, and the parts cover it without overlap.
		 */
		public Partition split(int part, int parts) {
			if (part < 0 || part >= parts) {
				throw new IllegalArgumentException("part " + part + " of " + parts);
			}
			return new Partition(this.index + part * this.count, Math.multiplyExact(this.count, parts));
		}

		@Override
		public String toString() {
			return this.index + "/" + this.count;
		}

	}

}
