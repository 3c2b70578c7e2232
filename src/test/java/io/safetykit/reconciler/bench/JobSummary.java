package io.safetykit.reconciler.bench;

import java.io.IOException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The figures of the job's closing {@code Summary:} log line that the benchmark checks and reports. */
record JobSummary(long polled, long items, long labels, long calls, long retries, double seconds) {

	private static final Pattern LINE = Pattern.compile("Summary: polled=(\\d+) .*? items=(\\d+) labels=(\\d+) "
			+ ".*? calls=(\\d+) retries=(\\d+) duration=([\\d.]+)s");

	/**
	 * The summary of a finished job process that must have polled {@code expectedPolled} requests;
	 * stops the benchmark otherwise ({@code what} names the run in the message).
	 */
	static JobSummary of(ChildProcess.Finished job, long expectedPolled, String what) throws IOException {
		JobSummary summary = find(job.output())
			.orElseThrow(() -> new IllegalStateException("no Summary line in " + job.log()));
		if (summary.polled() != expectedPolled) {
			throw new IllegalStateException(what + " polled " + summary.polled() + " requests, expected "
					+ expectedPolled + "; see " + job.log());
		}
		return summary;
	}

	private static Optional<JobSummary> find(String output) {
		Matcher matcher = LINE.matcher(output);
		if (!matcher.find()) {
			return Optional.empty();
		}
		return Optional.of(new JobSummary(Long.parseLong(matcher.group(1)), Long.parseLong(matcher.group(2)),
				Long.parseLong(matcher.group(3)), Long.parseLong(matcher.group(4)), Long.parseLong(matcher.group(5)),
				Double.parseDouble(matcher.group(6))));
	}

}
