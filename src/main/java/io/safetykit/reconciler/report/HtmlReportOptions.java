package io.safetykit.reconciler.report;

import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.safetykit.reconciler.exit.UsageException;

/**
 * The arguments of {@code report html}: the filters the other views take, and the file to write.
 * {@code --option value} and {@code --option=value} both work; every mistake is one line.
 *
 * @param namespace only this namespace, or null for all
 * @param from first UTC day included, or null
 * @param to last UTC day included, or null
 * @param out the file to write, or null for standard output
 */
record HtmlReportOptions(String namespace, LocalDate from, LocalDate to, Path out) {

	static HtmlReportOptions parse(List<String> arguments) {
		String namespace = null;
		LocalDate from = null;
		LocalDate to = null;
		Path out = null;
		Set<String> seen = new HashSet<>();
		for (int i = 0; i < arguments.size(); i++) {
			String argument = arguments.get(i);
			if (!argument.startsWith("--")) {
				throw new UsageException("Unexpected argument '" + argument + "' after html");
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
				case "--out" -> out = Path.of(required(option, value));
				default -> throw new UsageException("Unknown option '" + option + "' for html");
			}
		}
		if (from != null && to != null && from.isAfter(to)) {
			throw new UsageException("--from " + from + " is after --to " + to);
		}
		return new HtmlReportOptions(namespace, from, to, out);
	}

	private static String required(String option, String value) {
		if (value == null || value.isEmpty()) {
			throw new UsageException(option + " needs a value");
		}
		return value;
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
