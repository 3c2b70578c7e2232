package io.safetykit.reconciler.store;

import java.util.List;

/** One page of a run's selection, in the selection's order, and where the next page starts (null if empty). */
public record SelectionPage(List<ClaimedRequest> requests, SelectionCursor next) {

	public SelectionPage {
		requests = List.copyOf(requests);
	}

}
