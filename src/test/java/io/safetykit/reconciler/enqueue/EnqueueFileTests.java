package io.safetykit.reconciler.enqueue;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.safetykit.reconciler.enqueue.EnqueueFile.EnqueueLine;
import io.safetykit.reconciler.exit.UsageException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class EnqueueFileTests {

	@TempDir
	Path dir;

	@Test
	void skipsTheHeaderAndBlankLinesAndTrimsFields() throws IOException {
		List<EnqueueLine> lines = read("namespace,request_id,kind\n\nshop, r1 ,add\r\n  \nshop,r2\nshop,r3,\n");
		assertThat(lines).containsExactly(new EnqueueLine(3, "shop", "r1", "add"), new EnqueueLine(5, "shop", "r2", null),
				new EnqueueLine(6, "shop", "r3", null));
	}

	@Test
	void readsQuotedFieldsWithCommasQuotesAndLineBreaks() throws IOException {
		List<EnqueueLine> lines = read("\"shop,eu\",\"say \"\"hi\"\"\",import\n\"multi\nline\",r2\nshop,r3");
		assertThat(lines).containsExactly(new EnqueueLine(1, "shop,eu", "say \"hi\"", "import"),
				new EnqueueLine(2, "multi\nline", "r2", null), new EnqueueLine(4, "shop", "r3", null));
	}

	@Test
	void skipsAByteOrderMarkBeforeTheHeader() throws IOException {
		assertThat(read("\uFEFFnamespace,request_id\nshop,r1\n")).containsExactly(new EnqueueLine(2, "shop", "r1", null));
	}

	@Test
	void rejectsALineWithTheWrongNumberOfFields() {
		assertMalformed("shop,r1\nshop\n", "line 2: expected namespace,request_id[,kind] but found 1 field");
		assertMalformed("shop,r1,add,extra\n", "line 1: expected namespace,request_id[,kind] but found 4 fields");
	}

	@Test
	void rejectsEmptyKeysAndUnknownKinds() {
		assertMalformed("shop,r1\n,r2\n", "line 2: namespace is empty");
		assertMalformed("shop,\"\"\n", "line 1: request_id is empty");
		assertMalformed("shop,r1,Add\n", "line 1: kind must be empty, add or import, was 'Add'");
	}

	@Test
	void rejectsBrokenQuoting() {
		assertMalformed("shop,r1\nshop,\"r2\n\nshop,r3\n", "line 2: a quoted field is not closed");
		assertMalformed("shop,\"r1\"x\n", "line 1: text after a closing quote (a quote inside a field must be doubled)");
	}

	@Test
	void rejectsBytesThatAreNotUtf8() throws IOException {
		Path file = this.dir.resolve("latin1.csv");
		Files.write(file, "shop,r1\nshop,caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));
		assertThatExceptionOfType(UsageException.class).isThrownBy(() -> readAll(file)).withMessage("line 2: not valid UTF-8");
	}

	@Test
	void rejectsAFieldTooLongToBeAnId() {
		assertMalformed("shop,\"" + "x".repeat(CsvRecords.MAX_FIELD_LENGTH + 1),
				"line 1: a field is longer than " + CsvRecords.MAX_FIELD_LENGTH + " characters");
	}

	@Test
	void reportsAFailureToReadTheInputAsSuch() {
		Reader failing = new Reader() {

			@Override
			public int read(char[] buffer, int offset, int length) throws IOException {
				throw new IOException("disk gone");
			}

			@Override
			public void close() {
			}

		};
		assertThatExceptionOfType(IOException.class).isThrownBy(() -> new CsvRecords(failing).next())
			.withMessage("disk gone");
	}

	private void assertMalformed(String content, String message) {
		assertThatExceptionOfType(UsageException.class).isThrownBy(() -> read(content)).withMessage(message);
	}

	private List<EnqueueLine> read(String content) throws IOException {
		Path file = Files.createTempFile(this.dir, "requests", ".csv");
		Files.writeString(file, content);
		return readAll(file);
	}

	private static List<EnqueueLine> readAll(Path file) throws IOException {
		List<EnqueueLine> lines = new ArrayList<>();
		try (EnqueueFile input = EnqueueFile.open(file)) {
			for (EnqueueLine line = input.next(); line != null; line = input.next()) {
				lines.add(line);
			}
		}
		return lines;
	}

}
