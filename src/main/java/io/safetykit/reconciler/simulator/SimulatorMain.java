package io.safetykit.reconciler.simulator;

import java.time.format.DateTimeParseException;
import java.util.concurrent.CountDownLatch;

/** Runs the simulator on its own, e.g. for benchmarks against a separately started job. */
public final class SimulatorMain {

	private SimulatorMain() {
	}

	public static void main(String[] args) throws InterruptedException {
		SimulatorSettings settings;
		try {
			settings = SimulatorArguments.parse(args);
		}
		catch (IllegalArgumentException | DateTimeParseException ex) {
			System.err.println(ex.getMessage());
			System.err.println(SimulatorArguments.USAGE);
			System.exit(2);
			return;
		}
		SafetyKitSimulator simulator = SafetyKitSimulator.start(settings);
		Runtime.getRuntime().addShutdownHook(new Thread(simulator::close, "safetykit-simulator-shutdown"));
		// Scripts wait for this exact line to learn the port.
		System.out.println("simulator listening on " + simulator.baseUri());
		System.out.flush();
		// Serve until killed; the shutdown hook stops the server.
		new CountDownLatch(1).await();
	}

}
