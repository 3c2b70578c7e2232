package io.safetykit.reconciler.store;

/** A request row as the job took it, before this run's poll. */
public record ClaimedRequest(String namespace, String requestId, String kind, String status, int pollCount,
		int errorCount, int notFoundCount) {

	public boolean isTerminal() {
		return "succeeded".equals(this.status) || "failed".equals(this.status);
	}

}
