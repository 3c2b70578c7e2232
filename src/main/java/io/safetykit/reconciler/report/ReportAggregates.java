package io.safetykit.reconciler.report;

import java.time.LocalDate;
import java.util.List;

/**
 * What {@code report html} reads from the database: aggregates only, a few hundred rows however
 * many labels there are.
 */
record ReportAggregates(String databaseName, List<LabelCount> labels, List<OutstandingCount> outstanding,
		List<ExpiringCount> expiring, List<Run> runs) {

	/** Labels given in one category with one verdict (null: the label has none) on one UTC day. */
	record LabelCount(LocalDate day, String category, String verdict, long labels) {
	}

	/** Unfinished requests of one status in one age bucket ({@link #AGE_BUCKETS}). */
	record OutstandingCount(int bucket, String status, long requests) {
	}

	/** Import result links of one namespace in one expiry bucket ({@link #EXPIRY_BUCKETS}). */
	record ExpiringCount(int bucket, String namespace, long links) {
	}

	/** One job execution; the counts are null when the run never recorded its summary. */
	record Run(long id, String status, Double seconds, Long polled, Long succeeded, Long errors) {
	}

	/** The age buckets of unfinished requests, by index. */
	static final List<String> AGE_BUCKETS = List.of("under 1 h", "1 h to 1 day", "1 to 7 days", "over 7 days");

	/** The expiry buckets of import result links, by index. */
	static final List<String> EXPIRY_BUCKETS = List.of("expired", "within 1 h", "in 1 to 6 h", "in 6 to 24 h");

}
