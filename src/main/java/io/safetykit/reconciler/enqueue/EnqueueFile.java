package io.safetykit.reconciler.enqueue;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import io.safetykit.reconciler.enqueue.CsvRecords.CsvRecord;

/**
 * The requests of a backfill file, {@code namespace,request_id[,kind]} a line, read one at a time.
 * An optional header line and blank lines are skipped; fields are trimmed; anything else that is
 * not a valid request is an error naming its line.
 */
final class EnqueueFile implements Closeable {

	private static final List<String> HEADER = List.of("namespace", "request_id", "kind");

	private static final Set<String> KINDS = Set.of("", "add", "import");

	private final BufferedReader reader;

	private final CsvRecords records;

	private boolean first = true;

	private EnqueueFile(BufferedReader reader) {
		this.reader = reader;
		this.records = new CsvRecords(reader);
	}

	/** One request to enqueue; {@code kind} is null when not given. */
	record EnqueueLine(int line, String namespace, String requestId, String kind) {
	}

	static EnqueueFile open(Path file) throws IOException {
		BufferedReader reader = new BufferedReader(
				new InputStreamReader(Files.newInputStream(file), StandardCharsets.UTF_8));
		reader.mark(1);
		if (reader.read() != '\uFEFF') { // spreadsheets start their UTF-8 exports with a byte order mark
			reader.reset();
		}
		return new EnqueueFile(reader);
	}

	/** The next request, or null at the end of the file. */
	EnqueueLine next() throws IOException {
		for (CsvRecord record = this.records.next(); record != null; record = this.records.next()) {
			List<String> fields = record.fields().stream().map(String::strip).toList();
			if (fields.size() == 1 && fields.get(0).isEmpty()) {
				continue;
			}
			boolean first = this.first;
			this.first = false;
			if (first && isHeader(fields)) {
				continue;
			}
			return toLine(record.line(), fields);
		}
		return null;
	}

	private static boolean isHeader(List<String> fields) {
		return (fields.size() == 2 || fields.size() == 3) && fields.stream().map(String::toLowerCase).toList()
			.equals(HEADER.subList(0, fields.size()));
	}

	private static EnqueueLine toLine(int line, List<String> fields) {
		if (fields.size() < 2 || fields.size() > 3) {
			throw CsvRecords.malformed(line, "expected namespace,request_id[,kind] but found " + fields.size()
					+ ((fields.size() == 1) ? " field" : " fields"));
		}
		String namespace = fields.get(0);
		String requestId = fields.get(1);
		String kind = (fields.size() == 3) ? fields.get(2) : "";
		if (namespace.isEmpty()) {
			throw CsvRecords.malformed(line, "namespace is empty");
		}
		if (requestId.isEmpty()) {
			throw CsvRecords.malformed(line, "request_id is empty");
		}
		if (!KINDS.contains(kind)) {
			throw CsvRecords.malformed(line, "kind must be empty, add or import, was '" + kind + "'");
		}
		if (fields.stream().anyMatch((field) -> field.indexOf('\0') >= 0)) {
			// PostgreSQL text cannot hold NUL: catch it here, not halfway through the load
			throw CsvRecords.malformed(line, "contains a NUL character");
		}
		return new EnqueueLine(line, namespace, requestId, kind.isEmpty() ? null : kind);
	}

	@Override
	public void close() throws IOException {
		this.records.close();
		this.reader.close();
	}

}
