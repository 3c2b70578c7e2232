package io.safetykit.reconciler.safetykit;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.safetykit.reconciler.safetykit.StatusResponse.AddOutput;
import io.safetykit.reconciler.safetykit.StatusResponse.ImportOutput;
import io.safetykit.reconciler.safetykit.StatusResponse.StatusOnly;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns a 200 body into a {@link StatusResponse}, or says why it cannot be trusted. Fields not
 * listed in the API reference are ignored.
 */
public final class StatusResponseParser {

	private static final byte[] NUL_ESCAPE = "\\u0000".getBytes();

	/** PostgreSQL text and jsonb cannot hold U+0000: such an answer or line is refused whole. */
	private static final String NUL_MESSAGE = "contains a NUL character (\\u0000)";

	private final JsonMapper mapper;

	public StatusResponseParser(JsonMapper mapper) {
		this.mapper = mapper;
	}

	/** Parses an answer to the status or download-url operation for the request asked about. */
	public StatusResponse parse(byte[] body, String namespace, String requestId) throws MalformedResponseException {
		JsonNode root = readObject(body);
		requireEqual(root, "namespace", namespace);
		requireEqual(root, "request_id", requestId);
		RequestStatus status = status(root);
		String errorSummary = errorSummary(root.get("error_summary"));
		if (root.has("data")) {
			return new AddOutput(namespace, requestId, status, errorSummary, items(root.get("data"), status));
		}
		if (root.has("data_url") || root.has("data_count") || root.has("data_expires_at")) {
			return importOutput(root, namespace, requestId, status, errorSummary);
		}
		if (status == RequestStatus.SUCCEEDED) {
			throw new MalformedResponseException("succeeded without data or data_url");
		}
		return new StatusOnly(namespace, requestId, status, errorSummary);
	}

	/** Parses an answer that must have the Import shape (the download-url operation). */
	public ImportOutput parseImport(byte[] body, String namespace, String requestId) throws MalformedResponseException {
		JsonNode root = readObject(body);
		requireEqual(root, "namespace", namespace);
		requireEqual(root, "request_id", requestId);
		RequestStatus status = status(root);
		return importOutput(root, namespace, requestId, status, errorSummary(root.get("error_summary")));
	}

	/** Parses one line of a result file. */
	public ResultItem parseItem(String line) throws MalformedResponseException {
		if (line.contains("\\u0000")) {
			throw new MalformedResponseException(NUL_MESSAGE);
		}
		JsonNode node;
		try {
			node = this.mapper.readTree(line);
		}
		catch (JacksonException ex) {
			throw new MalformedResponseException("not JSON");
		}
		return ResultItemParser.parse(node);
	}

	private JsonNode readObject(byte[] body) throws MalformedResponseException {
		if (containsNulEscape(body)) {
			throw new MalformedResponseException(NUL_MESSAGE);
		}
		JsonNode root;
		try {
			root = this.mapper.readTree(body);
		}
		catch (JacksonException ex) {
			throw new MalformedResponseException("not JSON");
		}
		if (root == null || !root.isObject()) {
			throw new MalformedResponseException("not a JSON object");
		}
		return root;
	}

	private static void requireEqual(JsonNode root, String field, String expected) throws MalformedResponseException {
		JsonNode value = root.get(field);
		if (value == null || value.isNull()) {
			throw new MalformedResponseException(field + " missing");
		}
		if (!value.isString() || !value.stringValue().equals(expected)) {
			throw new MalformedResponseException(field + " differs from the one asked for");
		}
	}

	private static RequestStatus status(JsonNode root) throws MalformedResponseException {
		JsonNode value = root.get("status");
		if (value == null || value.isNull()) {
			throw new MalformedResponseException("status missing");
		}
		String text = value.isString() ? value.stringValue() : value.toString();
		return RequestStatus.fromWire(text)
			.orElseThrow(() -> new MalformedResponseException("unknown status '" + abbreviate(text) + "'"));
	}

	private static String errorSummary(JsonNode node) {
		if (node == null || node.isNull()) {
			return null;
		}
		return node.isString() ? node.stringValue() : node.toString();
	}

	private static List<ResultItem> items(JsonNode data, RequestStatus status) throws MalformedResponseException {
		if (data == null || data.isNull()) {
			if (status == RequestStatus.SUCCEEDED) {
				throw new MalformedResponseException("data missing on a succeeded request");
			}
			return List.of();
		}
		if (!data.isArray()) {
			throw new MalformedResponseException("data is not an array");
		}
		// an item repeated in one answer collapses to one row; the last occurrence wins
		Map<String, ResultItem> byId = new LinkedHashMap<>();
		for (JsonNode node : data) {
			ResultItem item = ResultItemParser.parse(node);
			byId.remove(item.id());
			byId.put(item.id(), item);
		}
		return new ArrayList<>(byId.values());
	}

	private static ImportOutput importOutput(JsonNode root, String namespace, String requestId, RequestStatus status,
			String errorSummary) throws MalformedResponseException {
		Long count = null;
		JsonNode countNode = root.get("data_count");
		if (countNode != null && !countNode.isNull()) {
			if (!countNode.isIntegralNumber() || !countNode.canConvertToLong() || countNode.longValue() < 0) {
				throw new MalformedResponseException("data_count is not a non-negative integer");
			}
			count = countNode.longValue();
		}
		String url = null;
		JsonNode urlNode = root.get("data_url");
		if (urlNode != null && !urlNode.isNull()) {
			if (!urlNode.isString() || urlNode.stringValue().isBlank()) {
				throw new MalformedResponseException("data_url is not a string");
			}
			url = urlNode.stringValue();
		}
		OffsetDateTime expires = null;
		JsonNode expiresNode = root.get("data_expires_at");
		if (expiresNode != null && !expiresNode.isNull()) {
			try {
				expires = OffsetDateTime.parse(expiresNode.asString());
			}
			catch (DateTimeParseException ex) {
				throw new MalformedResponseException("data_expires_at is not an ISO-8601 date-time");
			}
		}
		if (status == RequestStatus.SUCCEEDED && url == null) {
			throw new MalformedResponseException("data_url missing on a succeeded import");
		}
		return new ImportOutput(namespace, requestId, status, errorSummary, count, url, expires);
	}

	private static boolean containsNulEscape(byte[] body) {
		outer: for (int i = 0; i <= body.length - NUL_ESCAPE.length; i++) {
			for (int j = 0; j < NUL_ESCAPE.length; j++) {
				if (body[i + j] != NUL_ESCAPE[j]) {
					continue outer;
				}
			}
			return true;
		}
		return false;
	}

	private static String abbreviate(String text) {
		return (text.length() > 40) ? text.substring(0, 40) + "..." : text;
	}

}
