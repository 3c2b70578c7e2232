package io.safetykit.reconciler.report;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * The page {@code report html} writes: its filters, when and from which database it was made, and
 * its charts, pivoted from the aggregates.
 *
 * @param database host (and port) and database name; never the user or a password
 */
record ReportPage(List<Fact> filters, Instant generatedAt, String database, List<Chart> charts) {

	/** The name a label without a verdict is shown under. */
	static final String NO_VERDICT = "(none)";

	/** One thing the page states about itself. */
	record Fact(String name, String value) {
	}

	static ReportPage of(ReportAggregates aggregates, HtmlReportOptions options, Instant generatedAt, String host) {
		List<Fact> filters = List.of(new Fact("Namespace", Objects.requireNonNullElse(options.namespace(), "all")),
				new Fact("From", day(options.from(), "the first day")),
				new Fact("To", day(options.to(), "the last day")));
		List<Chart> charts = List.of(labelsPerDay(aggregates.labels()), verdictsPerCategory(aggregates.labels()),
				outstanding(aggregates.outstanding()), expiring(aggregates.expiring()), runs(aggregates.runs()));
		return new ReportPage(filters, generatedAt, host + " / " + aggregates.databaseName(), charts);
	}

	private static String day(LocalDate day, String otherwise) {
		return (day != null) ? day + " (UTC)" : otherwise;
	}

	private static Chart labelsPerDay(List<ReportAggregates.LabelCount> labels) {
		return stacked("labels-per-day", "Labels per category per day",
				"Labels given each UTC day (the day the request completed), stacked by category.", Chart.Style.DAYS,
				"Day", distinct(labels, (l) -> l.day().toString()), labels, (l) -> l.day().toString(),
				ReportAggregates.LabelCount::category, ReportAggregates.LabelCount::labels);
	}

	private static Chart verdictsPerCategory(List<ReportAggregates.LabelCount> labels) {
		return stacked("verdicts-per-category", "Verdicts per category",
				"Labels of each category in the period, stacked by verdict (the text after the category's dot).",
				Chart.Style.STACKED, "Category", distinct(labels, ReportAggregates.LabelCount::category), labels,
				ReportAggregates.LabelCount::category,
				(l) -> Objects.requireNonNullElse(l.verdict(), NO_VERDICT), ReportAggregates.LabelCount::labels);
	}

	private static Chart outstanding(List<ReportAggregates.OutstandingCount> outstanding) {
		return stacked("outstanding-requests", "Outstanding requests by age and status",
				"Requests not yet succeeded or failed, by time since they were submitted, stacked by status.",
				Chart.Style.STACKED, "Age", ReportAggregates.AGE_BUCKETS, outstanding,
				(o) -> ReportAggregates.AGE_BUCKETS.get(o.bucket()), ReportAggregates.OutstandingCount::status,
				ReportAggregates.OutstandingCount::requests);
	}

	private static Chart expiring(List<ReportAggregates.ExpiringCount> expiring) {
		return stacked("import-links", "Import result links expiring or expired",
				"Result-file links that have expired or expire within 24 hours, stacked by namespace.",
				Chart.Style.STACKED, "Link", ReportAggregates.EXPIRY_BUCKETS, expiring,
				(e) -> ReportAggregates.EXPIRY_BUCKETS.get(e.bucket()), ReportAggregates.ExpiringCount::namespace,
				ReportAggregates.ExpiringCount::links);
	}

	private static Chart runs(List<ReportAggregates.Run> runs) {
		List<Chart.Series> series = runs.isEmpty() ? List.of()
				: List.of(new Chart.Series("duration", "s", column(runs, ReportAggregates.Run::seconds)),
						new Chart.Series("polled", null, column(runs, ReportAggregates.Run::polled)),
						new Chart.Series("succeeded", null, column(runs, ReportAggregates.Run::succeeded)),
						new Chart.Series("errors", null, column(runs, ReportAggregates.Run::errors)));
		return new Chart("last-runs", "Last " + HtmlReportQuery.LAST_RUNS + " runs",
				"Each run's duration in seconds (right axis) and requests polled, succeeded and in error; "
						+ "a run killed before its end has no counts.",
				Chart.Style.RUNS, "Run", runs.stream().map((r) -> Long.toString(r.id())).toList(), series,
				runs.stream().map(ReportAggregates.Run::status).toList());
	}

	private static List<Number> column(List<ReportAggregates.Run> runs, Function<ReportAggregates.Run, Number> value) {
		List<Number> values = new ArrayList<>(runs.size());
		runs.forEach((run) -> values.add(value.apply(run)));
		return values;
	}

	private static <T> List<String> distinct(List<T> items, Function<T, String> key) {
		return List.copyOf(new TreeSet<>(items.stream().map(key).toList()));
	}

	/** A row per {@code rows}, a series per distinct series key (sorted), zero where nothing was counted. */
	private static <T> Chart stacked(String id, String title, String description, Chart.Style style,
			String rowHeading, List<String> rows, List<T> items, Function<T, String> row, Function<T, String> series,
			ToLongFunction<T> value) {
		Map<String, Integer> index = new HashMap<>();
		rows.forEach((r) -> index.put(r, index.size()));
		Map<String, long[]> columns = new TreeMap<>();
		for (T item : items) {
			long[] column = columns.computeIfAbsent(series.apply(item), (name) -> new long[rows.size()]);
			column[index.get(row.apply(item))] += value.applyAsLong(item);
		}
		List<Chart.Series> all = new ArrayList<>(columns.size());
		columns.forEach((name, column) -> all
			.add(new Chart.Series(name, null, Arrays.stream(column).boxed().map(Number.class::cast).toList())));
		return new Chart(id, title, description, style, rowHeading, rows, all, List.of());
	}

}
