package io.safetykit.reconciler.store;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import io.safetykit.reconciler.run.RunParameters;

import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.support.SqlArrayValue;

/**
 * Which requests a run takes (not terminal, next poll due, matching the run's parameters), page
 * by page in an order an index holds (see {@link SelectionSql}), so that it can page by keyset.
 * Claiming marks rows with the run's job execution id; a claim only counts while that execution's
 * lease in {@link RunLeases} is live, so the rows of a killed run are free again once its lease
 * runs out.
 */
public class RequestSelection {

	private static final String COLUMNS = """
			r.namespace, r.request_id, r.submitted_at, r.kind, r.status, r.poll_count, r.error_count, r.not_found_count""";

	// UPDATE ... RETURNING does not keep the candidates' order: the last statement puts it back
	private static final String CLAIM = """
			WITH candidate AS (
			  SELECT r.namespace, r.request_id FROM safetykit.request r
			  WHERE %1$s
			  ORDER BY %2$s
			  LIMIT :batch
			  FOR UPDATE SKIP LOCKED
			), claimed AS (
			  UPDATE safetykit.request r SET claimed_by = :executionId
			  FROM candidate c
			  WHERE r.namespace = c.namespace AND r.request_id = c.request_id
			  RETURNING %3$s
			)
			SELECT * FROM claimed ORDER BY %4$s
			""";

	private static final String PEEK = """
			SELECT %3$s
			FROM safetykit.request r
			WHERE %1$s
			ORDER BY %2$s
			LIMIT :batch
			""";

	private static final String COUNT = """
			SELECT count(*) FROM (
			  SELECT 1 FROM safetykit.request r
			  WHERE %s
			  LIMIT :batch
			) selected
			""";

	private static final String HELD_ELSEWHERE = """
			SELECT r.claimed_by, count(*) AS requests, l.expires_at, coalesce(l.expires_at > now(), false) AS live
			FROM safetykit.request r
			LEFT JOIN safetykit.run_lease l ON l.job_execution_id = r.claimed_by
			WHERE %s
			  AND r.claimed_by IS NOT NULL AND r.claimed_by <> :executionId
			GROUP BY r.claimed_by, l.expires_at
			ORDER BY r.claimed_by
			""";

	private static final String RELEASE = """
			UPDATE safetykit.request SET claimed_by = NULL WHERE claimed_by = :executionId
			""";

	private static final RowMapper<Row> ROW = (rs, n) -> new Row(
			new ClaimedRequest(rs.getString("namespace"), rs.getString("request_id"), rs.getString("kind"),
					rs.getString("status"), rs.getInt("poll_count"), rs.getInt("error_count"),
					rs.getInt("not_found_count")),
			new SelectionCursor(rs.getObject("submitted_at", OffsetDateTime.class).toInstant(),
					rs.getString("namespace"), rs.getString("request_id")));

	private final NamedParameterJdbcTemplate jdbc;

	public RequestSelection(NamedParameterJdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Claims the next {@code batch} selected requests after the cursor (from the start if it is
	 * null) for a job execution, committing at once (call it outside any transaction) so that a
	 * concurrent run skips them.
	 */
	public SelectionPage claim(RunParameters run, SelectionCursor after, int batch, long executionId) {
		MapSqlParameterSource params = parameters(run, after, batch).addValue("executionId", executionId);
		String sql = CLAIM.formatted(pageFilter(run, after), SelectionSql.orderBy(run, "r."), COLUMNS,
				SelectionSql.orderBy(run, ""));
		return page(this.jdbc.query(sql, params, ROW));
	}

	/** The same selection without claiming anything (dry runs). */
	public SelectionPage peek(RunParameters run, SelectionCursor after, int batch) {
		return page(this.jdbc.query(peekSql(run, after), parameters(run, after, batch), ROW));
	}

	// the page query of peek, with the named parameters of parameters(..): tests read its plan
	static String peekSql(RunParameters run, SelectionCursor after) {
		return PEEK.formatted(pageFilter(run, after), SelectionSql.orderBy(run, "r."), COLUMNS);
	}

	/** How many requests the run would select now, counting at most {@code cap}. */
	public long count(RunParameters run, int cap) {
		Long count = this.jdbc.queryForObject(COUNT.formatted(SelectionSql.selected(run) + SelectionSql.UNCLAIMED),
				parameters(run, null, cap), Long.class);
		return (count != null) ? count : 0;
	}

	/**
	 * The requests of the run's selection, left unpolled by it, that other job executions claim
	 * now: the requests it could not take, by execution, with the state of that execution's lease.
	 */
	public List<HeldElsewhere> heldElsewhere(RunParameters run, long executionId) {
		MapSqlParameterSource params = parameters(run, null, 0).addValue("executionId", executionId);
		return this.jdbc.query(HELD_ELSEWHERE.formatted(SelectionSql.selected(run)), params,
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

	private record Row(ClaimedRequest request, SelectionCursor cursor) {
	}

	private static SelectionPage page(List<Row> rows) {
		SelectionCursor next = rows.isEmpty() ? null : rows.get(rows.size() - 1).cursor();
		return new SelectionPage(rows.stream().map(Row::request).toList(), next);
	}

	private static String pageFilter(RunParameters run, SelectionCursor after) {
		String start = (after != null) ? SelectionSql.after(run) : "";
		return SelectionSql.selected(run) + start + SelectionSql.UNCLAIMED;
	}

	static MapSqlParameterSource parameters(RunParameters run, SelectionCursor after, int batch) {
		MapSqlParameterSource params = new MapSqlParameterSource()
			.addValue("runStartedAt", Timestamp.from(run.runStartedAt()))
			.addValue("namespace", run.namespace())
			.addValue("requestIds", new SqlArrayValue("text", run.requestIds().toArray()))
			.addValue("submittedFrom", (run.submittedFrom() != null) ? Timestamp.from(run.submittedFrom()) : null)
			.addValue("submittedTo", (run.submittedTo() != null) ? Timestamp.from(run.submittedTo()) : null)
			.addValue("partitionCount", run.partition().count())
			.addValue("partitionIndex", run.partition().index())
			.addValue("batch", batch);
		if (after != null) {
			params.addValue("afterSubmittedAt", after.submittedAt().atOffset(ZoneOffset.UTC))
				.addValue("afterNamespace", after.namespace())
				.addValue("afterRequestId", after.requestId());
		}
		return params;
	}

}
