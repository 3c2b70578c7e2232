package io.safetykit.reconciler.report;

import java.io.IOException;
import java.io.Writer;
import java.util.List;

/**
 * RFC 4180: a header row, CRLF line ends, fields with a comma, quote, CR or LF quoted with their
 * quotes doubled. Null is an empty field; an empty string is {@code ""} so the two stay apart.
 */
class CsvRowWriter implements RowWriter {

	private final Writer out;

	CsvRowWriter(Writer out) {
		this.out = out;
	}

	@Override
	public void header(List<Column> columns) throws IOException {
		row(columns.stream().map(Column::name).toArray(String[]::new));
	}

	@Override
	public void row(String[] values) throws IOException {
		for (int i = 0; i < values.length; i++) {
			if (i > 0) {
				this.out.write(',');
			}
			writeField(values[i]);
		}
		this.out.write("\r\n");
	}

	private void writeField(String value) throws IOException {
		if (value == null) {
			return;
		}
		if (!value.isEmpty() && !needsQuotes(value)) {
			this.out.write(value);
			return;
		}
		this.out.write('"');
		this.out.write(value.replace("\"", "\"\""));
		this.out.write('"');
	}

	private static boolean needsQuotes(String value) {
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (c == ',' || c == '"' || c == '\r' || c == '\n') {
				return true;
			}
		}
		return false;
	}

	@Override
	public void finish() throws IOException {
		this.out.flush();
	}

}
