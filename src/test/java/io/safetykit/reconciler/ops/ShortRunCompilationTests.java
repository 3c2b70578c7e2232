package io.safetykit.reconciler.ops;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import com.sun.management.VMOption;
import com.sun.management.VMOption.Origin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class ShortRunCompilationTests {

	@Test
	void appliesOnlyWhenTheJvmChoseItsCompilersItself() {
		assertThat(ShortRunCompilation.tieredAsTheJvmChoseIt(options(Map.of()))).isTrue();
		assertThat(ShortRunCompilation.tieredAsTheJvmChoseIt(
				options(Map.of("TieredStopAtLevel", new VMOption("TieredStopAtLevel", "4", true, Origin.VM_CREATION)))))
			.as("-XX:TieredStopAtLevel=4 asks for C2").isFalse();
		assertThat(ShortRunCompilation.tieredAsTheJvmChoseIt(
				options(Map.of("TieredStopAtLevel", new VMOption("TieredStopAtLevel", "1", true, Origin.ENVIRON_VAR)))))
			.as("JAVA_TOOL_OPTIONS, as the image sets it").isFalse();
		assertThat(ShortRunCompilation.tieredAsTheJvmChoseIt(
				options(Map.of("TieredCompilation", new VMOption("TieredCompilation", "false", true, Origin.VM_CREATION)))))
			.as("C2 alone: excluding it would leave the interpreter").isFalse();
		assertThat(ShortRunCompilation.tieredAsTheJvmChoseIt(
				options(Map.of("CompilationMode", new VMOption("CompilationMode", "high-only", false, Origin.VM_CREATION)))))
			.isFalse();
	}

	@Test
	void seesCompilerOptionsOnTheCommandLineWithoutAskingTheJvm() {
		assertThat(ShortRunCompilation.namesACompilerOption(
				"-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError -XX:TieredStopAtLevel=1 -XX:+UseSerialGC", null, ""))
			.isTrue();
		assertThat(ShortRunCompilation.namesACompilerOption(null, null, "-Xmx256m -XX:-TieredCompilation -jar app.jar"))
			.isTrue();
		assertThat(ShortRunCompilation.namesACompilerOption(null, null, "-Xmx256m -jar app.jar run namespace=TieredStopAtLevel"))
			.as("a job parameter is not a JVM option").isFalse();
		assertThat(ShortRunCompilation.namesACompilerOption(null, null, "")).isFalse();
	}

	@Test
	void aJvmWithItsDefaultsCompilesHotCodeWithC1Only() throws Exception {
		Probed probed = probe(Map.of());
		assertThat(probed.applied()).as(probed.output()).isTrue();
		assertThat(probed.levels()).as(probed.output()).contains(1).doesNotContain(4);
		assertThat(probed.output()).as("an operator is told, and told how to keep C2")
			.contains("JIT: C1 only for this run").contains("-XX:TieredStopAtLevel=4");
	}

	@Test
	void aTemporaryDirectoryWithSpacesAndEqualsSignsStillTakesTheDirective(@TempDir Path directory) throws Exception {
		// the diagnostic command splits its arguments at spaces and reads a=b as an option
		Path temporary = Files.createDirectories(directory.resolve("a b=c"));
		Probed probed = probe(Map.of(), "-Djava.io.tmpdir=" + temporary);
		assertThat(probed.applied()).as(probed.output()).isTrue();
		assertThat(probed.levels()).as(probed.output()).contains(1).doesNotContain(4);
	}

	@Test
	void aJvmGivenItsCompilersIsLeftAsItWasStarted() throws Exception {
		Probed probed = probe(Map.of(), "-XX:TieredStopAtLevel=4");
		assertThat(probed.applied()).as(probed.output()).isFalse();
		assertThat(probed.levels()).as("the probe's method is hot enough for C2: " + probed.output()).contains(4);
		assertThat(probed.output()).doesNotContain("JIT: C1 only");
	}

	@Test
	void compilersNamedInJavaToolOptionsAsTheImageDoesAreLeftAlone() throws Exception {
		Probed probed = probe(Map.of("JAVA_TOOL_OPTIONS", "-XX:+UseSerialGC -XX:TieredStopAtLevel=4"));
		assertThat(probed.applied()).as(probed.output()).isFalse();
		assertThat(probed.levels()).as(probed.output()).contains(4);
	}

	@Test
	void anOptionFileIsSeenThroughTheJvm(@TempDir Path directory) throws Exception {
		// the launcher reads an @file itself: only the JVM's record of the option's origin shows it
		Path options = Files.writeString(directory.resolve("jvm.options"), "-XX:TieredStopAtLevel=4\n");
		Probed probed = probe(Map.of(), "@" + options);
		assertThat(probed.applied()).as(probed.output()).isFalse();
		assertThat(probed.levels()).as(probed.output()).contains(4);
	}

	private static Function<String, VMOption> options(Map<String, VMOption> given) {
		Map<String, String> defaults = Map.of("TieredCompilation", "true", "TieredStopAtLevel", "4", "CompilationMode",
				"default");
		return (name) -> given.getOrDefault(name, new VMOption(name, defaults.get(name), true, Origin.DEFAULT));
	}

	/** Runs {@link Probe} in a JVM of its own with -XX:+PrintCompilation and the given options. */
	private static Probed probe(Map<String, String> environment, String... jvmOptions) throws Exception {
		List<String> command = new ArrayList<>(List.of(
				System.getProperty("java.home") + File.separator + "bin" + File.separator + "java",
				"-XX:+PrintCompilation"));
		command.addAll(List.of(jvmOptions));
		command.addAll(List.of("-cp", System.getProperty("java.class.path"), Probe.class.getName()));
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
		builder.environment().remove("JAVA_TOOL_OPTIONS");
		builder.environment().remove("JDK_JAVA_OPTIONS");
		builder.environment().putAll(environment);
		Process process = builder.start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
		assertThat(process.exitValue()).as(output).isZero();
		Set<Integer> levels = new TreeSet<>();
		// a compilation's line: time stamp, compile id, attributes, tier, method
		for (String line : output.lines()
			.filter((line) -> line.matches("\\s*\\d+\\s+\\d+\\s.*") && line.contains(Probe.class.getSimpleName() + "::work"))
			.toList()) {
			String[] tokens = line.trim().split("\\s+");
			for (int i = 0; i < tokens.length && !tokens[i].contains("::"); i++) {
				if (i >= 2 && tokens[i].matches("[0-4]")) {
					levels.add(Integer.parseInt(tokens[i]));
				}
			}
		}
		return new Probed(output.contains("applied=true"), levels, output);
	}

	private record Probed(boolean applied, Set<Integer> levels, String output) {
	}

	/** Applies the policy, then makes one method hot enough for C2 and gives the compilers time to take it. */
	public static final class Probe {

		public static void main(String[] args) throws InterruptedException {
			System.out.println("applied=" + ShortRunCompilation.apply());
			ShortRunCompilation.logIfApplied();
			long sum = 0;
			for (int i = 0; i < 1_000_000; i++) {
				sum += work(i);
			}
			Thread.sleep(1_500);
			System.out.println("sum=" + sum);
		}

		static long work(int seed) {
			long value = seed;
			for (int i = 0; i < 50; i++) {
				value = value * 31 + (value >>> 7) + i;
			}
			return value;
		}

	}

}
