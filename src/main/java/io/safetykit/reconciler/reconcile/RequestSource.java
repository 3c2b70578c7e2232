package io.safetykit.reconciler.reconcile;

import java.util.List;

import io.safetykit.reconciler.run.RunParameters;
import io.safetykit.reconciler.store.ClaimedRequest;
import io.safetykit.reconciler.store.RequestSelection;

/**
 * Hands out the run's selected requests batch by batch in key order (keyset paging), claiming them
 * unless the run is a dry run, and stops at the run's {@code limit}. Never holds more than a batch,
 * and hands out nothing once the run's claim lease may have run out.
 */
final class RequestSource {

	private final RequestSelection selection;

	private final RunParameters run;

	private final long executionId;

	private final ClaimLease lease;

	private String afterNamespace;

	private String afterRequestId = "";

	private long remaining;

	private boolean exhausted;

	RequestSource(RequestSelection selection, RunParameters run, long executionId, ClaimLease lease) {
		this.selection = selection;
		this.run = run;
		this.executionId = executionId;
		this.lease = lease;
		// a single namespace starts the key range there instead of at the beginning of the table
		this.afterNamespace = (run.namespace() != null) ? run.namespace() : "";
		this.remaining = (run.limit() != null) ? run.limit() : Long.MAX_VALUE;
	}

	/** The next requests, at most {@code max}; empty once there are no more. */
	synchronized List<ClaimedRequest> next(int max) {
		requireClaims();
		if (this.exhausted || this.remaining <= 0) {
			return List.of();
		}
		int batch = (int) Math.min(max, this.remaining);
		List<ClaimedRequest> requests = this.run.dryRun()
				? this.selection.peek(this.run, this.afterNamespace, this.afterRequestId, batch)
				: this.selection.claim(this.run, this.afterNamespace, this.afterRequestId, batch, this.executionId);
		if (requests.isEmpty()) {
			this.exhausted = true;
			return requests;
		}
		ClaimedRequest last = requests.get(requests.size() - 1);
		this.afterNamespace = last.namespace();
		this.afterRequestId = last.requestId();
		this.remaining -= requests.size();
		return requests;
	}

	/** Throws {@link io.safetykit.reconciler.store.LeaseLostException} once the run's claims may no longer count. */
	void requireClaims() {
		this.lease.requireHeld();
	}

}
