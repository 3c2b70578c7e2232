package io.safetykit.reconciler.report;

import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.safetykit.reconciler.exit.UsageException;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class HtmlPageRendererTests {

	private static final String HOSTILE = "</script><script>alert('x')</script><!-- & \"";

	private final JsonMapper json = JsonMapper.builder().build();

	@Test
	void escapesEveryNameInTheTablesAndInTheEmbeddedJson() throws Exception {
		String html = render(List.of(new ReportAggregates.LabelCount(LocalDate.of(2026, 5, 1), HOSTILE, "v", 7)));
		assertThat(html).doesNotContain(HOSTILE).doesNotContain("<script>alert");
		assertThat(html).contains("&lt;/script&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&lt;!-- &amp; &quot;");
		Matcher data = Pattern.compile("<script type=\"application/json\" id=\"report-data\">(.*?)</script>",
				Pattern.DOTALL).matcher(html);
		assertThat(data.find()).isTrue();
		assertThat(data.group(1)).doesNotContain("<").doesNotContain(">").doesNotContain("&");
		JsonNode charts = this.json.readTree(data.group(1)).get("charts");
		assertThat(charts.get(0).get("series").get(0).get("name").asString()).isEqualTo(HOSTILE);
		assertThat(charts.get(0).get("rows").get(0).asString()).isEqualTo("2026-05-01");
	}

	@Test
	void inlinesItsScriptsAndStylesAndAllowsNothingElse() throws Exception {
		String html = render(List.of());
		assertThat(html).doesNotContainPattern("<script[^>]+src=").doesNotContainPattern("<link[^>]+stylesheet")
			.doesNotContain("@import").doesNotContain("url(");
		assertThat(html).containsPattern("default-src 'none'; img-src data:; style-src 'unsafe-inline'; "
				+ "script-src 'sha256-[A-Za-z0-9+/=]+' 'sha256-[A-Za-z0-9+/=]+'");
		assertThat(html).contains("uPlot").contains("Nothing to show for these filters.");
		assertThat(html).contains("<dd>db.internal:5432 / compliance</dd>").contains("<dd>2026-05-02T10:00:00Z</dd>");
	}

	@Test
	void readsFiltersAndRefusesWhatItDoesNotTake() {
		assertThat(HtmlReportOptions.parse(List.of("--namespace=shop", "--from", "2026-01-01", "--out", "r.html")))
			.isEqualTo(new HtmlReportOptions("shop", LocalDate.of(2026, 1, 1), null, Path.of("r.html")));
		assertThatExceptionOfType(UsageException.class)
			.isThrownBy(() -> HtmlReportOptions.parse(List.of("--format", "csv")))
			.withMessage("Unknown option '--format' for html");
		assertThatExceptionOfType(UsageException.class)
			.isThrownBy(() -> HtmlReportOptions.parse(List.of("--from", "2026-02-01", "--to", "2026-01-01")))
			.withMessage("--from 2026-02-01 is after --to 2026-01-01");
		assertThatExceptionOfType(UsageException.class).isThrownBy(() -> HtmlReportOptions.parse(List.of("label_daily")))
			.withMessage("Unexpected argument 'label_daily' after html");
	}

	private String render(List<ReportAggregates.LabelCount> labels) throws Exception {
		ReportAggregates aggregates = new ReportAggregates("compliance", labels, List.of(), List.of(), List.of());
		ReportPage page = ReportPage.of(aggregates, new HtmlReportOptions(null, null, null, null),
				Instant.parse("2026-05-02T10:00:00.123Z"), "db.internal:5432");
		StringWriter out = new StringWriter();
		new HtmlPageRenderer(this.json, ChartAssets.load()).render(page, out);
		return out.toString();
	}

}
