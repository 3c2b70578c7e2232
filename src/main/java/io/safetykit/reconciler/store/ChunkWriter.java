package io.safetykit.reconciler.store;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.safetykit.reconciler.store.ChunkWrite.Answered;
import io.safetykit.reconciler.store.ChunkWrite.Errored;
import io.safetykit.reconciler.store.ChunkWrite.Event;
import io.safetykit.reconciler.store.ChunkWrite.ImportResultRow;
import io.safetykit.reconciler.store.ChunkWrite.ItemReplacement;
import io.safetykit.reconciler.store.ItemVersions.RequestKey;

import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Applies a {@link ChunkWrite} with a handful of set-based statements and two COPYs, whatever the
 * chunk's size: no per-row round trip. Must run inside the chunk's transaction. A request's first
 * items go straight in by COPY; a request that holds items already is compared with what arrived,
 * keeping its history ({@link ItemVersions}).
 */
public class ChunkWriter {

	// The UPDATEs find their rows by primary key and check claimed_by on each row found. The
	// execution id comes with every row of v, so that the check is a join condition: as a filter on
	// request alone the planner reckons it matches one row (claimed_by is nearly always null) and
	// scans the table with a nested loop over v. And it is IS NOT DISTINCT FROM (the id is never
	// null), which no index serves: request_claimed_by_idx keeps an entry for every request a run
	// has claimed and written, dead or not, all under the run's id, and a lookup by it walks all of
	// them in every chunk. Either plan cost scenario C a third of its speed.

	private static final String UPDATE_ANSWERED = """
			UPDATE safetykit.request r SET
			  kind = coalesce(v.kind, r.kind),
			  status = v.status,
			  last_polled_at = now(),
			  next_poll_at = CASE WHEN v.next_poll_ms IS NULL THEN NULL
			                      ELSE now() + v.next_poll_ms * interval '1 millisecond' END,
			  poll_count = r.poll_count + 1,
			  error_count = 0,
			  not_found_count = 0,
			  last_error = NULL,
			  error_summary = v.error_summary,
			  completed_at = CASE WHEN NOT v.terminal THEN NULL
			                      WHEN r.status = v.status AND r.completed_at IS NOT NULL THEN r.completed_at
			                      ELSE now() END,
			  claimed_by = NULL
			FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::bigint[], ?::text[], ?::boolean[], ?::bigint[])
			     AS v(namespace, request_id, kind, status, next_poll_ms, error_summary, terminal, claimed_by)
			WHERE r.namespace = v.namespace AND r.request_id = v.request_id
			  AND r.claimed_by IS NOT DISTINCT FROM v.claimed_by
			""";

	private static final String UPDATE_ERRORED = """
			UPDATE safetykit.request r SET
			  last_polled_at = now(),
			  poll_count = r.poll_count + 1,
			  error_count = r.error_count + 1,
			  not_found_count = v.not_found_count,
			  last_error = v.last_error,
			  next_poll_at = CASE WHEN v.next_poll_ms IS NULL THEN NULL
			                      ELSE now() + v.next_poll_ms * interval '1 millisecond' END,
			  status = CASE WHEN v.mark_failed THEN 'failed' ELSE r.status END,
			  completed_at = CASE WHEN v.mark_failed THEN now() ELSE r.completed_at END,
			  claimed_by = NULL
			FROM unnest(?::text[], ?::text[], ?::int[], ?::text[], ?::bigint[], ?::boolean[], ?::bigint[])
			     AS v(namespace, request_id, not_found_count, last_error, next_poll_ms, mark_failed, claimed_by)
			WHERE r.namespace = v.namespace AND r.request_id = v.request_id
			  AND r.claimed_by IS NOT DISTINCT FROM v.claimed_by
			""";

	private static final String UPSERT_IMPORT_RESULTS = """
			INSERT INTO safetykit.import_result (namespace, request_id, data_count, data_url, data_expires_at, fetched_at)
			SELECT v.namespace, v.request_id, v.data_count, v.data_url, v.data_expires_at::timestamptz, now()
			FROM unnest(?::text[], ?::text[], ?::bigint[], ?::text[], ?::text[])
			     AS v(namespace, request_id, data_count, data_url, data_expires_at)
			ON CONFLICT (namespace, request_id) DO UPDATE SET
			  data_count = excluded.data_count,
			  data_url = excluded.data_url,
			  data_expires_at = excluded.data_expires_at,
			  fetched_at = excluded.fetched_at
			""";

	private static final String INSERT_EVENTS = """
			INSERT INTO safetykit.request_event (namespace, request_id, status, event_type, job_execution_id, detail)
			SELECT v.namespace, v.request_id, v.status, v.event_type, ?, v.detail
			FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[])
			     WITH ORDINALITY AS v(namespace, request_id, status, event_type, detail, n)
			ORDER BY v.n
			""";

	private final JdbcTemplate jdbc;

	private final RunLeases leases;

	public ChunkWriter(JdbcTemplate jdbc, RunLeases leases) {
		this.jdbc = jdbc;
		this.leases = leases;
	}

	/**
	 * Writes a chunk on the transaction's connection; returns the item and label rows written.
	 * Throws {@link LeaseLostException} if the execution's claims on the chunk's requests no longer
	 * count: its lease ran out, or another run took one of them. The requests are updated first,
	 * only where this execution still claims them, which locks them until the transaction ends;
	 * the caller's rollback then undoes that update, so nothing of such a chunk is written.
	 */
	public WrittenRows write(ChunkWrite chunk, long executionId) {
		this.leases.confirmLive(executionId);
		return this.jdbc.execute((ConnectionCallback<WrittenRows>) (connection) -> {
			int requests = requestCount(chunk);
			int claimed = updateAnswered(connection, chunk.answered(), executionId)
					+ updateErrored(connection, chunk.errored(), executionId);
			if (claimed < requests) {
				throw RunLeases.notClaimed(executionId, requests - claimed, requests);
			}
			ItemsWritten written = replaceItems(connection, chunk.items(), executionId);
			upsertImportResults(connection, chunk.importResults());
			insertEvents(connection, chunk.events(), executionId);
			if (written.changed()) {
				ItemVersions.recordChanges(connection, executionId);
			}
			return written.rows();
		});
	}

	// every request of a chunk is either answered or errored; items and links come with an answer
	private static int requestCount(ChunkWrite chunk) {
		Set<RequestKey> keys = new HashSet<>();
		chunk.answered().forEach((r) -> keys.add(new RequestKey(r.namespace(), r.requestId())));
		chunk.errored().forEach((r) -> keys.add(new RequestKey(r.namespace(), r.requestId())));
		return keys.size();
	}

	/** Rows written by one chunk. */
	public record WrittenRows(long items, long labels) {
	}

	/** The items and labels the requests now hold, and whether a re-fetch changed any of them. */
	private record ItemsWritten(WrittenRows rows, boolean changed) {
	}

	private ItemsWritten replaceItems(Connection connection, List<ItemReplacement> replacements, long executionId)
			throws SQLException {
		if (replacements.isEmpty()) {
			return new ItemsWritten(new WrittenRows(0, 0), false);
		}
		Set<RequestKey> held = ItemVersions.held(connection, textArray(connection, replacements,
				ItemReplacement::namespace), textArray(connection, replacements, ItemReplacement::requestId));
		Map<Boolean, List<ItemReplacement>> byHeld = replacements.stream()
			.collect(Collectors.partitioningBy((r) -> held.contains(new RequestKey(r.namespace(), r.requestId()))));
		WrittenRows first = ItemCopy.copy(connection, byHeld.get(false).stream().map(ItemReplacement::rows).toList());
		List<ItemReplacement> again = byHeld.get(true);
		if (again.isEmpty()) {
			return new ItemsWritten(first, false);
		}
		ItemVersions.beginIncoming(connection);
		WrittenRows refetched = ItemVersions.copyIncoming(connection,
				again.stream().map(ItemReplacement::rows).toList());
		boolean changed = ItemVersions.replace(connection, textArray(connection, again, ItemReplacement::namespace),
				textArray(connection, again, ItemReplacement::requestId), executionId);
		return new ItemsWritten(new WrittenRows(first.items() + refetched.items(), first.labels() + refetched.labels()),
				changed);
	}

	private void upsertImportResults(Connection connection, List<ImportResultRow> rows) throws SQLException {
		if (rows.isEmpty()) {
			return;
		}
		execute(connection, UPSERT_IMPORT_RESULTS, textArray(connection, rows, ImportResultRow::namespace),
				textArray(connection, rows, ImportResultRow::requestId),
				connection.createArrayOf("bigint", rows.stream().map(ImportResultRow::dataCount).toArray()),
				textArray(connection, rows, ImportResultRow::dataUrl),
				textArray(connection, rows,
						(r) -> (r.dataExpiresAt() != null) ? r.dataExpiresAt().toString() : null));
	}

	private int updateAnswered(Connection connection, List<Answered> rows, long executionId) throws SQLException {
		if (rows.isEmpty()) {
			return 0;
		}
		return updateClaimed(connection, UPDATE_ANSWERED, executionId, rows.size(),
				textArray(connection, rows, Answered::namespace), textArray(connection, rows, Answered::requestId),
				textArray(connection, rows, Answered::kind), textArray(connection, rows, Answered::status),
				connection.createArrayOf("bigint", rows.stream().map(Answered::nextPollMillis).toArray()),
				textArray(connection, rows, Answered::errorSummary),
				connection.createArrayOf("boolean", rows.stream().map(Answered::terminal).toArray()));
	}

	private int updateErrored(Connection connection, List<Errored> rows, long executionId) throws SQLException {
		if (rows.isEmpty()) {
			return 0;
		}
		return updateClaimed(connection, UPDATE_ERRORED, executionId, rows.size(),
				textArray(connection, rows, Errored::namespace), textArray(connection, rows, Errored::requestId),
				connection.createArrayOf("int", rows.stream().map(Errored::notFoundCount).toArray()),
				textArray(connection, rows, Errored::lastError),
				connection.createArrayOf("bigint", rows.stream().map(Errored::nextPollMillis).toArray()),
				connection.createArrayOf("boolean", rows.stream().map(Errored::markFailed).toArray()));
	}

	private void insertEvents(Connection connection, List<Event> events, long executionId) throws SQLException {
		if (events.isEmpty()) {
			return;
		}
		try (PreparedStatement ps = connection.prepareStatement(INSERT_EVENTS)) {
			ps.setLong(1, executionId);
			ps.setArray(2, textArray(connection, events, Event::namespace));
			ps.setArray(3, textArray(connection, events, Event::requestId));
			ps.setArray(4, textArray(connection, events, Event::status));
			ps.setArray(5, textArray(connection, events, Event::eventType));
			ps.setArray(6, textArray(connection, events, Event::detail));
			ps.executeUpdate();
		}
	}

	// the arrays of the rows, then the execution that must still claim each; returns the rows updated
	private static int updateClaimed(Connection connection, String sql, long executionId, int rows, Array... arrays)
			throws SQLException {
		try (PreparedStatement ps = connection.prepareStatement(sql)) {
			for (int i = 0; i < arrays.length; i++) {
				ps.setArray(i + 1, arrays[i]);
			}
			ps.setArray(arrays.length + 1,
					connection.createArrayOf("bigint", Collections.nCopies(rows, executionId).toArray()));
			return ps.executeUpdate();
		}
	}

	private static void execute(Connection connection, String sql, Array... arrays) throws SQLException {
		try (PreparedStatement ps = connection.prepareStatement(sql)) {
			for (int i = 0; i < arrays.length; i++) {
				ps.setArray(i + 1, arrays[i]);
			}
			ps.executeUpdate();
		}
	}

	static <T> Array textArray(Connection connection, List<T> rows, Function<T, String> column) throws SQLException {
		return connection.createArrayOf("text", rows.stream().map(column).toArray());
	}

}
