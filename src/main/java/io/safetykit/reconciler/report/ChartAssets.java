package io.safetykit.reconciler.report;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Properties;

/**
 * The scripts and styles {@code report html} inlines: uPlot from its WebJar on the classpath (the
 * version the build resolved), and the page's own drawing script.
 */
record ChartAssets(String uplotScript, String uplotStyle, String chartScript) {

	private static final String WEBJAR = "META-INF/resources/webjars/uplot/";

	private static final String WEBJAR_POM = "META-INF/maven/org.webjars.npm/uplot/pom.properties";

	static ChartAssets load() {
		Properties pom = new Properties();
		try (InputStream in = resource(WEBJAR_POM)) {
			pom.load(in);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		String dist = WEBJAR + pom.getProperty("version") + "/dist/";
		return new ChartAssets(inlinable(text(dist + "uPlot.iife.min.js"), "</script"),
				inlinable(text(dist + "uPlot.min.css"), "</style"), inlinable(text("report/charts.js"), "</script"));
	}

	private static String text(String name) {
		try (InputStream in = resource(name)) {
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static InputStream resource(String name) {
		InputStream in = ChartAssets.class.getClassLoader().getResourceAsStream(name);
		if (in == null) {
			throw new IllegalStateException("Missing " + name + " on the classpath");
		}
		return in;
	}

	// inlined text must not close its own element early
	private static String inlinable(String text, String closingTag) {
		if (text.toLowerCase(Locale.ROOT).contains(closingTag)) {
			throw new IllegalStateException("Cannot inline a script or style that contains " + closingTag);
		}
		return text;
	}

}
