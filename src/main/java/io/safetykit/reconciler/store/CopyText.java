package io.safetykit.reconciler.store;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * Streams rows into {@code COPY ... FROM STDIN} (text format) on the current transaction's
 * connection, encoding values straight into 64 KiB blocks, so memory stays flat however many rows
 * there are and no row is built as a String first.
 */
final class CopyText implements AutoCloseable {

	private static final int BLOCK = 64 * 1024;

	private final CopyIn copy;

	private final byte[] block = new byte[BLOCK];

	private int used;

	private boolean rowStarted;

	private long rows;

	private CopyText(CopyIn copy) {
		this.copy = copy;
	}

	static CopyText open(Connection connection, String copySql) throws SQLException {
		return new CopyText(connection.unwrap(PGConnection.class).getCopyAPI().copyIn(copySql));
	}

	/** Appends one column value; null becomes SQL NULL. */
	CopyText value(String value) throws SQLException {
		if (this.rowStarted) {
			put((byte) '\t');
		}
		this.rowStarted = true;
		if (value == null) {
			put((byte) '\\');
			put((byte) 'N');
			return this;
		}
		if (needsEscaping(value)) {
			value = escape(value);
		}
		byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
		if (bytes.length > BLOCK - this.used) {
			flush();
			if (bytes.length > BLOCK) {
				this.copy.writeToCopy(bytes, 0, bytes.length);
				return this;
			}
		}
		System.arraycopy(bytes, 0, this.block, this.used, bytes.length);
		this.used += bytes.length;
		return this;
	}

	CopyText value(Double value) throws SQLException {
		return value((value != null) ? value.toString() : null);
	}

	/** Ends the current row. */
	void endRow() throws SQLException {
		put((byte) '\n');
		this.rowStarted = false;
		this.rows++;
	}

	private void put(byte b) throws SQLException {
		if (this.used == BLOCK) {
			flush();
		}
		this.block[this.used++] = b;
	}

	private static boolean needsEscaping(String value) {
		return value.indexOf('\\') >= 0 || value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0
				|| value.indexOf('\t') >= 0;
	}

	private static String escape(String value) {
		StringBuilder escaped = new StringBuilder(value.length() + 16);
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			switch (c) {
				case '\\' -> escaped.append("\\\\");
				case '\n' -> escaped.append("\\n");
				case '\r' -> escaped.append("\\r");
				case '\t' -> escaped.append("\\t");
				default -> escaped.append(c);
			}
		}
		return escaped.toString();
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
