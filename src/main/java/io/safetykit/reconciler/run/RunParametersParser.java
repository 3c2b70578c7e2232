package io.safetykit.reconciler.run;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import io.safetykit.reconciler.exit.UsageException;
import io.safetykit.reconciler.run.RunParameters.Partition;

import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.boot.convert.DurationStyle;

/**
 * Reads the run's job parameters (README, "Running it") from {@code key=value} arguments, and round-trips them
 * through Spring Batch's {@link JobParameters} so that a restart sees exactly what the run saw.
 */
public final class RunParametersParser {

	static final String RUN_STARTED_AT = "run.startedAt";

	/** BATCH_JOB_EXECUTION_PARAMS.PARAMETER_VALUE is a VARCHAR(2500). */
	private static final int MAX_VALUE_LENGTH = 2500;

	static final Set<String> KEYS = Set.of("namespace", "requestIds", "submittedFrom", "submittedTo",
			"includeTerminal", "ignoreBackoff", "limit", "dryRun", "partition", "reloadFiles", "refreshLinksWithin");

	private RunParametersParser() {
	}

	/** Validates command-line arguments; a bad one is a {@link UsageException} naming it. */
	public static Map<String, String> parseArguments(List<String> arguments) {
		Map<String, String> values = new LinkedHashMap<>();
		for (String argument : arguments) {
			int eq = argument.indexOf('=');
			String key = (eq < 0) ? argument : argument.substring(0, eq);
			String value = (eq < 0) ? "true" : argument.substring(eq + 1);
			if (!KEYS.contains(key)) {
				throw new UsageException("Unknown job parameter '" + key + "'; known: " + String.join(", ",
						KEYS.stream().sorted().toList()));
			}
			if (value.length() > MAX_VALUE_LENGTH) {
				throw new UsageException("Job parameter '" + key + "' is longer than " + MAX_VALUE_LENGTH
						+ " characters, which Spring Batch cannot keep; split the run (e.g. by namespace or partition)");
			}
			if (values.put(key, value) != null) {
				throw new UsageException("Job parameter '" + key + "' is given twice");
			}
		}
		toRunParameters(values, Instant.EPOCH); // validates every value
		return values;
	}

	public static JobParameters toJobParameters(Map<String, String> values, Instant runStartedAt) {
		JobParametersBuilder builder = new JobParametersBuilder();
		values.forEach((key, value) -> builder.addString(key, value, true));
		builder.addString(RUN_STARTED_AT, runStartedAt.toString(), true);
		return builder.toJobParameters();
	}

	/** The parameters of a run, as its step sees them. */
	public static RunParameters fromJobParameters(JobParameters parameters) {
		Map<String, String> values = new LinkedHashMap<>();
		for (String key : KEYS) {
			String value = parameters.getString(key);
			if (value != null) {
				values.put(key, value);
			}
		}
		return toRunParameters(values, Instant.parse(parameters.getString(RUN_STARTED_AT)));
	}

	static RunParameters toRunParameters(Map<String, String> values, Instant runStartedAt) {
		String namespace = values.get("namespace");
		if (namespace != null && namespace.isEmpty()) {
			throw new UsageException("namespace must not be empty");
		}
		List<String> requestIds = List.of();
		if (values.containsKey("requestIds")) {
			requestIds = Arrays.stream(values.get("requestIds").split(",")).map(String::trim)
				.filter((id) -> !id.isEmpty()).distinct().toList();
			if (requestIds.isEmpty()) {
				throw new UsageException("requestIds must list at least one request id (comma-separated)");
			}
		}
		Instant from = instant("submittedFrom", values.get("submittedFrom"), false);
		Instant to = instant("submittedTo", values.get("submittedTo"), true);
		if (from != null && to != null && !from.isBefore(to)) {
			throw new UsageException("submittedFrom must be before submittedTo");
		}
		return new RunParameters(namespace, requestIds, from, to, bool("includeTerminal", values),
				bool("ignoreBackoff", values), limit(values.get("limit")), bool("dryRun", values),
				partition(values.get("partition")), bool("reloadFiles", values),
				window("refreshLinksWithin", values.get("refreshLinksWithin")), runStartedAt);
	}

	/** An ISO date (a whole UTC day: from its start, to its end) or an ISO date-time with offset. */
	private static Instant instant(String key, String value, boolean endOfDay) {
		if (value == null) {
			return null;
		}
		try {
			if (value.length() == 10) {
				LocalDate day = LocalDate.parse(value);
				return (endOfDay ? day.plusDays(1) : day).atStartOfDay(ZoneOffset.UTC).toInstant();
			}
			return OffsetDateTime.parse(value).toInstant();
		}
		catch (DateTimeParseException ex) {
			throw new UsageException(key + " must be an ISO date (2026-11-01) or date-time (2026-11-01T12:00:00Z), was '"
					+ value + "'");
		}
	}

	private static boolean bool(String key, Map<String, String> values) {
		String value = values.get(key);
		if (value == null) {
			return false;
		}
		return switch (value.toLowerCase(Locale.ROOT)) {
			case "true", "yes", "1" -> true;
			case "false", "no", "0" -> false;
			default -> throw new UsageException(key + " must be true or false, was '" + value + "'");
		};
	}

	private static Integer limit(String value) {
		if (value == null) {
			return null;
		}
		try {
			int limit = Integer.parseInt(value);
			if (limit > 0) {
				return limit;
			}
		}
		catch (NumberFormatException ex) {
			// reported below
		}
		throw new UsageException("limit must be a positive whole number, was '" + value + "'");
	}

	/** A positive duration: ISO-8601 ({@code PT24H}) or a number with a unit ({@code 90m}, {@code 24h}, {@code 2d}). */
	private static Duration window(String key, String value) {
		if (value == null) {
			return null;
		}
		try {
			Duration duration = value.startsWith("P") || value.startsWith("p") ? Duration.parse(value)
					: DurationStyle.SIMPLE.parse(value);
			if (!duration.isNegative() && !duration.isZero()) {
				return duration;
			}
		}
		catch (RuntimeException ex) {
			// reported below
		}
		throw new UsageException(key + " must be a positive duration such as 24h, 90m or PT24H, was '" + value + "'");
	}

	private static Partition partition(String value) {
		if (value == null) {
			return Partition.WHOLE;
		}
		String[] parts = value.split("/");
		try {
			if (parts.length == 2) {
				int index = Integer.parseInt(parts[0].trim());
				int count = Integer.parseInt(parts[1].trim());
				if (count >= 1 && index >= 0 && index < count) {
					return new Partition(index, count);
				}
			}
		}
		catch (NumberFormatException ex) {
			// reported below
		}
		throw new UsageException("partition must be i/n with 0 <= i < n (e.g. 0/4), was '" + value + "'");
	}

}
