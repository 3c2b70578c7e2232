package io.safetykit.reconciler.bench;

import java.time.Duration;
import java.util.Locale;

/**
 * What one run of a re-fetch scenario (E, F) measured: the backfill's own time (its wall time minus
 * that of a run with nothing to do) and the rows it added to the decision history.
 */
record RefetchFigures(BenchScenario scenario, Duration jobWall, Duration emptyWall, JobSummary summary,
		BenchDatabase.History added, long peakRssBytes) {

	double netSeconds() {
		return (this.jobWall.toNanos() - this.emptyWall.toNanos()) / 1e9;
	}

	double rowsPerSecond() {
		return (this.summary.items() + this.summary.labels()) / netSeconds();
	}

	double historyRows() {
		return this.added.itemVersions() + this.added.labelVersions();
	}

	double peakRssMb() {
		return this.peakRssBytes / (1024.0 * 1024.0);
	}

	String line() {
		return String.format(Locale.ROOT,
				"wall=%.2fs empty=%.2fs net=%.2fs items+labels/s=%.0f item_versions_added=%d label_versions_added=%d "
						+ "labels_changed_events=%d peak_rss_mb=%.0f in_job: duration=%.1fs",
				this.jobWall.toMillis() / 1000.0, this.emptyWall.toMillis() / 1000.0, netSeconds(), rowsPerSecond(),
				this.added.itemVersions(), this.added.labelVersions(), this.added.events(), peakRssMb(),
				this.summary.seconds());
	}

}
