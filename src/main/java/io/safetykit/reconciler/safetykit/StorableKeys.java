package io.safetykit.reconciler.safetykit;

import java.nio.charset.StandardCharsets;

/**
 * Refuses an item whose key PostgreSQL could not index. An item's rows are keyed by namespace,
 * request id, item id and label, and a B-tree entry holds at most 2,704 bytes: an answer with an
 * item id or label too long for that would fail the COPY of its whole chunk, run after run. It is
 * refused like any answer that cannot be stored, before anything is written.
 */
final class StorableKeys {

	/** The key's text, in UTF-8 bytes, that leaves room for an index entry's headers. */
	static final int MAX_KEY_BYTES = 2_600;

	private StorableKeys() {
	}

	static void check(String namespace, String requestId, ResultItem item) throws MalformedResponseException {
		int longestLabel = 0;
		for (ResultLabel label : item.labels()) {
			longestLabel = Math.max(longestLabel, label.label().length());
		}
		int chars = namespace.length() + requestId.length() + item.id().length() + longestLabel;
		// a char is at most three UTF-8 bytes (a pair of surrogates four): most keys are plainly short
		if (chars * 3 <= MAX_KEY_BYTES) {
			return;
		}
		int fixed = bytes(namespace) + bytes(requestId) + bytes(item.id());
		if (fixed > MAX_KEY_BYTES) {
			throw tooLong(item, "its id", fixed);
		}
		for (ResultLabel label : item.labels()) {
			int key = fixed + bytes(label.label());
			if (key > MAX_KEY_BYTES) {
				throw tooLong(item, "its label " + ResultItemReader.quoted(label.label()), key);
			}
		}
	}

	private static MalformedResponseException tooLong(ResultItem item, String what, int bytes) {
		return new MalformedResponseException("item " + ResultItemReader.quoted(item.id()) + ": " + what
				+ " makes a key of " + bytes + " bytes with the namespace and request id, over the " + MAX_KEY_BYTES
				+ " a PostgreSQL index holds");
	}

	private static int bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8).length;
	}

}
