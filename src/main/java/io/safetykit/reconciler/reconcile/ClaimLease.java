package io.safetykit.reconciler.reconcile;

import java.time.Duration;

import io.safetykit.reconciler.store.LeaseLostException;

/**
 * What this process knows of a running execution's claim lease, so that fetching stops as soon as
 * the lease may have run out, without asking the database. Judged by this process's monotonic
 * clock from when each successful renewal was sent, which is never later than the expiry the
 * database set; the database's own check before every chunk write is the one that counts.
 */
final class ClaimLease {

	private final long executionId;

	private final long durationNanos;

	private volatile long heldUntilNanos;

	private volatile String lostBecause;

	ClaimLease(long executionId, Duration duration, long takenAtNanos) {
		this.executionId = executionId;
		this.durationNanos = duration.toNanos();
		this.heldUntilNanos = takenAtNanos + this.durationNanos;
	}

	long executionId() {
		return this.executionId;
	}

	/** A renewal sent at {@code sentAtNanos} succeeded. */
	void renewed(long sentAtNanos) {
		this.heldUntilNanos = sentAtNanos + this.durationNanos;
	}

	void lose(String because) {
		if (this.lostBecause == null) {
			this.lostBecause = because;
		}
	}

	boolean isHeld() {
		return this.lostBecause == null && System.nanoTime() - this.heldUntilNanos < 0;
	}

	/** Throws {@link LeaseLostException} once the lease may have run out. */
	void requireHeld() {
		if (!isHeld()) {
			String because = (this.lostBecause != null) ? this.lostBecause
					: "it could not be renewed for longer than reconciler.claim-lease";
			throw new LeaseLostException("Job execution " + this.executionId + " lost its claim lease (" + because
					+ "): it stops without fetching or writing more; another run takes its requests");
		}
	}

}
