package io.safetykit.reconciler.enqueue;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

import io.safetykit.reconciler.exit.UsageException;

/**
 * Reads RFC 4180 records one at a time, so that a file of any size is read in bounded memory:
 * quoted fields may hold commas, doubled quotes and line breaks; lines end in LF or CRLF. Each
 * record carries the line it starts on, for error messages. The reader must decode with
 * replacement (as {@code InputStreamReader} does): bytes that are not UTF-8 are then reported on
 * their own line, not on the line where the decoder happened to read ahead to them.
 */
final class CsvRecords {

	/** Longer fields are a mistake (an unclosed quote swallowing the file), not a request id. */
	static final int MAX_FIELD_LENGTH = 4096;

	private static final int END = -1;

	/** What the reader's decoder puts in place of bytes that are not UTF-8. */
	private static final char REPLACEMENT = '\uFFFD';

	private final Reader reader;

	private int line = 1;

	private int pushedBack = -2;

	CsvRecords(Reader reader) {
		this.reader = reader;
	}

	/** One record read from a source. */
	record CsvRecord(int line, List<String> fields) {
	}

	/** The next record, or null at the end of the input. */
	CsvRecord next() throws IOException {
		int c = read();
		if (c == END) {
			return null;
		}
		int startLine = this.line;
		List<String> fields = new ArrayList<>();
		StringBuilder field = new StringBuilder();
		boolean quoted = false;
		boolean afterQuote = false;
		while (true) {
			if (quoted) {
				if (c == END) {
					throw malformed(startLine, "a quoted field is not closed");
				}
				if (c == '"') {
					int following = read();
					if (following == '"') {
						append(field, '"', startLine);
					}
					else {
						quoted = false;
						afterQuote = true;
						unread(following);
					}
				}
				else {
					if (c == '\n') {
						this.line++;
					}
					append(field, (char) c, startLine);
				}
			}
			else if (c == ',' || c == '\n' || c == '\r' || c == END) {
				fields.add(field.toString());
				field.setLength(0);
				afterQuote = false;
				if (c != ',') {
					endOfLine(c);
					return new CsvRecord(startLine, fields);
				}
			}
			else if (afterQuote) {
				throw malformed(startLine, "text after a closing quote (a quote inside a field must be doubled)");
			}
			else if (c == '"' && field.isEmpty()) {
				quoted = true;
			}
			else {
				append(field, (char) c, startLine);
			}
			c = read();
		}
	}

	private void endOfLine(int c) throws IOException {
		if (c == '\r') {
			int following = read();
			if (following != '\n') {
				unread(following);
			}
		}
		if (c != END) {
			this.line++;
		}
	}

	private static void append(StringBuilder field, char c, int line) {
		if (c == REPLACEMENT) {
			throw malformed(line, "not valid UTF-8");
		}
		if (field.length() >= MAX_FIELD_LENGTH) {
			throw malformed(line, "a field is longer than " + MAX_FIELD_LENGTH + " characters");
		}
		field.append(c);
	}

	private int read() throws IOException {
		if (this.pushedBack != -2) {
			int c = this.pushedBack;
			this.pushedBack = -2;
			return c;
		}
		return this.reader.read();
	}

	private void unread(int c) {
		this.pushedBack = c;
	}

	static UsageException malformed(int line, String message) {
		return new UsageException("line " + line + ": " + message);
	}

}
