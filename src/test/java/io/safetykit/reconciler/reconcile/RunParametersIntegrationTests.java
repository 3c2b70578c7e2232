package io.safetykit.reconciler.reconcile;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.micrometer.core.instrument.MeterRegistry;
import io.safetykit.reconciler.simulator.Scenario;
import io.safetykit.reconciler.support.ForkedReconciler;
import io.safetykit.reconciler.support.JobIntegrationTestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/** The job parameters beyond the basics, the summary file and the metrics. */
class RunParametersIntegrationTests extends JobIntegrationTestSupport {

	private static final String ALL_TABLES = """
			SELECT 'request' AS t, row_to_json(r)::text AS row FROM safetykit.request r
			UNION ALL SELECT 'item', row_to_json(i)::text FROM safetykit.item i
			UNION ALL SELECT 'item_label', row_to_json(l)::text FROM safetykit.item_label l
			UNION ALL SELECT 'import_result', row_to_json(x)::text FROM safetykit.import_result x
			UNION ALL SELECT 'request_event', row_to_json(e)::text FROM safetykit.request_event e
			ORDER BY 1, 2""";

	@Autowired
	private MeterRegistry meterRegistry;

	@Test
	void aDryRunFetchesAndReportsButWritesNothingAtAll() throws Exception {
		simulator.register("dry", "dry-add", Scenario.add(2, 2));
		simulator.register("dry", "dry-import", Scenario.importResult(3, 1));
		simulator.register("dry", "dry-pending", Scenario.pending("ingesting"));
		simulator.register("dry", "dry-ghost", Scenario.unknown());
		for (String id : List.of("dry-add", "dry-import", "dry-pending", "dry-ghost")) {
			enqueue("dry", id);
		}
		List<Map<String, Object>> before = this.jdbc.queryForList(ALL_TABLES);
		RunResult result = run("dryRun=true");
		assertThat(result.exitCode()).isZero();
		assertThat(result.summary().dryRun()).isTrue();
		assertThat(result.summary().polled()).isEqualTo(4);
		assertThat(result.summary().succeeded()).isEqualTo(2);
		assertThat(result.summary().stillPending()).isEqualTo(1);
		assertThat(result.summary().errors()).isEqualTo(1);
		assertThat(simulator.statusCalls("dry", "dry-add")).isEqualTo(1);
		assertThat(this.jdbc.queryForList(ALL_TABLES)).isEqualTo(before);
	}

	@Test
	void partitionsAreDisjointAndTogetherCoverEveryRequest() throws Exception {
		Set<String> all = new HashSet<>();
		for (int i = 0; i < 200; i++) {
			enqueue("part-" + (i % 3), "p-" + i);
			all.add("part-" + (i % 3) + "/p-" + i);
		}
		Set<String> seen = new HashSet<>();
		for (int slice = 0; slice < 4; slice++) {
			run("partition=" + slice + "/4");
			List<String> polled = this.jdbc.queryForList("""
					SELECT namespace || '/' || request_id FROM safetykit.request
					WHERE last_polled_at IS NOT NULL""", String.class);
			Set<String> slicePolled = new HashSet<>(polled);
			slicePolled.removeAll(seen);
			assertThat(slicePolled).as("slice %d", slice).isNotEmpty().hasSizeLessThan(100);
			assertThat(seen).doesNotContainAnyElementsOf(slicePolled);
			seen.addAll(slicePolled);
			assertThat(polled).hasSameSizeAs(seen);
		}
		assertThat(seen).isEqualTo(all);
	}

	@Test
	void selectsBySubmissionDate() throws Exception {
		this.jdbc.update("""
				INSERT INTO safetykit.request (namespace, request_id, submitted_at) VALUES
				  ('dates', 'd-jan01', '2026-01-01T23:59:59Z'),
				  ('dates', 'd-jan02', '2026-01-02T00:00:00Z'),
				  ('dates', 'd-jan03', '2026-01-03T23:59:59Z'),
				  ('dates', 'd-jan04', '2026-01-04T00:00:00Z')""");
		run("submittedFrom=2026-01-02", "submittedTo=2026-01-03");
		assertThat(this.jdbc.queryForList(
				"SELECT request_id FROM safetykit.request WHERE last_polled_at IS NOT NULL ORDER BY 1", String.class))
			.containsExactly("d-jan02", "d-jan03");
		run("submittedFrom=2026-01-04T00:00:00Z");
		assertThat(request("dates", "d-jan04").get("last_polled_at")).isNotNull();
		assertThat(request("dates", "d-jan01").get("last_polled_at")).isNull();
	}

	@Test
	void timesEveryCallInMicrometer() throws Exception {
		simulator.register("metrics", "m-1", Scenario.add(1, 1));
		enqueue("metrics", "m-1");
		run();
		assertThat(this.meterRegistry.get("safetykit.calls").tag("operation", "status").tag("outcome", "ok").timer()
			.count()).isPositive();
		assertThat(this.meterRegistry.get("reconciler.requests").tag("result", "succeeded").counter().count())
			.isPositive();
	}

	@Test
	void writesTheSummaryAsJsonWhenAsked(@TempDir Path directory) throws Exception {
		simulator.register("summary", "s-1", Scenario.add(2, 3));
		enqueue("summary", "s-1");
		Path file = directory.resolve("summary.json");
		ForkedReconciler.Finished finished = ForkedReconciler.run(Map.of("SAFETYKIT_API_KEY", API_KEY,
				"SAFETYKIT_BASE_URL", simulator.baseUri().toString(), "RECONCILER_SUMMARY_FILE", file.toString()),
				"namespace=summary");
		assertThat(finished.exitCode()).as(finished.output()).isZero();
		assertThat(finished.output()).contains("Summary: polled=1 succeeded=1");
		JsonNode json = JsonMapper.builder().build().readTree(Files.readString(file));
		assertThat(json.get("status").asString()).isEqualTo("COMPLETED");
		assertThat(json.get("exitCode").asInt()).isZero();
		assertThat(json.get("succeeded").asLong()).isEqualTo(1);
		assertThat(json.get("itemsWritten").asLong()).isEqualTo(2);
		assertThat(json.get("labelsWritten").asLong()).isEqualTo(6);
		assertThat(json.get("durationSeconds").asDouble()).isPositive();
	}

}
