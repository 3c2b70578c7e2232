package io.safetykit.reconciler.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The CPU time of a live JVM's JIT compiler threads, read from /proc: the threads named
 * {@code C1 CompilerThread} and {@code C2 CompilerThread} (their names cut to 15 characters in
 * {@code comm}). They are looked for again every second, because the JVM starts more of them under
 * load; the last reading of one that has ended is kept. Elsewhere than on Linux it reads zero.
 */
final class CompilerThreads {

	/** The kernel's clock tick for utime and stime (USER_HZ, 100 on Linux). */
	private static final Duration TICK = Duration.ofMillis(10);

	private static final Duration RESCAN = Duration.ofSeconds(1);

	private final Path tasks;

	private final Set<String> examined = new HashSet<>();

	private final Map<String, Long> ticks = new HashMap<>();

	private long nextScan;

	CompilerThreads(long pid) {
		this.tasks = Path.of("/proc", Long.toString(pid), "task");
		this.nextScan = System.nanoTime();
	}

	void sample() {
		if (System.nanoTime() - this.nextScan >= 0) {
			scan();
			this.nextScan = System.nanoTime() + RESCAN.toNanos();
		}
		this.ticks.replaceAll((thread, last) -> {
			long now = cpuTicks(thread);
			return (now >= 0) ? now : last;
		});
	}

	Duration cpu() {
		return TICK.multipliedBy(this.ticks.values().stream().mapToLong(Long::longValue).sum());
	}

	private void scan() {
		try (DirectoryStream<Path> threads = Files.newDirectoryStream(this.tasks)) {
			for (Path thread : threads) {
				String id = thread.getFileName().toString();
				if (this.examined.add(id)) {
					String name = Files.readString(thread.resolve("comm")).strip();
					if (name.startsWith("C1 CompilerThr") || name.startsWith("C2 CompilerThr")) {
						this.ticks.put(id, 0L);
					}
				}
			}
		}
		catch (IOException | RuntimeException ex) {
			// no /proc, or the process or a thread ended while it was read
		}
	}

	/** utime + stime of one thread, or -1 once it is gone. */
	private long cpuTicks(String thread) {
		try {
			String stat = Files.readString(this.tasks.resolve(thread).resolve("stat"));
			// the fields after the name, which is in parentheses and may hold spaces
			String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
			return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
		}
		catch (IOException | RuntimeException ex) {
			return -1;
		}
	}

}
