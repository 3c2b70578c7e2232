package io.safetykit.reconciler.simulator;

import java.util.concurrent.atomic.LongAdder;

/** What reached the download-url operation and the file host, for tests and benchmarks to assert on. */
final class SimulatorCounters {

	final LongAdder downloadUrlCalls = new LongAdder();

	final LongAdder fileDownloads = new LongAdder();

	final LongAdder authorizationHeadersSeenByFileHost = new LongAdder();

}
