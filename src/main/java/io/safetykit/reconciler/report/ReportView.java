package io.safetykit.reconciler.report;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

import io.safetykit.reconciler.exit.UsageException;

/**
 * The views {@code report} can read, each with its one fixed query: user input only ever reaches
 * the database as the bound parameters {@code :namespace}, {@code :from} and {@code :to} (dates,
 * inclusive, applied to the view's natural date column as UTC days), and {@code :asOf} (an instant)
 * for a view that can answer as it stood then.
 */
enum ReportView {

	LABEL_DAILY("""
			SELECT namespace, day, category, verdict, label, items
			FROM safetykit.label_daily
			WHERE (CAST(:namespace AS text) IS NULL OR namespace = :namespace)
			  AND (CAST(:from AS date) IS NULL OR day >= :from)
			  AND (CAST(:to AS date) IS NULL OR day <= :to)
			ORDER BY namespace, day, label
			"""),

	ITEM_LATEST_LABEL("""
			SELECT namespace, item_id, request_id, completed_at, category, verdict, label, confidence,
			       explanation, attributes, url, metadata
			FROM safetykit.item_latest_label
			WHERE (CAST(:namespace AS text) IS NULL OR namespace = :namespace)
			  AND (CAST(:from AS date) IS NULL OR completed_at >= CAST(:from AS date)::timestamp AT TIME ZONE 'UTC')
			  AND (CAST(:to AS date) IS NULL OR completed_at < (CAST(:to AS date) + 1)::timestamp AT TIME ZONE 'UTC')
			ORDER BY namespace, item_id, label
			""", """
			SELECT namespace, item_id, request_id, completed_at, category, verdict, label, confidence,
			       explanation, attributes, url, metadata
			FROM safetykit.item_label_as_of(CAST(:asOf AS timestamptz))
			WHERE (CAST(:namespace AS text) IS NULL OR namespace = :namespace)
			  AND (CAST(:from AS date) IS NULL OR completed_at >= CAST(:from AS date)::timestamp AT TIME ZONE 'UTC')
			  AND (CAST(:to AS date) IS NULL OR completed_at < (CAST(:to AS date) + 1)::timestamp AT TIME ZONE 'UTC')
			ORDER BY namespace, item_id, label
			"""),

	OUTSTANDING_REQUEST("""
			SELECT namespace, request_id, kind, status, submitted_at, age, overdue, poll_count, error_count,
			       last_error, error_summary, last_polled_at, next_poll_at
			FROM safetykit.outstanding_request
			WHERE (CAST(:namespace AS text) IS NULL OR namespace = :namespace)
			  AND (CAST(:from AS date) IS NULL OR submitted_at >= CAST(:from AS date)::timestamp AT TIME ZONE 'UTC')
			  AND (CAST(:to AS date) IS NULL OR submitted_at < (CAST(:to AS date) + 1)::timestamp AT TIME ZONE 'UTC')
			ORDER BY submitted_at, namespace, request_id
			"""),

	IMPORT_EXPIRING("""
			SELECT namespace, request_id, data_count, data_url, data_expires_at, expires_in, expired, fetched_at
			FROM safetykit.import_expiring
			WHERE (CAST(:namespace AS text) IS NULL OR namespace = :namespace)
			  AND (CAST(:from AS date) IS NULL OR data_expires_at >= CAST(:from AS date)::timestamp AT TIME ZONE 'UTC')
			  AND (CAST(:to AS date) IS NULL OR data_expires_at < (CAST(:to AS date) + 1)::timestamp AT TIME ZONE 'UTC')
			ORDER BY data_expires_at, namespace, request_id
			"""),

	REQUEST_HISTORY("""
			SELECT namespace, request_id, event_id, observed_at, status, event_type, detail, job_execution_id
			FROM safetykit.request_history
			WHERE (CAST(:namespace AS text) IS NULL OR namespace = :namespace)
			  AND (CAST(:from AS date) IS NULL OR observed_at >= CAST(:from AS date)::timestamp AT TIME ZONE 'UTC')
			  AND (CAST(:to AS date) IS NULL OR observed_at < (CAST(:to AS date) + 1)::timestamp AT TIME ZONE 'UTC')
			ORDER BY namespace, request_id, event_id
			"""),

	// a run is in a namespace's history when it was limited to that namespace or not limited at all
	RUN_HISTORY("""
			SELECT id, status, exit_code, exit_status, started_at, ended_at, duration, parameters, dry_run, polled,
			       succeeded, failed, still_pending, errors, skipped, errors_by_kind, items, labels, import_results,
			       files_loaded, file_lines, calls, retries
			FROM safetykit.run_history
			WHERE (CAST(:namespace AS text) IS NULL OR parameters ->> 'namespace' IS NULL
			       OR parameters ->> 'namespace' = :namespace)
			  AND (CAST(:from AS date) IS NULL OR started_at >= CAST(:from AS date)::timestamp AT TIME ZONE 'UTC')
			  AND (CAST(:to AS date) IS NULL OR started_at < (CAST(:to AS date) + 1)::timestamp AT TIME ZONE 'UTC')
			ORDER BY id
			""");

	private final String sql;

	/** The query of the view as it stood at {@code :asOf}, or null when the view has no past. */
	private final String asOfSql;

	ReportView(String sql) {
		this(sql, null);
	}

	ReportView(String sql, String asOfSql) {
		this.sql = sql;
		this.asOfSql = asOfSql;
	}

	String sql() {
		return this.sql;
	}

	boolean hasAsOf() {
		return this.asOfSql != null;
	}

	String asOfSql() {
		return this.asOfSql;
	}

	/** The name users type, which is also the view's name in schema {@code safetykit}. */
	String viewName() {
		return name().toLowerCase(Locale.ROOT);
	}

	static ReportView named(String name) {
		for (ReportView view : values()) {
			if (view.viewName().equals(name)) {
				return view;
			}
		}
		throw new UsageException("Unknown view '" + name + "'; views: " + names());
	}

	static String names() {
		return Arrays.stream(values()).map(ReportView::viewName).collect(Collectors.joining(", "));
	}

}
