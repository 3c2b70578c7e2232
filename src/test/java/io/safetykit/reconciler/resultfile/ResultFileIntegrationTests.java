package io.safetykit.reconciler.resultfile;

import java.time.Duration;
import java.util.Map;

import io.safetykit.reconciler.reconcile.RunResult;
import io.safetykit.reconciler.simulator.SafetyKitSimulator;
import io.safetykit.reconciler.simulator.Scenario;
import io.safetykit.reconciler.simulator.SimulatorSettings;
import io.safetykit.reconciler.support.ClosingHttpServer;
import io.safetykit.reconciler.support.ForkedReconciler;
import io.safetykit.reconciler.support.HttpStub;
import io.safetykit.reconciler.support.JobIntegrationTestSupport;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Import result files loaded into items and labels (README, "Import result files"). */
class ResultFileIntegrationTests extends JobIntegrationTestSupport {

	@Test
	void loadsEveryLineOfTheResultFileAsAnItemWithItsLabels() throws Exception {
		simulator.register("files", "imp-250", Scenario.importResult(250, 3));
		enqueue("files", "imp-250");
		long downloadsBefore = simulator.fileDownloads();
		RunResult result = run();
		assertThat(count("SELECT count(*) FROM safetykit.item WHERE request_id = 'imp-250'")).isEqualTo(250);
		assertThat(count("SELECT count(*) FROM safetykit.item_label WHERE request_id = 'imp-250'")).isEqualTo(750);
		Map<String, Object> importResult = this.jdbc.queryForMap(
				"SELECT file_lines, file_skipped_lines, file_loaded_at, file_error FROM safetykit.import_result");
		assertThat(importResult).containsEntry("file_lines", 250L).containsEntry("file_skipped_lines", 0L)
			.containsEntry("file_error", null);
		assertThat(importResult.get("file_loaded_at")).isNotNull();
		assertThat(this.jdbc.queryForList("SELECT event_type FROM safetykit.request_event ORDER BY id", String.class))
			.containsExactly("status", "file_loaded");
		assertThat(result.summary().filesLoaded()).isEqualTo(1);
		assertThat(result.summary().fileLines()).isEqualTo(250);
		assertThat(simulator.fileDownloads()).isEqualTo(downloadsBefore + 1);
		assertThat(simulator.authorizationHeadersSeenByFileHost()).isZero();

		// loaded once: a later run does not download it again
		run("includeTerminal=true");
		assertThat(simulator.fileDownloads()).isEqualTo(downloadsBefore + 1);
		assertThat(count("SELECT count(*) FROM safetykit.item_label WHERE request_id = 'imp-250'")).isEqualTo(750);
	}

	@Test
	void readsAGzipCompressedResultFile() throws Exception {
		simulator.register("files", "imp-gz", Scenario.importResult(120, 2).withGzipFile(true));
		enqueue("files", "imp-gz");
		run();
		assertThat(count("SELECT count(*) FROM safetykit.item WHERE request_id = 'imp-gz'")).isEqualTo(120);
		assertThat(count("SELECT count(*) FROM safetykit.item_label WHERE request_id = 'imp-gz'")).isEqualTo(240);
	}

	@Test
	void refusesAFileWithAMalformedLineAndWritesNoneOfIt() throws Exception {
		simulator.register("files", "imp-bad", Scenario.importResult(50, 1).withMalformedFileLines(7));
		enqueue("files", "imp-bad");
		run();
		assertThat(count("SELECT count(*) FROM safetykit.item WHERE request_id = 'imp-bad'")).isZero();
		Map<String, Object> request = request("files", "imp-bad");
		assertThat(request).containsEntry("status", "succeeded");
		assertThat((String) request.get("last_error")).contains("line 7: not JSON").doesNotContain("{not json");
		assertThat(this.jdbc.queryForObject("SELECT file_error FROM safetykit.import_result", String.class))
			.contains("line 7");
		long downloads = simulator.fileDownloads();
		run("includeTerminal=true");
		assertThat(simulator.fileDownloads()).as("a refused file is not retried by itself").isEqualTo(downloads);
	}

	@Test
	void renewsAnExpiredLinkThroughTheDownloadUrlOperation() throws Exception {
		simulator.register("files", "imp-exp", Scenario.importResult(10, 1));
		enqueue("files", "imp-exp");
		run();
		this.jdbc.update("UPDATE safetykit.import_result SET data_expires_at = now() - interval '1 hour'");
		long downloadUrlCalls = simulator.totalDownloadUrlCalls();
		run("reloadFiles=true");
		assertThat(simulator.totalDownloadUrlCalls()).isEqualTo(downloadUrlCalls + 1);
		assertThat(this.jdbc.queryForObject("SELECT data_expires_at > now() FROM safetykit.import_result", Boolean.class))
			.isTrue();
		assertThat(count("SELECT count(*) FROM safetykit.request_event WHERE event_type = 'link_refreshed'"))
			.isEqualTo(1);
		assertThat(count("SELECT count(*) FROM safetykit.item WHERE request_id = 'imp-exp'")).isEqualTo(10);
	}

	@Test
	void renewsALinkTheFileHostRefusesAndTriesOnceMore() throws Exception {
		simulator.register("files", "imp-403", Scenario.importResult(10, 1));
		enqueue("files", "imp-403");
		run();
		this.jdbc.update("UPDATE safetykit.import_result SET data_url = regexp_replace(data_url, 'signature=[0-9a-f]+', "
				+ "'signature=00')");
		run("reloadFiles=true");
		assertThat(this.jdbc.queryForObject("SELECT data_url FROM safetykit.import_result", String.class))
			.doesNotContain("signature=00&").doesNotEndWith("signature=00");
		assertThat(count("SELECT count(*) FROM safetykit.request_event WHERE event_type = 'link_refreshed'"))
			.isEqualTo(1);
		assertThat(count("SELECT count(*) FROM safetykit.request_event WHERE event_type = 'file_loaded'")).isEqualTo(2);
	}

	@Test
	void refreshesOnlyTheLinksThatExpireWithinTheWindow() throws Exception {
		simulator.register("files", "imp-soon", Scenario.importResult(2, 1));
		simulator.register("files", "imp-later", Scenario.importResult(2, 1));
		enqueue("files", "imp-soon");
		enqueue("files", "imp-later");
		run();
		this.jdbc.update("UPDATE safetykit.import_result SET data_expires_at = now() + interval '2 hours', "
				+ "data_url = data_url || '&old=1' WHERE request_id = 'imp-soon'");
		this.jdbc.update("UPDATE safetykit.import_result SET data_expires_at = now() + interval '48 hours' "
				+ "WHERE request_id = 'imp-later'");
		long downloads = simulator.fileDownloads();
		run("refreshLinksWithin=24h");
		assertThat(this.jdbc.queryForObject(
				"SELECT data_url NOT LIKE '%&old=1' FROM safetykit.import_result WHERE request_id = 'imp-soon'",
				Boolean.class)).isTrue();
		assertThat(this.jdbc.queryForList(
				"SELECT request_id FROM safetykit.request_event WHERE event_type = 'link_refreshed'", String.class))
			.containsExactly("imp-soon");
		assertThat(simulator.fileDownloads()).as("refreshing a link does not reload its file").isEqualTo(downloads);
	}

	@Test
	void collapsesAnItemRepeatedInTheFileToItsLastLine() throws Exception {
		try (HttpStub fileHost = HttpStub.start()) {
			fileHost.on("/results/dup.jsonl", HttpStub.Answer.ok("""
					{"id":"i1","output":{"labels":[{"label":"spam.violation"}]}}
					{"id":"i2","output":{"labels":[{"label":"adult.safe"}]}}
					{"id":"i1","output":{"labels":[{"label":"scam.violation"},{"label":"hate.violation"}]}}
					"""));
			insertSucceededImport("imp-dup", 3, fileHost.baseUri() + "/results/dup.jsonl?signature=abc");
			long execution = run().executionId();
			assertThat(labels("files", "imp-dup")).containsExactly("i1:hate.violation", "i1:scam.violation",
					"i2:adult.safe");
			// through the staging tables, which keep each item id's last line: observed by this run all the same
			assertThat(this.jdbc.queryForList("""
					SELECT DISTINCT job_execution_id FROM safetykit.item WHERE request_id = 'imp-dup'
					UNION SELECT DISTINCT job_execution_id FROM safetykit.item_label WHERE request_id = 'imp-dup'""",
					Long.class)).containsExactly(execution);
			assertThat(this.jdbc.queryForObject("SELECT file_lines FROM safetykit.import_result", Long.class))
				.isEqualTo(3);
			assertThat(fileHost.seen()).extracting(HttpStub.Seen::authorization).containsOnlyNulls();
		}
	}

	@Test
	void retriesADownloadThatStallsHalfway() throws Exception {
		try (HttpStub fileHost = HttpStub.start()) {
			fileHost.on("/results/stall.jsonl", HttpStub.Answer.stalledBody(),
					HttpStub.Answer.ok("{\"id\":\"i1\",\"output\":{\"labels\":[{\"label\":\"spam.violation\"}]}}\n"));
			insertSucceededImport("imp-stall", 1, fileHost.baseUri() + "/results/stall.jsonl");
			long start = System.nanoTime();
			run();
			assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(9_000);
			assertThat(labels("files", "imp-stall")).containsExactly("i1:spam.violation");
			assertThat(fileHost.count("/results/stall.jsonl")).isEqualTo(2);
		}
	}

	@Test
	void spendsMaxAttemptsOnADownloadThatAlwaysBreaksOffHalfway() throws Exception {
		try (HttpStub fileHost = HttpStub.start()) {
			fileHost.on("/results/cut.jsonl", HttpStub.Answer.cutShort());
			insertSucceededImport("imp-cut", 1, fileHost.baseUri() + "/results/cut.jsonl");
			run();
			// reconciler.max-attempts=3: three opens in all, not three for each of three reads
			assertThat(fileHost.count("/results/cut.jsonl")).isEqualTo(3);
			assertThat((String) request("files", "imp-cut").get("last_error"))
				.isEqualTo("file host: connection error (EOFException) while reading, after 3 attempts");
			assertThat(count("SELECT count(*) FROM safetykit.item WHERE request_id = 'imp-cut'")).isZero();
		}
	}

	@Test
	void countsFailedOpensAndBrokenDownloadsAgainstTheSameAttempts() throws Exception {
		try (HttpStub fileHost = HttpStub.start()) {
			fileHost.on("/results/mixed.jsonl", HttpStub.Answer.cutShort(), HttpStub.Answer.status(503, ""),
					HttpStub.Answer.cutShort(), HttpStub.Answer.ok("{\"id\":\"i1\",\"output\":{\"labels\":[]}}\n"));
			insertSucceededImport("imp-mixed", 1, fileHost.baseUri() + "/results/mixed.jsonl");
			run();
			assertThat(fileHost.count("/results/mixed.jsonl")).isEqualTo(3);
			assertThat((String) request("files", "imp-mixed").get("last_error")).endsWith("after 3 attempts");
			assertThat(count("SELECT count(*) FROM safetykit.item WHERE request_id = 'imp-mixed'")).isZero();
		}
	}

	@Test
	void retriesAFileCutOffInsideALineWhereNothingMarksItsEnd() throws Exception {
		// the whole file ends without a newline too: that alone is no sign of a cut
		String file = "{\"id\":\"i1\",\"output\":{\"labels\":[{\"label\":\"spam.violation\"}]}}\n"
				+ "{\"id\":\"i2\",\"output\":{\"labels\":[{\"label\":\"scam.violation\"}]}}";
		try (ClosingHttpServer fileHost = ClosingHttpServer.answering(file.substring(0, file.length() - 20), file)) {
			insertSucceededImport("imp-close", 2, fileHost.baseUri() + "/results/close.jsonl");
			run();
			assertThat(fileHost.requests()).isEqualTo(2);
			assertThat(labels("files", "imp-close")).containsExactly("i1:spam.violation", "i2:scam.violation");
			assertThat(this.jdbc.queryForMap("SELECT file_lines, file_error FROM safetykit.import_result"))
				.containsEntry("file_lines", 2L)
				.containsEntry("file_error", null);
		}
	}

	@Test
	void leavesAFileAlwaysCutOffWhereNothingMarksItsEndToTheNextRun() throws Exception {
		String cut = "{\"id\":\"i1\",\"output\":{\"labels\":[]}}\n{\"id\":\"i2\",\"outp";
		try (ClosingHttpServer fileHost = ClosingHttpServer.answering(cut)) {
			insertSucceededImport("imp-cut-off", 2, fileHost.baseUri() + "/results/cut.jsonl");
			run();
			assertThat(fileHost.requests()).isEqualTo(3);
			assertThat((String) request("files", "imp-cut-off").get("last_error"))
				.isEqualTo("file host: connection error (EOFException) while reading, after 3 attempts");
			// not refused: the next run downloads it again
			assertThat(this.jdbc.queryForObject("SELECT file_error FROM safetykit.import_result", String.class)).isNull();
			assertThat(count("SELECT count(*) FROM safetykit.item WHERE request_id = 'imp-cut-off'")).isZero();
			run();
			assertThat(fileHost.requests()).isEqualTo(6);
		}
	}

	private void insertSucceededImport(String requestId, long dataCount, String link) {
		this.jdbc.update("INSERT INTO safetykit.request (namespace, request_id, kind, status, completed_at) "
				+ "VALUES ('files', ?, 'import', 'succeeded', now())", requestId);
		this.jdbc.update("INSERT INTO safetykit.import_result (namespace, request_id, data_count, data_url, "
				+ "data_expires_at, fetched_at) VALUES ('files', ?, ?, ?, now() + interval '1 hour', now())", requestId,
				dataCount, link);
	}

	@Test
	void recordsALineCountThatDiffersFromDataCount() throws Exception {
		simulator.register("files", "imp-count", Scenario.importResult(3, 1));
		enqueue("files", "imp-count");
		run();
		this.jdbc.update("UPDATE safetykit.import_result SET data_count = 5");
		run("reloadFiles=true");
		assertThat((String) request("files", "imp-count").get("last_error"))
			.isEqualTo("result file has 3 lines but data_count says 5");
		assertThat(count("SELECT count(*) FROM safetykit.item WHERE request_id = 'imp-count'")).isEqualTo(3);
	}

	@Test
	void loadsTheResultFileOfAnAddThatWasTooLarge() throws Exception {
		simulator.register("files", "add-413", Scenario.tooLarge(40, 2));
		enqueue("files", "add-413");
		run();
		assertThat(request("files", "add-413")).containsEntry("kind", "add").containsEntry("status", "succeeded");
		assertThat(count("SELECT count(*) FROM safetykit.item WHERE request_id = 'add-413'")).isEqualTo(40);
		assertThat(count("SELECT count(*) FROM safetykit.item_label WHERE request_id = 'add-413'")).isEqualTo(80);
	}

	@Test
	void aRunKilledMidLoadLeavesNothingHalfLoadedAndTheRerunLoadsExactlyTheFile() throws Exception {
		int lines = 300_000;
		try (SafetyKitSimulator big = SafetyKitSimulator.start(SimulatorSettings.defaults(API_KEY)
			.withDefaultScenario(Scenario.importResult(lines, 2)))) {
			enqueue("files", "imp-big");
			try (ForkedReconciler forked = ForkedReconciler.start(Map.of("SAFETYKIT_API_KEY", API_KEY,
					"SAFETYKIT_BASE_URL", big.baseUri().toString()))) {
				awaitStagingInProgress(forked);
				forked.kill();
			}
			assertThat(request("files", "imp-big")).containsEntry("status", "succeeded");
			assertThat(count("SELECT count(*) FROM safetykit.item WHERE request_id = 'imp-big'")).isZero();
			assertThat(this.jdbc.queryForObject("SELECT file_loaded_at FROM safetykit.import_result", Object.class))
				.isNull();

			run();
			assertThat(count("SELECT count(*) FROM safetykit.item WHERE request_id = 'imp-big'")).isEqualTo(lines);
			assertThat(count("SELECT count(*) FROM safetykit.item_label WHERE request_id = 'imp-big'"))
				.isEqualTo(2L * lines);
			assertThat(this.jdbc.queryForObject("SELECT file_lines FROM safetykit.import_result", Long.class))
				.isEqualTo(lines);
		}
	}

	@Test
	void keepsOnlyTheLinkWhenFileLoadingIsSwitchedOff() throws Exception {
		simulator.register("files", "imp-off", Scenario.importResult(20, 1));
		enqueue("files", "imp-off");
		ForkedReconciler.Finished finished = ForkedReconciler.run(Map.of("SAFETYKIT_API_KEY", API_KEY,
				"SAFETYKIT_BASE_URL", simulator.baseUri().toString(), "RECONCILER_RESULT_FILES_ENABLED", "false"));
		assertThat(finished.exitCode()).as(finished.output()).isZero();
		assertThat(request("files", "imp-off")).containsEntry("status", "succeeded");
		assertThat(count("SELECT count(*) FROM safetykit.import_result WHERE data_url IS NOT NULL")).isEqualTo(1);
		assertThat(count("SELECT count(*) FROM safetykit.item")).isZero();
	}

	private void awaitStagingInProgress(ForkedReconciler forked) throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
		// this database's sessions only: other databases of the same server may be loading too
		while (count("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
				+ "AND query LIKE 'COPY safetykit.item%'") == 0) {
			assertThat(forked.isAlive()).as(forked.output()).isTrue();
			assertThat(System.nanoTime()).as("the forked run never started loading").isLessThan(deadline);
			Thread.sleep(10);
		}
		Thread.sleep(300);
	}

}
