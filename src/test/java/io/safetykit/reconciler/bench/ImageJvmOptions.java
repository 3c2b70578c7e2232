package io.safetykit.reconciler.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The JVM options the container image runs the job with ({@code JAVA_TOOL_OPTIONS} in the
 * Dockerfile), so that the benchmark measures the job as it is deployed. The heap option is left
 * out: the benchmark sets {@code -Xmx256m} itself.
 */
public final class ImageJvmOptions {

	private static final Pattern TOOL_OPTIONS = Pattern.compile("^ENV JAVA_TOOL_OPTIONS=\"([^\"]*)\"", Pattern.MULTILINE);

	private ImageJvmOptions() {
	}

	public static List<String> read(Path dockerfile) throws IOException {
		Matcher options = TOOL_OPTIONS.matcher(Files.readString(dockerfile));
		if (!options.find()) {
			throw new IllegalStateException("no ENV JAVA_TOOL_OPTIONS=\"...\" line in " + dockerfile);
		}
		return Arrays.stream(options.group(1).trim().split("\\s+"))
			.filter((option) -> !option.startsWith("-XX:MaxRAMPercentage="))
			.toList();
	}

}
