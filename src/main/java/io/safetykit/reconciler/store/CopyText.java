package io.safetykit.reconciler.store;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * Streams rows into {@code COPY ... FROM STDIN} (text format) on the current transaction's
 * connection, flushing in 64 KiB blocks so memory stays flat however many rows there are.
 */
final class CopyText implements AutoCloseable {

	private static final int BLOCK = 64 * 1024;

	private final CopyIn copy;

	private final StringBuilder row = new StringBuilder(256);

	private final byte[] block = new byte[BLOCK];

	private int used;

	private long rows;

	private CopyText(CopyIn copy) {
		this.copy = copy;
	}

	static CopyText open(Connection connection, String copySql) throws SQLException {
		return new CopyText(connection.unwrap(PGConnection.class).getCopyAPI().copyIn(copySql));
	}

	/** Appends one column value; null becomes SQL NULL. */
	CopyText value(String value) {
		if (!this.row.isEmpty()) {
			this.row.append('\t');
		}
		if (value == null) {
			this.row.append("\\N");
			return this;
		}
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			switch (c) {
				case '\\' -> this.row.append("\\\\");
				case '\n' -> this.row.append("\\n");
				case '\r' -> this.row.append("\\r");
				case '\t' -> this.row.append("\\t");
				default -> this.row.append(c);
			}
		}
		return this;
	}

	CopyText value(Double value) {
		return value((value != null) ? value.toString() : null);
	}

	/** Ends the current row. */
	void endRow() throws SQLException {
		this.row.append('\n');
		byte[] bytes = this.row.toString().getBytes(StandardCharsets.UTF_8);
		this.row.setLength(0);
		if (this.used + bytes.length > this.block.length) {
			flush();
			if (bytes.length > this.block.length) {
				this.copy.writeToCopy(bytes, 0, bytes.length);
				this.rows++;
				return;
			}
		}
		System.arraycopy(bytes, 0, this.block, this.used, bytes.length);
		this.used += bytes.length;
		this.rows++;
	}

	private void flush() throws SQLException {
		if (this.used > 0) {
			this.copy.writeToCopy(this.block, 0, this.used);
			this.used = 0;
		}
	}

	/** Sends the rest and ends the COPY; returns the number of rows written. */
	long finish() throws SQLException {
		flush();
		this.copy.endCopy();
		return this.rows;
	}

	@Override
	public void close() throws SQLException {
		if (this.copy.isActive()) {
			this.copy.cancelCopy();
		}
	}

}
