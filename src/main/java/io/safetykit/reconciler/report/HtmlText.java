package io.safetykit.reconciler.report;

/** Escaping for text put into an HTML page: element content and attribute values, and JSON in a script element. */
final class HtmlText {

	private HtmlText() {
	}

	/** Safe in element content and in a quoted attribute value. */
	static String escape(String text) {
		StringBuilder out = new StringBuilder(text.length() + 16);
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			switch (c) {
				case '&' -> out.append("&amp;");
				case '<' -> out.append("&lt;");
				case '>' -> out.append("&gt;");
				case '"' -> out.append("&quot;");
				case '\'' -> out.append("&#39;");
				default -> out.append(c);
			}
		}
		return out.toString();
	}

	/**
	 * JSON that stays JSON inside a {@code <script>} element: {@code <}, {@code >} and {@code &} can
	 * only occur inside JSON strings, where their {@code \\u} escapes mean the same, so no
	 * {@code </script>} or {@code <!--} survives.
	 */
	static String scriptJson(String json) {
		return json.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026");
	}

}
