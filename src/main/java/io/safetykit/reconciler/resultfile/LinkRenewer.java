package io.safetykit.reconciler.resultfile;

import java.util.Optional;

import io.safetykit.reconciler.safetykit.ApiFailure.Rejected;
import io.safetykit.reconciler.safetykit.ApiKeyRejectedException;
import io.safetykit.reconciler.safetykit.RetryingCaller;
import io.safetykit.reconciler.safetykit.RetryingCaller.Result;
import io.safetykit.reconciler.safetykit.SafetyKitClient;
import io.safetykit.reconciler.safetykit.StatusResponse.ImportOutput;
import io.safetykit.reconciler.store.ResultFileStore;
import io.safetykit.reconciler.store.ResultFileStore.FileToLoad;

/**
 * Gets a fresh result-file link from the download-url operation and stores it in
 * {@code import_result} with a {@code link_refreshed} event; a failure is recorded on the request.
 */
final class LinkRenewer {

	private final SafetyKitClient api;

	private final ResultFileStore store;

	LinkRenewer(SafetyKitClient api, ResultFileStore store) {
		this.api = api;
		this.store = store;
	}

	/** The fresh link, or empty when there is none (the failure is recorded). */
	Optional<String> renew(FileToLoad file, RetryingCaller caller, long executionId, String why)
			throws InterruptedException {
		Result<ImportOutput> answer = caller.call("download_url",
				() -> this.api.getDownloadUrl(file.namespace(), file.requestId()));
		if (answer.failure() instanceof Rejected rejected) {
			throw new ApiKeyRejectedException(rejected.httpStatus());
		}
		if (!answer.succeeded() || answer.value().dataUrl() == null) {
			String reason = answer.succeeded() ? "download-url answered without a link" : answer.failure().describe();
			this.store.recordError(file.namespace(), file.requestId(),
					"could not renew the result file link: " + reason, executionId);
			return Optional.empty();
		}
		ImportOutput fresh = answer.value();
		this.store.updateLink(file.namespace(), file.requestId(), fresh.dataUrl(), fresh.dataCount(),
				fresh.dataExpiresAt());
		this.store.event(file.namespace(), file.requestId(), "link_refreshed", "link " + why + "; renewed",
				executionId);
		return Optional.of(fresh.dataUrl());
	}

}
