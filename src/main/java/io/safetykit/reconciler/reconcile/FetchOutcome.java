package io.safetykit.reconciler.reconcile;

import io.safetykit.reconciler.safetykit.ApiFailure;
import io.safetykit.reconciler.safetykit.StatusResponse;
import io.safetykit.reconciler.store.ClaimedRequest;

/** What fetching one request gave: a well-formed answer, or a failure after the run's retries. */
sealed interface FetchOutcome {

	ClaimedRequest request();

	/**
	 * A well-formed answer. {@code viaDownloadUrl} marks the answer of the download-url operation
	 * given in place of a 413.
	 */
	record Answered(ClaimedRequest request, StatusResponse response, boolean viaDownloadUrl)
			implements FetchOutcome {
	}

	/** No usable answer. */
	record Failed(ClaimedRequest request, ApiFailure failure) implements FetchOutcome {
	}

}
