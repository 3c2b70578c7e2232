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

	private final Path standardOutput;

	private final Path standardError;

	private ForkedReconciler(Process process, Path standardOutput, Path standardError) {
		this.process = process;
		this.standardOutput = standardOutput;
		this.standardError = standardError;
	}

	/** Starts {@code java ... ReconcilerApplication args} with the test database and the given environment. */
	public static ForkedReconciler start(Map<String, String> environment, String... args) throws IOException {
		List<String> command = new ArrayList<>(List.of(javaBinary(), "-Xmx256m", "-cp",
				System.getProperty("java.class.path"), ReconcilerApplication.class.getName()));
		command.addAll(List.of(args));
		Path standardOutput = Files.createTempFile("reconciler-", ".out");
		Path standardError = Files.createTempFile("reconciler-", ".log");
		ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(standardOutput.toFile())
			.redirectError(standardError.toFile());
		builder.environment().put("SPRING_DATASOURCE_URL", TestDatabase.url());
		builder.environment().put("SPRING_DATASOURCE_USERNAME", TestDatabase.username());
		builder.environment().put("SPRING_DATASOURCE_PASSWORD", TestDatabase.password());
		builder.environment().putAll(environment);
		return new ForkedReconciler(builder.start(), standardOutput, standardError);
	}

	/** Runs to the end and returns the exit code. */
	public static Finished run(Map<String, String> environment, String... args) throws Exception {
		try (ForkedReconciler forked = start(environment, args)) {
			int code = forked.waitFor(Duration.ofSeconds(60));
			return new Finished(code, forked.output(), forked.standardOutput());
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

	/** The log (standard error), then what the process printed on purpose (standard output). */
	public String output() {
		return read(this.standardError) + read(this.standardOutput);
	}

	public String standardOutput() {
		return read(this.standardOutput);
	}

	private static String read(Path file) {
		try {
			return Files.readString(file, StandardCharsets.UTF_8);
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
		Files.deleteIfExists(this.standardOutput);
		Files.deleteIfExists(this.standardError);
	}

	private static String javaBinary() {
		return System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
	}

	/** Exit code, output (log and standard output) and standard output alone of a finished run. */
	public record Finished(int exitCode, String output, String standardOutput) {
	}

}
