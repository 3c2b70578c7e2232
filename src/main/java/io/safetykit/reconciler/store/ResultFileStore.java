package io.safetykit.reconciler.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

import io.safetykit.reconciler.run.RunParameters;
import io.safetykit.reconciler.safetykit.ResultItem;
import io.safetykit.reconciler.safetykit.ResultLabel;

import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.support.SqlArrayValue;

/**
 * SQL of the result-file step. A load streams the file into temporary staging tables that live
 * for its transaction only, and then swaps the request's items in one statement pair, all in one
 * transaction: a load that dies halfway leaves the request exactly as it was.
 * A reload of a request that holds items compares them with the file's and keeps what changed in
 * the history ({@link ItemVersions}).
 */
public class ResultFileStore {

	/** The run's succeeded imports with a link, in key order after a key; one condition to add. */
	private static final String SELECTED_IMPORT = """
			SELECT i.namespace, i.request_id, i.data_count, i.data_url, i.data_expires_at
			FROM safetykit.import_result i
			JOIN safetykit.request r ON r.namespace = i.namespace AND r.request_id = i.request_id
			WHERE (i.namespace, i.request_id) > (:afterNamespace, :afterRequestId)
			  AND r.status = 'succeeded' AND i.data_url IS NOT NULL
			  AND (CAST(:namespace AS text) IS NULL OR i.namespace = :namespace)
			  AND (:allIds OR i.request_id = ANY(:requestIds))
			  AND (:partitionCount = 1
			       OR safetykit.request_slice(i.namespace, i.request_id, :partitionCount) = :partitionIndex)
			  AND %s
			ORDER BY i.namespace, i.request_id
			LIMIT 1
			FOR UPDATE OF %s SKIP LOCKED
			""";

	private static final String NEXT = SELECTED_IMPORT
		.formatted("((i.file_loaded_at IS NULL AND i.file_error IS NULL) OR :reload)", "r, i");

	private static final String NEXT_EXPIRING = SELECTED_IMPORT
		.formatted("i.data_expires_at < now() + make_interval(secs => :windowSeconds)", "i");

	// created afresh and dropped at commit: behind a transaction-pooling pooler the server session
	// outlives the transaction and is shared, so nothing of it may carry over to the next one
	private static final String CREATE_STAGING = """
			DROP TABLE IF EXISTS pg_temp.result_file_item, pg_temp.result_file_label;
			CREATE TEMP TABLE result_file_item (
			  line_no bigint, item_id text, url text, metadata text, fields text, actions text
			) ON COMMIT DROP;
			CREATE TEMP TABLE result_file_label (
			  line_no bigint, item_id text, label text, confidence double precision, explanation text, attributes text
			) ON COMMIT DROP
			""";

	private static final String COPY_STAGED_ITEMS = """
			COPY result_file_item (line_no, item_id, url, metadata, fields, actions) FROM STDIN
			""";

	private static final String COPY_STAGED_LABELS = """
			COPY result_file_label (line_no, item_id, label, confidence, explanation, attributes) FROM STDIN
			""";

	// an item id repeated in a file collapses to its last line, as in an Add answer
	private static final String SWAP_ITEMS = """
			INSERT INTO safetykit.item (namespace, request_id, item_id, url, metadata, fields, actions, job_execution_id)
			SELECT DISTINCT ON (s.item_id) ?, ?, s.item_id, s.url, s.metadata::jsonb, s.fields::jsonb, s.actions::jsonb, ?
			FROM result_file_item s
			ORDER BY s.item_id, s.line_no DESC
			""";

	private static final String STAGED_TO_INCOMING_ITEMS = """
			INSERT INTO incoming_item (namespace, request_id, item_id, url, metadata, fields, actions, job_execution_id)
			SELECT DISTINCT ON (s.item_id) ?, ?, s.item_id, s.url, s.metadata::jsonb, s.fields::jsonb, s.actions::jsonb, ?
			FROM result_file_item s
			ORDER BY s.item_id, s.line_no DESC
			""";

	private static final String SWAP_LABELS = """
			INSERT INTO safetykit.item_label (namespace, request_id, item_id, label, confidence, explanation, attributes,
			                                  job_execution_id)
			SELECT ?, ?, l.item_id, l.label, l.confidence, l.explanation, l.attributes::jsonb, ?
			FROM result_file_label l
			JOIN (SELECT item_id, max(line_no) AS line_no FROM result_file_item GROUP BY item_id) last
			  ON last.item_id = l.item_id AND last.line_no = l.line_no
			""";

	private static final String STAGED_TO_INCOMING_LABELS = """
			INSERT INTO incoming_label (namespace, request_id, item_id, label, confidence, explanation, attributes,
			                            job_execution_id)
			SELECT ?, ?, l.item_id, l.label, l.confidence, l.explanation, l.attributes::jsonb, ?
			FROM result_file_label l
			JOIN (SELECT item_id, max(line_no) AS line_no FROM result_file_item GROUP BY item_id) last
			  ON last.item_id = l.item_id AND last.line_no = l.line_no
			""";

	private static final String MARK_LOADED = """
			UPDATE safetykit.import_result
			SET file_loaded_at = now(), file_lines = ?, file_skipped_lines = ?, file_error = NULL
			WHERE namespace = ? AND request_id = ?
			""";

	private static final String MARK_REFUSED = """
			UPDATE safetykit.import_result SET file_error = ? WHERE namespace = ? AND request_id = ?
			""";

	private static final String UPDATE_LINK = """
			UPDATE safetykit.import_result
			SET data_url = ?, data_count = coalesce(?, data_count), data_expires_at = ?, fetched_at = now()
			WHERE namespace = ? AND request_id = ?
			""";

	private static final String RECORD_ERROR = """
			UPDATE safetykit.request SET last_error = ?, error_count = error_count + 1
			WHERE namespace = ? AND request_id = ?
			""";

	private static final String INSERT_EVENT = """
			INSERT INTO safetykit.request_event (namespace, request_id, status, event_type, job_execution_id, detail)
			VALUES (?, ?, 'succeeded', ?, ?, ?)
			""";

	private final NamedParameterJdbcTemplate named;

	private final JdbcTemplate jdbc;

	public ResultFileStore(NamedParameterJdbcTemplate named) {
		this.named = named;
		this.jdbc = named.getJdbcTemplate();
	}

	/**
	 * The next result file of the run's selection after the given key, locked for this transaction
	 * so that a concurrent run skips it.
	 */
	public Optional<FileToLoad> lockNext(RunParameters run, boolean reload, String afterNamespace,
			String afterRequestId) {
		return first(NEXT, selection(run, afterNamespace, afterRequestId).addValue("reload", reload));
	}

	/** The next link of the run's selection that expires within the window, locked for this transaction. */
	public Optional<FileToLoad> lockNextExpiring(RunParameters run, Duration window, String afterNamespace,
			String afterRequestId) {
		return first(NEXT_EXPIRING,
				selection(run, afterNamespace, afterRequestId).addValue("windowSeconds", window.toSeconds()));
	}

	private Optional<FileToLoad> first(String sql, MapSqlParameterSource params) {
		List<FileToLoad> next = this.named.query(sql, params,
				(rs, n) -> new FileToLoad(rs.getString("namespace"), rs.getString("request_id"),
						(Long) rs.getObject("data_count"), rs.getString("data_url"),
						rs.getObject("data_expires_at", OffsetDateTime.class)));
		return next.stream().findFirst();
	}

	private static MapSqlParameterSource selection(RunParameters run, String afterNamespace, String afterRequestId) {
		return new MapSqlParameterSource().addValue("afterNamespace", afterNamespace)
			.addValue("afterRequestId", afterRequestId)
			.addValue("namespace", run.namespace())
			.addValue("allIds", run.requestIds().isEmpty())
			.addValue("requestIds", new SqlArrayValue("text", run.requestIds().toArray()))
			.addValue("partitionCount", run.partition().count())
			.addValue("partitionIndex", run.partition().index());
	}

	/**
	 * Starts a direct load inside a savepoint; true when the request holds items already (a
	 * reload). A first load writes straight into the final tables; a reload writes into the
	 * incoming tables, compared at {@link #finishDirect}. A repeated item id fails either with a
	 * duplicate key, and {@link #abortDirect()} brings the transaction back to the savepoint.
	 */
	public boolean beginDirect(String namespace, String requestId) {
		this.jdbc.execute("SAVEPOINT result_file_direct");
		return startReplacement(namespace, requestId);
	}

	/** Appends parsed lines to the request's items and labels (or, on a reload, to the incoming ones). */
	public ChunkWriter.WrittenRows writeDirect(String namespace, String requestId, long executionId,
			List<StagedLine> lines, boolean reload) {
		ItemRows rows = ItemRows.encode(namespace, requestId, executionId,
				lines.stream().map(StagedLine::item).toList());
		return this.jdbc.execute((ConnectionCallback<ChunkWriter.WrittenRows>) (connection) -> reload
				? ItemVersions.copyIncoming(connection, List.of(rows)) : ItemCopy.copy(connection, List.of(rows)));
	}

	/** Ends a direct load; a reload's rows replace the request's, keeping their history. */
	public void finishDirect(String namespace, String requestId, boolean reload, long executionId) {
		if (reload) {
			replaceKeepingHistory(namespace, requestId, executionId);
		}
		this.jdbc.execute("RELEASE SAVEPOINT result_file_direct");
	}

	public void abortDirect() {
		this.jdbc.execute("ROLLBACK TO SAVEPOINT result_file_direct");
	}

	/** Creates empty staging tables for this transaction (replacing any of an earlier load in it). */
	public void beginStaging() {
		this.jdbc.execute((ConnectionCallback<Void>) (connection) -> {
			try (Statement statement = connection.createStatement()) {
				statement.execute(CREATE_STAGING);
			}
			return null;
		});
	}

	/** Appends parsed lines to the staging tables. */
	public void stage(List<StagedLine> lines) {
		this.jdbc.execute((ConnectionCallback<Void>) (connection) -> {
			copyItems(connection, lines);
			copyLabels(connection, lines);
			return null;
		});
	}

	/**
	 * Replaces the request's items and labels with the staged ones, each item id's last line;
	 * returns the rows the request now holds. A request that held items keeps their history.
	 */
	public ChunkWriter.WrittenRows swap(String namespace, String requestId, long executionId) {
		boolean reload = startReplacement(namespace, requestId);
		String items = reload ? STAGED_TO_INCOMING_ITEMS : SWAP_ITEMS;
		String labels = reload ? STAGED_TO_INCOMING_LABELS : SWAP_LABELS;
		ChunkWriter.WrittenRows rows = new ChunkWriter.WrittenRows(
				this.jdbc.update(items, namespace, requestId, executionId),
				this.jdbc.update(labels, namespace, requestId, executionId));
		if (reload) {
			replaceKeepingHistory(namespace, requestId, executionId);
		}
		return rows;
	}

	/**
	 * True when the request holds items already, whose replacement then goes through the incoming
	 * tables.
	 */
	private boolean startReplacement(String namespace, String requestId) {
		Boolean reload = this.jdbc.execute((ConnectionCallback<Boolean>) (connection) -> {
			boolean held = !ItemVersions
				.held(connection, connection.createArrayOf("text", new Object[] { namespace }),
						connection.createArrayOf("text", new Object[] { requestId }))
				.isEmpty();
			if (held) {
				ItemVersions.beginIncoming(connection);
			}
			return held;
		});
		return Boolean.TRUE.equals(reload);
	}

	private void replaceKeepingHistory(String namespace, String requestId, long executionId) {
		this.jdbc.execute((ConnectionCallback<Void>) (connection) -> {
			if (ItemVersions.replace(connection, connection.createArrayOf("text", new Object[] { namespace }),
					connection.createArrayOf("text", new Object[] { requestId }), executionId)) {
				ItemVersions.recordChanges(connection, executionId);
			}
			return null;
		});
	}

	public void markLoaded(String namespace, String requestId, long lines, long skippedLines) {
		this.jdbc.update(MARK_LOADED, lines, skippedLines, namespace, requestId);
	}

	/** Records that the file cannot be loaded as it is; only a reload run tries it again. */
	public void markRefused(String namespace, String requestId, String reason) {
		this.jdbc.update(MARK_REFUSED, reason, namespace, requestId);
	}

	public void updateLink(String namespace, String requestId, String dataUrl, Long dataCount,
			OffsetDateTime expiresAt) {
		this.jdbc.update(UPDATE_LINK, dataUrl, dataCount, (expiresAt != null) ? Timestamp.from(expiresAt.toInstant()) : null,
				namespace, requestId);
	}

	public void recordError(String namespace, String requestId, String error, long executionId) {
		this.jdbc.update(RECORD_ERROR, error, namespace, requestId);
		event(namespace, requestId, "error", error, executionId);
	}

	public void event(String namespace, String requestId, String type, String detail, long executionId) {
		this.jdbc.update(INSERT_EVENT, namespace, requestId, type, executionId, detail);
	}

	private static void copyItems(Connection connection, List<StagedLine> lines) throws SQLException {
		try (CopyText copy = CopyText.open(connection, COPY_STAGED_ITEMS)) {
			for (StagedLine line : lines) {
				ResultItem item = line.item();
				copy.value(Long.toString(line.number())).value(item.id()).value(item.url()).value(item.metadataJson())
					.value(item.fieldsJson()).value(item.actionsJson()).endRow();
			}
			copy.finish();
		}
	}

	private static void copyLabels(Connection connection, List<StagedLine> lines) throws SQLException {
		try (CopyText copy = CopyText.open(connection, COPY_STAGED_LABELS)) {
			for (StagedLine line : lines) {
				for (ResultLabel label : line.item().labels()) {
					copy.value(Long.toString(line.number())).value(line.item().id()).value(label.label())
						.value(label.confidence()).value(label.explanation()).value(label.attributesJson()).endRow();
				}
			}
			copy.finish();
		}
	}

	/** A result file to load: its request and link. The link is a credential. */
	public record FileToLoad(String namespace, String requestId, Long dataCount, String dataUrl,
			OffsetDateTime dataExpiresAt) {

		@Override
		public String toString() {
			return "FileToLoad[" + this.namespace + "/" + this.requestId + ", dataUrl=<redacted>]";
		}

	}

	/** One parsed line of a result file. */
	public record StagedLine(long number, ResultItem item) {
	}

}
