package io.safetykit.reconciler.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/** The project's simulator started as a process of its own, so that its CPU is not the harness's or the job's. */
final class SimulatorProcess implements AutoCloseable {

	static final String API_KEY = "bench-key";

	private static final String READY = "simulator listening on ";

	private static final int WARM_UP_ROUND_CALLS = 2_000;

	private static final int WARM_UP_MAX_ROUNDS = 10;

	/** A warm-up round that costs the simulator at least this share of the round before has not made it cheaper. */
	private static final double STEADY = 0.9;

	private final Process process;

	private final URI baseUri;

	private SimulatorProcess(Process process, URI baseUri) {
		this.process = process;
		this.baseUri = baseUri;
	}

	static SimulatorProcess start(BenchScenario scenario, String classpath) throws IOException {
		return start(scenario, classpath, 0);
	}

	/** A simulator whose every n-th item answers a revised decision (0: none). */
	static SimulatorProcess start(BenchScenario scenario, String classpath, int revisedEvery) throws IOException {
		// C1 alone. With the optimising compiler the simulator was still compiling its answers during
		// scenario B's measured run, however long it was warmed (on two cores, work queued for C2 under
		// the warm-up's load is delayed, goes stale and comes back when the job's calls arrive), and took
		// 1.7-2.8 s of CPU from the job's cores there against 0.6-1.2 s with C1. SafetyKit's servers take
		// none of them. A long run pays for it instead: C1 costs the simulator a quarter to a half more CPU
		// in A (7.7-8.9 s against 6.0-6.2 s over 30,000 calls).
		List<String> command = List.of(ChildProcess.java(), "-Xmx1g", "-XX:TieredStopAtLevel=1", "-cp", classpath,
				"io.safetykit.reconciler.simulator.SimulatorMain", "--latency", scenario.latency().toMillis() + "ms",
				"--items", Integer.toString(scenario.items()), "--labels", Integer.toString(scenario.labels()),
				"--api-key", API_KEY, "--threads", "256", "--kind", scenario.kind(), "--revised-every",
				Integer.toString(revisedEvery));
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
		String line;
		while ((line = out.readLine()) != null) {
			if (line.startsWith(READY)) {
				// Keep reading so that a chatty simulator never blocks on a full pipe.
				Thread drain = new Thread(() -> drain(out), "simulator-output");
				drain.setDaemon(true);
				drain.start();
				return new SimulatorProcess(process, URI.create(line.substring(READY.length()).trim()));
			}
		}
		process.destroyForcibly();
		throw new IllegalStateException("the simulator exited before it listened");
	}

	/**
	 * Calls the simulator in rounds of 2,000 status calls, on ids of its own, until a round costs it
	 * no less CPU than {@value #STEADY} of the round before (at most {@value #WARM_UP_MAX_ROUNDS}), so
	 * that its JIT compiles before the measurement and not during it, where it would take the job's
	 * cores; prints how many calls that took.
	 */
	void warmUp(int concurrency) throws Exception {
		Duration previous = null;
		for (int round = 1;; round++) {
			String prefix = "warmup" + round + "_";
			List<String> ids = BenchDatabase.requestIds(WARM_UP_ROUND_CALLS).stream().map((id) -> prefix + id).toList();
			Duration before = cpu();
			BareHttpLoop.run(BareHttpLoop.Client.URL_CONNECTION, this.baseUri, ids, concurrency);
			Duration spent = cpu().minus(before);
			boolean steady = previous != null && spent.toNanos() >= previous.toNanos() * STEADY;
			if (steady || round == WARM_UP_MAX_ROUNDS) {
				System.out.println(String.format(Locale.ROOT, "simulator warmed by %,d calls%s: %.2f ms of its CPU per call",
						round * WARM_UP_ROUND_CALLS, steady ? "" : " (not yet steady)",
						spent.toNanos() / 1e6 / WARM_UP_ROUND_CALLS));
				return;
			}
			previous = spent;
		}
	}

	URI baseUri() {
		return this.baseUri;
	}

	Duration cpu() {
		return this.process.toHandle().info().totalCpuDuration().orElse(Duration.ZERO);
	}

	@Override
	public void close() throws InterruptedException {
		this.process.destroy();
		if (!this.process.waitFor(10, TimeUnit.SECONDS)) {
			this.process.destroyForcibly().waitFor();
		}
	}

	private static void drain(BufferedReader out) {
		try {
			while (out.readLine() != null) {
				// discard
			}
		}
		catch (IOException ex) {
			// the simulator is gone
		}
	}

}
