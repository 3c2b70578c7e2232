package io.safetykit.reconciler.safetykit;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;

import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.io.JsonStringEncoder;

/**
 * Reads values off a streaming parser without building trees. An object or array bound for a
 * {@code jsonb} column is kept as the slice of the answer it arrived in, so it is neither built
 * nor written out again; every number on the way is checked to fit PostgreSQL's {@code numeric}.
 */
final class JsonValues {

	/** PostgreSQL's {@code numeric}, which holds jsonb numbers: digits before and after the point. */
	private static final int MAX_INTEGER_DIGITS = 131_072;

	private static final int MAX_FRACTION_DIGITS = 16_383;

	private JsonValues() {
	}

	/**
	 * The JSON text of the value at the current token, null for JSON null. The parser is left on
	 * the value's last token.
	 */
	static String jsonText(JsonParser parser, byte[] source) throws MalformedResponseException {
		JsonToken token = parser.currentToken();
		if (token.isStructStart()) {
			int start = (int) parser.currentTokenLocation().getByteOffset();
			skip(parser);
			int end = (int) parser.currentTokenLocation().getByteOffset() + 1;
			return new String(source, start, end - start, StandardCharsets.UTF_8);
		}
		if (token == JsonToken.VALUE_NULL) {
			return null;
		}
		if (token == JsonToken.VALUE_STRING) {
			return quoted(parser.getString());
		}
		checkNumber(parser);
		return parser.getString();
	}

	/**
	 * Text of a string, number or boolean; null for null, and for an object or array, which is
	 * skipped.
	 */
	static String scalarText(JsonParser parser) throws MalformedResponseException {
		JsonToken token = parser.currentToken();
		if (token == JsonToken.VALUE_STRING) {
			return parser.getString();
		}
		if (token.isStructStart()) {
			skip(parser);
			return null;
		}
		if (token == JsonToken.VALUE_NULL) {
			return null;
		}
		checkNumber(parser);
		return parser.getString();
	}

	/** Moves past the value at the current token, checking its numbers; leaves the parser on its last token. */
	static void skip(JsonParser parser) throws MalformedResponseException {
		JsonToken token = parser.currentToken();
		if (!token.isStructStart()) {
			checkNumber(parser);
			return;
		}
		int depth = 1;
		while (depth > 0) {
			token = parser.nextToken();
			if (token.isStructStart()) {
				depth++;
			}
			else if (token.isStructEnd()) {
				depth--;
			}
			else if (token == JsonToken.VALUE_NUMBER_FLOAT) {
				checkNumber(parser);
			}
		}
	}

	/** A string as a JSON string literal. */
	static String quoted(String value) {
		StringBuilder text = new StringBuilder(value.length() + 2).append('"');
		JsonStringEncoder.getInstance().quoteAsString(value, text);
		return text.append('"').toString();
	}

	/**
	 * Refuses a number PostgreSQL's {@code numeric} cannot hold ({@code 1e1000000}): it would fail
	 * the whole chunk's COPY. Integers cannot be too long: the parser caps a number at 1,000
	 * characters.
	 */
	static void checkNumber(JsonParser parser) throws MalformedResponseException {
		if (parser.currentToken() != JsonToken.VALUE_NUMBER_FLOAT || !hasExponent(parser)) {
			return;
		}
		try {
			BigDecimal value = new BigDecimal(parser.getString());
			if (value.scale() <= MAX_FRACTION_DIGITS && (long) value.precision() - value.scale() <= MAX_INTEGER_DIGITS) {
				return;
			}
		}
		catch (NumberFormatException | ArithmeticException ex) {
			// an exponent beyond int
		}
		throw new MalformedResponseException("holds a number PostgreSQL cannot store");
	}

	private static boolean hasExponent(JsonParser parser) {
		char[] text = parser.getStringCharacters();
		int end = parser.getStringOffset() + parser.getStringLength();
		for (int i = parser.getStringOffset(); i < end; i++) {
			if (text[i] == 'e' || text[i] == 'E') {
				return true;
			}
		}
		return false;
	}

}
