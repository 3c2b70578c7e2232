package io.safetykit.reconciler.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a command as a whole process to its end and measures it from outside: wall time, peak
 * resident memory (VmHWM sampled from /proc every 50 ms), CPU time, and the CPU time of its JIT
 * compiler threads when it is a JVM.
 */
final class ChildProcess {

	private static final long SAMPLE_MILLIS = 50;

	private ChildProcess() {
	}

	/** What a finished process did: its exit code, wall time, peak RSS, CPU time (its JIT's too) and output. */
	record Finished(int exitCode, Duration wall, long peakRssBytes, Duration cpu, Duration compilerCpu, Path log) {

		String output() throws IOException {
			return Files.readString(this.log);
		}

	}

	static Finished run(List<String> command, Map<String, String> environment, Path log, Duration timeout)
			throws IOException, InterruptedException {
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(log.toFile());
		// Only the settings given here reach the child: none leak in from the shell that started the harness.
		builder.environment().keySet().removeIf((name) -> name.startsWith("RECONCILER_")
				|| name.startsWith("SAFETYKIT_") || name.startsWith("SPRING_") || name.equals("JAVA_TOOL_OPTIONS"));
		builder.environment().putAll(environment);
		long start = System.nanoTime();
		Process process = builder.start();
		long deadline = start + timeout.toNanos();
		long peak = 0;
		Duration cpu = Duration.ZERO;
		CompilerThreads compiler = new CompilerThreads(process.pid());
		// VmHWM is the kernel's own high-water mark, so a sample taken shortly before the exit holds the
		// peak even if the peak itself fell between two samples.
		while (!process.waitFor(SAMPLE_MILLIS, TimeUnit.MILLISECONDS)) {
			peak = Math.max(peak, highWaterMark(process.pid()));
			cpu = process.toHandle().info().totalCpuDuration().orElse(cpu);
			compiler.sample();
			if (System.nanoTime() > deadline) {
				process.destroyForcibly().waitFor();
				throw new IllegalStateException(command.get(command.size() - 1) + " took longer than " + timeout
						+ "; see " + log);
			}
		}
		Duration wall = Duration.ofNanos(System.nanoTime() - start);
		return new Finished(process.exitValue(), wall, peak, cpu, compiler.cpu(), log);
	}

	/** VmHWM of a live process in bytes, 0 once it is gone. */
	static long highWaterMark(long pid) {
		return statusField(pid, "VmHWM:");
	}

	private static long statusField(long pid, String field) {
		try {
			for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
				if (line.startsWith(field)) {
					String[] parts = line.substring(field.length()).trim().split("\\s+");
					return Long.parseLong(parts[0]) * 1024;
				}
			}
		}
		catch (IOException | RuntimeException ex) {
			// The process ended between the check and the read.
		}
		return 0;
	}

	/** The java binary running this harness, so that every process of a run uses the same JDK. */
	static String java() {
		return Path.of(System.getProperty("java.home"), "bin", "java").toString();
	}

}
