package io.safetykit.reconciler.report;

import java.io.Writer;
import java.util.Locale;

import io.safetykit.reconciler.exit.UsageException;

/** How {@code report} writes rows: {@code csv} (RFC 4180) or {@code jsonl} (one JSON object a line). */
enum ReportFormat {

	CSV, JSONL;

	RowWriter open(Writer out) {
		return switch (this) {
			case CSV -> new CsvRowWriter(out);
			case JSONL -> new JsonLinesRowWriter(out);
		};
	}

	static ReportFormat named(String name) {
		for (ReportFormat format : values()) {
			if (format.name().toLowerCase(Locale.ROOT).equals(name)) {
				return format;
			}
		}
		throw new UsageException("--format: '" + name + "' is not csv or jsonl");
	}

}
