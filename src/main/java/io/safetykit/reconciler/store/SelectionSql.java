package io.safetykit.reconciler.store;

import io.safetykit.reconciler.run.RunParameters;

/**
 * The SQL text of a run's selection, put together from fixed fragments by which of the run's
 * filters are set. Each filter that is set becomes a plain predicate, and a filter that is not set
 * is left out rather than written as {@code (:x IS NULL OR ...)}, which no index can serve. A run
 * with a submission range pages by (submitted_at, namespace, request_id), which the indexes of
 * migration V9 hold in that order, so that a page reads the rows of that range and no others; any
 * other run pages by (namespace, request_id) over the primary key, or over the unfinished-request
 * index when it leaves finished requests out. A run that names request ids probes the primary key
 * for them, in its namespace or, without one, in every namespace the table holds.
 */
final class SelectionSql {

	private static final String UNFINISHED_DUE = """
			r.status NOT IN ('succeeded', 'failed')
			AND (r.next_poll_at IS NULL OR r.next_poll_at <= now())
			""";

	private static final String UNFINISHED = """
			r.status NOT IN ('succeeded', 'failed')
			""";

	private static final String ANY_DUE = """
			(r.status IN ('succeeded', 'failed') OR r.next_poll_at IS NULL OR r.next_poll_at <= now())
			""";

	private static final String ANY = """
			TRUE
			""";

	private static final String NOT_POLLED_BY_THIS_RUN = """
			AND (r.last_polled_at IS NULL OR r.last_polled_at < :runStartedAt)
			""";

	private static final String NAMESPACE = """
			AND r.namespace = :namespace
			""";

	private static final String REQUEST_IDS = """
			AND r.request_id = ANY(:requestIds)
			""";

	// request_id alone leads no index: without a namespace, the ids are looked up in every namespace
	// there is, which a skip scan of the primary key lists (one probe per namespace), so that the
	// selection probes the primary key instead of reading the whole table
	private static final String EVERY_NAMESPACE = """
			AND r.namespace = ANY (ARRAY(
			    WITH RECURSIVE present(namespace) AS (
			      (SELECT n.namespace FROM safetykit.request n ORDER BY n.namespace LIMIT 1)
			      UNION ALL
			      SELECT (SELECT n.namespace FROM safetykit.request n WHERE n.namespace > p.namespace
			              ORDER BY n.namespace LIMIT 1)
			      FROM present p WHERE p.namespace IS NOT NULL)
			    SELECT namespace FROM present WHERE namespace IS NOT NULL))
			""";

	private static final String SUBMITTED_FROM = """
			AND r.submitted_at >= :submittedFrom
			""";

	private static final String SUBMITTED_TO = """
			AND r.submitted_at < :submittedTo
			""";

	private static final String PARTITION = """
			AND safetykit.request_slice(r.namespace, r.request_id, :partitionCount) = :partitionIndex
			""";

	private static final String AFTER_KEY = """
			AND (r.namespace, r.request_id) > (:afterNamespace, :afterRequestId)
			""";

	private static final String AFTER_SUBMISSION = """
			AND (r.submitted_at, r.namespace, r.request_id) > (:afterSubmittedAt, :afterNamespace, :afterRequestId)
			""";

	// a claim counts only while its execution's lease is live, by the database clock
	static final String UNCLAIMED = """
			AND (r.claimed_by IS NULL OR r.claimed_by <> ALL (ARRAY(
			     SELECT l.job_execution_id FROM safetykit.run_lease l WHERE l.expires_at > now())))
			""";

	private SelectionSql() {
	}

	/** Whether the run pages by submission time (it has a submission range) rather than by key. */
	static boolean bySubmission(RunParameters run) {
		return run.submittedFrom() != null || run.submittedTo() != null;
	}

	/** The run's parameters as predicates on {@code safetykit.request r}: neither the page's start nor the claims. */
	static String selected(RunParameters run) {
		StringBuilder sql = new StringBuilder(statusFilter(run)).append(NOT_POLLED_BY_THIS_RUN);
		if (run.namespace() != null) {
			sql.append(NAMESPACE);
		}
		else if (!run.requestIds().isEmpty()) {
			sql.append(EVERY_NAMESPACE);
		}
		if (!run.requestIds().isEmpty()) {
			sql.append(REQUEST_IDS);
		}
		if (run.submittedFrom() != null) {
			sql.append(SUBMITTED_FROM);
		}
		if (run.submittedTo() != null) {
			sql.append(SUBMITTED_TO);
		}
		if (run.partition().count() > 1) {
			sql.append(PARTITION);
		}
		return sql.toString();
	}

	/** The predicate that starts a page after the cursor, in the run's order. */
	static String after(RunParameters run) {
		return bySubmission(run) ? AFTER_SUBMISSION : AFTER_KEY;
	}

	/** The run's order, on the columns of {@code safetykit.request r} ({@code "r."}) or of a result set (""). */
	static String orderBy(RunParameters run, String qualifier) {
		String key = qualifier + "namespace, " + qualifier + "request_id";
		return bySubmission(run) ? qualifier + "submitted_at, " + key : key;
	}

	private static String statusFilter(RunParameters run) {
		if (run.includeTerminal()) {
			return run.ignoreBackoff() ? ANY : ANY_DUE;
		}
		return run.ignoreBackoff() ? UNFINISHED : UNFINISHED_DUE;
	}

}
