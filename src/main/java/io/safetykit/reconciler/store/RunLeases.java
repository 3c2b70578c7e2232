package io.safetykit.reconciler.store;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/**
 * The claim leases of {@code safetykit.run_lease}: a request claimed by a job execution counts as
 * taken only while that execution's lease has not expired. Expiry is judged by the database clock
 * alone and no session state is involved, so leases hold behind a transaction-pooling pooler.
 */
public class RunLeases {

	// a live lease of the same execution is left alone: nothing is returned
	private static final String TAKE = """
			INSERT INTO safetykit.run_lease AS l (job_execution_id, holder, process, acquired_at, renewed_at, expires_at)
			VALUES (:executionId, :holder, :process, now(), now(), now() + :leaseMillis * interval '1 millisecond')
			ON CONFLICT (job_execution_id) DO UPDATE SET
			  holder = excluded.holder,
			  process = excluded.process,
			  acquired_at = excluded.acquired_at,
			  renewed_at = excluded.renewed_at,
			  expires_at = excluded.expires_at
			WHERE l.expires_at <= now()
			RETURNING l.expires_at
			""";

	// a lease that has run out is never brought back: its claims may have been taken meanwhile
	private static final String RENEW = """
			UPDATE safetykit.run_lease
			SET renewed_at = now(), expires_at = now() + :leaseMillis * interval '1 millisecond'
			WHERE job_execution_id = :executionId AND expires_at > now()
			RETURNING expires_at
			""";

	private static final String END = """
			DELETE FROM safetykit.run_lease WHERE job_execution_id = :executionId
			""";

	// statement_timestamp(), as a chunk's transaction that asks may have begun a while ago
	private static final String FIND = """
			SELECT job_execution_id, holder, process, expires_at, expires_at > statement_timestamp() AS live
			FROM safetykit.run_lease WHERE job_execution_id = :executionId
			""";

	private static final RowMapper<Lease> LEASE = (rs, n) -> new Lease(rs.getLong("job_execution_id"),
			rs.getString("holder"), rs.getString("process"), rs.getObject("expires_at", OffsetDateTime.class).toInstant(),
			rs.getBoolean("live"));

	private final NamedParameterJdbcTemplate jdbc;

	public RunLeases(NamedParameterJdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Takes the lease of a job execution for {@code duration} and returns when it expires, or
	 * throws if that execution already holds a live lease (it is running somewhere else).
	 * {@code holder} is for operators; {@code process} (nullable) identifies the holding process
	 * to others on its machine.
	 */
	public Instant take(long executionId, String holder, String process, Duration duration) {
		List<OffsetDateTime> taken = this.jdbc.queryForList(TAKE,
				lease(executionId, duration).addValue("holder", holder).addValue("process", process),
				OffsetDateTime.class);
		if (!taken.isEmpty()) {
			return taken.get(0).toInstant();
		}
		String runningAt = find(executionId).map((live) -> " (" + live.holder() + ", lease live until "
				+ live.expiresAt() + ")").orElse("");
		throw new IllegalStateException("job execution " + executionId + " is already running" + runningAt);
	}

	/** Extends a live lease by {@code duration} from now; empty if it had already run out (or is gone). */
	public Optional<Instant> renew(long executionId, Duration duration) {
		return this.jdbc.queryForList(RENEW, lease(executionId, duration), OffsetDateTime.class)
			.stream()
			.findFirst()
			.map(OffsetDateTime::toInstant);
	}

	/** Gives the lease up: whatever the execution still claims is free at once. */
	public void end(long executionId) {
		this.jdbc.update(END, new MapSqlParameterSource("executionId", executionId));
	}

	/** The lease of a job execution, live or run out, if it has one. */
	public Optional<Lease> find(long executionId) {
		return this.jdbc.query(FIND, new MapSqlParameterSource("executionId", executionId), LEASE)
			.stream()
			.findFirst();
	}

	/**
	 * Inside a chunk's transaction, before anything is written: throws {@link LeaseLostException}
	 * unless the execution's lease is live. The chunk's writer then updates only the requests this
	 * execution still claims, and calls {@link #notClaimed} when any is missing, so that nothing of
	 * the chunk is written over what another run may have taken.
	 */
	public void confirmLive(long executionId) {
		Optional<Lease> lease = find(executionId);
		if (lease.isEmpty() || !lease.get().live()) {
			throw new LeaseLostException("Job execution " + executionId + " lost its claim lease"
					+ lease.map((ranOut) -> " (it ran out at " + ranOut.expiresAt() + ")").orElse("")
					+ ": stopping without writing its last chunk; another run takes its requests");
		}
	}

	/** A chunk's write found {@code missing} of its {@code requests} no longer claimed by the execution. */
	public static LeaseLostException notClaimed(long executionId, int missing, int requests) {
		return new LeaseLostException("Job execution " + executionId + " no longer claims " + missing + " of the "
				+ requests + " requests of its chunk: stopping without writing it; another run takes them");
	}

	private static MapSqlParameterSource lease(long executionId, Duration duration) {
		return new MapSqlParameterSource("executionId", executionId).addValue("leaseMillis", duration.toMillis());
	}

	/** A job execution's lease as the database sees it now. */
	public record Lease(long executionId, String holder, String process, Instant expiresAt, boolean live) {
	}

}
