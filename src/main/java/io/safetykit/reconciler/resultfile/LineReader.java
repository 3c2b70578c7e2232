package io.safetykit.reconciler.resultfile;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads UTF-8 lines from a stream with a cap on their length, so that one enormous line cannot
 * exhaust the heap: the rest of an over-long line is skipped and reported as {@link Line#tooLong()}.
 */
final class LineReader {

	private final InputStream in;

	private final int maxLength;

	private final byte[] block = new byte[64 * 1024];

	private int position;

	private int limit;

	private byte[] line = new byte[4096];

	private long number;

	LineReader(InputStream in, int maxLength) {
		this.in = in;
		this.maxLength = maxLength;
	}

	/** The next line without its terminator, or null at the end of the stream. */
	Line next() throws IOException {
		int length = 0;
		boolean tooLong = false;
		boolean sawAnything = false;
		boolean terminated = false;
		while (true) {
			if (this.position == this.limit) {
				this.limit = this.in.read(this.block, 0, this.block.length);
				this.position = 0;
				if (this.limit <= 0) {
					this.limit = 0;
					if (!sawAnything) {
						return null;
					}
					break;
				}
			}
			sawAnything = true;
			int start = this.position;
			while (this.position < this.limit && this.block[this.position] != '\n') {
				this.position++;
			}
			int chunk = this.position - start;
			if (!tooLong) {
				if (length + chunk > this.maxLength) {
					tooLong = true;
				}
				else {
					ensureCapacity(length + chunk);
					System.arraycopy(this.block, start, this.line, length, chunk);
					length += chunk;
				}
			}
			if (this.position < this.limit) {
				this.position++; // the newline
				terminated = true;
				break;
			}
		}
		this.number++;
		if (tooLong) {
			return new Line(this.number, null, true, terminated);
		}
		if (length > 0 && this.line[length - 1] == '\r') {
			length--;
		}
		return new Line(this.number, new String(this.line, 0, length, StandardCharsets.UTF_8), false, terminated);
	}

	private void ensureCapacity(int needed) {
		if (needed > this.line.length) {
			this.line = Arrays.copyOf(this.line, Math.max(needed, this.line.length * 2));
		}
	}

	/**
	 * One line: its 1-based number and text (null when it was too long); {@code terminated} is false
	 * for a last line that the stream ended instead of a newline.
	 */
	record Line(long number, String text, boolean tooLong, boolean terminated) {

		boolean isBlank() {
			return this.text != null && this.text.isBlank();
		}

	}

}
