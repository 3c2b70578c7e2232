package io.safetykit.reconciler.safetykit;

import java.nio.charset.StandardCharsets;

/**
 * Finds the {@code \\u} escapes that PostgreSQL's text and jsonb cannot hold: {@code \\u0000}, and
 * a surrogate escape that is not half of a pair; and a raw NUL byte, which UTF-8 JSON never holds.
 * Such an answer or line is refused whole rather than failing the COPY of a whole chunk.
 */
final class UnstorableEscapes {

	private UnstorableEscapes() {
	}

	/** Throws when the JSON text holds such an escape. */
	static void check(byte[] json) throws MalformedResponseException {
		// a Latin-1 view of the bytes, for String.indexOf's vectorized search: a backslash is one byte in UTF-8
		String text = new String(json, StandardCharsets.ISO_8859_1);
		// never in UTF-8 JSON, where control characters are escaped; in UTF-16 or UTF-32 beside every ASCII
		// character, which the parser would otherwise detect and read without the byte offsets we keep
		if (text.indexOf('\0') >= 0) {
			throw new MalformedResponseException("is not UTF-8 JSON (it holds a NUL byte)");
		}
		for (int i = text.indexOf('\\'); i >= 0 && i < json.length - 1; i = text.indexOf('\\', i + 1)) {
			i++; // the escaped character: "\\u0000" is a backslash and then text
			int code = unicodeEscape(json, i);
			if (code < 0) {
				continue;
			}
			i += 4;
			if (code == 0) {
				throw new MalformedResponseException("contains a NUL character (\\u0000)");
			}
			if (Character.isHighSurrogate((char) code) && json.length > i + 2 && json[i + 1] == '\\'
					&& Character.isLowSurrogate((char) unicodeEscape(json, i + 2))) {
				i += 6;
			}
			else if (Character.isSurrogate((char) code)) {
				throw new MalformedResponseException("contains an unpaired surrogate escape (\\u" + hex(code) + ")");
			}
		}
	}

	/** The code of a {@code u} and four hex digits at {@code at}, or -1. */
	private static int unicodeEscape(byte[] json, int at) {
		if (at + 4 >= json.length || json[at] != 'u') {
			return -1;
		}
		int code = 0;
		for (int i = at + 1; i <= at + 4; i++) {
			int digit = Character.digit(json[i], 16);
			if (digit < 0) {
				return -1;
			}
			code = (code << 4) | digit;
		}
		return code;
	}

	private static String hex(int code) {
		return String.format("%04x", code);
	}

}
