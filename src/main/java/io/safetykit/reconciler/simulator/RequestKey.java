package io.safetykit.reconciler.simulator;

/** Identifies one request: request ids are only unique within a namespace. */
record RequestKey(String namespace, String requestId) {
}
