package io.safetykit.reconciler.reconcile;

import io.safetykit.reconciler.reconcile.FetchOutcome.Answered;
import io.safetykit.reconciler.reconcile.FetchOutcome.Failed;
import io.safetykit.reconciler.safetykit.ApiFailure.Malformed;
import io.safetykit.reconciler.safetykit.ApiFailure.NotFound;
import io.safetykit.reconciler.safetykit.ApiFailure.Rejected;
import io.safetykit.reconciler.safetykit.ApiKeyRejectedException;
import io.safetykit.reconciler.safetykit.ApiFailure.TooLarge;
import io.safetykit.reconciler.safetykit.RetryingCaller;
import io.safetykit.reconciler.safetykit.RetryingCaller.Result;
import io.safetykit.reconciler.safetykit.SafetyKitClient;
import io.safetykit.reconciler.safetykit.StatusResponse;
import io.safetykit.reconciler.store.ClaimedRequest;

/**
 * Fetches one request's status for a job execution: transient failures retried, a 413 answered
 * by the download-url operation, 401/403 fatal for the whole run.
 */
final class StatusFetcher {

	private final SafetyKitClient client;

	private final RetryingCaller caller;

	private final long executionId;

	StatusFetcher(SafetyKitClient client, RetryingCaller caller, long executionId) {
		this.client = client;
		this.caller = caller;
		this.executionId = executionId;
	}

	FetchOutcome fetch(ClaimedRequest request) throws InterruptedException {
		Result<StatusResponse> status = call("status",
				() -> this.client.getStatus(request.namespace(), request.requestId()));
		if (status.failure() instanceof TooLarge) {
			Result<StatusResponse> download = call("download_url",
					() -> this.client.getDownloadUrl(request.namespace(), request.requestId()));
			if (download.failure() instanceof NotFound) {
				// SafetyKit has just said it knows the request: not a step towards "unknown"
				return new Failed(request, new Malformed("download-url answered HTTP 404 after the status call's 413"));
			}
			return download.succeeded() ? Answered.of(request, download.value(), true, this.executionId)
					: new Failed(request, download.failure());
		}
		return status.succeeded() ? Answered.of(request, status.value(), false, this.executionId)
				: new Failed(request, status.failure());
	}

	private Result<StatusResponse> call(String operation, RetryingCaller.Call<StatusResponse> call)
			throws InterruptedException {
		Result<StatusResponse> result = this.caller.call(operation, call);
		if (result.failure() instanceof Rejected rejected) {
			throw new ApiKeyRejectedException(rejected.httpStatus());
		}
		return result;
	}

}
