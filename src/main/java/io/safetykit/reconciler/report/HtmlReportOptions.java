package io.safetykit.reconciler.report;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

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
		OptionWords split = OptionWords.split(arguments);
		if (!split.words().isEmpty()) {
			throw new UsageException("Unexpected argument '" + split.words().get(0) + "' after html");
		}
		String namespace = null;
		LocalDate from = null;
		LocalDate to = null;
		Path out = null;
		for (Map.Entry<String, String> entry : split.options().entrySet()) {
			String option = entry.getKey();
			String value = entry.getValue();
			switch (option) {
				case "--namespace" -> namespace = OptionWords.required(option, value);
				case "--from" -> from = OptionWords.date(option, value);
				case "--to" -> to = OptionWords.date(option, value);
				case "--out" -> out = Path.of(OptionWords.required(option, value));
				default -> throw new UsageException("Unknown option '" + option + "' for html");
			}
		}
		OptionWords.checkOrder(from, to);
		return new HtmlReportOptions(namespace, from, to, out);
	}

}
