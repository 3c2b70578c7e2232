package io.safetykit.reconciler.store;

/**
 * A job execution's claim lease ran out while it was still running (renewals failed past its
 * expiry, or the process stalled): its claims may belong to another run now, so it stops without
 * writing.
 */
public class LeaseLostException extends IllegalStateException {

	public LeaseLostException(String message) {
		super(message);
	}

}
