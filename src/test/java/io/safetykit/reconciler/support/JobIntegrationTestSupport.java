package io.safetykit.reconciler.support;

import java.util.List;
import java.util.Map;

import io.safetykit.reconciler.reconcile.ReconcileCommand;
import io.safetykit.reconciler.reconcile.RunResult;
import io.safetykit.reconciler.simulator.SafetyKitSimulator;
import io.safetykit.reconciler.simulator.SimulatorSettings;
import org.junit.jupiter.api.BeforeEach;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the real job against the simulator and a real PostgreSQL. The simulator lives as long as
 * the test JVM; each test uses request ids of its own, since the simulator remembers poll counts.
 */
@SpringBootTest(properties = { "safetykit.api-key=" + JobIntegrationTestSupport.API_KEY,
		"reconciler.retry-initial-delay=1ms", "reconciler.retry-max-delay=20ms", "reconciler.max-attempts=3",
		"reconciler.circuit-breaker-threshold=5", "reconciler.progress-interval=1h", "reconciler.concurrency=4",
		"reconciler.read-timeout=2s" })
public abstract class JobIntegrationTestSupport {

	protected static final String API_KEY = "test-key-6f1c2a";

	protected static final SafetyKitSimulator simulator = SafetyKitSimulator
		.start(SimulatorSettings.defaults(API_KEY));

	@Autowired
	protected JdbcTemplate jdbc;

	@Autowired
	protected ReconcileCommand reconcileCommand;

	@DynamicPropertySource
	static void simulatorAndDatabase(DynamicPropertyRegistry registry) {
		TestDatabase.register(registry);
		registry.add("safetykit.base-url", () -> simulator.baseUri().toString());
	}

	@BeforeEach
	void emptyTables() {
		this.jdbc.execute("""
				TRUNCATE safetykit.request, safetykit.item, safetykit.item_label, safetykit.import_result,
				         safetykit.request_event, safetykit.item_version, safetykit.item_label_version""");
	}

	/** What an upstream writer does: one INSERT. */
	protected void enqueue(String namespace, String requestId) {
		this.jdbc.update("INSERT INTO safetykit.request (namespace, request_id) VALUES (?, ?) ON CONFLICT DO NOTHING",
				namespace, requestId);
	}

	/** One run with {@code key=value} job parameters. */
	protected RunResult run(String... parameters) throws Exception {
		return this.reconcileCommand.launch(List.of(parameters));
	}

	protected Map<String, Object> request(String namespace, String requestId) {
		return this.jdbc.queryForMap("SELECT * FROM safetykit.request WHERE namespace = ? AND request_id = ?",
				namespace, requestId);
	}

	protected List<String> labels(String namespace, String requestId) {
		return this.jdbc.queryForList("""
				SELECT item_id || ':' || label FROM safetykit.item_label
				WHERE namespace = ? AND request_id = ? ORDER BY item_id, label""", String.class, namespace, requestId);
	}

	protected long succeeded(String namespace) {
		return count("SELECT count(*) FROM safetykit.request WHERE namespace = ? AND status = 'succeeded'", namespace);
	}

	/** What a run undisturbed writes for {@code requests} Add requests of 2 items with 2 labels, each fetched once. */
	protected void assertUndisturbedEndState(String namespace, int requests) {
		assertThat(succeeded(namespace)).isEqualTo(requests);
		assertThat(count("SELECT count(*) FROM safetykit.item WHERE namespace = ?", namespace)).isEqualTo(2L * requests);
		assertThat(count("SELECT count(*) FROM safetykit.item_label WHERE namespace = ?", namespace))
			.isEqualTo(4L * requests);
		assertThat(count("""
				SELECT count(*) FROM safetykit.request_event
				WHERE namespace = ? AND event_type = 'status' AND status = 'succeeded'""", namespace)).isEqualTo(requests);
		assertThat(count("SELECT count(*) FROM safetykit.request WHERE namespace = ? AND poll_count <> 1", namespace))
			.isZero();
		assertThat(count("SELECT count(*) FROM safetykit.request WHERE claimed_by IS NOT NULL")).isZero();
	}

	/**
	 * Until closed, the database refuses to record {@code requestId} as succeeded: the chunk that
	 * holds it fails, as a chunk does when its write does, and the run ends FAILED.
	 */
	protected AutoCloseable refuseToComplete(String requestId) {
		this.jdbc.execute("""
				CREATE FUNCTION public.refuse_to_complete() RETURNS trigger LANGUAGE plpgsql AS $$
				BEGIN
				  IF NEW.request_id = '%s' AND NEW.status = 'succeeded' THEN RAISE EXCEPTION 'refused'; END IF;
				  RETURN NEW;
				END $$""".formatted(requestId.replace("'", "''")));
		this.jdbc.execute("""
				CREATE TRIGGER refuse_to_complete BEFORE UPDATE ON safetykit.request
				FOR EACH ROW EXECUTE FUNCTION public.refuse_to_complete()""");
		return () -> {
			this.jdbc.execute("DROP TRIGGER refuse_to_complete ON safetykit.request");
			this.jdbc.execute("DROP FUNCTION public.refuse_to_complete()");
		};
	}

	protected long count(String sql, Object... args) {
		Long count = this.jdbc.queryForObject(sql, Long.class, args);
		return (count != null) ? count : 0;
	}

}
