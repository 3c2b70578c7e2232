package io.safetykit.reconciler.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The project's simulator started as a process of its own, so that its CPU is not the harness's or the job's. */
final class SimulatorProcess implements AutoCloseable {

	static final String API_KEY = "bench-key";

	private static final String READY = "simulator listening on ";

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
		List<String> command = List.of(ChildProcess.java(), "-Xmx1g", "-cp", classpath,
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
