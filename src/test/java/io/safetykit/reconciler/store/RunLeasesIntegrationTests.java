package io.safetykit.reconciler.store;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.safetykit.reconciler.run.RunParameters;
import io.safetykit.reconciler.store.RequestSelection.HeldElsewhere;
import io.safetykit.reconciler.support.JobIntegrationTestSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Claim leases on their own: taking, renewing and running out, by the database clock; what claims
 * count for the selection; and a chunk write that finds its lease gone writing nothing.
 */
class RunLeasesIntegrationTests extends JobIntegrationTestSupport {

	private static final Duration LONG = Duration.ofMinutes(5);

	@Autowired
	private RunLeases leases;

	@Autowired
	private RequestSelection selection;

	@Autowired
	private ChunkWriter writer;

	@Autowired
	private PlatformTransactionManager transactionManager;

	private final RunParameters run = new RunParameters("lease", List.of(), null, null, false, false, null, false,
			null, false, null, Instant.now().plusSeconds(60));

	@BeforeEach
	void noLeases() {
		this.jdbc.update("DELETE FROM safetykit.run_lease WHERE job_execution_id >= 900000");
	}

	@Test
	void takesALeaseAndRefusesItToASecondHolderWhileItIsLive() {
		Instant expires = this.leases.take(900001, "pid 1 on a", "boot/pid:[9]/1/100", LONG);
		assertThat(expires).isBetween(Instant.now().plus(LONG).minusSeconds(30), Instant.now().plus(LONG).plusSeconds(30));
		assertThatIllegalStateException().isThrownBy(() -> this.leases.take(900001, "pid 2 on b", null, LONG))
			.withMessageContaining("job execution 900001 is already running (pid 1 on a, lease live until");
		assertThat(this.leases.find(900001)).hasValueSatisfying((lease) -> {
			assertThat(lease.holder()).isEqualTo("pid 1 on a");
			assertThat(lease.process()).isEqualTo("boot/pid:[9]/1/100");
			assertThat(lease.live()).isTrue();
		});
	}

	@Test
	void renewingExtendsALiveLeaseFromNow() {
		Instant first = this.leases.take(900002, "pid 1 on a", null, Duration.ofSeconds(5));
		assertThat(this.leases.renew(900002, LONG)).hasValueSatisfying((until) -> assertThat(until).isAfter(first));
	}

	@Test
	void aLeaseRunsOutByTheDatabaseClockAndIsNeverRenewedAfterwards() throws Exception {
		this.leases.take(900003, "pid 1 on a", null, Duration.ofSeconds(1));
		Thread.sleep(1_200);
		assertThat(this.leases.find(900003)).hasValueSatisfying((lease) -> assertThat(lease.live()).isFalse());
		assertThat(this.leases.renew(900003, LONG)).isEmpty();
		// a run-out lease is no obstacle to taking it again
		this.leases.take(900003, "pid 2 on b", null, LONG);
		assertThat(this.leases.find(900003)).hasValueSatisfying((lease) -> assertThat(lease.live()).isTrue());
		this.leases.end(900003);
		assertThat(this.leases.find(900003)).isEmpty();
	}

	@Test
	void claimsCountOnlyWhileTheirExecutionsLeaseIsLive() {
		enqueue("lease", "a");
		enqueue("lease", "b");
		this.leases.take(900004, "pid 1 on a", null, LONG);
		assertThat(this.selection.claim(this.run, null, 10, 900004).requests()).hasSize(2);
		this.leases.take(900005, "pid 2 on b", null, LONG);

		assertThat(this.selection.claim(this.run, null, 10, 900005).requests()).isEmpty();
		assertThat(this.selection.heldElsewhere(this.run, 900005)).singleElement().satisfies((held) -> {
			assertThat(held.executionId()).isEqualTo(900004);
			assertThat(held.requests()).isEqualTo(2);
			assertThat(held.live()).isTrue();
		});

		expire(900004);
		assertThat(this.selection.heldElsewhere(this.run, 900005)).extracting(HeldElsewhere::live).containsExactly(false);
		assertThat(this.selection.claim(this.run, null, 10, 900005).requests()).extracting(ClaimedRequest::requestId)
			.containsExactly("a", "b");
		assertThat(this.selection.heldElsewhere(this.run, 900005)).isEmpty();
	}

	@Test
	void aChunkWriteWhoseLeaseRanOutWritesNothing() {
		enqueue("lease", "a");
		this.leases.take(900006, "pid 1 on a", null, LONG);
		this.selection.claim(this.run, null, 10, 900006);
		expire(900006);

		assertThatExceptionOfType(LeaseLostException.class).isThrownBy(() -> writeAnswer(900006, "a"))
			.withMessageStartingWith("Job execution 900006 lost its claim lease (it ran out at ");
		assertThat(request("lease", "a")).containsEntry("status", "queued").containsEntry("claimed_by", 900006L);
		assertThat(count("SELECT count(*) FROM safetykit.request_event WHERE namespace = 'lease'")).isZero();
	}

	@Test
	void aChunkWriteOfRequestsAnotherRunTookWritesNothing() {
		enqueue("lease", "a");
		enqueue("lease", "b");
		this.leases.take(900007, "pid 1 on a", null, LONG);
		this.selection.claim(this.run, null, 10, 900007);
		this.jdbc.update("UPDATE safetykit.request SET claimed_by = 900008 WHERE request_id = 'b'");

		assertThatExceptionOfType(LeaseLostException.class).isThrownBy(() -> writeAnswer(900007, "a", "b"))
			.withMessage("Job execution 900007 no longer claims 1 of the 2 requests of its chunk: stopping without "
					+ "writing it; another run takes them");
		assertThat(count("SELECT count(*) FROM safetykit.request WHERE status <> 'queued'")).isZero();

		writeAnswer(900007, "a");
		assertThat(request("lease", "a")).containsEntry("status", "succeeded").containsEntry("claimed_by", null);
	}

	private void writeAnswer(long executionId, String... requestIds) {
		ChunkWrite chunk = ChunkWrite.empty();
		for (String requestId : requestIds) {
			chunk.answered().add(new ChunkWrite.Answered("lease", requestId, "add", "succeeded", null, null, true));
			chunk.events().add(new ChunkWrite.Event("lease", requestId, "succeeded", "status", null));
		}
		new TransactionTemplate(this.transactionManager).executeWithoutResult((tx) -> this.writer.write(chunk,
				executionId));
	}

	private void expire(long executionId) {
		this.jdbc.update("UPDATE safetykit.run_lease SET expires_at = now() - interval '1 second' "
				+ "WHERE job_execution_id = ?", executionId);
	}

}
