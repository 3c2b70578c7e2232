package io.safetykit.reconciler.store;

import java.sql.Timestamp;
import java.util.List;

import io.safetykit.reconciler.simulator.Scenario;
import io.safetykit.reconciler.support.HttpStub;
import io.safetykit.reconciler.support.JobIntegrationTestSupport;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The decision history: versions, label changes and as-of answers, as re-fetches and reloads write them. */
class DecisionHistoryIntegrationTests extends JobIntegrationTestSupport {

	@Test
	void keepsEveryEarlierLabelSetOfARequestFetchedThreeTimes() throws Exception {
		enqueue("hist", "req-1");
		Timestamp beforeFirst = databaseNow();
		simulator.register("hist", "req-1", Scenario.raw(answer("req-1", label("a.violation", 0.9),
				label("b.violation", 0.8))));
		long first = run().executionId();
		Timestamp afterFirst = databaseNow();

		simulator.register("hist", "req-1", Scenario.raw(answer("req-1", label("a.violation", 0.9),
				label("c.violation", 0.7))));
		long second = run("includeTerminal=true").executionId();
		Timestamp afterSecond = databaseNow();
		List<String> historyAfterSecond = history();

		run("includeTerminal=true");

		assertThat(labelsAsOf(beforeFirst)).isEmpty();
		assertThat(labelsAsOf(afterFirst)).containsExactly("item-1:a.violation", "item-1:b.violation");
		assertThat(labelsAsOf(afterSecond)).containsExactly("item-1:a.violation", "item-1:c.violation");
		assertThat(labelsAsOf(databaseNow())).containsExactly("item-1:a.violation", "item-1:c.violation");
		assertThat(this.jdbc.queryForList("""
				SELECT label || ' ' || change || ' by ' || job_execution_id FROM safetykit.label_change
				WHERE namespace = 'hist' AND request_id = 'req-1' ORDER BY observed_at, label""", String.class))
			.containsExactly("a.violation added by " + first, "b.violation added by " + first,
					"b.violation removed by " + second, "c.violation added by " + second);
		assertThat(history()).as("the third fetch returned what was held: nothing added")
			.isEqualTo(historyAfterSecond)
			.containsExactly("label item-1:b.violation observed by " + first + " closed by " + second);
		assertThat(this.jdbc.queryForList("""
				SELECT detail FROM safetykit.request_event WHERE event_type = 'labels_changed'""", String.class))
			.containsExactly("labels added: c.violation (1 item); labels removed: b.violation (1 item)");
		assertThat(this.jdbc.queryForList("""
				SELECT label || ' since ' || (valid_from < ?) FROM safetykit.item_label ORDER BY label""", String.class,
				afterFirst))
			.as("the label held all along keeps its first valid_from")
			.containsExactly("a.violation since true", "c.violation since false");
	}

	@Test
	void keepsAConfidenceRevisionWithoutListingItAsAChangeOfLabels() throws Exception {
		enqueue("hist", "req-2");
		simulator.register("hist", "req-2", Scenario.raw(answer("req-2", label("a.violation", 0.9))));
		run();
		Timestamp afterFirst = databaseNow();
		simulator.register("hist", "req-2", Scenario.raw(answer("req-2", label("a.violation", 0.4))));
		run("includeTerminal=true");

		assertThat(this.jdbc.queryForList("SELECT change FROM safetykit.label_change", String.class))
			.containsExactly("added");
		assertThat(this.jdbc.queryForObject("""
				SELECT confidence FROM safetykit.item_label_as_of(?) WHERE request_id = 'req-2'""", Double.class,
				afterFirst)).isEqualTo(0.9);
		assertThat(this.jdbc.queryForObject("SELECT confidence FROM safetykit.item_label_version", Double.class))
			.isEqualTo(0.9);
		assertThat(this.jdbc.queryForList("""
				SELECT detail FROM safetykit.request_event WHERE event_type = 'labels_changed'""", String.class))
			.containsExactly("labels revised: a.violation (1 item)");
	}

	@Test
	void reloadingAResultFileWithOneLineChangedVersionsOnlyThatLine() throws Exception {
		try (HttpStub fileHost = HttpStub.start()) {
			fileHost.on("/results/r.jsonl", HttpStub.Answer.ok("""
					{"id":"i1","output":{"labels":[{"label":"spam.violation"}]}}
					{"id":"i2","output":{"actions":["hide"],"labels":[{"label":"adult.safe"}]}}
					{"id":"i3","output":{"labels":[{"label":"scam.violation","confidence":0.5}]}}
					"""), HttpStub.Answer.ok("""
					{"id":"i1","output":{"labels":[{"label":"spam.violation"}]}}
					{"id":"i2","output":{"actions":["hide"],"labels":[{"label":"hate.violation"}]}}
					{"id":"i3","output":{"labels":[{"label":"scam.violation","confidence":0.5}]}}
					"""));
			this.jdbc.update("""
					INSERT INTO safetykit.request (namespace, request_id, kind, status, completed_at)
					VALUES ('files', 'imp-1', 'import', 'succeeded', now())""");
			this.jdbc.update("""
					INSERT INTO safetykit.import_result (namespace, request_id, data_count, data_url, data_expires_at,
					                                     fetched_at)
					VALUES ('files', 'imp-1', 3, ?, now() + interval '1 hour', now())""",
					fileHost.baseUri() + "/results/r.jsonl?signature=abc");
			long first = run().executionId();
			assertThat(history()).isEmpty();
			Timestamp afterFirst = databaseNow();

			long reload = run("reloadFiles=true").executionId();

			assertThat(labels("files", "imp-1")).containsExactly("i1:spam.violation", "i2:hate.violation",
					"i3:scam.violation");
			assertThat(history())
				.containsExactly("label i2:adult.safe observed by " + first + " closed by " + reload);
			assertThat(labelsAsOf(afterFirst)).containsExactly("i1:spam.violation", "i2:adult.safe",
					"i3:scam.violation");
			assertThat(count("SELECT count(*) FROM safetykit.item_label WHERE job_execution_id = ?", reload))
				.isEqualTo(1);
			assertThat(this.jdbc.queryForList("""
					SELECT event_type || ': ' || coalesce(detail, '') FROM safetykit.request_event
					WHERE event_type = 'labels_changed'""", String.class))
				.containsExactly("labels_changed: labels added: hate.violation (1 item); "
						+ "labels removed: adult.safe (1 item)");
		}
	}

	@Test
	void reloadingAFileThatRepeatsAnItemComparesItsLastLine() throws Exception {
		try (HttpStub fileHost = HttpStub.start()) {
			fileHost.on("/results/d.jsonl", HttpStub.Answer.ok("""
					{"id":"i1","output":{"labels":[{"label":"spam.violation"}]}}
					"""), HttpStub.Answer.ok("""
					{"id":"i1","output":{"labels":[{"label":"adult.safe"}]}}
					{"id":"i1","output":{"labels":[{"label":"spam.violation"}]}}
					"""));
			this.jdbc.update("""
					INSERT INTO safetykit.request (namespace, request_id, kind, status, completed_at)
					VALUES ('files', 'imp-d', 'import', 'succeeded', now())""");
			this.jdbc.update("""
					INSERT INTO safetykit.import_result (namespace, request_id, data_count, data_url, data_expires_at,
					                                     fetched_at)
					VALUES ('files', 'imp-d', null, ?, now() + interval '1 hour', now())""",
					fileHost.baseUri() + "/results/d.jsonl");
			run();
			run("reloadFiles=true");
			assertThat(labels("files", "imp-d")).containsExactly("i1:spam.violation");
			assertThat(history()).isEmpty();
			assertThat(count("SELECT count(*) FROM safetykit.request_event WHERE event_type = 'labels_changed'"))
				.isZero();
		}
	}

	@Test
	void versionsTheRowsOfAnAnswerTooLargeToInline() throws Exception {
		simulator.register("hist", "big-1", Scenario.tooLarge(4, 2));
		enqueue("hist", "big-1");
		run();
		this.jdbc.update("UPDATE safetykit.item_label SET confidence = 0.01 WHERE item_id = 'item-00002'");
		run("includeTerminal=true", "reloadFiles=true");
		assertThat(count("SELECT count(*) FROM safetykit.item_label_version WHERE item_id = 'item-00002'"))
			.isEqualTo(2);
		assertThat(count("SELECT count(*) FROM safetykit.item_label_version")).isEqualTo(2);
		assertThat(count("SELECT count(*) FROM safetykit.item_label WHERE confidence = 0.01")).isZero();
		assertThat(this.jdbc.queryForList("""
				SELECT detail FROM safetykit.request_event WHERE event_type = 'labels_changed'""", String.class))
			.singleElement().asString().startsWith("labels revised: ");
	}

	private static String label(String label, double confidence) {
		return "{\"label\":\"" + label + "\",\"confidence\":" + confidence + "}";
	}

	private static String answer(String requestId, String... labels) {
		return """
				{"namespace":"hist","request_id":"%s","status":"succeeded","data":[
				  {"id":"item-1","output":{"actions":[],"fields":{"title":"one"},"labels":[%s]},"url":null}]}
				""".formatted(requestId, String.join(",", labels));
	}

	private Timestamp databaseNow() {
		return this.jdbc.queryForObject("SELECT clock_timestamp()", Timestamp.class);
	}

	private List<String> labelsAsOf(Timestamp instant) {
		return this.jdbc.queryForList("""
				SELECT item_id || ':' || label FROM safetykit.item_label_as_of(?) ORDER BY item_id, label""",
				String.class, instant);
	}

	private List<String> history() {
		return this.jdbc.queryForList("""
				SELECT 'label ' || item_id || ':' || label || ' observed by ' || coalesce(job_execution_id::text, '-')
				       || ' closed by ' || closed_by
				FROM safetykit.item_label_version
				UNION ALL
				SELECT 'item ' || item_id || ' observed by ' || coalesce(job_execution_id::text, '-')
				       || ' closed by ' || closed_by
				FROM safetykit.item_version
				ORDER BY 1""", String.class);
	}

}
