package io.safetykit.reconciler.store;

import java.util.List;

import io.safetykit.reconciler.safetykit.ResultItem;
import io.safetykit.reconciler.safetykit.ResultLabel;

/**
 * One request's complete set of items and labels, already in COPY's text format. Encoded on the
 * thread that fetched the answer, so that writing a chunk, which one thread does for the whole
 * run, only streams bytes to PostgreSQL.
 */
public final class ItemRows {

	/** Per thread, for the items and for the labels: reused, as most answers are alike in size. */
	private static final ThreadLocal<CopyTextBuffer[]> BUFFERS = ThreadLocal
		.withInitial(() -> new CopyTextBuffer[] { new CopyTextBuffer(64 * 1024), new CopyTextBuffer(64 * 1024) });

	/** A buffer grown past this by one huge answer is not kept. */
	private static final int KEPT_CAPACITY = 1024 * 1024;

	private final byte[] items;

	private final int itemCount;

	private final byte[] labels;

	private final int labelCount;

	private ItemRows(CopyTextBuffer items, CopyTextBuffer labels) {
		this.items = items.toByteArray();
		this.itemCount = items.rows();
		this.labels = labels.toByteArray();
		this.labelCount = labels.rows();
	}

	public static ItemRows encode(String namespace, String requestId, List<ResultItem> items) {
		CopyTextBuffer[] buffers = BUFFERS.get();
		CopyTextBuffer itemRows = buffers[0];
		CopyTextBuffer labelRows = buffers[1];
		itemRows.clear();
		labelRows.clear();
		for (ResultItem item : items) {
			itemRows.value(namespace).value(requestId).value(item.id()).value(item.url()).value(item.metadataJson())
				.value(item.fieldsJson()).value(item.actionsJson()).endRow();
			for (ResultLabel label : item.labels()) {
				labelRows.value(namespace).value(requestId).value(item.id()).value(label.label())
					.value(label.confidence()).value(label.explanation()).value(label.attributesJson()).endRow();
			}
		}
		ItemRows rows = new ItemRows(itemRows, labelRows);
		if (itemRows.array().length > KEPT_CAPACITY || labelRows.array().length > KEPT_CAPACITY) {
			BUFFERS.remove();
		}
		return rows;
	}

	public int itemCount() {
		return this.itemCount;
	}

	public int labelCount() {
		return this.labelCount;
	}

	/** Rows for {@code safetykit.item (namespace, request_id, item_id, url, metadata, fields, actions)}. */
	byte[] itemRows() {
		return this.items;
	}

	/**
	 * Rows for {@code safetykit.item_label (namespace, request_id, item_id, label, confidence,
	 * explanation, attributes)}.
	 */
	byte[] labelRows() {
		return this.labels;
	}

}
