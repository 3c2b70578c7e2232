package io.safetykit.reconciler.ops;

/** A user error in arguments or settings: reported as one line, exit code {@link ExitCodes#BAD_INPUT}. */
public class UsageException extends RuntimeException {

	public UsageException(String message) {
		super(message);
	}

}
