package io.safetykit.reconciler.database;

/** The chosen database cannot be had: reported as one line that says what to do, exit code 1. */
public class DatabaseUnavailableException extends RuntimeException {

	public DatabaseUnavailableException(String message, Throwable cause) {
		super(message, cause);
	}

}
