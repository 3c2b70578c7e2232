package io.safetykit.reconciler.reconcile;

import io.safetykit.reconciler.reconcile.FetchOutcome.Answered;
import io.safetykit.reconciler.reconcile.FetchOutcome.Failed;
import io.safetykit.reconciler.safetykit.ApiFailure.Rejected;
import io.safetykit.reconciler.safetykit.ApiKeyRejectedException;
import io.safetykit.reconciler.safetykit.ApiFailure.TooLarge;
import io.safetykit.reconciler.safetykit.RetryingCaller;
import io.safetykit.reconciler.safetykit.RetryingCaller.Result;
import io.safetykit.reconciler.safetykit.SafetyKitClient;
import io.safetykit.reconciler.safetykit.StatusResponse;
import io.safetykit.reconciler.store.ClaimedRequest;

/**
 * Fetches one request's status the way SPEC §4 says: transient failures retried, a 413 answered
 * by the download-url operation, 401/403 fatal for the whole run.
 */
final class StatusFetcher {

	private final SafetyKitClient client;

	private final RetryingCaller caller;

	StatusFetcher(SafetyKitClient client, RetryingCaller caller) {
		this.client = client;
		this.caller = caller;
	}

	FetchOutcome fetch(ClaimedRequest request) throws InterruptedException {
		Result<StatusResponse> status = call(() -> this.client.getStatus(request.namespace(), request.requestId()));
		if (status.failure() instanceof TooLarge) {
			Result<StatusResponse> download = call(
					() -> this.client.getDownloadUrl(request.namespace(), request.requestId()));
			int calls = status.attempts() + download.attempts();
			return download.succeeded() ? new Answered(request, download.value(), true, calls)
					: new Failed(request, download.failure(), calls);
		}
		return status.succeeded() ? new Answered(request, status.value(), false, status.attempts())
				: new Failed(request, status.failure(), status.attempts());
	}

	private Result<StatusResponse> call(RetryingCaller.Call<StatusResponse> call) throws InterruptedException {
		Result<StatusResponse> result = this.caller.call(call);
		if (result.failure() instanceof Rejected rejected) {
			throw new ApiKeyRejectedException(rejected.httpStatus());
		}
		return result;
	}

}
