package io.safetykit.reconciler.report;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.json.JsonMapper;

/**
 * Writes a {@link ReportPage} as one HTML file: the charts' data as JSON for the inlined uPlot,
 * and each chart's numbers as an HTML table. A content security policy lets the page load nothing
 * and run only its own two scripts.
 */
class HtmlPageRenderer {

	private static final String STYLE = """
			body { font-family: system-ui, sans-serif; margin: 0 auto; padding: 1rem 2rem; max-width: 1100px; color: #1d2330; }
			h1 { font-size: 1.5rem; margin-bottom: .25rem; }
			h2 { font-size: 1.15rem; margin: 2rem 0 .25rem; }
			dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .15rem 1rem; margin: .5rem 0 1rem; }
			dl.facts dt { font-weight: 600; }
			dl.facts dd { margin: 0; }
			p.note { margin: 0 0 .5rem; color: #4a5262; }
			.chart { min-height: 320px; }
			.numbers { width: fit-content; max-width: 100%; max-height: 18rem; overflow: auto; margin-top: .5rem; border: 1px solid #d8dce4; }
			table { border-collapse: collapse; font-variant-numeric: tabular-nums; font-size: .875rem; }
			caption { text-align: left; font-weight: 600; padding: .35rem .5rem; }
			th, td { padding: .2rem .6rem; border-bottom: 1px solid #eceef2; }
			td { text-align: right; }
			thead th { position: sticky; top: 0; background: #f4f5f8; text-align: right; }
			thead th:first-child, tbody th { text-align: left; }
			tbody th { font-weight: normal; white-space: nowrap; }
			p.empty { padding: 1rem; background: #f4f5f8; }
			""";

	private final JsonMapper jsonMapper;

	private final ChartAssets assets;

	HtmlPageRenderer(JsonMapper jsonMapper, ChartAssets assets) {
		this.jsonMapper = jsonMapper;
		this.assets = assets;
	}

	void render(ReportPage page, Writer out) throws IOException {
		out.write("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
		out.write("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; img-src data:; "
				+ "style-src 'unsafe-inline'; script-src " + hash(this.assets.uplotScript()) + " "
				+ hash(this.assets.chartScript()) + "\">\n");
		out.write("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
		out.write("<link rel=\"icon\" href=\"data:,\">\n");
		out.write("<title>SafetyKit compliance report</title>\n<style>\n");
		out.write(this.assets.uplotStyle());
		out.write("\n");
		out.write(STYLE);
		out.write("</style>\n</head>\n<body>\n<header>\n<h1>SafetyKit compliance report</h1>\n");
		writeFacts(page, out);
		out.write("</header>\n<main>\n");
		for (Chart chart : page.charts()) {
			writeChart(chart, out);
		}
		out.write("</main>\n<script type=\"application/json\" id=\"report-data\">");
		out.write(HtmlText.scriptJson(this.jsonMapper.writeValueAsString(Map.of("charts", page.charts()))));
		out.write("</script>\n<script>");
		out.write(this.assets.uplotScript());
		out.write("</script>\n<script>");
		out.write(this.assets.chartScript());
		out.write("</script>\n</body>\n</html>\n");
	}

	private static void writeFacts(ReportPage page, Writer out) throws IOException {
		out.write("<dl class=\"facts\">\n");
		for (ReportPage.Fact fact : page.filters()) {
			fact(out, fact.name(), fact.value());
		}
		fact(out, "Generated", page.generatedAt().truncatedTo(ChronoUnit.SECONDS).toString());
		fact(out, "Database", page.database());
		out.write("</dl>\n");
	}

	private static void fact(Writer out, String name, String value) throws IOException {
		out.write("<dt>" + HtmlText.escape(name) + "</dt><dd>" + HtmlText.escape(value) + "</dd>\n");
	}

	private static void writeChart(Chart chart, Writer out) throws IOException {
		String id = HtmlText.escape(chart.id());
		out.write("<section aria-labelledby=\"" + id + "-title\">\n<h2 id=\"" + id + "-title\">"
				+ HtmlText.escape(chart.title()) + "</h2>\n<p class=\"note\">" + HtmlText.escape(chart.description())
				+ "</p>\n");
		if (chart.isEmpty()) {
			out.write("<p class=\"empty\">Nothing to show for these filters.</p>\n</section>\n");
			return;
		}
		out.write("<div class=\"chart\" id=\"" + id + "\" role=\"img\" aria-label=\"" + HtmlText.escape(chart.title())
				+ ": chart; its numbers are in the table below\"></div>\n");
		out.write("<div class=\"numbers\" tabindex=\"0\" role=\"region\" aria-label=\""
				+ HtmlText.escape(chart.title()) + ": numbers\">\n<table id=\"" + id + "-table\">\n<caption>"
				+ HtmlText.escape(chart.title()) + "</caption>\n<thead><tr><th scope=\"col\">"
				+ HtmlText.escape(chart.rowHeading()) + "</th>");
		if (!chart.statuses().isEmpty()) {
			out.write("<th scope=\"col\">status</th>");
		}
		for (Chart.Series series : chart.series()) {
			String unit = (series.unit() != null) ? " (" + series.unit() + ")" : "";
			out.write("<th scope=\"col\">" + HtmlText.escape(series.name() + unit) + "</th>");
		}
		out.write("</tr></thead>\n<tbody>\n");
		List<String> rows = chart.rows();
		for (int row = 0; row < rows.size(); row++) {
			out.write("<tr><th scope=\"row\">" + HtmlText.escape(rows.get(row)) + "</th>");
			if (!chart.statuses().isEmpty()) {
				out.write("<td>" + HtmlText.escape(String.valueOf(chart.statuses().get(row))) + "</td>");
			}
			for (Chart.Series series : chart.series()) {
				Number value = series.values().get(row);
				out.write("<td>" + ((value != null) ? HtmlText.escape(value.toString()) : "") + "</td>");
			}
			out.write("</tr>\n");
		}
		out.write("</tbody>\n</table>\n</div>\n</section>\n");
	}

	private static String hash(String script) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(script.getBytes(StandardCharsets.UTF_8));
			return "'sha256-" + Base64.getEncoder().encodeToString(digest) + "'";
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
