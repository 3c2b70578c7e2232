package io.safetykit.reconciler.ops;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;
import java.util.regex.Pattern;

import javax.management.ObjectName;

import com.sun.management.HotSpotDiagnosticMXBean;
import com.sun.management.VMOption;
import org.slf4j.LoggerFactory;

/**
 * Keeps HotSpot's just-in-time compilation at its first tier (C1) for a process that runs the job, as
 * the image does with {@code -XX:TieredStopAtLevel=1}, when the JVM was started with its defaults.
 * <p>
 * A run lasts seconds to minutes on one or two CPUs that the database often shares, and the
 * optimising compiler (C2) spends more CPU compiling during it than its code gives back: the README's
 * "Benchmarks" has the figures. The JVM reads its flags before any of our code runs, so this adds a
 * compiler directive that excludes C2 through the JVM's diagnostic command, as
 * {@code jcmd <pid> Compiler.directives_add <file>} would; a method that would have gone to C2 is
 * compiled by C1 without profiling instead. ({@code report} does not call this: streaming a whole view
 * is CPU-bound in our code for as long as it lasts, and there C2 pays.)
 * <p>
 * A JVM started with {@code -XX:TieredStopAtLevel}, {@code -XX:[+-]TieredCompilation} or
 * {@code -XX:CompilationMode} (on the command line, in an {@code @} file or in {@code JAVA_TOOL_OPTIONS})
 * is left as it was started: {@code -XX:TieredStopAtLevel=4} keeps C2, for a host with CPUs to spare.
 * So is a JVM that is not HotSpot, or that cannot take the directive; the run does not depend on it.
 */
public final class ShortRunCompilation {

	private static final String WITHOUT_C2 = "[ { match: \"*.*\", c2: { Exclude: true } } ]";

	private static final Pattern COMPILER_OPTION = Pattern
		.compile("(^|\\s)-XX:[+-]?(TieredStopAtLevel|TieredCompilation|CompilationMode)\\b");

	private static volatile boolean applied;

	private ShortRunCompilation() {
	}

	/** Logs, once logging is set up, that C2 was left out and how to keep it. */
	public static void logIfApplied() {
		if (applied) {
			LoggerFactory.getLogger(ShortRunCompilation.class)
				.info("JIT: C1 only for this run (a short run on few CPUs is faster without C2); "
						+ "start the JVM with -XX:TieredStopAtLevel=4 to keep C2");
		}
	}

	/** Adds the directive if the JVM's compilers are as it chose them; true if it did. */
	public static boolean apply() {
		try {
			// the image names its compilers: it need not load the JVM's management to be told so
			if (namesACompilerOption(System.getenv("JAVA_TOOL_OPTIONS"), System.getenv("JDK_JAVA_OPTIONS"),
					String.join(" ", ProcessHandle.current().info().arguments().orElse(new String[0])))) {
				return false;
			}
			HotSpotDiagnosticMXBean hotSpot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
			if (hotSpot == null || !tieredAsTheJvmChoseIt(hotSpot::getVMOption)) {
				return false;
			}
			Path directives = Files.createTempFile("reconciler-compiler-", ".json");
			try {
				Files.writeString(directives, WITHOUT_C2, StandardCharsets.UTF_8);
				Object answer = ManagementFactory.getPlatformMBeanServer()
					.invoke(new ObjectName("com.sun.management:type=DiagnosticCommand"), "compilerDirectivesAdd",
							new Object[] { new String[] { quoted(directives) } },
							new String[] { String[].class.getName() });
				applied = String.valueOf(answer).startsWith("1 compiler directives added");
				return applied;
			}
			finally {
				Files.deleteIfExists(directives);
			}
		}
		catch (Exception | LinkageError ex) {
			// not HotSpot, no diagnostic command, or no temporary directory: the JVM's own choice stays
			return false;
		}
	}

	// the diagnostic command splits its arguments at spaces and reads a=b as an option: quoted, a
	// temporary directory's path stays one file name
	static String quoted(Path file) {
		return "\"" + file + "\"";
	}

	/** Whether any of these command lines (null when not set) gives one of the options that choose the compilers. */
	static boolean namesACompilerOption(String... commandLines) {
		for (String commandLine : commandLines) {
			if (commandLine != null && COMPILER_OPTION.matcher(commandLine).find()) {
				return true;
			}
		}
		return false;
	}

	/** Tiered compilation with both compilers, and none of the options that choose them set. */
	static boolean tieredAsTheJvmChoseIt(Function<String, VMOption> options) {
		return isDefault(options.apply("TieredCompilation"), "true")
				&& isDefault(options.apply("TieredStopAtLevel"), "4")
				&& isDefault(options.apply("CompilationMode"), "default");
	}

	private static boolean isDefault(VMOption option, String value) {
		return option.getOrigin() == VMOption.Origin.DEFAULT && option.getValue().equals(value);
	}

}
