package io.safetykit.reconciler.safetykit;

/** SafetyKit answered 401/403: the key is wrong, and every further call would be too. */
public class ApiKeyRejectedException extends RuntimeException {

	public ApiKeyRejectedException(int httpStatus) {
		super("SafetyKit rejected the API key (HTTP " + httpStatus
				+ "): check SAFETYKIT_API_KEY (safetykit.api-key). The run stopped; nothing was half-written.");
	}

}
