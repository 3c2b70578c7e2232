package io.safetykit.reconciler.reconcile;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The process that holds a claim lease, as {@code safetykit.run_lease} records it: a line for
 * operators ({@code pid 4711 on host}) and, on Linux, a key by which another process on the same
 * machine can tell at once whether the holder still runs: the kernel's boot id, the pid namespace,
 * the pid and the process's start time in clock ticks since boot. A run killed with -9 thus frees
 * its claims for the next run on the same machine at once, not one lease later. Whatever cannot be
 * proved gone (another host or pod, another pid namespace, no {@code /proc}) is left to the lease.
 */
record HolderProcess(String description, String key) {

	private static final Path PROC = Path.of("/proc");

	/** This JVM, with a null key where the machine does not tell what the key needs. */
	static HolderProcess current() {
		long pid = ProcessHandle.current().pid();
		return new HolderProcess("pid " + pid + " on " + hostName(), keyOf(pid).orElse(null));
	}

	/** The key of a running process of this machine and pid namespace, if it can be read. */
	static Optional<String> keyOf(long pid) {
		Optional<String> namespace = namespace();
		Optional<String> started = stat(pid).filter(Stat::running).map(Stat::startTicks);
		if (namespace.isEmpty() || started.isEmpty()) {
			return Optional.empty();
		}
		return Optional.of(namespace.get() + "/" + pid + "/" + started.get());
	}

	/**
	 * True only when {@code key} names a process of this machine and pid namespace that no longer
	 * runs: no process has its pid, or it is a zombie, or the pid now belongs to a later process.
	 */
	static boolean isGone(String key) {
		Optional<String> namespace = namespace();
		if (key == null || namespace.isEmpty() || !key.startsWith(namespace.get() + "/")) {
			return false;
		}
		String[] pidAndStart = key.substring(namespace.get().length() + 1).split("/");
		if (pidAndStart.length != 2 || !pidAndStart[0].matches("[0-9]{1,18}")) {
			return false;
		}
		try {
			Optional<Stat> stat = readStat(Long.parseLong(pidAndStart[0]));
			return stat.isEmpty() || !stat.get().running() || !stat.get().startTicks().equals(pidAndStart[1]);
		}
		catch (IOException | RuntimeException ex) {
			return false;
		}
	}

	/** The kernel's boot id and this process's pid namespace: equal for every process that shares both. */
	private static Optional<String> namespace() {
		try {
			String bootId = Files.readString(PROC.resolve("sys/kernel/random/boot_id")).trim();
			String pidNamespace = Files.readSymbolicLink(PROC.resolve("self/ns/pid")).toString();
			return Optional.of(bootId + "/" + pidNamespace);
		}
		catch (IOException | RuntimeException ex) {
			return Optional.empty();
		}
	}

	private static Optional<Stat> stat(long pid) {
		try {
			return readStat(pid);
		}
		catch (IOException | RuntimeException ex) {
			return Optional.empty();
		}
	}

	/** {@code /proc/<pid>/stat}: empty when there is no such process; throws when it cannot be read. */
	private static Optional<Stat> readStat(long pid) throws IOException {
		String line;
		try {
			line = Files.readString(PROC.resolve(Long.toString(pid)).resolve("stat"));
		}
		catch (NoSuchFileException ex) {
			return Optional.empty();
		}
		// "pid (command) state ppid ...": the command may hold spaces and parentheses
		String[] fields = line.substring(line.lastIndexOf(')') + 2).trim().split(" ");
		// after the command: state is the first field, starttime (field 22 of the line) the 20th
		if (fields.length < 20) {
			throw new IOException("unexpected /proc/" + pid + "/stat");
		}
		return Optional.of(new Stat(!fields[0].equals("Z") && !fields[0].equals("X"), fields[19]));
	}

	private static String hostName() {
		String host = System.getenv("HOSTNAME");
		if (host == null || host.isBlank()) {
			try {
				host = InetAddress.getLocalHost().getHostName();
			}
			catch (UnknownHostException ex) {
				host = "unknown host";
			}
		}
		return host;
	}

	private record Stat(boolean running, String startTicks) {
	}

}
