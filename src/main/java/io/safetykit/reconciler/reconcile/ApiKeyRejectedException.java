package io.safetykit.reconciler.reconcile;

/** SafetyKit answered 401/403: the key is wrong, and every further call would be too. */
class ApiKeyRejectedException extends RuntimeException {

	ApiKeyRejectedException(int httpStatus) {
		super("SafetyKit rejected the API key (HTTP " + httpStatus
				+ "): check SAFETYKIT_API_KEY (safetykit.api-key). The run stopped; nothing was half-written.");
	}

}
