package io.safetykit.reconciler.safetykit;

import java.util.Map;

import tools.jackson.databind.JsonNode;

/**
 * Writes a parsed JSON value back as compact JSON text, for the {@code jsonb} columns. Faster than
 * {@code JsonNode.toString()} on the hot path, which sets up a generator for every value.
 */
final class JsonText {

	private static final ThreadLocal<StringBuilder> BUFFER = ThreadLocal.withInitial(() -> new StringBuilder(512));

	private JsonText() {
	}

	static String of(JsonNode node) {
		StringBuilder text = BUFFER.get();
		text.setLength(0);
		append(node, text);
		String json = text.toString();
		if (text.capacity() > 1 << 20) {
			BUFFER.remove(); // do not keep a huge buffer per thread after one huge value
		}
		return json;
	}

	private static void append(JsonNode node, StringBuilder text) {
		if (node.isObject()) {
			text.append('{');
			boolean first = true;
			for (Map.Entry<String, JsonNode> member : node.properties()) {
				if (!first) {
					text.append(',');
				}
				first = false;
				string(member.getKey(), text);
				text.append(':');
				append(member.getValue(), text);
			}
			text.append('}');
		}
		else if (node.isArray()) {
			text.append('[');
			for (int i = 0; i < node.size(); i++) {
				if (i > 0) {
					text.append(',');
				}
				append(node.get(i), text);
			}
			text.append(']');
		}
		else if (node.isString()) {
			string(node.stringValue(), text);
		}
		else if (node.isNull()) {
			text.append("null");
		}
		else if (node.isBoolean()) {
			text.append(node.booleanValue());
		}
		else if (node.isNumber()) {
			text.append(node.asString());
		}
		else {
			text.append(node.toString());
		}
	}

	private static void string(String value, StringBuilder text) {
		text.append('"');
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			switch (c) {
				case '"' -> text.append("\\\"");
				case '\\' -> text.append("\\\\");
				case '\n' -> text.append("\\n");
				case '\r' -> text.append("\\r");
				case '\t' -> text.append("\\t");
				case '\b' -> text.append("\\b");
				case '\f' -> text.append("\\f");
				default -> {
					if (c < 0x20) {
						text.append(String.format("\\u%04x", (int) c));
					}
					else {
						text.append(c);
					}
				}
			}
		}
		text.append('"');
	}

}
