package io.safetykit.reconciler.report;

import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.safetykit.reconciler.exit.UsageException;

/**
 * The arguments of {@code report}: a view and its filters. {@code --option value} and
 * {@code --option=value} both work; every mistake is a {@link UsageException} of one line.
 *
 * @param namespace only this namespace, or null for all
 * @param from first UTC day included, or null
 * @param to last UTC day included, or null
 * @param out the file to write, or null for standard output
 * @param asOf the instant whose labels to report instead of today's, or null for now
 */
record ReportOptions(ReportView view, String namespace, LocalDate from, LocalDate to, ReportFormat format, Path out,
		Instant asOf) {

	static ReportOptions parse(List<String> arguments) {
		ReportView view = null;
		String namespace = null;
		LocalDate from = null;
		LocalDate to = null;
		ReportFormat format = ReportFormat.CSV;
		Path out = null;
		Instant asOf = null;
		Set<String> seen = new HashSet<>();
		for (int i = 0; i < arguments.size(); i++) {
			String argument = arguments.get(i);
			if (!argument.startsWith("--")) {
				if (view != null) {
					throw new UsageException("Unexpected argument '" + argument + "' after the view name");
				}
				view = ReportView.named(argument);
				continue;
			}
			int equals = argument.indexOf('=');
			String option = (equals < 0) ? argument : argument.substring(0, equals);
			String value;
			if (equals >= 0) {
				value = argument.substring(equals + 1);
			}
			else if (i + 1 < arguments.size() && !arguments.get(i + 1).startsWith("--")) {
				value = arguments.get(++i);
			}
			else {
				value = null;
			}
			if (!seen.add(option)) {
				throw new UsageException(option + " is given twice");
			}
			switch (option) {
				case "--namespace" -> namespace = required(option, value);
				case "--from" -> from = date(option, value);
				case "--to" -> to = date(option, value);
				case "--format" -> format = ReportFormat.named(required(option, value));
				case "--out" -> out = Path.of(required(option, value));
				case "--as-of" -> asOf = instant(option, value);
				default -> throw new UsageException("Unknown option '" + option + "'");
			}
		}
		if (view == null) {
			throw new UsageException("Name a view: " + ReportView.names());
		}
		if (from != null && to != null && from.isAfter(to)) {
			throw new UsageException("--from " + from + " is after --to " + to);
		}
		if (asOf != null && !view.hasAsOf()) {
			throw new UsageException("--as-of applies only to " + ReportView.ITEM_LATEST_LABEL.viewName());
		}
		return new ReportOptions(view, namespace, from, to, format, out, asOf);
	}

	private static String required(String option, String value) {
		if (value == null || value.isEmpty()) {
			throw new UsageException(option + " needs a value");
		}
		return value;
	}

	private static Instant instant(String option, String value) {
		try {
			return OffsetDateTime.parse(required(option, value)).toInstant();
		}
		catch (DateTimeParseException ex) {
			throw new UsageException(option + ": '" + value + "' is not an ISO-8601 instant (2026-11-01T12:00:00Z)");
		}
	}

	private static LocalDate date(String option, String value) {
		try {
			return LocalDate.parse(required(option, value));
		}
		catch (DateTimeParseException ex) {
			throw new UsageException(option + ": '" + value + "' is not a date (YYYY-MM-DD)");
		}
	}

}
