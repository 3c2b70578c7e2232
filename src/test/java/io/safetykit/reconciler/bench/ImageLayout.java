package io.safetykit.reconciler.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.springframework.util.FileSystemUtils;

/**
 * The jar as the container image runs it: extracted (the application jar beside {@code lib/}) and
 * started with the class-data archive of a training run of {@code demo}, as the Dockerfile makes
 * it. The training uses a database of its own, and the jobs run with {@code -Xshare:on}, so that a
 * run whose archive does not fit fails instead of quietly loading every class from the jars.
 */
final class ImageLayout {

	private static final Duration TRAINING_TIMEOUT = Duration.ofMinutes(5);

	private ImageLayout() {
	}

	/** The job's command up to its arguments: the JVM options, the archive and the extracted jar. */
	record Launch(List<String> jvmOptions, Path jar) {
	}

	/** Extracts {@code jar} into {@code directory}, trains the archive with the same options and returns how to run it. */
	static Launch prepare(Path jar, List<String> jvmOptions, Path directory, Path logs) throws Exception {
		FileSystemUtils.deleteRecursively(directory);
		Path extractLog = logs.resolve("image-extract.log");
		ChildProcess.Finished extracted = ChildProcess.run(List.of(ChildProcess.java(), "-Djarmode=tools", "-jar",
				jar.toString(), "extract", "--destination", directory.toString(), "--application-filename", "app.jar"),
				Map.of(), extractLog, TRAINING_TIMEOUT);
		check(extracted, "extracting " + jar);
		Path app = directory.resolve("app.jar").toAbsolutePath();
		Path archive = directory.resolve("app.jsa").toAbsolutePath();
		BenchDatabase training = new BenchDatabase(BenchScenario.database("cds_training"));
		training.recreate();
		List<String> command = new ArrayList<>(List.of(ChildProcess.java()));
		command.addAll(jvmOptions);
		command.addAll(List.of("-XX:ArchiveClassesAtExit=" + archive, "-Xlog:cds=off", "-Xlog:cds+dynamic=off", "-jar",
				app.toString(), "demo"));
		ChildProcess.Finished trained = ChildProcess.run(command,
				Map.of("SPRING_DATASOURCE_URL", training.url(), "SPRING_DATASOURCE_USERNAME", BenchDatabase.user(),
						"SPRING_DATASOURCE_PASSWORD", ""),
				logs.resolve("image-training.log"), TRAINING_TIMEOUT);
		check(trained, "the training run");
		if (!Files.isRegularFile(archive)) {
			throw new IllegalStateException("the training run wrote no " + archive + "; see " + trained.log());
		}
		List<String> options = new ArrayList<>(jvmOptions);
		options.addAll(List.of("-Xshare:on", "-XX:SharedArchiveFile=" + archive));
		return new Launch(List.copyOf(options), app);
	}

	private static void check(ChildProcess.Finished finished, String what) {
		if (finished.exitCode() != 0) {
			throw new IllegalStateException(what + " exited " + finished.exitCode() + "; see " + finished.log());
		}
	}

}
