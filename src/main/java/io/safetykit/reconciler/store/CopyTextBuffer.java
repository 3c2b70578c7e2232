package io.safetykit.reconciler.store;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Rows in COPY's text format (tab-separated, {@code \N} for null, backslash escapes), encoded
 * into a byte array that grows as needed.
 */
final class CopyTextBuffer {

	private byte[] bytes;

	private int size;

	private boolean rowStarted;

	private int rows;

	CopyTextBuffer(int initialCapacity) {
		this.bytes = new byte[initialCapacity];
	}

	/** Appends one column value; null becomes SQL NULL. */
	CopyTextBuffer value(String value) {
		if (this.rowStarted) {
			put((byte) '\t');
		}
		this.rowStarted = true;
		if (value == null) {
			put((byte) '\\');
			put((byte) 'N');
			return this;
		}
		byte[] encoded = (needsEscaping(value) ? escape(value) : value).getBytes(StandardCharsets.UTF_8);
		ensureRoom(encoded.length);
		System.arraycopy(encoded, 0, this.bytes, this.size, encoded.length);
		this.size += encoded.length;
		return this;
	}

	CopyTextBuffer value(Double value) {
		return value((value != null) ? value.toString() : null);
	}

	/** Ends the current row. */
	void endRow() {
		put((byte) '\n');
		this.rowStarted = false;
		this.rows++;
	}

	int size() {
		return this.size;
	}

	int rows() {
		return this.rows;
	}

	/** The encoded rows: the first {@link #size()} bytes. */
	byte[] array() {
		return this.bytes;
	}

	/** The encoded rows, in an array of their size: this buffer's own when it is full. */
	byte[] toByteArray() {
		return (this.size == this.bytes.length) ? this.bytes : Arrays.copyOf(this.bytes, this.size);
	}

	void clear() {
		this.size = 0;
		this.rows = 0;
		this.rowStarted = false;
	}

	private void put(byte b) {
		ensureRoom(1);
		this.bytes[this.size++] = b;
	}

	private void ensureRoom(int length) {
		if (this.size + length > this.bytes.length) {
			this.bytes = Arrays.copyOf(this.bytes, Math.max(2 * this.bytes.length, this.size + length));
		}
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

}
