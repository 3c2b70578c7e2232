package io.safetykit.reconciler.simulator;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Signs and checks file-host links the way S3 pre-signed URLs behave: an HMAC over what they grant, and an expiry. */
final class LinkSigner {

	private static final String ALGORITHM = "HmacSHA256";

	private final SecretKeySpec key;

	private final ThreadLocal<Mac> macs;

	private final URI baseUri;

	private final Duration ttl;

	private final Clock clock;

	LinkSigner(URI baseUri, Duration ttl, Clock clock) {
		byte[] secret = new byte[32];
		new SecureRandom().nextBytes(secret);
		this.key = new SecretKeySpec(secret, ALGORITHM);
		this.macs = ThreadLocal.withInitial(this::newMac);
		this.baseUri = baseUri;
		this.ttl = ttl;
		this.clock = clock;
	}

	SignedLink sign(String namespace, String requestId, boolean gzip) {
		long expires = clock.instant().plus(ttl).getEpochSecond();
		String url = baseUri + "/files/" + PathSegments.encode(namespace) + "/" + PathSegments.encode(requestId)
				+ (gzip ? ".jsonl.gz" : ".jsonl") + "?expires=" + expires + "&signature="
				+ signature(namespace, requestId, expires);
		return new SignedLink(url, expires);
	}

	/** True when {@code signature} was made here for exactly this file and the link has not expired. */
	boolean accepts(String namespace, String requestId, long expires, String signature) {
		if (expires < clock.instant().getEpochSecond()) {
			return false;
		}
		byte[] expected = signature(namespace, requestId, expires).getBytes(StandardCharsets.US_ASCII);
		return MessageDigest.isEqual(expected, signature.getBytes(StandardCharsets.US_ASCII));
	}

	private String signature(String namespace, String requestId, long expires) {
		// Length prefixes keep ("a\nb", "c") and ("a", "b\nc") from signing the same text.
		String message = namespace.length() + ":" + namespace + "\n" + requestId.length() + ":" + requestId + "\n"
				+ expires;
		return HexFormat.of().formatHex(macs.get().doFinal(message.getBytes(StandardCharsets.UTF_8)));
	}

	private Mac newMac() {
		try {
			Mac mac = Mac.getInstance(ALGORITHM);
			mac.init(key);
			return mac;
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA256 is not available", ex);
		}
	}

}
