package io.safetykit.reconciler.reconcile;

import java.util.List;

import io.safetykit.reconciler.run.RunParameters;
import io.safetykit.reconciler.store.ClaimedRequest;
import io.safetykit.reconciler.store.RequestSelection;
import io.safetykit.reconciler.store.SelectionCursor;
import io.safetykit.reconciler.store.SelectionPage;

/**
 * Hands out the run's selected requests batch by batch in the selection's order (keyset paging),
 * claiming them unless the run is a dry run, and stops at the run's {@code limit}, counted over the
 * run's executions so that a restart takes only what is left of it. Never holds more
 * than a batch, and hands out nothing once the run's claim lease may have run out.
 */
final class RequestSource {

	private final RequestSelection selection;

	private final RunParameters run;

	private final long executionId;

	private final ClaimLease lease;

	// null until the first page: the selection's own predicates say where it starts
	private SelectionCursor after;

	private long remaining;

	private boolean exhausted;

	/** {@code alreadyHandedOut}: what earlier executions of the same slice took of the run's {@code limit}. */
	RequestSource(RequestSelection selection, RunParameters run, long executionId, ClaimLease lease,
			long alreadyHandedOut) {
		this.selection = selection;
		this.run = run;
		this.executionId = executionId;
		this.lease = lease;
		this.remaining = (run.limit() != null) ? Math.max(0, run.limit() - alreadyHandedOut) : Long.MAX_VALUE;
	}

	/** The next requests, at most {@code max}; empty once there are no more. */
	synchronized List<ClaimedRequest> next(int max) {
		requireClaims();
		if (this.exhausted || this.remaining <= 0) {
			return List.of();
		}
		int batch = (int) Math.min(max, this.remaining);
		SelectionPage page = this.run.dryRun() ? this.selection.peek(this.run, this.after, batch)
				: this.selection.claim(this.run, this.after, batch, this.executionId);
		if (page.requests().isEmpty()) {
			this.exhausted = true;
			return page.requests();
		}
		this.after = page.next();
		this.remaining -= page.requests().size();
		return page.requests();
	}

	/** Throws {@link io.safetykit.reconciler.store.LeaseLostException} once the run's claims may no longer count. */
	void requireClaims() {
		this.lease.requireHeld();
	}

}
