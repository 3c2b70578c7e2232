package io.safetykit.reconciler.safetykit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the root object of an answer, or a result-file line, in one streaming pass: no tree is
 * built, and the items' objects are kept as slices of the text (see {@link JsonValues}). Members
 * not in the API reference are skipped; a repeated member counts once, the last occurrence.
 */
final class AnswerReader {

	private final JsonMapper mapper;

	AnswerReader(JsonMapper mapper) {
		this.mapper = mapper;
	}

	/** A scalar member as read: its token, and its text (a structure's compact JSON). */
	record Member(JsonToken token, String text) {

		boolean isNull() {
			return this.token == JsonToken.VALUE_NULL;
		}

		boolean isString() {
			return this.token == JsonToken.VALUE_STRING;
		}

	}

	/** The root's members; null where absent. {@code data} is its token, its items when an array. */
	record Answer(Member namespace, Member requestId, Member status, Member errorSummary, JsonToken data,
			List<ResultItem> items, Member dataCount, Member dataUrl, Member dataExpiresAt) {

		boolean hasImportMembers() {
			return this.dataUrl != null || this.dataCount != null || this.dataExpiresAt != null;
		}

		/** Whether any of the Import shape's {@code data_*} members carries a value (not null). */
		boolean hasImportValues() {
			return isValue(this.dataUrl) || isValue(this.dataCount) || isValue(this.dataExpiresAt);
		}

		/** Whether {@code data} is an array with at least one entry. */
		boolean hasItems() {
			return this.data == JsonToken.START_ARRAY && !this.items.isEmpty();
		}

		private static boolean isValue(Member member) {
			return member != null && !member.isNull();
		}

	}

	Answer readAnswer(byte[] body) throws MalformedResponseException {
		UnstorableEscapes.check(body);
		try (JsonParser parser = this.mapper.createParser(body)) {
			if (parser.nextToken() != JsonToken.START_OBJECT) {
				throw new MalformedResponseException("not a JSON object");
			}
			Member namespace = null;
			Member requestId = null;
			Member status = null;
			Member errorSummary = null;
			Member dataCount = null;
			Member dataUrl = null;
			Member dataExpiresAt = null;
			JsonToken data = null;
			List<ResultItem> items = List.of();
			while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
				String name = parser.currentName();
				parser.nextToken();
				switch (name) {
					case "namespace" -> namespace = member(parser);
					case "request_id" -> requestId = member(parser);
					case "status" -> status = member(parser);
					case "error_summary" -> errorSummary = member(parser);
					case "data_count" -> dataCount = member(parser);
					case "data_url" -> dataUrl = member(parser);
					case "data_expires_at" -> dataExpiresAt = member(parser);
					case "data" -> {
						data = parser.currentToken();
						items = List.of();
						if (data == JsonToken.START_ARRAY) {
							items = items(parser, body);
						}
						else {
							JsonValues.skip(parser);
						}
					}
					default -> JsonValues.skip(parser);
				}
			}
			requireEnd(parser);
			return new Answer(namespace, requestId, status, errorSummary, data, items, dataCount, dataUrl,
					dataExpiresAt);
		}
		catch (JacksonException ex) {
			throw new MalformedResponseException("not JSON");
		}
	}

	ResultItem readItem(byte[] line) throws MalformedResponseException {
		UnstorableEscapes.check(line);
		try (JsonParser parser = this.mapper.createParser(line)) {
			parser.nextToken();
			if (parser.currentToken() == null) {
				throw new MalformedResponseException("not JSON");
			}
			ResultItem item = new ResultItemReader(parser, line).read();
			requireEnd(parser);
			return item;
		}
		catch (JacksonException ex) {
			throw new MalformedResponseException("not JSON");
		}
	}

	private static List<ResultItem> items(JsonParser parser, byte[] body) throws MalformedResponseException {
		// an item repeated in one answer collapses to one row; the last occurrence wins
		Map<String, ResultItem> byId = new LinkedHashMap<>();
		ResultItemReader reader = new ResultItemReader(parser, body);
		while (parser.nextToken() != JsonToken.END_ARRAY) {
			ResultItem item = reader.read();
			byId.remove(item.id());
			byId.put(item.id(), item);
		}
		return new ArrayList<>(byId.values());
	}

	private static Member member(JsonParser parser) {
		JsonToken token = parser.currentToken();
		if (token.isStructStart()) {
			return new Member(token, parser.readValueAsTree().toString());
		}
		return new Member(token, (token == JsonToken.VALUE_NULL) ? null : parser.getString());
	}

	/** Nothing may follow the root value. */
	private static void requireEnd(JsonParser parser) throws MalformedResponseException {
		if (parser.nextToken() != null) {
			throw new MalformedResponseException("not JSON");
		}
	}

}
