package io.safetykit.reconciler.reconcile;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.safetykit.reconciler.simulator.Scenario;
import io.safetykit.reconciler.support.JobIntegrationTestSupport;
import org.junit.jupiter.api.Test;

import org.springframework.batch.core.BatchStatus;

import static org.assertj.core.api.Assertions.assertThat;

class ReconcileJobIntegrationTests extends JobIntegrationTestSupport {

	@Test
	void writesItemsAndLabelsOfASucceededAdd() throws Exception {
		simulator.register("shop", "add-1", Scenario.add(3, 2));
		enqueue("shop", "add-1");
		RunResult result = run();
		assertThat(result.status()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(result.exitCode()).isZero();
		Map<String, Object> row = request("shop", "add-1");
		assertThat(row).containsEntry("status", "succeeded").containsEntry("kind", "add").containsEntry("poll_count", 1)
			.containsEntry("error_count", 0).containsEntry("claimed_by", null);
		assertThat(row.get("completed_at")).isNotNull();
		assertThat(row.get("last_polled_at")).isNotNull();
		assertThat(row.get("next_poll_at")).isNull();
		assertThat(count("SELECT count(*) FROM safetykit.item WHERE request_id = 'add-1'")).isEqualTo(3);
		assertThat(labels("shop", "add-1")).hasSize(6);
		Map<String, Object> label = this.jdbc.queryForList(
				"SELECT confidence, explanation, attributes::text AS attributes FROM safetykit.item_label LIMIT 1").get(0);
		assertThat(label.get("confidence")).isNotNull();
		assertThat(label.get("explanation")).isNotNull();
		assertThat((String) label.get("attributes")).contains("\"label\"").contains("\"confidence\"");
		assertThat(this.jdbc.queryForList("SELECT status || '/' || event_type FROM safetykit.request_event", String.class))
			.containsExactly("succeeded/status");
		assertThat(result.summary().succeeded()).isEqualTo(1);
		assertThat(result.summary().itemsWritten()).isEqualTo(3);
		assertThat(result.summary().labelsWritten()).isEqualTo(6);
	}

	@Test
	void storesTheResultFileLinkOfASucceededImport() throws Exception {
		simulator.register("shop", "imp-1", Scenario.importResult(5, 1));
		enqueue("shop", "imp-1");
		run();
		assertThat(request("shop", "imp-1")).containsEntry("status", "succeeded").containsEntry("kind", "import");
		Map<String, Object> result = this.jdbc.queryForMap("SELECT * FROM safetykit.import_result WHERE request_id = 'imp-1'");
		assertThat(result.get("data_count")).isEqualTo(5L);
		assertThat((String) result.get("data_url")).startsWith(simulator.baseUri().toString());
		assertThat(result.get("data_expires_at")).isNotNull();
		assertThat(result.get("fetched_at")).isNotNull();
	}

	@Test
	void pollsAPendingRequestAgainOnALaterRunUntilItIsTerminal() throws Exception {
		simulator.register("shop", "slow-1", Scenario.add(2, 1).withStatuses("queued", "ingesting", "succeeded"));
		enqueue("shop", "slow-1");
		run();
		Map<String, Object> first = request("shop", "slow-1");
		assertThat(first).containsEntry("status", "queued").containsEntry("poll_count", 1);
		assertThat(((Timestamp) first.get("next_poll_at")).toInstant()).isAfter(Instant.now());
		assertThat(count("SELECT count(*) FROM safetykit.request_event")).isZero(); // status did not change

		RunResult notDue = run();
		assertThat(notDue.summary().polled()).isZero();
		assertThat(simulator.statusCalls("shop", "slow-1")).isEqualTo(1);

		run("ignoreBackoff=true");
		assertThat(request("shop", "slow-1")).containsEntry("status", "ingesting").containsEntry("poll_count", 2);
		run("ignoreBackoff=true");
		assertThat(request("shop", "slow-1")).containsEntry("status", "succeeded").containsEntry("poll_count", 3);
		assertThat(labels("shop", "slow-1")).hasSize(2);
		assertThat(this.jdbc.queryForList("SELECT status FROM safetykit.request_event ORDER BY id", String.class))
			.containsExactly("ingesting", "succeeded");
	}

	@Test
	void marksAFailedRequestWithItsErrorSummary() throws Exception {
		simulator.register("shop", "bad-1", Scenario.failed("content could not be parsed"));
		enqueue("shop", "bad-1");
		RunResult result = run();
		assertThat(request("shop", "bad-1")).containsEntry("status", "failed")
			.containsEntry("error_summary", "content could not be parsed");
		assertThat(request("shop", "bad-1").get("completed_at")).isNotNull();
		assertThat(result.summary().failed()).isEqualTo(1);
	}

	@Test
	void aSecondRunAndABackfillRerunLeaveTheSameRows() throws Exception {
		simulator.register("shop", "re-1", Scenario.add(4, 3));
		simulator.register("shop", "re-2", Scenario.importResult(2, 1));
		enqueue("shop", "re-1");
		enqueue("shop", "re-2");
		run();
		List<Map<String, Object>> items = snapshot("SELECT * FROM safetykit.item ORDER BY 1, 2, 3");
		List<Map<String, Object>> labels = snapshot("SELECT * FROM safetykit.item_label ORDER BY 1, 2, 3, 4");
		List<Map<String, Object>> imports = snapshot(
				"SELECT namespace, request_id, data_count FROM safetykit.import_result ORDER BY 1, 2");

		RunResult second = run();
		assertThat(second.summary().polled()).isZero();
		RunResult backfill = run("includeTerminal=true");
		assertThat(backfill.summary().polled()).isEqualTo(2);

		assertThat(snapshot("SELECT * FROM safetykit.item ORDER BY 1, 2, 3")).isEqualTo(items);
		assertThat(snapshot("SELECT * FROM safetykit.item_label ORDER BY 1, 2, 3, 4")).isEqualTo(labels);
		assertThat(snapshot("SELECT namespace, request_id, data_count FROM safetykit.import_result ORDER BY 1, 2"))
			.isEqualTo(imports);
		// re-1's four inline items plus the two lines of re-2's result file
		assertThat(count("SELECT count(*) FROM safetykit.item")).isEqualTo(6);
		assertThat(count("SELECT count(*) FROM safetykit.item_label")).isEqualTo(14);
		assertThat(this.jdbc.queryForList("SELECT event_type FROM safetykit.request_event WHERE request_id = 're-1' ORDER BY id",
				String.class)).containsExactly("status", "refetched");
	}

	@Test
	void keepsTheSameRequestIdInTwoNamespacesApart() throws Exception {
		simulator.register("alpha", "same-id", Scenario.add(1, 1));
		simulator.register("beta", "same-id", Scenario.add(2, 2));
		enqueue("alpha", "same-id");
		enqueue("beta", "same-id");
		run();
		assertThat(labels("alpha", "same-id")).hasSize(1);
		assertThat(labels("beta", "same-id")).hasSize(4);
	}

	@Test
	void collapsesDuplicateItemsAndLabelsOfOneAnswer() throws Exception {
		simulator.register("shop", "dup-1", Scenario.raw("""
				{"namespace":"shop","request_id":"dup-1","status":"succeeded","data":[
				 {"id":"i1","output":{"labels":[{"label":"spam.violation"},{"label":"spam.violation"}]}},
				 {"id":"i1","output":{"labels":[{"label":"spam.violation"},{"label":"scam.violation"}]}},
				 {"id":"i2","output":{"labels":[]}}]}"""));
		enqueue("shop", "dup-1");
		RunResult result = run();
		assertThat(result.summary().errors()).isZero();
		assertThat(count("SELECT count(*) FROM safetykit.item WHERE request_id = 'dup-1'")).isEqualTo(2);
		assertThat(labels("shop", "dup-1")).containsExactly("i1:scam.violation", "i1:spam.violation");
	}

	@Test
	void storesUnicodeIdsAndLabels() throws Exception {
		String namespace = "boutique-é";
		String requestId = "注文/42 ü?#%";
		simulator.register(namespace, requestId, Scenario.raw("""
				{"namespace":"boutique-é","request_id":"注文/42 ü?#%","status":"succeeded","data":[
				 {"id":"商品-1","output":{"labels":[{"label":"違法.violation","explanation":"„quoted\\"\\ttab"}]},
				  "metadata":{"titre":"Crème brûlée 🍮"}}]}"""));
		enqueue(namespace, requestId);
		run();
		assertThat(request(namespace, requestId)).containsEntry("status", "succeeded");
		assertThat(labels(namespace, requestId)).containsExactly("商品-1:違法.violation");
		assertThat(this.jdbc.queryForObject("SELECT explanation FROM safetykit.item_label", String.class))
			.isEqualTo("„quoted\"\ttab");
		assertThat(this.jdbc.queryForObject("SELECT metadata->>'titre' FROM safetykit.item", String.class))
			.isEqualTo("Crème brûlée 🍮");
	}

	@Test
	void acceptsNullOutputAndMetadata() throws Exception {
		simulator.register("shop", "null-1", Scenario.raw("""
				{"namespace":"shop","request_id":"null-1","status":"succeeded","data":[
				 {"id":"i1","output":null,"metadata":null},{"id":"i2"}]}"""));
		enqueue("shop", "null-1");
		run();
		List<Map<String, Object>> items = this.jdbc.queryForList(
				"SELECT item_id, url, metadata, fields, actions FROM safetykit.item ORDER BY item_id");
		assertThat(items).hasSize(2);
		assertThat(items.get(0).get("metadata")).isNull();
		assertThat(items.get(0).get("fields")).isNull();
		assertThat(items.get(1).get("url")).isNull();
		assertThat(labels("shop", "null-1")).isEmpty();
	}

	@Test
	void selectsByNamespaceRequestIdsAndLimit() throws Exception {
		for (String id : List.of("sel-1", "sel-2", "sel-3")) {
			enqueue("sel-a", id);
			enqueue("sel-b", id);
		}
		assertThat(run("namespace=sel-b").summary().polled()).isEqualTo(3);
		assertThat(run("requestIds=sel-1,sel-3").summary().polled()).isEqualTo(2);
		assertThat(run("limit=1").summary().polled()).isEqualTo(1);
		assertThat(count("SELECT count(*) FROM safetykit.request WHERE status = 'queued'")).isZero();
	}

	private List<Map<String, Object>> snapshot(String sql) {
		return this.jdbc.queryForList(sql);
	}

}
