package io.safetykit.reconciler.simulator;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** Percent-encoding of single path segments, which is not the form encoding URLEncoder does. */
final class PathSegments {

	private PathSegments() {
	}

	/** Splits a raw path on '/' before decoding, so that an encoded '/' stays inside its segment. */
	static String[] split(String rawPath) {
		return rawPath.split("/", -1);
	}

	/** Decodes one segment; '+' is a literal plus in a path, not a space. */
	static String decode(String rawSegment) {
		return URLDecoder.decode(rawSegment.replace("+", "%2B"), StandardCharsets.UTF_8);
	}

	static String encode(String segment) {
		return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
	}

}
