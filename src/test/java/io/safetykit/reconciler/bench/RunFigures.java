package io.safetykit.reconciler.bench;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * What one run of a scenario measured. The job's own time is its wall time as a whole process
 * minus that of a run with nothing to do (JVM start, Spring context, Flyway check, shutdown).
 */
record RunFigures(BenchScenario scenario, Duration jobWall, Duration emptyWall, JobSummary summary,
		long peakRssBytes, Duration jobCpu, Duration emptyCpu, Duration jobCompilerCpu, Duration emptyCompilerCpu,
		Duration simulatorCpu, RawCopy.Timed copy,
		Map<BareHttpLoop.Client, Duration> bareLoops) {

	double netSeconds() {
		return (this.jobWall.toNanos() - this.emptyWall.toNanos()) / 1e9;
	}

	double callsPerSecond() {
		return this.summary.calls() / netSeconds();
	}

	double ratioToCeiling() {
		return callsPerSecond() / this.scenario.callsPerSecondCeiling();
	}

	double rowsPerSecond() {
		return (this.summary.items() + this.summary.labels()) / netSeconds();
	}

	double copyRowsPerSecond() {
		return this.copy.rowsPerSecond();
	}

	double ratioToCopy() {
		return rowsPerSecond() / copyRowsPerSecond();
	}

	/** The fastest bare loop's calls per second (0 without one). */
	double bareCallsPerSecond() {
		return this.bareLoops.values().stream().mapToDouble(this::callsPerSecond).max().orElse(0);
	}

	private double callsPerSecond(Duration bareLoop) {
		return this.scenario.requests() * 1e9 / bareLoop.toNanos();
	}

	private String bareLoopLine() {
		StringBuilder line = new StringBuilder();
		this.bareLoops.forEach((client, duration) -> line.append(String.format(Locale.ROOT, " bare_%s_calls/s=%.1f",
				client.label(), callsPerSecond(duration))));
		return line.toString();
	}

	double ratioToBare() {
		return callsPerSecond() / bareCallsPerSecond();
	}

	double bareRatioToCeiling() {
		return bareCallsPerSecond() / this.scenario.callsPerSecondCeiling();
	}

	/** Calls per second over the job's own {@code duration} (from its first claim to its summary). */
	double inJobCallsPerSecond() {
		return this.summary.calls() / this.summary.seconds();
	}

	double inJobRatioToCeiling() {
		return inJobCallsPerSecond() / this.scenario.callsPerSecondCeiling();
	}

	double inJobRatioToBare() {
		return inJobCallsPerSecond() / bareCallsPerSecond();
	}

	double inJobRowsPerSecond() {
		return (this.summary.items() + this.summary.labels()) / this.summary.seconds();
	}

	double inJobRatioToCopy() {
		return inJobRowsPerSecond() / copyRowsPerSecond();
	}

	/** CPU the job spent per call beyond what a run with nothing to do spends, in all its threads. */
	double cpuMillisPerCall() {
		return this.jobCpu.minus(this.emptyCpu).toNanos() / 1e6 / this.summary.calls();
	}

	/** CPU the JIT's compiler threads spent beyond what they spend in a run with nothing to do. */
	double compilerSeconds() {
		return this.jobCompilerCpu.minus(this.emptyCompilerCpu).toMillis() / 1000.0;
	}

	double peakRssMb() {
		return this.peakRssBytes / (1024.0 * 1024.0);
	}

	String line() {
		return String.format(Locale.ROOT,
				"wall=%.2fs empty=%.2fs net=%.2fs calls=%d calls/s=%.1f ratio_to_C/L=%.3f "
						+ "items+labels/s=%.0f copy_rows/s=%.0f ratio_to_copy=%.3f "
						+ "bare_calls/s=%.1f bare_ratio_to_C/L=%.3f ratio_to_bare=%.3f "
						+ "peak_rss_mb=%.0f job_cpu=%.1fs empty_cpu=%.1fs cpu_ms/call=%.2f jit_cpu=%.1fs "
						+ "simulator_cpu=%.1fs "
						+ "in_job: duration=%.1fs calls/s=%.1f items+labels/s=%.0f%s",
				this.jobWall.toMillis() / 1000.0, this.emptyWall.toMillis() / 1000.0, netSeconds(),
				this.summary.calls(), callsPerSecond(), ratioToCeiling(), rowsPerSecond(), copyRowsPerSecond(),
				ratioToCopy(), bareCallsPerSecond(), bareRatioToCeiling(), ratioToBare(), peakRssMb(),
				this.jobCpu.toMillis() / 1000.0, this.emptyCpu.toMillis() / 1000.0, cpuMillisPerCall(),
				compilerSeconds(), this.simulatorCpu.toMillis() / 1000.0, this.summary.seconds(), inJobCallsPerSecond(),
				inJobRowsPerSecond(), bareLoopLine());
	}

}
