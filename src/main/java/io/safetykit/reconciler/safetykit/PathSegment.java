package io.safetykit.reconciler.safetykit;

import java.nio.charset.StandardCharsets;

/**
 * Percent-encodes a value as one RFC 3986 path segment: every byte of its UTF-8 form other than
 * a {@code pchar} (unreserved, sub-delims, {@code :} and {@code @}) becomes {@code %XX}, so
 * {@code /}, {@code %}, {@code ?}, {@code #}, spaces and non-ASCII never change the path's shape.
 */
final class PathSegment {

	private static final char[] HEX = "0123456789ABCDEF".toCharArray();

	private PathSegment() {
	}

	static String encode(String value) {
		byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
		StringBuilder encoded = new StringBuilder(bytes.length + 16);
		for (byte b : bytes) {
			int c = b & 0xFF;
			if (isPchar(c)) {
				encoded.append((char) c);
			}
			else {
				encoded.append('%').append(HEX[c >> 4]).append(HEX[c & 0xF]);
			}
		}
		return encoded.toString();
	}

	private static boolean isPchar(int c) {
		return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
				|| "-._~!$&'()*+,;=:@".indexOf(c) >= 0;
	}

}
