package io.safetykit.reconciler.enqueue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.safetykit.reconciler.ReconcilerApplication;
import io.safetykit.reconciler.exit.ExitCodes;
import io.safetykit.reconciler.exit.UsageException;
import io.safetykit.reconciler.support.TestDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

@SpringBootTest
@ExtendWith(OutputCaptureExtension.class)
class EnqueueIntegrationTests {

	@TempDir
	Path dir;

	@Autowired
	EnqueueCommand command;

	@Autowired
	JdbcTemplate jdbc;

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		TestDatabase.register(registry);
	}

	@BeforeEach
	void removeEarlierRequests() {
		this.jdbc.update("DELETE FROM safetykit.request WHERE namespace LIKE 'enq-%'");
	}

	@Test
	void loadsNewRequestsAndOnARerunReportsThemAsAlreadyPresent(CapturedOutput output) throws Exception {
		Path file = file("namespace,request_id,kind\nenq-shop,r1,add\nenq-shop,r2,import\n\"enq-shop\",\"r,3\",\n");
		assertThat(this.command.run(List.of(file.toString()))).isEqualTo(ExitCodes.COMPLETED);
		assertThat(output).contains("enqueued 3 new, 0 already present");
		assertThat(this.jdbc.queryForList("""
				SELECT request_id || ':' || coalesce(kind, '-') || ':' || status FROM safetykit.request
				WHERE namespace = 'enq-shop' ORDER BY request_id""", String.class))
			.containsExactly("r,3:-:queued", "r1:add:queued", "r2:import:queued");

		this.jdbc.update("UPDATE safetykit.request SET status = 'succeeded' WHERE namespace = 'enq-shop'");
		assertThat(this.command.run(List.of(file.toString()))).isEqualTo(ExitCodes.COMPLETED);
		assertThat(output).contains("enqueued 0 new, 3 already present");
		assertThat(requests("enq-shop")).isEqualTo(3);
		assertThat(this.jdbc.queryForList("SELECT DISTINCT status FROM safetykit.request WHERE namespace = 'enq-shop'",
				String.class))
			.containsExactly("succeeded");
	}

	@Test
	void countsARepeatedLineOfTheSameFileAsAlreadyPresent(CapturedOutput output) throws Exception {
		Path file = file("enq-dup,r1\nenq-dup,r2\nenq-dup,r1,add\n");
		this.command.run(List.of(file.toString()));
		assertThat(output).contains("enqueued 2 new, 1 already present");
		assertThat(requests("enq-dup")).isEqualTo(2);
	}

	@Test
	void loadsFilesLargerThanOneBatch(CapturedOutput output) throws Exception {
		int count = EnqueueCommand.BATCH_SIZE * 2 + 17;
		this.jdbc.update("INSERT INTO safetykit.request (namespace, request_id) VALUES ('enq-big', 'r5')");
		this.command.run(List.of(file(lines("enq-big", count)).toString()));
		assertThat(output).contains("enqueued " + (count - 1) + " new, 1 already present");
		assertThat(requests("enq-big")).isEqualTo(count);
	}

	@Test
	void reportsAMalformedLineByItsNumberAndLoadsNothingOfTheFile() throws Exception {
		int good = EnqueueCommand.BATCH_SIZE + 5;
		Path file = file("namespace,request_id\n" + lines("enq-bad", good) + "enq-bad,r-last,update\n");
		assertThatExceptionOfType(UsageException.class).isThrownBy(() -> this.command.run(List.of(file.toString())))
			.withMessage("line " + (good + 2) + ": kind must be empty, add or import, was 'update'");
		assertThat(requests("enq-bad")).isZero();
	}

	@Test
	void exitsWithCode2AndOneLineForAMalformedFile(CapturedOutput output) throws Exception {
		Path file = file("enq-exit,r1\nenq-exit\n");
		int exitCode = ReconcilerApplication.run("enqueue", file.toString(),
				"--spring.datasource.url=" + TestDatabase.url(), "--spring.datasource.username=" + TestDatabase.username(),
				"--spring.datasource.password=" + TestDatabase.password());
		assertThat(exitCode).isEqualTo(ExitCodes.BAD_INPUT);
		assertThat(output).contains("line 2: expected namespace,request_id[,kind] but found 1 field (usage: enqueue");
		assertThat(requests("enq-exit")).isZero();
	}

	@Test
	void readsStandardInputWhenTheFileIsADash(CapturedOutput output) throws Exception {
		InputStream stdin = System.in;
		try {
			System.setIn(new ByteArrayInputStream("enq-stdin,r1\nenq-stdin,r2\n".getBytes(StandardCharsets.UTF_8)));
			assertThat(this.command.run(List.of("-"))).isEqualTo(ExitCodes.COMPLETED);
		}
		finally {
			System.setIn(stdin);
		}
		assertThat(output).contains("enqueued 2 new, 0 already present");
		assertThat(requests("enq-stdin")).isEqualTo(2);
	}

	@Test
	void refusesAFileThatCannotBeRead() {
		assertThatExceptionOfType(UsageException.class)
			.isThrownBy(() -> this.command.run(List.of(this.dir.resolve("missing.csv").toString())))
			.withMessageStartingWith("cannot read ");
	}

	private long requests(String namespace) {
		Long count = this.jdbc.queryForObject("SELECT count(*) FROM safetykit.request WHERE namespace = ?", Long.class,
				namespace);
		return (count != null) ? count : 0;
	}

	private static String lines(String namespace, int count) {
		return IntStream.range(0, count).mapToObj((i) -> namespace + ",r" + i + "\n").collect(Collectors.joining());
	}

	private Path file(String content) throws IOException {
		return Files.writeString(Files.createTempFile(this.dir, "requests", ".csv"), content);
	}

}
