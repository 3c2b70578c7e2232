package io.safetykit.reconciler.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

import io.safetykit.reconciler.safetykit.ResultItem;
import io.safetykit.reconciler.safetykit.ResultLabel;
import io.safetykit.reconciler.store.ChunkWrite.ItemReplacement;
import io.safetykit.reconciler.store.ChunkWriter.WrittenRows;

/** COPYs requests' items and labels into {@code safetykit.item} and {@code safetykit.item_label}. */
final class ItemCopy {

	private static final String COPY_ITEMS = """
			COPY safetykit.item (namespace, request_id, item_id, url, metadata, fields, actions) FROM STDIN
			""";

	private static final String COPY_LABELS = """
			COPY safetykit.item_label (namespace, request_id, item_id, label, confidence, explanation, attributes)
			FROM STDIN
			""";

	private ItemCopy() {
	}

	/** Writes the rows (the caller has made room for them); returns how many of each. */
	static WrittenRows copy(Connection connection, List<ItemReplacement> requests) throws SQLException {
		long items;
		try (CopyText copy = CopyText.open(connection, COPY_ITEMS)) {
			for (ItemReplacement request : requests) {
				for (ResultItem item : request.items()) {
					copy.value(request.namespace()).value(request.requestId()).value(item.id()).value(item.url())
						.value(item.metadataJson()).value(item.fieldsJson()).value(item.actionsJson()).endRow();
				}
			}
			items = copy.finish();
		}
		long labels;
		try (CopyText copy = CopyText.open(connection, COPY_LABELS)) {
			for (ItemReplacement request : requests) {
				for (ResultItem item : request.items()) {
					for (ResultLabel label : item.labels()) {
						copy.value(request.namespace()).value(request.requestId()).value(item.id())
							.value(label.label()).value(label.confidence()).value(label.explanation())
							.value(label.attributesJson()).endRow();
					}
				}
			}
			labels = copy.finish();
		}
		return new WrittenRows(items, labels);
	}

}
