package io.safetykit.reconciler.store;

import java.nio.charset.StandardCharsets;
import java.util.List;

import io.safetykit.reconciler.safetykit.ResultItem;
import io.safetykit.reconciler.safetykit.ResultLabel;

/**
 * One request's complete set of items and labels, already in COPY's text format. Encoded on the
 * thread that fetched the answer, so that writing a chunk, which one thread does for the whole
 * run, only streams bytes to PostgreSQL. Every row ends with the job execution that observed it
 * ({@code job_execution_id}), written as a value: a column default that PostgreSQL computes for
 * each row made the COPY of a first completion several per cent slower.
 */
public final class ItemRows {

	/** The longest {@link Double#toString(double)}, as in {@code -2.2250738585072014E-308}. */
	private static final int MAX_DOUBLE_LENGTH = 24;

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

	/** The rows of {@code items}, a request's answer as observed by job execution {@code executionId}. */
	public static ItemRows encode(String namespace, String requestId, long executionId, List<ResultItem> items) {
		// the same digits end every row: encoded once
		byte[] execution = Long.toString(executionId).getBytes(StandardCharsets.US_ASCII);
		// sized from the values, so that an answer in ASCII without escapes is encoded without a copy
		CopyTextBuffer itemRows = new CopyTextBuffer(itemRowsLength(namespace, requestId, execution, items));
		CopyTextBuffer labelRows = new CopyTextBuffer(labelRowsLength(namespace, requestId, execution, items));
		for (ResultItem item : items) {
			itemRows.value(namespace).value(requestId).value(item.id()).value(item.url()).value(item.metadataJson())
				.value(item.fieldsJson()).value(item.actionsJson()).encodedValue(execution).endRow();
			for (ResultLabel label : item.labels()) {
				labelRows.value(namespace).value(requestId).value(item.id()).value(label.label())
					.value(label.confidence()).value(label.explanation()).value(label.attributesJson())
					.encodedValue(execution).endRow();
			}
		}
		return new ItemRows(itemRows, labelRows);
	}

	private static int itemRowsLength(String namespace, String requestId, byte[] execution, List<ResultItem> items) {
		long length = 0;
		for (ResultItem item : items) {
			length += namespace.length() + requestId.length() + length(item.id()) + length(item.url())
					+ length(item.metadataJson()) + length(item.fieldsJson()) + length(item.actionsJson())
					+ execution.length + 8;
		}
		return (int) Math.min(length, Integer.MAX_VALUE - 8);
	}

	private static int labelRowsLength(String namespace, String requestId, byte[] execution, List<ResultItem> items) {
		long length = 0;
		for (ResultItem item : items) {
			for (ResultLabel label : item.labels()) {
				length += namespace.length() + requestId.length() + item.id().length() + label.label().length()
						+ ((label.confidence() != null) ? MAX_DOUBLE_LENGTH : 2)
						+ length(label.explanation()) + label.attributesJson().length() + execution.length + 8;
			}
		}
		return (int) Math.min(length, Integer.MAX_VALUE - 8);
	}

	/** Characters of a value in COPY text: a null is {@code \N}. */
	private static int length(String value) {
		return (value != null) ? value.length() : 2;
	}

	public int itemCount() {
		return this.itemCount;
	}

	public int labelCount() {
		return this.labelCount;
	}

	/**
	 * Rows for {@code safetykit.item (namespace, request_id, item_id, url, metadata, fields, actions,
	 * job_execution_id)}.
	 */
	byte[] itemRows() {
		return this.items;
	}

	/**
	 * Rows for {@code safetykit.item_label (namespace, request_id, item_id, label, confidence,
	 * explanation, attributes, job_execution_id)}.
	 */
	byte[] labelRows() {
		return this.labels;
	}

}
