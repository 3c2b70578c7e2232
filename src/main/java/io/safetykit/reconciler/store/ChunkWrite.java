package io.safetykit.reconciler.store;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/** Everything one chunk changes, written by {@link ChunkWriter} in one transaction. */
public record ChunkWrite(List<Answered> answered, List<Errored> errored, List<ItemReplacement> items,
		List<ImportResultRow> importResults, List<Event> events) {

	public static ChunkWrite empty() {
		return new ChunkWrite(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>(),
				new ArrayList<>());
	}

	/**
	 * A poll that got a well-formed answer: errors are cleared.
	 * @param kind 'add', 'import', or null to keep the known kind
	 * @param nextPollMillis delay until the next poll, or null for none (terminal)
	 */
	public record Answered(String namespace, String requestId, String kind, String status, Long nextPollMillis,
			String errorSummary, boolean terminal) {
	}

	/**
	 * A poll that ended in an error. {@code markFailed} makes the request terminal (unknown to SafetyKit).
	 * @param nextPollMillis delay until the next poll, or null for none
	 */
	public record Errored(String namespace, String requestId, int notFoundCount, String lastError,
			Long nextPollMillis, boolean markFailed) {
	}

	/** The complete new set of items of one request: its old items and labels are replaced. */
	public record ItemReplacement(String namespace, String requestId, ItemRows rows) {
	}

	/** The link to a request's result file. */
	public record ImportResultRow(String namespace, String requestId, Long dataCount, String dataUrl,
			OffsetDateTime dataExpiresAt) {

		@Override
		public String toString() {
			return "ImportResultRow[" + this.namespace + "/" + this.requestId + ", dataUrl=<redacted>]";
		}

	}

	/** One {@code request_event} row. */
	public record Event(String namespace, String requestId, String status, String eventType, String detail) {
	}

}
