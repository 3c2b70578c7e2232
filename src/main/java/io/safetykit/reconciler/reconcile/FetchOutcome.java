package io.safetykit.reconciler.reconcile;

import java.util.List;

import io.safetykit.reconciler.safetykit.ApiFailure;
import io.safetykit.reconciler.safetykit.StatusResponse;
import io.safetykit.reconciler.safetykit.StatusResponse.AddOutput;
import io.safetykit.reconciler.store.ClaimedRequest;
import io.safetykit.reconciler.store.ItemRows;

/** What fetching one request gave: a well-formed answer, or a failure after the run's retries. */
sealed interface FetchOutcome {

	ClaimedRequest request();

	/**
	 * A well-formed answer. {@code viaDownloadUrl} marks the answer of the download-url operation
	 * given in place of a 413. The items of a terminal Add answer are in {@code itemRows}, ready
	 * for COPY, and no longer in the response; {@code itemRows} is null for any other answer.
	 */
	record Answered(ClaimedRequest request, StatusResponse response, boolean viaDownloadUrl, ItemRows itemRows)
			implements FetchOutcome {

		/**
		 * Encodes a terminal Add answer's items here, on the fetching thread, as observed by job
		 * execution {@code executionId}, so that the single writer only streams bytes; the parsed
		 * items are dropped.
		 */
		static Answered of(ClaimedRequest request, StatusResponse response, boolean viaDownloadUrl,
				long executionId) {
			if (response instanceof AddOutput add && add.status().isTerminal()) {
				ItemRows rows = ItemRows.encode(request.namespace(), request.requestId(), executionId, add.items());
				return new Answered(request, new AddOutput(add.namespace(), add.requestId(), add.status(),
						add.errorSummary(), List.of()), viaDownloadUrl, rows);
			}
			return new Answered(request, response, viaDownloadUrl, null);
		}

		/** Items held in memory. */
		int itemCount() {
			if (this.itemRows != null) {
				return this.itemRows.itemCount();
			}
			return (this.response instanceof AddOutput add) ? add.items().size() : 0;
		}

	}

	/** No usable answer. */
	record Failed(ClaimedRequest request, ApiFailure failure) implements FetchOutcome {
	}

}
