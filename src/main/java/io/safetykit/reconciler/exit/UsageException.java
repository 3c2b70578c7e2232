package io.safetykit.reconciler.exit;

/** A user error in arguments or settings: reported as one line, exit code {@link ExitCodes#BAD_INPUT}. */
public class UsageException extends RuntimeException {

	public UsageException(String message) {
		super(message);
	}

}
