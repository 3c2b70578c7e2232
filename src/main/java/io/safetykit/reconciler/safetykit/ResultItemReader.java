package io.safetykit.reconciler.safetykit;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;

/**
 * Reads one result object ({@code {id, output: {actions, fields, labels}, url, metadata}}) off a
 * streaming parser. Objects bound for {@code jsonb} columns, the label objects included, are kept
 * as the JSON text they arrived in (see {@link JsonValues}). A repeated member counts once: the
 * last occurrence wins, as in PostgreSQL's jsonb.
 */
final class ResultItemReader {

	private final JsonParser parser;

	private final byte[] source;

	private String id;

	private String url;

	private String metadata;

	private String fields;

	private String actions;

	private List<ResultLabel> labels;

	/** What is wrong with the item, told once its id is known. */
	private String problem;

	private String urlProblem;

	ResultItemReader(JsonParser parser, byte[] source) {
		this.parser = parser;
		this.source = source;
	}

	/** Reads the item at the current token and leaves the parser on the item's last token. */
	ResultItem read() throws MalformedResponseException {
		if (this.parser.currentToken() != JsonToken.START_OBJECT) {
			throw new MalformedResponseException("an item is not a JSON object");
		}
		this.id = null;
		this.url = null;
		this.metadata = null;
		this.urlProblem = null;
		resetOutput();
		while (this.parser.nextToken() == JsonToken.PROPERTY_NAME) {
			String name = this.parser.currentName();
			this.parser.nextToken();
			switch (name) {
				case "id" -> this.id = JsonValues.scalarText(this.parser);
				case "url" -> readUrl();
				case "metadata" -> this.metadata = JsonValues.jsonText(this.parser, this.source);
				case "output" -> readOutput();
				default -> JsonValues.skip(this.parser);
			}
		}
		if (this.id == null || this.id.isEmpty()) {
			throw new MalformedResponseException("an item has no id");
		}
		String wrong = (this.problem != null) ? this.problem : this.urlProblem;
		if (wrong != null) {
			throw new MalformedResponseException("item " + quoted(this.id) + " " + wrong);
		}
		return new ResultItem(this.id, this.url, this.metadata, this.fields, this.actions, this.labels);
	}

	private void readUrl() throws MalformedResponseException {
		JsonToken token = this.parser.currentToken();
		this.url = (token == JsonToken.VALUE_STRING) ? this.parser.getString() : null;
		this.urlProblem = (token == JsonToken.VALUE_STRING || token == JsonToken.VALUE_NULL) ? null
				: "has a url that is not a string";
		JsonValues.skip(this.parser);
	}

	private void resetOutput() {
		this.fields = null;
		this.actions = null;
		this.labels = List.of();
		this.problem = null;
	}

	private void readOutput() throws MalformedResponseException {
		resetOutput();
		if (!opens(JsonToken.START_OBJECT, "has an output that is not an object")) {
			return;
		}
		while (this.parser.nextToken() == JsonToken.PROPERTY_NAME) {
			String name = this.parser.currentName();
			this.parser.nextToken();
			switch (name) {
				case "fields" -> this.fields = JsonValues.jsonText(this.parser, this.source);
				case "actions" -> this.actions = JsonValues.jsonText(this.parser, this.source);
				case "labels" -> readLabels();
				default -> JsonValues.skip(this.parser);
			}
		}
	}

	/** Within an output, only its labels have problems: a repeated {@code labels} replaces them. */
	private void readLabels() throws MalformedResponseException {
		this.labels = List.of();
		this.problem = null;
		if (!opens(JsonToken.START_ARRAY, "has labels that are not an array")) {
			return;
		}
		// a label repeated within one item collapses to one row; the last occurrence wins
		Map<String, ResultLabel> byName = new LinkedHashMap<>();
		while (this.parser.nextToken() != JsonToken.END_ARRAY) {
			ResultLabel label = readLabel();
			if (label != null) {
				byName.remove(label.label());
				byName.put(label.label(), label);
			}
		}
		this.labels = List.copyOf(byName.values());
	}

	/** One label, or null when it is not one (the problem is kept). */
	private ResultLabel readLabel() throws MalformedResponseException {
		JsonToken token = this.parser.currentToken();
		if (token == JsonToken.VALUE_STRING && this.parser.getStringLength() > 0) {
			String name = this.parser.getString();
			return new ResultLabel(name, null, null, "{\"label\":" + JsonValues.quoted(name) + "}");
		}
		if (token != JsonToken.START_OBJECT) {
			keepProblem("has a label that is not an object");
			JsonValues.skip(this.parser);
			return null;
		}
		int start = (int) this.parser.currentTokenLocation().getByteOffset();
		String name = null;
		Double confidence = null;
		String explanation = null;
		while (this.parser.nextToken() == JsonToken.PROPERTY_NAME) {
			String member = this.parser.currentName();
			this.parser.nextToken();
			switch (member) {
				case "label" -> name = (this.parser.currentToken() == JsonToken.VALUE_STRING) ? this.parser.getString()
						: null;
				case "confidence" -> confidence = confidence();
				case "explanation" -> {
					explanation = JsonValues.scalarText(this.parser);
					continue;
				}
				default -> {
				}
			}
			JsonValues.skip(this.parser);
		}
		if (name == null || name.isEmpty()) {
			keepProblem("has a label without a label name");
			return null;
		}
		int end = (int) this.parser.currentTokenLocation().getByteOffset() + 1;
		return new ResultLabel(name, confidence, explanation,
				new String(this.source, start, end - start, StandardCharsets.UTF_8));
	}

	/** A number, or a string holding one; null otherwise (the label object keeps it verbatim). */
	private Double confidence() {
		JsonToken token = this.parser.currentToken();
		double value;
		if (token.isNumeric()) {
			value = this.parser.getDoubleValue();
		}
		else if (token == JsonToken.VALUE_STRING) {
			try {
				value = Double.parseDouble(this.parser.getString().trim());
			}
			catch (NumberFormatException ex) {
				return null;
			}
		}
		else {
			return null;
		}
		return Double.isFinite(value) ? value : null;
	}

	/**
	 * Whether the value at the current token starts with {@code start}. Null is no problem, and
	 * anything else is skipped and kept as one.
	 */
	private boolean opens(JsonToken start, String problem) throws MalformedResponseException {
		JsonToken token = this.parser.currentToken();
		if (token == start) {
			return true;
		}
		if (token != JsonToken.VALUE_NULL) {
			this.problem = problem;
			JsonValues.skip(this.parser);
		}
		return false;
	}

	private void keepProblem(String problem) {
		if (this.problem == null) {
			this.problem = problem;
		}
	}

	/** An id (or other text) for a problem's message: quoted, and cut at 80 characters. */
	static String quoted(String id) {
		String shown = (id.length() > 80) ? id.substring(0, 80) + "..." : id;
		return "'" + shown + "'";
	}

}
