package io.safetykit.reconciler.report;

import java.io.Writer;
import java.util.List;

import tools.jackson.core.JsonGenerator;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.json.JsonFactory;

/**
 * One JSON object a line, keyed by column name: numbers and booleans as JSON's own, jsonb columns
 * nested as they are stored, everything else as strings.
 */
class JsonLinesRowWriter implements RowWriter {

	// the line feed after each object is written by hand, so no separator between root values
	private static final JsonFactory FACTORY = JsonFactory.builder().rootValueSeparator((String) null).build();

	private final JsonGenerator generator;

	private List<Column> columns;

	JsonLinesRowWriter(Writer out) {
		this.generator = FACTORY.createGenerator(ObjectWriteContext.empty(), out);
	}

	@Override
	public void header(List<Column> columns) {
		this.columns = columns;
	}

	@Override
	public void row(String[] values) {
		this.generator.writeStartObject();
		for (int i = 0; i < values.length; i++) {
			Column column = this.columns.get(i);
			this.generator.writeName(column.name());
			writeValue(column.kind(), values[i]);
		}
		this.generator.writeEndObject();
		this.generator.writeRaw('\n');
	}

	private void writeValue(Column.Kind kind, String value) {
		if (value == null) {
			this.generator.writeNull();
			return;
		}
		switch (kind) {
			// NaN and Infinity are no JSON numbers
			case NUMBER -> {
				if (Character.isDigit(value.charAt(value.length() - 1))) {
					this.generator.writeNumber(value);
				}
				else {
					this.generator.writeString(value);
				}
			}
			case BOOLEAN -> this.generator.writeBoolean(Boolean.parseBoolean(value));
			// PostgreSQL has checked it is JSON
			case JSON -> this.generator.writeRawValue(value);
			case TEXT, TIMESTAMP -> this.generator.writeString(value);
		}
	}

	@Override
	public void finish() {
		this.generator.flush();
	}

}
