package io.safetykit.reconciler.resultfile;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LineReaderTests {

	@Test
	void readsLinesWithAndWithoutAFinalNewline() throws IOException {
		assertThat(lines("a\nb\n", 100)).containsExactly("1:a", "2:b");
		assertThat(lines("a\nb", 100)).containsExactly("1:a", "2:b");
		assertThat(lines("", 100)).isEmpty();
		assertThat(lines("a\r\n\nb", 100)).containsExactly("1:a", "2:", "3:b");
	}

	@Test
	void tellsALastLineTheStreamCutOffFromOneEndedByANewline() throws IOException {
		assertThat(terminations("a\nb\n")).containsExactly(true, true);
		assertThat(terminations("a\nb")).containsExactly(true, false);
		assertThat(terminations("a\n" + "x".repeat(200_000))).containsExactly(true, false);
	}

	@Test
	void reportsALineOverTheCapAndGoesOn() throws IOException {
		assertThat(lines("short\n" + "x".repeat(200_000) + "\nafter\n", 1000))
			.containsExactly("1:short", "2:<too long>", "3:after");
	}

	@Test
	void decodesUtf8AcrossBufferBoundaries() throws IOException {
		String text = "é".repeat(70_000) + "\n🍮\n";
		assertThat(lines(text, 1_000_000)).containsExactly("1:" + "é".repeat(70_000), "2:🍮");
	}

	private static List<String> lines(String text, int max) throws IOException {
		LineReader reader = new LineReader(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), max);
		List<String> lines = new ArrayList<>();
		LineReader.Line line;
		while ((line = reader.next()) != null) {
			lines.add(line.number() + ":" + (line.tooLong() ? "<too long>" : line.text()));
		}
		return lines;
	}

	private static List<Boolean> terminations(String text) throws IOException {
		LineReader reader = new LineReader(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), 1000);
		List<Boolean> terminated = new ArrayList<>();
		LineReader.Line line;
		while ((line = reader.next()) != null) {
			terminated.add(line.terminated());
		}
		return terminated;
	}

}
