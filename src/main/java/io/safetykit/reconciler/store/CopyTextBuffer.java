package io.safetykit.reconciler.store;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Rows in COPY's text format (tab-separated, {@code \N} for null, backslash escapes), encoded
 * into a byte array that grows as needed.
 */
final class CopyTextBuffer {

	/** For each byte, the letter that follows the backslash escaping it, or 0. */
	private static final byte[] ESCAPED = new byte[256];

	static {
		ESCAPED['\\'] = '\\';
		ESCAPED['\n'] = 'n';
		ESCAPED['\r'] = 'r';
		ESCAPED['\t'] = 't';
	}

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
		byte[] encoded = value.getBytes(StandardCharsets.UTF_8);
		int escapes = escapes(encoded);
		ensureRoom(encoded.length + escapes);
		if (escapes == 0) {
			System.arraycopy(encoded, 0, this.bytes, this.size, encoded.length);
			this.size += encoded.length;
		}
		else {
			appendEscaped(encoded);
		}
		return this;
	}

	/** Appends one column value that is COPY text already, with nothing to escape (digits, say). */
	CopyTextBuffer encodedValue(byte[] text) {
		if (this.rowStarted) {
			put((byte) '\t');
		}
		this.rowStarted = true;
		ensureRoom(text.length);
		System.arraycopy(text, 0, this.bytes, this.size, text.length);
		this.size += text.length;
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

	/**
	 * Bytes COPY's text format escapes. In UTF-8 they never occur inside a multi-byte character,
	 * so the encoded bytes can be scanned as they are: one pass, which matters without C2, where
	 * {@code String.indexOf} is a plain loop.
	 */
	private static int escapes(byte[] encoded) {
		int escapes = 0;
		for (byte b : encoded) {
			if (ESCAPED[b & 0xFF] != 0) {
				escapes++;
			}
		}
		return escapes;
	}

	private void appendEscaped(byte[] encoded) {
		for (byte b : encoded) {
			byte escaped = ESCAPED[b & 0xFF];
			if (escaped != 0) {
				this.bytes[this.size++] = '\\';
				this.bytes[this.size++] = escaped;
			}
			else {
				this.bytes[this.size++] = b;
			}
		}
	}

}
