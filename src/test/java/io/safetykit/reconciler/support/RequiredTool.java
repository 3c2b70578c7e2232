package io.safetykit.reconciler.support;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Assumptions;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A Debian tool that some tests drive ({@code .ci/install-tools} installs them): missing, the test
 * is skipped with a message, unless {@code CI_TOOLS_REQUIRED} is set, where it fails.
 */
public final class RequiredTool {

	private RequiredTool() {
	}

	/** The path of {@code command} on the {@code PATH}. */
	public static Path find(String command, String debianPackage) {
		Path found = null;
		for (String directory : System.getenv().getOrDefault("PATH", "").split(":")) {
			Path candidate = Path.of(directory.isEmpty() ? "." : directory, command);
			if (found == null && Files.isExecutable(candidate)) {
				found = candidate;
			}
		}
		String message = command + " is not installed (Debian package " + debianPackage
				+ "; .ci/install-tools installs it)";
		if (System.getenv("CI_TOOLS_REQUIRED") != null) {
			assertThat(found).as(message + ", and CI_TOOLS_REQUIRED is set").isNotNull();
		}
		Assumptions.assumeTrue(found != null, message);
		return found;
	}

}
