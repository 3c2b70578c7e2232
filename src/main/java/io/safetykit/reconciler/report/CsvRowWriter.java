package io.safetykit.reconciler.report;

import java.io.IOException;
import java.io.Writer;
import java.util.List;

import tools.jackson.core.JsonGenerator;
import tools.jackson.dataformat.csv.CsvMapper;
import tools.jackson.dataformat.csv.CsvSchema;
import tools.jackson.dataformat.csv.CsvWriteFeature;

/**
 * RFC 4180 through Jackson's CSV generator: a header row, CRLF line ends, fields with a comma,
 * quote, CR or LF quoted with their quotes doubled. Null is an empty field; an empty string is
 * {@code ""} so the two stay apart.
 */
class CsvRowWriter implements RowWriter {

	/** Quotes only what must be (its default also quotes anything below a comma, such as a space). */
	private static final CsvMapper MAPPER = CsvMapper.builder().enable(CsvWriteFeature.STRICT_CHECK_FOR_QUOTING).build();

	private static final CsvSchema SCHEMA = CsvSchema.emptySchema().withLineSeparator("\r\n");

	/** Jackson writes an empty string unquoted when it checks quoting strictly: ours says it. */
	private static final String EMPTY_STRING = "\"\"";

	private final JsonGenerator out;

	CsvRowWriter(Writer out) {
		this.out = MAPPER.writer(SCHEMA).createGenerator(out);
	}

	@Override
	public void header(List<Column> columns) throws IOException {
		row(columns.stream().map(Column::name).toArray(String[]::new));
	}

	@Override
	public void row(String[] values) throws IOException {
		this.out.writeStartArray();
		for (String value : values) {
			// a null in a row would be dropped, not written as an empty field: both are written raw
			if (value == null) {
				this.out.writeRawValue("");
			}
			else if (value.isEmpty()) {
				this.out.writeRawValue(EMPTY_STRING);
			}
			else {
				this.out.writeString(value);
			}
		}
		this.out.writeEndArray();
	}

	@Override
	public void finish() {
		this.out.flush();
	}

}
