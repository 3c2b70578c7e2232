package io.safetykit.reconciler.report;

import java.io.IOException;
import java.util.List;

/** Writes a report's rows as they come, holding none of them. */
interface RowWriter {

	void header(List<Column> columns) throws IOException;

	/** One row, a value (or null) for each column given to {@link #header}. */
	void row(String[] values) throws IOException;

	/** Flushes what is buffered; the underlying writer stays open. */
	void finish() throws IOException;

}
