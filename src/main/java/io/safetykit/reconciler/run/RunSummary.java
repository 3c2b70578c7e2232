package io.safetykit.reconciler.run;

import java.time.Duration;
import java.util.Map;

/** The figures of one run, for the closing log line, the JSON summary file and tests. */
public record RunSummary(long polled, long succeeded, long failed, long stillPending, long errors, long skipped,
		Map<String, Long> errorsByKind, long itemsWritten, long labelsWritten, long importResults, long filesLoaded,
		long fileLines, long calls, long retries, Duration duration, boolean dryRun) {

	static RunSummary of(RunCounters counters, Duration duration, boolean dryRun) {
		return new RunSummary(counters.polled.sum(), counters.succeeded.sum(), counters.failed.sum(),
				counters.pending.sum(), counters.errored.sum(), counters.skipped.sum(), counters.errorsByKind(),
				counters.items.sum(), counters.labels.sum(), counters.importResults.sum(), counters.filesLoaded.sum(),
				counters.fileLines.sum(), counters.calls.sum(),
				counters.retries.sum(), duration, dryRun);
	}

	public double callsPerSecond() {
		double seconds = this.duration.toNanos() / 1e9;
		return (seconds > 0) ? this.calls / seconds : 0;
	}

	/** One line for the log. */
	public String toLogLine() {
		return String.format(
				"%spolled=%d succeeded=%d failed=%d still_pending=%d errors=%d skipped=%d errors_by_kind=%s "
						+ "items=%d labels=%d import_results=%d files_loaded=%d file_lines=%d calls=%d retries=%d "
						+ "duration=%.1fs calls_per_second=%.1f",
				this.dryRun ? "DRY RUN (nothing written) " : "", this.polled, this.succeeded, this.failed,
				this.stillPending, this.errors, this.skipped, this.errorsByKind, this.itemsWritten, this.labelsWritten,
				this.importResults, this.filesLoaded, this.fileLines, this.calls, this.retries, this.duration.toMillis() / 1000.0, callsPerSecond());
	}

}
