package io.safetykit.reconciler.support;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.safetykit.reconciler.ReconcilerApplication;

/**
 * The application as an operator runs it: a separate JVM with settings in its environment, so that
 * tests can read its exit code and output, and kill it.
 */
public final class ForkedReconciler implements AutoCloseable {

	private final Process process;

	private final Path output;

	private ForkedReconciler(Process process, Path output) {
		this.process = process;
		this.output = output;
	}

	/** Starts {@code java ... ReconcilerApplication args} with the test database and the given environment. */
	public static ForkedReconciler start(Map<String, String> environment, String... args) throws IOException {
		List<String> command = new ArrayList<>(List.of(javaBinary(), "-Xmx256m", "-cp",
				System.getProperty("java.class.path"), ReconcilerApplication.class.getName()));
		command.addAll(List.of(args));
		Path output = Files.createTempFile("reconciler-", ".log");
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
		builder.environment().put("SPRING_DATASOURCE_URL", TestDatabase.url());
		builder.environment().put("SPRING_DATASOURCE_USERNAME", TestDatabase.username());
		builder.environment().put("SPRING_DATASOURCE_PASSWORD", TestDatabase.password());
		builder.environment().putAll(environment);
		return new ForkedReconciler(builder.start(), output);
	}

	/** Runs to the end and returns the exit code. */
	public static Finished run(Map<String, String> environment, String... args) throws Exception {
		try (ForkedReconciler forked = start(environment, args)) {
			int code = forked.waitFor(Duration.ofSeconds(60));
			return new Finished(code, forked.output());
		}
	}

	public int waitFor(Duration timeout) throws InterruptedException {
		if (!this.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
			this.process.destroyForcibly();
			throw new IllegalStateException("the forked run did not end within " + timeout + ":\n" + output());
		}
		return this.process.exitValue();
	}

	/** SIGKILL: no shutdown hook, no finally block, nothing. */
	public void kill() throws InterruptedException {
		this.process.destroyForcibly();
		this.process.waitFor();
	}

	/** SIGTERM, as Kubernetes sends on eviction. */
	public void terminate() {
		this.process.destroy();
	}

	public boolean isAlive() {
		return this.process.isAlive();
	}

	public String output() {
		try {
			return Files.readString(this.output, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			return "(output unreadable: " + ex.getMessage() + ")";
		}
	}

	@Override
	public void close() throws IOException {
		if (this.process.isAlive()) {
			this.process.destroyForcibly();
		}
		Files.deleteIfExists(this.output);
	}

	private static String javaBinary() {
		return System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
	}

	/** Exit code and output of a finished run. */
	public record Finished(int exitCode, String output) {
	}

}
