package io.safetykit.reconciler.run;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.infrastructure.item.ExecutionContext;

/** The figures of one run, for the closing log line, the JSON summary file and tests. */
public record RunSummary(long polled, long succeeded, long failed, long stillPending, long errors, long skipped,
		long leftToOtherRuns, Map<String, Long> errorsByKind, long itemsWritten, long labelsWritten, long importResults, long filesLoaded,
		long fileLines, long calls, long retries, Duration duration, boolean dryRun) {

	/** Where the job execution's context keeps the summary. */
	static final String SUMMARY_KEY = "summary";

	static RunSummary of(RunCounters counters, Duration duration, boolean dryRun) {
		return new RunSummary(counters.polled.sum(), counters.succeeded.sum(), counters.failed.sum(),
				counters.pending.sum(), counters.errored.sum(), counters.skipped.sum(),
				counters.leftToOtherRuns.sum(), counters.errorsByKind(),
				counters.items.sum(), counters.labels.sum(), counters.importResults.sum(), counters.filesLoaded.sum(),
				counters.fileLines.sum(), counters.calls.sum(),
				counters.retries.sum(), duration, dryRun);
	}

	/**
	 * The summary its job execution ended with, or null when the run ended before it had one. Kept
	 * in the execution context as plain JDK values, so that an execution context saved by one
	 * version of this class still reads after the class has changed.
	 */
	public static RunSummary of(JobExecution execution) {
		Object kept = execution.getExecutionContext().get(SUMMARY_KEY);
		if (!(kept instanceof Map<?, ?> values)) {
			return null;
		}
		Map<String, Long> errorsByKind = new TreeMap<>();
		if (values.get("errorsByKind") instanceof Map<?, ?> kinds) {
			kinds.forEach((kind, count) -> errorsByKind.put(String.valueOf(kind), ((Number) count).longValue()));
		}
		return new RunSummary(number(values, "polled"), number(values, "succeeded"), number(values, "failed"),
				number(values, "stillPending"), number(values, "errors"), number(values, "skipped"),
				number(values, "leftToOtherRuns"), errorsByKind, number(values, "itemsWritten"), number(values, "labelsWritten"),
				number(values, "importResults"), number(values, "filesLoaded"), number(values, "fileLines"),
				number(values, "calls"), number(values, "retries"), Duration.ofNanos(number(values, "durationNanos")),
				Boolean.TRUE.equals(values.get("dryRun")));
	}

	void putInto(ExecutionContext context) {
		Map<String, Object> values = new LinkedHashMap<>();
		values.put("polled", this.polled);
		values.put("succeeded", this.succeeded);
		values.put("failed", this.failed);
		values.put("stillPending", this.stillPending);
		values.put("errors", this.errors);
		values.put("skipped", this.skipped);
		values.put("leftToOtherRuns", this.leftToOtherRuns);
		values.put("errorsByKind", new TreeMap<>(this.errorsByKind));
		values.put("itemsWritten", this.itemsWritten);
		values.put("labelsWritten", this.labelsWritten);
		values.put("importResults", this.importResults);
		values.put("filesLoaded", this.filesLoaded);
		values.put("fileLines", this.fileLines);
		values.put("calls", this.calls);
		values.put("retries", this.retries);
		values.put("durationNanos", this.duration.toNanos());
		values.put("dryRun", this.dryRun);
		context.put(SUMMARY_KEY, values);
	}

	private static long number(Map<?, ?> values, String key) {
		return (values.get(key) instanceof Number number) ? number.longValue() : 0;
	}

	public double callsPerSecond() {
		double seconds = this.duration.toNanos() / 1e9;
		return (seconds > 0) ? this.calls / seconds : 0;
	}

	/** One line for the log. */
	public String toLogLine() {
		return String.format(
				"%spolled=%d succeeded=%d failed=%d still_pending=%d errors=%d skipped=%d left_to_other_runs=%d "
						+ "errors_by_kind=%s items=%d labels=%d import_results=%d files_loaded=%d file_lines=%d "
						+ "calls=%d retries=%d duration=%.1fs calls_per_second=%.1f",
				this.dryRun ? "DRY RUN (nothing written) " : "", this.polled, this.succeeded, this.failed,
				this.stillPending, this.errors, this.skipped, this.leftToOtherRuns, this.errorsByKind,
				this.itemsWritten, this.labelsWritten,
				this.importResults, this.filesLoaded, this.fileLines, this.calls, this.retries, this.duration.toMillis() / 1000.0, callsPerSecond());
	}

}
