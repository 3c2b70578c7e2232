package io.safetykit.reconciler.safetykit;

/** Carries an {@link ApiFailure} out of the client; the message is safe to log. */
public class ApiFailureException extends Exception {

	private final ApiFailure failure;

	public ApiFailureException(ApiFailure failure) {
		this(failure, null);
	}

	public ApiFailureException(ApiFailure failure, Throwable cause) {
		super(failure.describe(), cause, false, false);
		this.failure = failure;
	}

	public ApiFailure failure() {
		return this.failure;
	}

}
