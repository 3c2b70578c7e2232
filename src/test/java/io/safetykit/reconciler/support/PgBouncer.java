package io.safetykit.reconciler.support;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;

/**
 * A real PgBouncer (Debian's {@code pgbouncer}) in transaction pooling in front of the test
 * database, with a generated configuration in a directory of its own and fewer server connections
 * than its clients will open, so that they share them. PgBouncer refuses to run as root: as root it
 * runs as {@code nobody}. Tests using it are skipped when it is not installed, unless
 * {@code CI_TOOLS_REQUIRED} is set ({@code .ci/install-tools} installs it).
 */
public final class PgBouncer implements AutoCloseable {

	/** Server connections per database and user: fewer than one application's pool. */
	private static final int SERVER_CONNECTIONS = 4;

	private static final int NOBODY = 65534;

	private final Process process;

	private final Path directory;

	private final int port;

	private final String database;

	private PgBouncer(Process process, Path directory, int port, String database) {
		this.process = process;
		this.directory = directory;
		this.port = port;
		this.database = database;
	}

	/** Starts PgBouncer, or skips the calling test (fails it under {@code CI_TOOLS_REQUIRED}) if it is missing. */
	public static PgBouncer start() throws IOException, InterruptedException {
		Path binary = binary().orElse(null);
		if (binary == null) {
			String required = System.getenv("CI_TOOLS_REQUIRED");
			if (required != null && !required.isBlank()) {
				throw new AssertionError("pgbouncer is not installed, and CI_TOOLS_REQUIRED is set: run .ci/install-tools");
			}
			Assumptions.abort("pgbouncer is not installed (apt-get install pgbouncer): skipping the tests through a pooler");
		}
		URI server = URI.create(TestDatabase.url().substring("jdbc:".length()));
		String database = server.getPath().substring(1);
		int port = freePort();
		Path directory = Files.createTempDirectory("pgbouncer-");
		Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxr-xr-x"));
		Path users = write(directory.resolve("userlist.txt"),
				quoted(TestDatabase.username()) + " " + quoted(TestDatabase.password()) + "\n");
		Path config = write(directory.resolve("pgbouncer.ini"), String.join("\n", "[databases]",
				database + " = host=" + server.getHost() + " port=" + ((server.getPort() > 0) ? server.getPort() : 5432)
						+ " dbname=" + database,
				"[pgbouncer]", "listen_addr = 127.0.0.1", "listen_port = " + port, "unix_socket_dir =",
				"auth_type = trust", "auth_file = " + users, "pool_mode = transaction",
				"default_pool_size = " + SERVER_CONNECTIONS, "max_client_conn = 200",
				// pgjdbc sends it at start-up; PgBouncer refuses parameters it does not know
				"ignore_startup_parameters = extra_float_digits", ""));
		List<String> command = new ArrayList<>();
		if ("root".equals(System.getProperty("user.name"))) {
			command.addAll(List.of("setpriv", "--reuid=" + NOBODY, "--regid=" + NOBODY, "--clear-groups"));
		}
		command.addAll(List.of(binary.toString(), config.toString()));
		Process process = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(directory.resolve("pgbouncer.log").toFile())
			.start();
		PgBouncer bouncer = new PgBouncer(process, directory, port, database);
		Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
		bouncer.awaitListening();
		return bouncer;
	}

	/** The JDBC URL through PgBouncer, with what pgjdbc needs behind one before 1.21. */
	public String jdbcUrl() {
		return "jdbc:postgresql://127.0.0.1:" + this.port + "/" + this.database + "?prepareThreshold=0";
	}

	public String log() {
		try {
			return Files.readString(this.directory.resolve("pgbouncer.log"), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			return "(log unreadable: " + ex.getMessage() + ")";
		}
	}

	@Override
	public void close() throws IOException, InterruptedException {
		this.process.destroy();
		if (!this.process.waitFor(5, TimeUnit.SECONDS)) {
			this.process.destroyForcibly();
			this.process.waitFor();
		}
		try (Stream<Path> files = Files.walk(this.directory)) {
			for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
				Files.delete(file);
			}
		}
	}

	private void awaitListening() throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
		while (System.nanoTime() < deadline) {
			if (!this.process.isAlive()) {
				throw new IllegalStateException("pgbouncer exited " + this.process.exitValue() + ":\n" + log());
			}
			try (Socket socket = new Socket()) {
				socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), this.port), 500);
				return;
			}
			catch (IOException ex) {
				Thread.sleep(100);
			}
		}
		throw new IllegalStateException("pgbouncer did not listen on port " + this.port + " within 15s:\n" + log());
	}

	private static Optional<Path> binary() {
		List<String> directories = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)));
		directories.addAll(List.of("/usr/sbin", "/usr/local/sbin"));
		return directories.stream()
			.filter((d) -> !d.isBlank())
			.map((d) -> Path.of(d, "pgbouncer"))
			.filter(Files::isExecutable)
			.findFirst();
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

	private static Path write(Path file, String text) throws IOException {
		Files.writeString(file, text, StandardCharsets.UTF_8);
		Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
		return file;
	}

	private static String quoted(String value) {
		return "\"" + value.replace("\"", "\"\"") + "\"";
	}

}
