package io.safetykit.reconciler.safetykit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;

/** Reads one result object ({@code {id, output: {actions, fields, labels}, url, metadata}}). */
public final class ResultItemParser {

	private ResultItemParser() {
	}

	public static ResultItem parse(JsonNode node) throws MalformedResponseException {
		if (node == null || !node.isObject()) {
			throw new MalformedResponseException("an item is not a JSON object");
		}
		String id = scalarText(node.get("id"));
		if (id == null || id.isEmpty()) {
			throw new MalformedResponseException("an item has no id");
		}
		JsonNode output = node.get("output");
		String fields = null;
		String actions = null;
		List<ResultLabel> labels = List.of();
		if (output != null && !output.isNull()) {
			if (!output.isObject()) {
				throw new MalformedResponseException("item " + quoted(id) + " has an output that is not an object");
			}
			fields = jsonOrNull(output.get("fields"));
			actions = jsonOrNull(output.get("actions"));
			labels = parseLabels(id, output.get("labels"));
		}
		JsonNode url = node.get("url");
		if (url != null && !url.isNull() && !url.isString()) {
			throw new MalformedResponseException("item " + quoted(id) + " has a url that is not a string");
		}
		return new ResultItem(id, (url == null || url.isNull()) ? null : url.stringValue(),
				jsonOrNull(node.get("metadata")), fields, actions, labels);
	}

	private static List<ResultLabel> parseLabels(String itemId, JsonNode labels) throws MalformedResponseException {
		if (labels == null || labels.isNull()) {
			return List.of();
		}
		if (!labels.isArray()) {
			throw new MalformedResponseException("item " + quoted(itemId) + " has labels that are not an array");
		}
		// a label repeated within one item collapses to one row; the last occurrence wins
		Map<String, ResultLabel> byName = new LinkedHashMap<>();
		for (JsonNode labelNode : labels) {
			ResultLabel label = parseLabel(itemId, labelNode);
			byName.remove(label.label());
			byName.put(label.label(), label);
		}
		return List.copyOf(byName.values());
	}

	private static ResultLabel parseLabel(String itemId, JsonNode node) throws MalformedResponseException {
		if (node.isString() && !node.stringValue().isEmpty()) {
			return new ResultLabel(node.stringValue(), null, null, "{\"label\":" + JsonText.of(node) + "}");
		}
		if (!node.isObject()) {
			throw new MalformedResponseException("item " + quoted(itemId) + " has a label that is not an object");
		}
		JsonNode name = node.get("label");
		if (name == null || !name.isString() || name.stringValue().isEmpty()) {
			throw new MalformedResponseException("item " + quoted(itemId) + " has a label without a label name");
		}
		return new ResultLabel(name.stringValue(), confidence(node.get("confidence")),
				scalarText(node.get("explanation")), JsonText.of(node));
	}

	private static Double confidence(JsonNode node) {
		if (node == null || node.isNull()) {
			return null;
		}
		if (node.isNumber()) {
			double value = node.doubleValue();
			return Double.isFinite(value) ? value : null;
		}
		if (node.isString()) {
			try {
				double value = Double.parseDouble(node.stringValue().trim());
				return Double.isFinite(value) ? value : null;
			}
			catch (NumberFormatException ex) {
				return null; // kept verbatim in attributes
			}
		}
		return null;
	}

	/** Text of a string or number member; null when absent, null or structured. */
	static String scalarText(JsonNode node) {
		if (node == null || node.isNull()) {
			return null;
		}
		if (node.isString()) {
			return node.stringValue();
		}
		if (node.isIntegralNumber() || node.isNumber() || node.isBoolean()) {
			return node.asString();
		}
		return null;
	}

	private static String jsonOrNull(JsonNode node) {
		return (node == null || node.isNull() || node.isMissingNode()) ? null : JsonText.of(node);
	}

	private static String quoted(String id) {
		String shown = (id.length() > 80) ? id.substring(0, 80) + "..." : id;
		return "'" + shown + "'";
	}

}
