package io.safetykit.reconciler.store;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Replaces requests' items and labels while keeping their history: rows equal to what arrives stay
 * as they are (with their {@code valid_from}), changed and vanished rows move into
 * {@code item_version}/{@code item_label_version}, new rows open. All set-based, on the caller's
 * transaction, so a re-fetch costs a few statements whatever the number of items.
 */
final class ItemVersions {

	private static final String HELD = """
			SELECT q.namespace, q.request_id
			FROM unnest(?::text[], ?::text[]) AS q(namespace, request_id)
			WHERE EXISTS (SELECT 1 FROM safetykit.item i WHERE i.namespace = q.namespace AND i.request_id = q.request_id)
			""";

	private static final String CREATE_INCOMING = """
			CREATE TEMP TABLE IF NOT EXISTS incoming_item (
			  namespace text, request_id text, item_id text, url text, metadata jsonb, fields jsonb, actions jsonb,
			  job_execution_id bigint,
			  PRIMARY KEY (namespace, request_id, item_id)
			) ON COMMIT DELETE ROWS;
			CREATE TEMP TABLE IF NOT EXISTS incoming_label (
			  namespace text, request_id text, item_id text, label text, confidence double precision,
			  explanation text, attributes jsonb, job_execution_id bigint,
			  PRIMARY KEY (namespace, request_id, item_id, label)
			) ON COMMIT DELETE ROWS;
			-- a pooled server session (PgBouncer) may still hold these tables as an earlier version made them
			ALTER TABLE incoming_item ADD COLUMN IF NOT EXISTS job_execution_id bigint;
			ALTER TABLE incoming_label ADD COLUMN IF NOT EXISTS job_execution_id bigint;
			CREATE TEMP TABLE IF NOT EXISTS item_diff (
			  namespace text, request_id text, item_id text, change text
			) ON COMMIT DELETE ROWS;
			CREATE TEMP TABLE IF NOT EXISTS label_diff (
			  namespace text, request_id text, item_id text, label text, change text
			) ON COMMIT DELETE ROWS
			""";

	static final String COPY_INCOMING_ITEMS = """
			COPY incoming_item (namespace, request_id, item_id, url, metadata, fields, actions, job_execution_id)
			FROM STDIN
			""";

	static final String COPY_INCOMING_LABELS = """
			COPY incoming_label (namespace, request_id, item_id, label, confidence, explanation, attributes,
			                     job_execution_id)
			FROM STDIN
			""";

	// jsonb compares by value: key order and spacing of the JSON text do not count as a change
	private static final String DIFF_ITEMS = """
			INSERT INTO item_diff (namespace, request_id, item_id, change)
			SELECT coalesce(h.namespace, n.namespace), coalesce(h.request_id, n.request_id),
			       coalesce(h.item_id, n.item_id),
			       CASE WHEN h.item_id IS NULL THEN 'added' WHEN n.item_id IS NULL THEN 'removed' ELSE 'revised' END
			FROM (SELECT i.namespace, i.request_id, i.item_id, i.url, i.metadata, i.fields, i.actions
			      FROM safetykit.item i
			      JOIN unnest(?::text[], ?::text[]) AS q(namespace, request_id)
			        ON i.namespace = q.namespace AND i.request_id = q.request_id) h
			FULL JOIN incoming_item n
			  ON n.namespace = h.namespace AND n.request_id = h.request_id AND n.item_id = h.item_id
			WHERE h.item_id IS NULL OR n.item_id IS NULL
			   OR h.url IS DISTINCT FROM n.url OR h.metadata IS DISTINCT FROM n.metadata
			   OR h.fields IS DISTINCT FROM n.fields OR h.actions IS DISTINCT FROM n.actions
			""";

	private static final String DIFF_LABELS = """
			INSERT INTO label_diff (namespace, request_id, item_id, label, change)
			SELECT coalesce(h.namespace, n.namespace), coalesce(h.request_id, n.request_id),
			       coalesce(h.item_id, n.item_id), coalesce(h.label, n.label),
			       CASE WHEN h.label IS NULL THEN 'added' WHEN n.label IS NULL THEN 'removed' ELSE 'revised' END
			FROM (SELECT l.namespace, l.request_id, l.item_id, l.label, l.confidence, l.explanation, l.attributes
			      FROM safetykit.item_label l
			      JOIN unnest(?::text[], ?::text[]) AS q(namespace, request_id)
			        ON l.namespace = q.namespace AND l.request_id = q.request_id) h
			FULL JOIN incoming_label n
			  ON n.namespace = h.namespace AND n.request_id = h.request_id AND n.item_id = h.item_id
			 AND n.label = h.label
			WHERE h.label IS NULL OR n.label IS NULL
			   OR h.confidence IS DISTINCT FROM n.confidence OR h.explanation IS DISTINCT FROM n.explanation
			   OR h.attributes IS DISTINCT FROM n.attributes
			""";

	private static final String CLOSE_ITEMS = """
			WITH closed AS (
			  DELETE FROM safetykit.item i
			  USING item_diff d
			  WHERE d.change <> 'added'
			    AND i.namespace = d.namespace AND i.request_id = d.request_id AND i.item_id = d.item_id
			  RETURNING i.namespace, i.request_id, i.item_id, i.url, i.metadata, i.fields, i.actions, i.valid_from,
			            i.job_execution_id
			)
			INSERT INTO safetykit.item_version (namespace, request_id, item_id, url, metadata, fields, actions,
			                                    valid_from, valid_to, job_execution_id, closed_by)
			SELECT namespace, request_id, item_id, url, metadata, fields, actions, valid_from, now(), job_execution_id, ?
			FROM closed
			""";

	private static final String OPEN_ITEMS = """
			INSERT INTO safetykit.item (namespace, request_id, item_id, url, metadata, fields, actions, valid_from,
			                            job_execution_id)
			SELECT n.namespace, n.request_id, n.item_id, n.url, n.metadata, n.fields, n.actions, now(), ?
			FROM incoming_item n
			JOIN item_diff d ON d.namespace = n.namespace AND d.request_id = n.request_id AND d.item_id = n.item_id
			WHERE d.change <> 'removed'
			""";

	private static final String CLOSE_LABELS = """
			WITH closed AS (
			  DELETE FROM safetykit.item_label l
			  USING label_diff d
			  WHERE d.change <> 'added'
			    AND l.namespace = d.namespace AND l.request_id = d.request_id AND l.item_id = d.item_id
			    AND l.label = d.label
			  RETURNING l.namespace, l.request_id, l.item_id, l.label, l.confidence, l.explanation, l.attributes,
			            l.valid_from, l.job_execution_id
			)
			INSERT INTO safetykit.item_label_version (namespace, request_id, item_id, label, confidence, explanation,
			                                          attributes, valid_from, valid_to, job_execution_id, closed_by)
			SELECT namespace, request_id, item_id, label, confidence, explanation, attributes, valid_from, now(),
			       job_execution_id, ?
			FROM closed
			""";

	private static final String OPEN_LABELS = """
			INSERT INTO safetykit.item_label (namespace, request_id, item_id, label, confidence, explanation,
			                                  attributes, valid_from, job_execution_id)
			SELECT n.namespace, n.request_id, n.item_id, n.label, n.confidence, n.explanation, n.attributes, now(), ?
			FROM incoming_label n
			JOIN label_diff d ON d.namespace = n.namespace AND d.request_id = n.request_id AND d.item_id = n.item_id
			 AND d.label = n.label
			WHERE d.change <> 'removed'
			""";

	/**
	 * One event per changed request, naming each label added, removed or revised (another
	 * confidence, explanation or attributes) with the number of items, then item-level changes.
	 */
	private static final String RECORD_CHANGES = """
			WITH label_counts AS (
			  SELECT namespace, request_id, change, label, count(*) AS items
			  FROM label_diff GROUP BY namespace, request_id, change, label
			), parts AS (
			  SELECT namespace, request_id,
			         CASE change WHEN 'added' THEN 1 WHEN 'removed' THEN 2 ELSE 3 END AS position,
			         'labels ' || change || ': '
			           || string_agg(label || ' (' || items || CASE WHEN items = 1 THEN ' item)' ELSE ' items)' END,
			                         ', ' ORDER BY label) AS part
			  FROM label_counts GROUP BY namespace, request_id, change
			  UNION ALL
			  SELECT namespace, request_id,
			         CASE change WHEN 'added' THEN 4 WHEN 'removed' THEN 5 ELSE 6 END,
			         'items ' || change || ': ' || count(*)
			  FROM item_diff GROUP BY namespace, request_id, change
			), details AS (
			  SELECT namespace, request_id, string_agg(part, '; ' ORDER BY position) AS detail
			  FROM parts GROUP BY namespace, request_id
			)
			INSERT INTO safetykit.request_event (namespace, request_id, status, event_type, job_execution_id, detail)
			SELECT d.namespace, d.request_id,
			       (SELECT r.status FROM safetykit.request r
			        WHERE r.namespace = d.namespace AND r.request_id = d.request_id),
			       'labels_changed', ?, d.detail
			FROM details d
			ORDER BY d.namespace, d.request_id
			""";

	private ItemVersions() {
	}

	/** Which of the requests hold items already: those need comparing, the others a plain COPY. */
	static Set<RequestKey> held(Connection connection, Array namespaces, Array requestIds) throws SQLException {
		Set<RequestKey> held = new HashSet<>();
		try (PreparedStatement ps = connection.prepareStatement(HELD)) {
			ps.setArray(1, namespaces);
			ps.setArray(2, requestIds);
			try (ResultSet rs = ps.executeQuery()) {
				while (rs.next()) {
					held.add(new RequestKey(rs.getString(1), rs.getString(2)));
				}
			}
		}
		return held;
	}

	/** Creates, where this session has none yet, the tables that hold the incoming rows and the differences. */
	static void beginIncoming(Connection connection) throws SQLException {
		try (Statement statement = connection.createStatement()) {
			statement.execute(CREATE_INCOMING);
		}
	}

	/** Adds requests' new rows to the incoming tables; a repeated key is a duplicate-key error. */
	static ChunkWriter.WrittenRows copyIncoming(Connection connection, List<ItemRows> requests) throws SQLException {
		return ItemCopy.copy(connection, COPY_INCOMING_ITEMS, COPY_INCOMING_LABELS, requests);
	}

	/**
	 * Makes the incoming rows the requests' rows, keeping unchanged rows and moving the others into
	 * history; true when anything changed ({@link #recordChanges} then has events to write).
	 */
	static boolean replace(Connection connection, Array namespaces, Array requestIds, long executionId)
			throws SQLException {
		int items = update(connection, DIFF_ITEMS, namespaces, requestIds);
		int labels = update(connection, DIFF_LABELS, namespaces, requestIds);
		if (items > 0) {
			update(connection, CLOSE_ITEMS, executionId);
			update(connection, OPEN_ITEMS, executionId);
		}
		if (labels > 0) {
			update(connection, CLOSE_LABELS, executionId);
			update(connection, OPEN_LABELS, executionId);
		}
		return items > 0 || labels > 0;
	}

	/** Appends a {@code labels_changed} event for each request that {@link #replace} changed. */
	static void recordChanges(Connection connection, long executionId) throws SQLException {
		update(connection, RECORD_CHANGES, executionId);
	}

	private static int update(Connection connection, String sql, Object... parameters) throws SQLException {
		try (PreparedStatement ps = connection.prepareStatement(sql)) {
			for (int i = 0; i < parameters.length; i++) {
				ps.setObject(i + 1, parameters[i]);
			}
			return ps.executeUpdate();
		}
	}

	/** A request's key. */
	record RequestKey(String namespace, String requestId) {
	}

}
