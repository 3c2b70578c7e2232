package io.safetykit.reconciler.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.function.Function;
import java.util.function.ToIntFunction;

import io.safetykit.reconciler.store.ChunkWriter.WrittenRows;

/** COPYs requests' items and labels into {@code safetykit.item} and {@code safetykit.item_label}. */
final class ItemCopy {

	private static final String COPY_ITEMS = """
			COPY safetykit.item (namespace, request_id, item_id, url, metadata, fields, actions, job_execution_id)
			FROM STDIN
			""";

	private static final String COPY_LABELS = """
			COPY safetykit.item_label (namespace, request_id, item_id, label, confidence, explanation, attributes,
			                           job_execution_id)
			FROM STDIN
			""";

	private ItemCopy() {
	}

	/** Writes the rows (the caller has made room for them); returns how many of each. */
	static WrittenRows copy(Connection connection, List<ItemRows> requests) throws SQLException {
		return copy(connection, COPY_ITEMS, COPY_LABELS, requests);
	}

	/** Writes the rows into two tables of the same columns as {@code item} and {@code item_label}. */
	static WrittenRows copy(Connection connection, String copyItems, String copyLabels, List<ItemRows> requests)
			throws SQLException {
		return new WrittenRows(copy(connection, copyItems, requests, ItemRows::itemRows, ItemRows::itemCount),
				copy(connection, copyLabels, requests, ItemRows::labelRows, ItemRows::labelCount));
	}

	private static long copy(Connection connection, String copySql, List<ItemRows> requests,
			Function<ItemRows, byte[]> rows, ToIntFunction<ItemRows> count) throws SQLException {
		if (requests.stream().mapToInt(count).sum() == 0) {
			return 0;
		}
		try (CopyText copy = CopyText.open(connection, copySql)) {
			for (ItemRows request : requests) {
				copy.encodedRows(rows.apply(request));
			}
			return copy.finish();
		}
	}

}
