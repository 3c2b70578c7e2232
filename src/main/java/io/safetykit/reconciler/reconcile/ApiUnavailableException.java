package io.safetykit.reconciler.reconcile;

/** Too many requests in a row failed transiently: the run stops and the next one continues. */
class ApiUnavailableException extends RuntimeException {

	ApiUnavailableException(int requests) {
		super("SafetyKit kept failing: " + requests + " requests in a row ended in transient errors after all retries "
				+ "(reconciler.circuit-breaker-threshold). The run stopped; the next run continues.");
	}

}
