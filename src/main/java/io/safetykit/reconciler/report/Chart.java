package io.safetykit.reconciler.report;

import java.util.List;

/**
 * One chart of {@code report html} and the numbers it draws, which are also its table: a row per
 * point on the x axis, a column per series.
 *
 * @param rows the x axis, in order (UTC days as {@code YYYY-MM-DD} for {@link Style#DAYS})
 * @param statuses a text column beside the numbers (the runs' final status), or empty
 */
record Chart(String id, String title, String description, Style style, String rowHeading, List<String> rows,
		List<Series> series, List<String> statuses) {

	/** How the page draws it. */
	enum Style {

		/** Stacked bars over a time axis of UTC days. */
		DAYS,

		/** Stacked bars over named groups. */
		STACKED,

		/** Lines with points over the runs, the durations on an axis of their own. */
		RUNS

	}

	/**
	 * One series: a value (null: not known) per row.
	 *
	 * @param unit {@code s} for seconds, drawn on their own axis; null for counts
	 */
	record Series(String name, String unit, List<Number> values) {
	}

	boolean isEmpty() {
		return this.rows.isEmpty() || this.series.isEmpty();
	}

}
