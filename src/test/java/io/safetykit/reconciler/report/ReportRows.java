package io.safetykit.reconciler.report;

import java.sql.Timestamp;
import java.time.Instant;

import org.springframework.jdbc.core.JdbcTemplate;

/** Writes rows straight into the safetykit tables, as the job would have left them. */
class ReportRows {

	private static final String TRUNCATE = """
			TRUNCATE safetykit.request, safetykit.item, safetykit.item_label, safetykit.import_result,
			         safetykit.request_event, safetykit.item_version, safetykit.item_label_version
			""";

	private static final String INSERT_REQUEST = """
			INSERT INTO safetykit.request (namespace, request_id, kind, status, submitted_at, completed_at,
			                               poll_count, error_count, last_error)
			VALUES (?, ?, 'add', ?, ?, ?, ?, ?, ?)
			""";

	private static final String INSERT_ITEM = """
			INSERT INTO safetykit.item (namespace, request_id, item_id, url, metadata) VALUES (?, ?, ?, ?, ?::jsonb)
			""";

	private static final String INSERT_LABEL = """
			INSERT INTO safetykit.item_label (namespace, request_id, item_id, label, confidence, explanation, attributes)
			VALUES (?, ?, ?, ?, ?, ?, jsonb_build_object('label', ?::text, 'confidence', ?::float8))
			""";

	private static final String INSERT_IMPORT = """
			INSERT INTO safetykit.import_result (namespace, request_id, data_count, data_url, data_expires_at, fetched_at)
			VALUES (?, ?, 10, ?, ?, now())
			""";

	private static final String INSERT_EVENT = """
			INSERT INTO safetykit.request_event (namespace, request_id, status, event_type, observed_at, detail)
			VALUES (?, ?, ?, 'status', ?, ?)
			""";

	private final JdbcTemplate jdbc;

	ReportRows(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	void truncate() {
		this.jdbc.execute(TRUNCATE);
	}

	void completed(String namespace, String requestId, Instant completedAt) {
		this.jdbc.update(INSERT_REQUEST, namespace, requestId, "succeeded", ts(completedAt.minusSeconds(600)),
				ts(completedAt), 2, 0, null);
	}

	void pending(String namespace, String requestId, String status, Instant submittedAt, int errors, String lastError) {
		this.jdbc.update(INSERT_REQUEST, namespace, requestId, status, ts(submittedAt), null, 3, errors, lastError);
	}

	void item(String namespace, String requestId, String itemId, String metadataJson) {
		this.jdbc.update(INSERT_ITEM, namespace, requestId, itemId, "https://shop.example/" + itemId, metadataJson);
	}

	void label(String namespace, String requestId, String itemId, String label, double confidence) {
		this.jdbc.update(INSERT_LABEL, namespace, requestId, itemId, label, confidence, "because " + label, label,
				confidence);
	}

	void importResult(String namespace, String requestId, String dataUrl, Instant expiresAt) {
		this.jdbc.update(INSERT_IMPORT, namespace, requestId, dataUrl, ts(expiresAt));
	}

	void event(String namespace, String requestId, String status, Instant observedAt, String detail) {
		this.jdbc.update(INSERT_EVENT, namespace, requestId, status, ts(observedAt), detail);
	}

	private static Timestamp ts(Instant instant) {
		return (instant != null) ? Timestamp.from(instant) : null;
	}

}
