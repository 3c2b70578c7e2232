package io.safetykit.reconciler.enqueue;

import java.io.Closeable;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

import io.safetykit.reconciler.exit.UsageException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.exc.JacksonIOException;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.dataformat.csv.CsvFactory;

/**
 * Reads RFC 4180 records one at a time with Jackson's CSV parser, so that a file of any size is
 * read in bounded memory: quoted fields may hold commas, doubled quotes and line breaks; lines end
 * in LF, CRLF or CR. Each record carries the line it starts on; every problem is one line naming
 * it. The reader must decode with replacement (as {@code InputStreamReader} does): bytes that are
 * not UTF-8 are then reported on their own record, not where the decoder happened to read ahead.
 */
final class CsvRecords implements Closeable {

	/** Longer fields are a mistake (an unclosed quote swallowing the file), not a request id. */
	static final int MAX_FIELD_LENGTH = 4096;

	/** The parser stops buffering a field once it is longer than an id can be. */
	private static final CsvFactory FACTORY = CsvFactory.builder()
		.streamReadConstraints(StreamReadConstraints.builder().maxStringLength(MAX_FIELD_LENGTH).build())
		.build();

	/** What the reader's decoder puts in place of bytes that are not UTF-8. */
	private static final char REPLACEMENT = '\uFFFD';

	private final JsonParser parser;

	private int line = 1;

	private long fieldStart;

	CsvRecords(Reader reader) {
		this.parser = FACTORY.createParser(ObjectReadContext.empty(), reader);
	}

	/** One record read from a source. */
	record CsvRecord(int line, List<String> fields) {
	}

	/** The next record, or null at the end of the input; a failure to read the input is no CSV problem. */
	CsvRecord next() throws IOException {
		try {
			if (this.parser.nextToken() == null) {
				return null;
			}
			// past the start of a row, the parser's position is the line the row starts on
			this.line = this.parser.currentLocation().getLineNr();
			this.fieldStart = this.parser.currentLocation().getCharOffset();
			List<String> fields = new ArrayList<>();
			while (this.parser.nextToken() == JsonToken.VALUE_STRING) {
				String field = this.parser.getString();
				if (field.indexOf(REPLACEMENT) >= 0) {
					throw malformed(this.line, "not valid UTF-8");
				}
				fields.add(field);
				this.fieldStart = this.parser.currentLocation().getCharOffset();
			}
			return new CsvRecord(this.line, fields);
		}
		catch (JacksonIOException ex) {
			throw ex.getCause();
		}
		catch (StreamConstraintsException ex) {
			throw tooLong();
		}
		catch (JacksonException ex) {
			throw unreadable(ex);
		}
	}

	private UsageException unreadable(JacksonException ex) {
		String problem = ex.getOriginalMessage();
		if (problem.startsWith("Missing closing quote")) {
			// the field runs to the end of the input: past the limit, that is what is wrong with it
			long end = (ex.getLocation() != null) ? ex.getLocation().getCharOffset() : -1;
			long length = end - Math.max(0, this.fieldStart);
			return (length > MAX_FIELD_LENGTH) ? tooLong() : malformed(this.line, "a quoted field is not closed");
		}
		if (problem.contains("Expected column separator")) {
			return malformed(this.line, "text after a closing quote (a quote inside a field must be doubled)");
		}
		return malformed(this.line, "not CSV (" + problem + ")");
	}

	private UsageException tooLong() {
		return malformed(this.line, "a field is longer than " + MAX_FIELD_LENGTH + " characters");
	}

	static UsageException malformed(int line, String message) {
		return new UsageException("line " + line + ": " + message);
	}

	@Override
	public void close() {
		this.parser.close();
	}

}
