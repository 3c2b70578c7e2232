package io.safetykit.reconciler.report;

import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/** One column of a report: its name and how its values read and write. */
record Column(String name, Kind kind) {

	/** What a value is, for formats that tell (JSON); every value is carried as text or null. */
	enum Kind {

		TEXT, NUMBER, BOOLEAN, JSON, TIMESTAMP

	}

	static List<Column> of(ResultSetMetaData metaData) throws SQLException {
		List<Column> columns = new ArrayList<>(metaData.getColumnCount());
		for (int i = 1; i <= metaData.getColumnCount(); i++) {
			columns.add(new Column(metaData.getColumnLabel(i), kindOf(metaData.getColumnTypeName(i))));
		}
		return columns;
	}

	private static Kind kindOf(String typeName) {
		return switch (typeName) {
			case "int2", "int4", "int8", "float4", "float8", "numeric" -> Kind.NUMBER;
			case "bool" -> Kind.BOOLEAN;
			case "json", "jsonb" -> Kind.JSON;
			case "timestamptz" -> Kind.TIMESTAMP;
			default -> Kind.TEXT;
		};
	}

	/** The value at {@code index} (1-based) as text: ISO-8601 instants in UTC, {@code true}/{@code false}. */
	String read(ResultSet rs, int index) throws SQLException {
		return switch (this.kind) {
			case TIMESTAMP -> {
				OffsetDateTime value = rs.getObject(index, OffsetDateTime.class);
				yield (value != null) ? value.toInstant().toString() : null;
			}
			case BOOLEAN -> {
				boolean value = rs.getBoolean(index);
				yield rs.wasNull() ? null : Boolean.toString(value);
			}
			default -> rs.getString(index);
		};
	}

}
