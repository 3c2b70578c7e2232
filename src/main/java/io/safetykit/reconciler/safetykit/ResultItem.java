package io.safetykit.reconciler.safetykit;

import java.util.List;

/**
 * One result object: an entry of an Add answer's {@code data} array or one line of an Import's
 * result file. JSON members are kept as JSON text for the {@code jsonb} columns; null when absent.
 */
public record ResultItem(String id, String url, String metadataJson, String fieldsJson, String actionsJson,
		List<ResultLabel> labels) {
}
