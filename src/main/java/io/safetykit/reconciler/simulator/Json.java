package io.safetykit.reconciler.simulator;

/**
 * Writes JSON by hand: a million-line result file then costs one reused buffer and no object
 * mapping, and the simulator stays free of any JSON library.
 */
final class Json {

	private static final char[] HEX = "0123456789abcdef".toCharArray();

	private Json() {
	}

	/** Appends {@code value} as a JSON string literal, or {@code null}. */
	static StringBuilder string(StringBuilder out, String value) {
		if (value == null) {
			return out.append("null");
		}
		out.append('"');
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			switch (c) {
				case '"' -> out.append("\\\"");
				case '\\' -> out.append("\\\\");
				case '\n' -> out.append("\\n");
				case '\r' -> out.append("\\r");
				case '\t' -> out.append("\\t");
				case '\b' -> out.append("\\b");
				case '\f' -> out.append("\\f");
				default -> {
					// U+2028 and U+2029 are valid JSON but break JavaScript readers of the same text.
					if (c < 0x20 || c == '\u2028' || c == '\u2029') {
						out.append("\\u").append(HEX[c >> 12 & 0xF]).append(HEX[c >> 8 & 0xF])
							.append(HEX[c >> 4 & 0xF]).append(HEX[c & 0xF]);
					}
					else {
						out.append(c);
					}
				}
			}
		}
		return out.append('"');
	}

	/** Appends {@code "name":"value"} with the value escaped. */
	static StringBuilder field(StringBuilder out, String name, String value) {
		return string(string(out, name).append(':'), value);
	}

}
