package io.safetykit.reconciler.reconcile;

import java.util.List;
import java.util.Map;
import java.util.Random;

import io.safetykit.reconciler.simulator.Fault;
import io.safetykit.reconciler.simulator.Scenario;
import io.safetykit.reconciler.simulator.Scenario.Malformation;
import io.safetykit.reconciler.support.JobIntegrationTestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.batch.core.BatchStatus;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The failure rows of the README's "What a run does with each answer", each against the simulator serving that failure. */
@ExtendWith(OutputCaptureExtension.class)
class FailureHandlingIntegrationTests extends JobIntegrationTestSupport {

	@Test
	void retriesTransientFailuresWithinTheRun() throws Exception {
		simulator.register("ops", "flaky-1",
				Scenario.add(1, 1).withFaults(Fault.httpStatus(503, "1"), Fault.httpStatus(429)));
		enqueue("ops", "flaky-1");
		RunResult result = run();
		assertThat(request("ops", "flaky-1")).containsEntry("status", "succeeded").containsEntry("error_count", 0);
		assertThat(result.summary().retries()).isEqualTo(2);
		assertThat(simulator.statusCalls("ops", "flaky-1")).isEqualTo(3);
	}

	@Test
	void recordsTheErrorWhenRetriesRunOutAndNeverMarksTerminal() throws Exception {
		simulator.register("ops", "down-1", Scenario.add(1, 1).withFaults(Fault.httpStatus(500), Fault.httpStatus(500),
				Fault.httpStatus(500), Fault.httpStatus(500)));
		enqueue("ops", "down-1");
		RunResult result = run();
		assertThat(result.status()).isEqualTo(BatchStatus.COMPLETED);
		Map<String, Object> row = request("ops", "down-1");
		assertThat(row).containsEntry("status", "queued").containsEntry("error_count", 1).containsEntry("completed_at", null);
		assertThat((String) row.get("last_error")).isEqualTo("transient: HTTP 500 after 3 attempts");
		assertThat(row.get("next_poll_at")).isNotNull();
		assertThat(this.jdbc.queryForList("SELECT event_type FROM safetykit.request_event", String.class))
			.containsExactly("error");
		assertThat(result.summary().errorsByKind()).containsEntry("transient", 1L);

		run("ignoreBackoff=true");
		assertThat(request("ops", "down-1")).containsEntry("status", "succeeded").containsEntry("error_count", 0)
			.containsEntry("last_error", null);
	}

	@Test
	void pollsAgainNoSoonerThanTheLastRetryAfterAsked() throws Exception {
		simulator.register("ops", "busy-1", Scenario.add(1, 1).withFaults(Fault.httpStatus(503, "600"),
				Fault.httpStatus(503, "600"), Fault.httpStatus(503, "600")));
		enqueue("ops", "busy-1");
		run();
		assertThat(request("ops", "busy-1")).containsEntry("status", "queued").containsEntry("error_count", 1);
		// the backoff alone would say one minute (reconciler.poll-backoff-initial)
		assertThat(count("SELECT extract(epoch FROM next_poll_at - now())::bigint FROM safetykit.request "
				+ "WHERE request_id = 'busy-1'")).isBetween(590L, 600L);
	}

	@Test
	void anAnswerWithBothShapesMembersIsReadByWhatItCarries() throws Exception {
		simulator.register("ops", "both-1", Scenario.raw("""
				{"namespace":"ops","request_id":"both-1","status":"ingesting","data":null,"data_url":null,
				 "data_count":null,"data_expires_at":null}"""));
		enqueue("ops", "both-1");
		run();
		assertThat(request("ops", "both-1")).containsEntry("status", "ingesting").containsEntry("kind", "import")
			.containsEntry("error_count", 0);
	}

	@Test
	void marksARequestFailedAfterConsecutiveNotFoundPolls() throws Exception {
		simulator.register("ops", "ghost-1", Scenario.unknown());
		enqueue("ops", "ghost-1");
		run();
		assertThat(request("ops", "ghost-1")).containsEntry("status", "queued").containsEntry("not_found_count", 1)
			.containsEntry("last_error", "not found: HTTP 404 (1 of 3)");
		run("ignoreBackoff=true");
		run("ignoreBackoff=true");
		Map<String, Object> row = request("ops", "ghost-1");
		assertThat(row).containsEntry("status", "failed").containsEntry("not_found_count", 3);
		assertThat((String) row.get("last_error")).contains("unknown to SafetyKit");
		assertThat(row.get("completed_at")).isNotNull();
		assertThat(run("ignoreBackoff=true").summary().polled()).isZero();
	}

	@Test
	void fetchesTheDownloadUrlWhenTheAnswerIsTooLarge() throws Exception {
		simulator.register("ops", "big-1", Scenario.tooLarge(30, 2));
		enqueue("ops", "big-1");
		run();
		assertThat(request("ops", "big-1")).containsEntry("status", "succeeded").containsEntry("kind", "add");
		assertThat(this.jdbc.queryForObject("SELECT data_count FROM safetykit.import_result WHERE request_id = 'big-1'",
				Long.class)).isEqualTo(30);
		assertThat(simulator.totalDownloadUrlCalls()).isPositive();
	}

	@Test
	void aDownloadUrlThatAnswers404AfterA413NeverMakesTheRequestUnknown() throws Exception {
		simulator.register("ops", "big-2", Scenario.tooLarge(30, 2).withNotFound(true));
		enqueue("ops", "big-2");
		long downloadUrlCalls = simulator.totalDownloadUrlCalls();
		for (int i = 0; i < 4; i++) {
			run("ignoreBackoff=true");
		}
		assertThat(request("ops", "big-2")).containsEntry("status", "queued").containsEntry("not_found_count", 0)
			.containsEntry("error_count", 4)
			.containsEntry("last_error", "malformed: download-url answered HTTP 404 after the status call's 413");
		assertThat(simulator.totalDownloadUrlCalls() - downloadUrlCalls).isEqualTo(4);
	}

	@Test
	void skipsAMalformedAnswerAndCommitsTheRestOfItsChunk() throws Exception {
		List<Malformation> kinds = List.of(Malformation.NOT_JSON, Malformation.WRONG_REQUEST_ID,
				Malformation.WRONG_NAMESPACE, Malformation.UNKNOWN_STATUS, Malformation.MISSING_STATUS,
				Malformation.ITEM_WITHOUT_ID);
		for (int i = 0; i < kinds.size(); i++) {
			simulator.register("ops", "bad-" + i, Scenario.malformed(kinds.get(i)));
			enqueue("ops", "bad-" + i);
		}
		simulator.register("ops", "good-1", Scenario.add(2, 2));
		enqueue("ops", "good-1");
		RunResult result = run();
		assertThat(result.status()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(result.summary().skipped()).isEqualTo(kinds.size());
		assertThat(request("ops", "good-1")).containsEntry("status", "succeeded");
		assertThat(count("SELECT count(*) FROM safetykit.item WHERE request_id LIKE 'bad-%'")).isZero();
		assertThat(this.jdbc.queryForList("SELECT last_error FROM safetykit.request WHERE request_id LIKE 'bad-%'",
				String.class)).allSatisfy((error) -> assertThat(error).startsWith("malformed: "));
		assertThat(count("SELECT count(*) FROM safetykit.request WHERE request_id LIKE 'bad-%' AND status = 'queued'"))
			.isEqualTo(kinds.size());
	}

	@Test
	void storesJsonAsItCameAndSkipsOnlyTheAnswersPostgresqlCannotHold() throws Exception {
		simulator.register("ops", "odd-1", Scenario.raw("""
				{"namespace":"ops","request_id":"odd-1","status":"succeeded","data":[
				 {"id":"i1","output":{"fields":{ "n" : 1e131071,
				   "s" : "tab\\there \\\\u0000 \\ud83c\\udf6e" },
				   "labels":[{"label":"a.b","confidence":1.5E-3}]},
				  "metadata":[1,
				   2.50]}]}"""));
		simulator.register("ops", "odd-2", Scenario.raw("""
				{"namespace":"ops","request_id":"odd-2","status":"succeeded","data":[
				 {"id":"i1","output":{"fields":{"n":1e1000000}}}]}"""));
		simulator.register("ops", "odd-3", Scenario.raw("""
				{"namespace":"ops","request_id":"odd-3","status":"succeeded","data":[
				 {"id":"i1","metadata":{"s":"\\udc00"}}]}"""));
		// an id no B-tree entry holds, and that does not compress to fit one
		String hugeId = new Random(7).ints(3_000, 'a', 'z' + 1)
			.collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
			.toString();
		simulator.register("ops", "odd-4", Scenario.raw("""
				{"namespace":"ops","request_id":"odd-4","status":"succeeded","data":[{"id":"%s"}]}"""
			.formatted(hugeId)));
		for (String id : List.of("odd-1", "odd-2", "odd-3", "odd-4")) {
			enqueue("ops", id);
		}
		RunResult result = run();
		assertThat(result.status()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(result.summary().skipped()).isEqualTo(3);
		assertThat(request("ops", "odd-1")).containsEntry("status", "succeeded");
		Map<String, Object> item = this.jdbc.queryForMap("""
				SELECT fields->>'s' AS s, length(fields->>'n') AS digits, metadata = '[1, 2.50]'::jsonb AS metadata
				FROM safetykit.item WHERE request_id = 'odd-1'""");
		assertThat(item).containsEntry("s", "tab\there \\u0000 \ud83c\udf6e").containsEntry("digits", 131072)
			.containsEntry("metadata", true);
		assertThat(this.jdbc.queryForObject("SELECT confidence FROM safetykit.item_label WHERE request_id = 'odd-1'",
				Double.class)).isEqualTo(0.0015);
		assertThat(this.jdbc.queryForList("""
				SELECT last_error FROM safetykit.request WHERE request_id IN ('odd-2', 'odd-3', 'odd-4')
				ORDER BY request_id""", String.class)).satisfiesExactly(
						(error) -> assertThat(error).contains("number PostgreSQL cannot store"),
						(error) -> assertThat(error).contains("unpaired surrogate"),
						(error) -> assertThat(error).contains("over the 2600 a PostgreSQL index holds"));
		assertThat(count("SELECT count(*) FROM safetykit.item WHERE request_id IN ('odd-2', 'odd-3', 'odd-4')")).isZero();

		// the check is no guess: PostgreSQL itself refuses such a key
		assertThatThrownBy(() -> this.jdbc.update(
				"INSERT INTO safetykit.item (namespace, request_id, item_id) VALUES ('ops', 'odd-4', ?)", hugeId))
			.hasMessageContaining("index row size");
	}

	@Test
	void stopsTheRunWhenTheKeyIsRejected(CapturedOutput output) throws Exception {
		for (int i = 0; i < 40; i++) {
			simulator.register("ops", "key-" + i, Scenario.add(1, 1).withFaults(Fault.httpStatus(401)));
			enqueue("ops", "key-" + i);
		}
		RunResult result = run();
		assertThat(result.status()).isEqualTo(BatchStatus.FAILED);
		assertThat(result.exitCode()).isEqualTo(1);
		assertThat(output).contains("check SAFETYKIT_API_KEY").doesNotContain(API_KEY)
			.doesNotContain("registration has failed");
		// both slices met the rejection; the run says it once
		assertThat(output.toString().split("FAILED: SafetyKit rejected the API key", -1)).hasSize(2);
		assertThat(count("SELECT count(*) FROM safetykit.request WHERE status <> 'queued' OR error_count > 0")).isZero();
		assertThat(count("SELECT count(*) FROM safetykit.request WHERE claimed_by IS NOT NULL")).isZero();
		assertThat(count("SELECT count(*) FROM safetykit.item")).isZero();
	}

	@Test
	void stopsTheRunWhenTheApiKeepsFailing(CapturedOutput output) throws Exception {
		Fault[] outage = new Fault[20];
		java.util.Arrays.fill(outage, Fault.httpStatus(503));
		for (int i = 0; i < 200; i++) {
			simulator.register("ops", "outage-" + String.format("%03d", i), Scenario.add(1, 1).withFaults(outage));
			enqueue("ops", "outage-" + String.format("%03d", i));
		}
		RunResult result = run();
		assertThat(result.status()).isEqualTo(BatchStatus.FAILED);
		assertThat(output).contains("SafetyKit kept failing");
		assertThat(count("SELECT count(*) FROM safetykit.request WHERE status IN ('succeeded', 'failed')")).isZero();
		assertThat(result.summary().polled()).isLessThan(200);
		assertThat(count("SELECT count(*) FROM safetykit.request WHERE claimed_by IS NOT NULL")).isZero();
		// the failures that opened the breaker are recorded like any other, and only those were polled
		long recorded = count("SELECT count(*) FROM safetykit.request WHERE error_count = 1 AND next_poll_at > now() "
				+ "AND last_error LIKE 'transient: HTTP 503 after %'");
		assertThat(recorded).isGreaterThanOrEqualTo(5).isEqualTo(result.summary().polled());
		assertThat(count("SELECT count(*) FROM safetykit.request_event WHERE event_type = 'error'")).isEqualTo(recorded);
	}

	@Test
	void neverLogsOrStoresTheKeyOrAResultLink(CapturedOutput output) throws Exception {
		simulator.register("ops", "secret-1", Scenario.importResult(3, 1));
		simulator.register("ops", "secret-2", Scenario.tooLarge(3, 1));
		enqueue("ops", "secret-1");
		enqueue("ops", "secret-2");
		run();
		String link = this.jdbc.queryForObject("SELECT data_url FROM safetykit.import_result WHERE request_id = 'secret-1'",
				String.class);
		assertThat(link).contains("signature=");
		assertThat(output).doesNotContain(API_KEY).doesNotContain("signature=").doesNotContain(link);
		assertThat(count("""
				SELECT count(*) FROM safetykit.request_event
				WHERE detail LIKE '%signature=%' OR detail LIKE '%' || ? || '%'""", API_KEY)).isZero();
		assertThat(count("SELECT count(*) FROM batch_job_execution_params WHERE parameter_value LIKE '%' || ? || '%'",
				API_KEY)).isZero();
	}

}
