package io.safetykit.reconciler.store;

import java.time.Instant;

/**
 * Where the next page of a run's selection starts: right after this request in the selection's
 * order (by key, or by submission time and then key for a run with a submission range).
 */
public record SelectionCursor(Instant submittedAt, String namespace, String requestId) {

}
