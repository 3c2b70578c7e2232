package io.safetykit.reconciler.store;

import java.sql.Connection;
import java.sql.SQLException;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * Streams rows into {@code COPY ... FROM STDIN} (text format) on the current transaction's
 * connection, in blocks of about 64 KiB, so memory stays flat however many rows there are. Rows
 * come one value at a time, or already encoded.
 */
final class CopyText implements AutoCloseable {

	private static final int BLOCK = 64 * 1024;

	private final CopyIn copy;

	private final CopyTextBuffer buffer = new CopyTextBuffer(BLOCK + BLOCK / 4);

	private CopyText(CopyIn copy) {
		this.copy = copy;
	}

	static CopyText open(Connection connection, String copySql) throws SQLException {
		return new CopyText(connection.unwrap(PGConnection.class).getCopyAPI().copyIn(copySql));
	}

	/** Appends one column value; null becomes SQL NULL. */
	CopyText value(String value) {
		this.buffer.value(value);
		return this;
	}

	CopyText value(Double value) {
		this.buffer.value(value);
		return this;
	}

	/** Ends the current row. */
	void endRow() throws SQLException {
		this.buffer.endRow();
		if (this.buffer.size() >= BLOCK) {
			flush();
		}
	}

	/** Sends whole rows already in COPY's text format. */
	void encodedRows(byte[] rows) throws SQLException {
		flush();
		this.copy.writeToCopy(rows, 0, rows.length);
	}

	private void flush() throws SQLException {
		if (this.buffer.size() > 0) {
			this.copy.writeToCopy(this.buffer.array(), 0, this.buffer.size());
			this.buffer.clear();
		}
	}

	/** Sends the rest and ends the COPY; returns the number of rows PostgreSQL took. */
	long finish() throws SQLException {
		flush();
		return this.copy.endCopy();
	}

	@Override
	public void close() throws SQLException {
		if (this.copy.isActive()) {
			this.copy.cancelCopy();
		}
	}

}
