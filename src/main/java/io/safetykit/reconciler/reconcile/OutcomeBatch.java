package io.safetykit.reconciler.reconcile;

import java.util.List;

/**
 * The item of the reconcile step: the fetch outcomes that finished since the chunk before, up to
 * {@code chunk-size} of them, or fewer when no more came within the linger time. One batch is one
 * chunk, so that a chunk can close early without ending the step (a reader that returns null ends
 * it).
 */
record OutcomeBatch(List<FetchOutcome> outcomes) {

	OutcomeBatch {
		outcomes = List.copyOf(outcomes);
	}

}
