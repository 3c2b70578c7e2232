package io.safetykit.reconciler.store;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

import io.safetykit.reconciler.run.RunParameters;
import io.safetykit.reconciler.run.RunParameters.Partition;
import io.safetykit.reconciler.support.JobIntegrationTestSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The selection page by page on a real PostgreSQL: a run with a submission range in submission
 * order, many requests sharing one submission time across page boundaries, partitions that split
 * it without overlap or loss, two runs claiming at once that never take the same request, and
 * request ids without a namespace found through the primary key.
 */
class RequestSelectionIntegrationTests extends JobIntegrationTestSupport {

	private static final Instant DAY = Instant.parse("2024-03-10T00:00:00Z");

	private static final Instant NEXT_DAY = DAY.plus(Duration.ofDays(1));

	private static final Duration LEASE = Duration.ofMinutes(5);

	@Autowired
	private RequestSelection selection;

	@Autowired
	private RunLeases leases;

	@Autowired
	private NamedParameterJdbcTemplate namedJdbc;

	@BeforeEach
	void requestsAroundOneDay() {
		this.jdbc.update("DELETE FROM safetykit.run_lease WHERE job_execution_id >= 900100");
		// 120 requests of the day in two namespaces, 40 each at three instants (one is the day's
		// first microsecond), a fifth of them finished; and as many on the day before and the day
		// after, interleaved with them in key order, some at the next day's first microsecond
		this.jdbc.update("""
				INSERT INTO safetykit.request (namespace, request_id, status, submitted_at)
				SELECT CASE WHEN g % 2 = 0 THEN 'sel-a' ELSE 'sel-b' END, 'r' || lpad(g::text, 4, '0'),
				       CASE WHEN g % 5 = 0 THEN 'succeeded' ELSE 'queued' END,
				       CASE WHEN g % 3 = 1 THEN CAST(? AS timestamptz) + (g % 4) * interval '1 hour'
				            WHEN g % 3 = 2 THEN CAST(? AS timestamptz) - interval '1 microsecond' - (g % 4) * interval '1 hour'
				            ELSE CAST(? AS timestamptz) + (g % 3 + g % 9) * interval '1 hour' END
				FROM generate_series(1, 360) AS g""", NEXT_DAY.toString(), DAY.toString(), DAY.toString());
	}

	@AfterEach
	void noLeases() {
		this.jdbc.update("DELETE FROM safetykit.run_lease WHERE job_execution_id >= 900100");
	}

	@Test
	void pagesABackfillOfOneDayInSubmissionOrderAcrossEqualSubmissionTimes() {
		RunParameters backfill = run(null, true, DAY, NEXT_DAY, Partition.WHOLE);
		List<String> expected = expected(backfill);
		assertThat(expected).hasSize(120);
		assertThat(this.jdbc.queryForObject("""
				SELECT count(DISTINCT submitted_at) FROM safetykit.request
				WHERE submitted_at >= ? AND submitted_at < ?""", Long.class, Timestamp.from(DAY),
				Timestamp.from(NEXT_DAY))).isEqualTo(3);

		assertThat(drain((after) -> this.selection.peek(backfill, after, 7))).containsExactlyElementsOf(expected);
		this.leases.take(900101, "test", null, LEASE);
		assertThat(drain((after) -> this.selection.claim(backfill, after, 7, 900101)))
			.containsExactlyElementsOf(expected);
		assertThat(this.jdbc.queryForList("SELECT namespace || '/' || request_id FROM safetykit.request "
				+ "WHERE claimed_by = 900101 ORDER BY 1", String.class)).containsExactlyInAnyOrderElementsOf(expected);
	}

	@Test
	void leavesFinishedRequestsOutOfADayUnlessTheRunIncludesThem() {
		RunParameters unfinished = run(null, false, DAY, NEXT_DAY, Partition.WHOLE);
		List<String> expected = expected(unfinished);
		assertThat(expected).hasSize(96);
		assertThat(drain((after) -> this.selection.peek(unfinished, after, 9))).containsExactlyElementsOf(expected);
	}

	@Test
	void pagesANamespaceByKeyAndStopsAtItsEnd() {
		RunParameters nightly = run("sel-a", false, null, null, Partition.WHOLE);
		List<String> expected = expected(nightly);
		assertThat(expected).hasSize(144).allMatch((key) -> key.startsWith("sel-a/"));
		assertThat(drain((after) -> this.selection.peek(nightly, after, 11))).containsExactlyElementsOf(expected);
	}

	@Test
	void partitionsSplitADayWithoutOverlapOrLoss() {
		List<String> whole = expected(run(null, true, DAY, NEXT_DAY, Partition.WHOLE));
		List<String> union = new ArrayList<>();
		for (int slice = 0; slice < 3; slice++) {
			RunParameters part = run(null, true, DAY, NEXT_DAY, new Partition(slice, 3));
			long executionId = 900110 + slice;
			this.leases.take(executionId, "test", null, LEASE);
			List<String> taken = drain((after) -> this.selection.claim(part, after, 5, executionId));
			assertThat(taken).isNotEmpty().containsExactlyElementsOf(expected(part));
			union.addAll(taken);
		}
		assertThat(union).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(whole);
	}

	@Test
	void twoRunsClaimingAtOnceNeverTakeTheSameRequestAndTogetherTakeAll() throws Exception {
		RunParameters backfill = run(null, true, DAY, NEXT_DAY, Partition.WHOLE);
		List<String> expected = expected(backfill);
		this.leases.take(900121, "test", null, LEASE);
		this.leases.take(900122, "test", null, LEASE);
		ExecutorService runs = Executors.newFixedThreadPool(2);
		try {
			Callable<List<String>> first = () -> drain((after) -> this.selection.claim(backfill, after, 3, 900121));
			Callable<List<String>> second = () -> drain((after) -> this.selection.claim(backfill, after, 3, 900122));
			Future<List<String>> a = runs.submit(first);
			Future<List<String>> b = runs.submit(second);
			List<String> both = new ArrayList<>(a.get());
			both.addAll(b.get());
			assertThat(both).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(expected);
		}
		finally {
			runs.shutdownNow();
		}
	}

	@Test
	void findsRequestIdsWithoutANamespaceByTheIndexInEveryNamespace() {
		// enough finished requests in a third namespace that reading the whole table costs more
		// than probing the primary key, for the planner as for the database
		this.jdbc.update("""
				INSERT INTO safetykit.request (namespace, request_id, status, submitted_at, completed_at)
				SELECT 'sel-c', 'bulk' || lpad(g::text, 6, '0'), 'succeeded', now(), now()
				FROM generate_series(1, 60000) AS g""");
		this.jdbc.execute("ANALYZE safetykit.request");
		RunParameters byIds = new RunParameters(null, List.of("r0008", "r0007", "bulk004242", "r0007x"), null, null,
				true, true, null, false, Partition.WHOLE, false, null, Instant.now().plusSeconds(60));

		assertThat(drain((after) -> this.selection.peek(byIds, after, 2))).containsExactly("sel-a/r0008",
				"sel-b/r0007", "sel-c/bulk004242");
		List<String> plan = this.namedJdbc.queryForList("EXPLAIN " + RequestSelection.peekSql(byIds, null),
				RequestSelection.parameters(byIds, null, 2), String.class);
		// the ids are looked up in an index, not checked against every row read
		assertThat(plan).as(String.join("\n", plan))
			.anyMatch((line) -> line.contains("Index Cond") && line.contains("request_id = ANY"))
			.noneMatch((line) -> line.contains("Filter") && line.contains("request_id = ANY"));
	}

	/** Every page from the start until an empty one, as namespace/request_id. */
	private static List<String> drain(Function<SelectionCursor, SelectionPage> next) {
		List<String> keys = new ArrayList<>();
		Set<String> seen = new HashSet<>();
		SelectionCursor after = null;
		for (SelectionPage page = next.apply(null); !page.requests().isEmpty(); page = next.apply(after)) {
			for (ClaimedRequest request : page.requests()) {
				String key = request.namespace() + "/" + request.requestId();
				assertThat(seen.add(key)).as("handed out twice: " + key).isTrue();
				keys.add(key);
			}
			after = page.next();
		}
		return keys;
	}

	/** What the run selects, in its order, by a query of its own. */
	private List<String> expected(RunParameters run) {
		return this.jdbc.queryForList("""
				SELECT namespace || '/' || request_id FROM safetykit.request
				WHERE (? OR status NOT IN ('succeeded', 'failed'))
				  AND (CAST(? AS text) IS NULL OR namespace = ?)
				  AND (CAST(? AS timestamptz) IS NULL OR submitted_at >= CAST(? AS timestamptz))
				  AND (CAST(? AS timestamptz) IS NULL OR submitted_at < CAST(? AS timestamptz))
				  AND safetykit.request_slice(namespace, request_id, ?) = ?
				ORDER BY CASE WHEN ? THEN submitted_at END, namespace, request_id""", String.class,
				run.includeTerminal(), run.namespace(), run.namespace(), text(run.submittedFrom()),
				text(run.submittedFrom()), text(run.submittedTo()), text(run.submittedTo()), run.partition().count(),
				run.partition().index(), run.submittedFrom() != null);
	}

	private static String text(Instant instant) {
		return (instant != null) ? instant.toString() : null;
	}

	private static RunParameters run(String namespace, boolean includeTerminal, Instant from, Instant to,
			Partition partition) {
		return new RunParameters(namespace, List.of(), from, to, includeTerminal, false, null, false, partition, false,
				null, Instant.now().plusSeconds(60));
	}

}
