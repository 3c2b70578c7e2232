package io.safetykit.reconciler.reconcile;

import java.time.Duration;

import io.safetykit.reconciler.reconcile.FetchOutcome.Answered;
import io.safetykit.reconciler.reconcile.FetchOutcome.Failed;
import io.safetykit.reconciler.safetykit.ApiFailure;
import io.safetykit.reconciler.safetykit.ApiFailure.Rejected;
import io.safetykit.reconciler.safetykit.ApiFailure.TooLarge;
import io.safetykit.reconciler.safetykit.ApiFailure.Transient;
import io.safetykit.reconciler.safetykit.ApiFailureException;
import io.safetykit.reconciler.safetykit.SafetyKitClient;
import io.safetykit.reconciler.safetykit.StatusResponse;
import io.safetykit.reconciler.store.ClaimedRequest;

/**
 * Fetches one request's status the way SPEC §4 says: transient failures retried with backoff
 * under the shared rate limit, a 413 answered by the download-url operation, 401/403 fatal.
 */
final class StatusFetcher {

	private final SafetyKitClient client;

	private final RateLimiter rateLimiter;

	private final RetryPolicy retryPolicy;

	private final RunCounters counters;

	StatusFetcher(SafetyKitClient client, RateLimiter rateLimiter, RetryPolicy retryPolicy, RunCounters counters) {
		this.client = client;
		this.rateLimiter = rateLimiter;
		this.retryPolicy = retryPolicy;
		this.counters = counters;
	}

	FetchOutcome fetch(ClaimedRequest request) throws InterruptedException {
		Attempts attempts = new Attempts();
		Result status = call(attempts, () -> this.client.getStatus(request.namespace(), request.requestId()));
		if (status.failure() instanceof TooLarge) {
			Result download = call(attempts,
					() -> this.client.getDownloadUrl(request.namespace(), request.requestId()));
			return (download.response() != null) ? new Answered(request, download.response(), true, attempts.calls)
					: new Failed(request, download.failure(), attempts.calls);
		}
		return (status.response() != null) ? new Answered(request, status.response(), false, attempts.calls)
				: new Failed(request, status.failure(), attempts.calls);
	}

	private Result call(Attempts attempts, Call call) throws InterruptedException {
		Duration waited = Duration.ZERO;
		for (int attempt = 1;; attempt++) {
			this.rateLimiter.acquire();
			attempts.calls++;
			this.counters.calls.increment();
			try {
				return new Result(call.get(), null);
			}
			catch (ApiFailureException ex) {
				ApiFailure failure = ex.failure();
				if (failure instanceof Rejected rejected) {
					throw new ApiKeyRejectedException(rejected.httpStatus());
				}
				if (!(failure instanceof Transient transientFailure)) {
					return new Result(null, failure);
				}
				if (Thread.currentThread().isInterrupted()) {
					throw new InterruptedException();
				}
				Duration wait = this.retryPolicy.delayAfter(attempt, transientFailure.retryAfter());
				if (!this.retryPolicy.allowsAnother(attempt, waited, wait)) {
					return new Result(null, new Transient(transientFailure.reason() + " after " + attempt
							+ ((attempt == 1) ? " attempt" : " attempts"), null));
				}
				this.counters.retries.increment();
				Thread.sleep(wait.toMillis());
				waited = waited.plus(wait);
			}
		}
	}

	/** One API operation, one attempt. */
	@FunctionalInterface
	private interface Call {

		StatusResponse get() throws ApiFailureException;

	}

	private record Result(StatusResponse response, ApiFailure failure) {
	}

	private static final class Attempts {

		int calls;

	}

}
