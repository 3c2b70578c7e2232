package io.safetykit.reconciler.reconcile;

import java.time.Duration;

import io.safetykit.reconciler.reconcile.FetchOutcome.Answered;
import io.safetykit.reconciler.reconcile.FetchOutcome.Failed;
import io.safetykit.reconciler.run.ReconcilerProperties;
import io.safetykit.reconciler.run.RunCounters;
import io.safetykit.reconciler.safetykit.ApiFailure;
import io.safetykit.reconciler.safetykit.ApiFailure.Malformed;
import io.safetykit.reconciler.safetykit.ApiFailure.NotFound;
import io.safetykit.reconciler.safetykit.ApiFailure.Transient;
import io.safetykit.reconciler.safetykit.RequestStatus;
import io.safetykit.reconciler.safetykit.StatusResponse;
import io.safetykit.reconciler.safetykit.StatusResponse.AddOutput;
import io.safetykit.reconciler.safetykit.StatusResponse.ImportOutput;
import io.safetykit.reconciler.store.ChunkWrite;
import io.safetykit.reconciler.store.ClaimedRequest;

/**
 * The README's table "What a run does with each answer" as code: what one fetch outcome does to its request's rows. Pure: it only adds
 * to a {@link ChunkWrite} and to the chunk's counts.
 */
final class RequestTransition {

	private final int notFoundLimit;

	private final Duration pollBackoffInitial;

	private final Duration pollBackoffMax;

	RequestTransition(int notFoundLimit, Duration pollBackoffInitial, Duration pollBackoffMax) {
		this.notFoundLimit = notFoundLimit;
		this.pollBackoffInitial = pollBackoffInitial;
		this.pollBackoffMax = pollBackoffMax;
	}

	static RequestTransition from(ReconcilerProperties properties) {
		return new RequestTransition(properties.notFoundLimit(), properties.pollBackoffInitial(),
				properties.pollBackoffMax());
	}

	/** Adds the outcome's writes to the chunk and its result to the chunk's counts. */
	void apply(FetchOutcome outcome, ChunkWrite chunk, RunCounters counters) {
		if (outcome instanceof Answered answered) {
			applyAnswer(answered, chunk, counters);
			return;
		}
		Failed failed = (Failed) outcome;
		applyFailure(failed.request(), failed.failure(), chunk, counters);
	}

	private void applyAnswer(Answered answered, ChunkWrite chunk, RunCounters counters) {
		ClaimedRequest request = answered.request();
		StatusResponse response = answered.response();
		RequestStatus status = response.status();
		if (request.isTerminal() && !status.isTerminal()) {
			// a backfill re-fetch must never take a finished request back to pending
			recordError(request, "re-fetch answered '" + status.wire() + "' for a request already " + request.status()
					+ "; kept as it was", request.notFoundCount(), null, chunk, counters, "inconsistent");
			return;
		}
		String kind = kindOf(answered);
		if (!status.isTerminal()) {
			chunk.answered().add(new ChunkWrite.Answered(request.namespace(), request.requestId(), kind, status.wire(),
					delayMillis(request.pollCount() + 1), response.errorSummary(), false));
			if (!status.wire().equals(request.status())) {
				chunk.events().add(new ChunkWrite.Event(request.namespace(), request.requestId(), status.wire(), "status",
						null));
			}
			counters.pending.increment();
			return;
		}
		chunk.answered().add(new ChunkWrite.Answered(request.namespace(), request.requestId(), kind, status.wire(),
				null, response.errorSummary(), true));
		String detail = null;
		if (answered.itemRows() != null) {
			chunk.items().add(new ChunkWrite.ItemReplacement(request.namespace(), request.requestId(),
					answered.itemRows()));
			detail = answered.itemRows().itemCount() + " items";
		}
		else if (response instanceof ImportOutput result && (result.dataUrl() != null || result.dataCount() != null)) {
			chunk.importResults().add(new ChunkWrite.ImportResultRow(request.namespace(), request.requestId(),
					result.dataCount(), result.dataUrl(), result.dataExpiresAt()));
			counters.importResults.increment();
			detail = "result file of " + result.dataCount() + " lines" + (answered.viaDownloadUrl() ? " (413)" : "");
		}
		if (response.errorSummary() != null) {
			detail = (detail != null) ? detail + "; " + response.errorSummary() : response.errorSummary();
		}
		boolean changed = !status.wire().equals(request.status());
		chunk.events().add(new ChunkWrite.Event(request.namespace(), request.requestId(), status.wire(),
				changed ? "status" : "refetched", detail));
		((status == RequestStatus.SUCCEEDED) ? counters.succeeded : counters.failed).increment();
	}

	private void applyFailure(ClaimedRequest request, ApiFailure failure, ChunkWrite chunk, RunCounters counters) {
		if (failure instanceof NotFound) {
			int notFound = request.notFoundCount() + 1;
			if (!request.isTerminal() && notFound >= this.notFoundLimit) {
				String error = "unknown to SafetyKit: HTTP 404 on " + notFound + " consecutive polls";
				chunk.errored().add(new ChunkWrite.Errored(request.namespace(), request.requestId(), notFound, error,
						null, true));
				chunk.events().add(new ChunkWrite.Event(request.namespace(), request.requestId(), "failed", "status",
						error));
				counters.failed.increment();
				counters.error("not_found");
				return;
			}
			recordError(request, failure.describe() + " (" + notFound + " of " + this.notFoundLimit + ")", notFound,
					null, chunk, counters, "not_found");
			return;
		}
		if (failure instanceof Malformed) {
			counters.skipped.increment();
		}
		Duration retryAfter = (failure instanceof Transient transientFailure) ? transientFailure.retryAfter() : null;
		recordError(request, failure.describe(), request.notFoundCount(), retryAfter, chunk, counters,
				failure.kind());
	}

	/**
	 * The request's next poll comes after the capped backoff on its errors, or as late as the
	 * server's last {@code Retry-After} asked, whichever is later (but no later than the backoff's cap).
	 */
	private void recordError(ClaimedRequest request, String error, int notFoundCount, Duration retryAfter,
			ChunkWrite chunk, RunCounters counters, String errorKind) {
		Long nextPoll = null;
		if (!request.isTerminal()) {
			long backoff = delayMillis(request.errorCount() + 1);
			long asked = (retryAfter != null) ? Math.min(retryAfter.toMillis(), this.pollBackoffMax.toMillis()) : 0;
			nextPoll = Math.max(backoff, asked);
		}
		chunk.errored().add(new ChunkWrite.Errored(request.namespace(), request.requestId(), notFoundCount, error,
				nextPoll, false));
		chunk.events().add(new ChunkWrite.Event(request.namespace(), request.requestId(), request.status(), "error",
				error));
		counters.errored.increment();
		counters.error(errorKind);
	}

	private static String kindOf(Answered answered) {
		if (answered.viaDownloadUrl()) {
			// only inline (Add) output can be too large; an Import stays an Import
			return (answered.request().kind() != null) ? answered.request().kind() : "add";
		}
		StatusResponse response = answered.response();
		if (response instanceof AddOutput) {
			return "add";
		}
		return (response instanceof ImportOutput) ? "import" : null;
	}

	/** Capped exponential backoff: initial × 2^(n-1), at most the maximum. */
	long delayMillis(int n) {
		long initial = this.pollBackoffInitial.toMillis();
		long max = this.pollBackoffMax.toMillis();
		int shift = Math.max(n - 1, 0);
		if (shift >= Long.numberOfLeadingZeros(initial) - 1) {
			return max; // doubling again would overflow
		}
		return Math.min(initial << shift, max);
	}

}
