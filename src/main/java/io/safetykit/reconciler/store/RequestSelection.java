package io.safetykit.reconciler.store;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

import io.safetykit.reconciler.run.RunParameters;

import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.support.SqlArrayValue;

/**
 * Which requests a run takes (not terminal, next poll due, matching the run's parameters), in
 * primary-key order so that it can page by keyset. Claiming marks rows with the run's job
 * execution id; a claim only counts while that execution's lease in {@link RunLeases} is live, so
 * the rows of a killed run are free again once its lease runs out.
 */
public class RequestSelection {

	private static final String UNFINISHED_DUE = """
			r.status NOT IN ('succeeded', 'failed')
			AND (r.next_poll_at IS NULL OR r.next_poll_at <= now())""";

	private static final String UNFINISHED = """
			r.status NOT IN ('succeeded', 'failed')""";

	private static final String ANY_DUE = """
			(r.status IN ('succeeded', 'failed') OR r.next_poll_at IS NULL OR r.next_poll_at <= now())""";

	private static final String ANY = "TRUE";

	/** The run's parameters, but neither the key range nor the claims. */
	private static final String SCOPE = """
			AND (r.last_polled_at IS NULL OR r.last_polled_at < :runStartedAt)
			AND (CAST(:namespace AS text) IS NULL OR r.namespace = :namespace)
			AND (:allIds OR r.request_id = ANY(:requestIds))
			AND (CAST(:submittedFrom AS timestamptz) IS NULL OR r.submitted_at >= :submittedFrom)
			AND (CAST(:submittedTo AS timestamptz) IS NULL OR r.submitted_at < :submittedTo)
			AND (:partitionCount = 1
			       OR safetykit.request_slice(r.namespace, r.request_id, :partitionCount) = :partitionIndex)
			""";

	// a claim counts only while its execution's lease is live, by the database clock
	private static final String COMMON_FILTER = """
			AND (r.namespace, r.request_id) > (:afterNamespace, :afterRequestId)
			""" + SCOPE + """
			AND (r.claimed_by IS NULL OR r.claimed_by <> ALL (ARRAY(
			     SELECT l.job_execution_id FROM safetykit.run_lease l WHERE l.expires_at > now())))
			""";

	private static final String CLAIM = """
			WITH candidate AS (
			  SELECT r.namespace, r.request_id FROM safetykit.request r
			  WHERE %s
			  %s
			  ORDER BY r.namespace, r.request_id
			  LIMIT :batch
			  FOR UPDATE SKIP LOCKED
			)
			UPDATE safetykit.request r SET claimed_by = :executionId
			FROM candidate c
			WHERE r.namespace = c.namespace AND r.request_id = c.request_id
			RETURNING r.namespace, r.request_id, r.kind, r.status, r.poll_count, r.error_count, r.not_found_count
			""";

	private static final String PEEK = """
			SELECT r.namespace, r.request_id, r.kind, r.status, r.poll_count, r.error_count, r.not_found_count
			FROM safetykit.request r
			WHERE %s
			%s
			ORDER BY r.namespace, r.request_id
			LIMIT :batch
			""";

	private static final String COUNT = """
			SELECT count(*) FROM (
			  SELECT 1 FROM safetykit.request r
			  WHERE %s
			  %s
			  LIMIT :batch
			) selected
			""";

	private static final String HELD_ELSEWHERE = """
			SELECT r.claimed_by, count(*) AS requests, l.expires_at, coalesce(l.expires_at > now(), false) AS live
			FROM safetykit.request r
			LEFT JOIN safetykit.run_lease l ON l.job_execution_id = r.claimed_by
			WHERE %s
			  AND r.claimed_by IS NOT NULL AND r.claimed_by <> :executionId
			  %s
			GROUP BY r.claimed_by, l.expires_at
			ORDER BY r.claimed_by
			""";

	private static final String RELEASE = """
			UPDATE safetykit.request SET claimed_by = NULL WHERE claimed_by = :executionId
			""";

	private static final RowMapper<ClaimedRequest> ROW = (rs, n) -> new ClaimedRequest(rs.getString("namespace"),
			rs.getString("request_id"), rs.getString("kind"), rs.getString("status"), rs.getInt("poll_count"),
			rs.getInt("error_count"), rs.getInt("not_found_count"));

	private final NamedParameterJdbcTemplate jdbc;

	public RequestSelection(NamedParameterJdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Claims the next {@code batch} selected requests after the given key for a job execution,
	 * committing at once (call it outside any transaction) so that a concurrent run skips them.
	 */
	public List<ClaimedRequest> claim(RunParameters run, String afterNamespace, String afterRequestId, int batch,
			long executionId) {
		MapSqlParameterSource params = parameters(run, afterNamespace, afterRequestId, batch)
			.addValue("executionId", executionId);
		List<ClaimedRequest> claimed = this.jdbc.query(CLAIM.formatted(statusFilter(run), COMMON_FILTER), params, ROW);
		// UPDATE ... RETURNING does not keep the CTE's order
		return claimed.stream()
			.sorted((a, b) -> (a.namespace().equals(b.namespace())) ? a.requestId().compareTo(b.requestId())
					: a.namespace().compareTo(b.namespace()))
			.toList();
	}

	/** The same selection without claiming anything (dry runs). */
	public List<ClaimedRequest> peek(RunParameters run, String afterNamespace, String afterRequestId, int batch) {
		return this.jdbc.query(PEEK.formatted(statusFilter(run), COMMON_FILTER),
				parameters(run, afterNamespace, afterRequestId, batch), ROW);
	}

	/** How many requests the run would select now, counting at most {@code cap}. */
	public long count(RunParameters run, int cap) {
		Long count = this.jdbc.queryForObject(COUNT.formatted(statusFilter(run), COMMON_FILTER),
				parameters(run, "", "", cap), Long.class);
		return (count != null) ? count : 0;
	}

	/**
	 * The requests of the run's selection, left unpolled by it, that other job executions claim
	 * now: the requests it could not take, by execution, with the state of that execution's lease.
	 */
	public List<HeldElsewhere> heldElsewhere(RunParameters run, long executionId) {
		MapSqlParameterSource params = parameters(run, "", "", 0).addValue("executionId", executionId);
		return this.jdbc.query(HELD_ELSEWHERE.formatted(statusFilter(run), SCOPE), params,
				(rs, n) -> new HeldElsewhere(rs.getLong("claimed_by"), rs.getLong("requests"),
						Optional.ofNullable(rs.getObject("expires_at", OffsetDateTime.class))
							.map(OffsetDateTime::toInstant)
							.orElse(null),
						rs.getBoolean("live")));
	}

	/** Drops every claim a job execution still holds (requests it took but did not finish). */
	public int release(long executionId) {
		return this.jdbc.update(RELEASE, new MapSqlParameterSource("executionId", executionId));
	}

	/**
	 * Requests of a run's selection that another job execution claims; {@code leaseExpiresAt} is
	 * null when that execution has no lease at all.
	 */
	public record HeldElsewhere(long executionId, long requests, Instant leaseExpiresAt, boolean live) {
	}

	private static String statusFilter(RunParameters run) {
		if (run.includeTerminal()) {
			return run.ignoreBackoff() ? ANY : ANY_DUE;
		}
		return run.ignoreBackoff() ? UNFINISHED : UNFINISHED_DUE;
	}

	private static MapSqlParameterSource parameters(RunParameters run, String afterNamespace, String afterRequestId,
			int batch) {
		return new MapSqlParameterSource().addValue("afterNamespace", afterNamespace)
			.addValue("afterRequestId", afterRequestId)
			.addValue("runStartedAt", Timestamp.from(run.runStartedAt()))
			.addValue("namespace", run.namespace())
			.addValue("allIds", run.requestIds().isEmpty())
			.addValue("requestIds", new SqlArrayValue("text", run.requestIds().toArray()))
			.addValue("submittedFrom", (run.submittedFrom() != null) ? Timestamp.from(run.submittedFrom()) : null)
			.addValue("submittedTo", (run.submittedTo() != null) ? Timestamp.from(run.submittedTo()) : null)
			.addValue("partitionCount", run.partition().count())
			.addValue("partitionIndex", run.partition().index())
			.addValue("batch", batch);
	}

}
