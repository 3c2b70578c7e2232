package io.safetykit.reconciler.report;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.safetykit.reconciler.exit.UsageException;

/**
 * A report command line split into its plain words and its options, each option at most once:
 * {@code --option value} and {@code --option=value} both work; an option without a value maps to
 * null.
 *
 * @param words the words that are not options, in order
 * @param options the options and their values, in order
 */
record OptionWords(List<String> words, Map<String, String> options) {

	static OptionWords split(List<String> arguments) {
		List<String> words = new ArrayList<>();
		Map<String, String> options = new LinkedHashMap<>();
		for (int i = 0; i < arguments.size(); i++) {
			String argument = arguments.get(i);
			if (!argument.startsWith("--")) {
				words.add(argument);
				continue;
			}
			int equals = argument.indexOf('=');
			String option = (equals < 0) ? argument : argument.substring(0, equals);
			String value = null;
			if (equals >= 0) {
				value = argument.substring(equals + 1);
			}
			else if (i + 1 < arguments.size() && !arguments.get(i + 1).startsWith("--")) {
				value = arguments.get(++i);
			}
			if (options.containsKey(option)) {
				throw new UsageException(option + " is given twice");
			}
			options.put(option, value);
		}
		return new OptionWords(words, options);
	}

	static String required(String option, String value) {
		if (value == null || value.isEmpty()) {
			throw new UsageException(option + " needs a value");
		}
		return value;
	}

	static LocalDate date(String option, String value) {
		try {
			return LocalDate.parse(required(option, value));
		}
		catch (DateTimeParseException ex) {
			throw new UsageException(option + ": '" + value + "' is not a date (YYYY-MM-DD)");
		}
	}

	static void checkOrder(LocalDate from, LocalDate to) {
		if (from != null && to != null && from.isAfter(to)) {
			throw new UsageException("--from " + from + " is after --to " + to);
		}
	}

}
