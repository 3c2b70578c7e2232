package io.safetykit.reconciler.bench;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The figures of the job's closing {@code Summary:} log line that the benchmark checks and reports. */
record JobSummary(long polled, long items, long labels, long calls, long retries, double seconds) {

	private static final Pattern LINE = Pattern.compile("Summary: polled=(\\d+) .*? items=(\\d+) labels=(\\d+) "
			+ ".*? calls=(\\d+) retries=(\\d+) duration=([\\d.]+)s");

	static Optional<JobSummary> find(String output) {
		Matcher matcher = LINE.matcher(output);
		if (!matcher.find()) {
			return Optional.empty();
		}
		return Optional.of(new JobSummary(Long.parseLong(matcher.group(1)), Long.parseLong(matcher.group(2)),
				Long.parseLong(matcher.group(3)), Long.parseLong(matcher.group(4)), Long.parseLong(matcher.group(5)),
				Double.parseDouble(matcher.group(6))));
	}

}
