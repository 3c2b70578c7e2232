package io.safetykit.reconciler.simulator;

import java.time.Instant;

/** A pre-signed result-file link and the moment it stops working. */
record SignedLink(String url, long expiresEpochSecond) {

	String expiresAt() {
		return Instant.ofEpochSecond(expiresEpochSecond).toString();
	}

}
