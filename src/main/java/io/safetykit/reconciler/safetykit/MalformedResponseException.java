package io.safetykit.reconciler.safetykit;

/** An answer that does not have the documented structure; the message says what is wrong, never the content. */
public class MalformedResponseException extends Exception {

	public MalformedResponseException(String message) {
		super(message, null, false, false);
	}

}
