package io.safetykit.reconciler.report;

import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;

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
		OptionWords split = OptionWords.split(arguments);
		if (split.words().size() > 1) {
			throw new UsageException("Unexpected argument '" + split.words().get(1) + "' after the view name");
		}
		ReportView view = split.words().isEmpty() ? null : ReportView.named(split.words().get(0));
		String namespace = null;
		LocalDate from = null;
		LocalDate to = null;
		ReportFormat format = ReportFormat.CSV;
		Path out = null;
		Instant asOf = null;
		for (Map.Entry<String, String> entry : split.options().entrySet()) {
			String option = entry.getKey();
			String value = entry.getValue();
			switch (option) {
				case "--namespace" -> namespace = OptionWords.required(option, value);
				case "--from" -> from = OptionWords.date(option, value);
				case "--to" -> to = OptionWords.date(option, value);
				case "--format" -> format = ReportFormat.named(OptionWords.required(option, value));
				case "--out" -> out = Path.of(OptionWords.required(option, value));
				case "--as-of" -> asOf = instant(option, value);
				default -> throw new UsageException("Unknown option '" + option + "'");
			}
		}
		if (view == null) {
			throw new UsageException("Name a view: " + ReportView.names());
		}
		OptionWords.checkOrder(from, to);
		if (asOf != null && !view.hasAsOf()) {
			throw new UsageException("--as-of applies only to " + ReportView.ITEM_LATEST_LABEL.viewName());
		}
		return new ReportOptions(view, namespace, from, to, format, out, asOf);
	}

	private static Instant instant(String option, String value) {
		try {
			return OffsetDateTime.parse(OptionWords.required(option, value)).toInstant();
		}
		catch (DateTimeParseException ex) {
			throw new UsageException(option + ": '" + value + "' is not an ISO-8601 instant (2026-11-01T12:00:00Z)");
		}
	}

}
