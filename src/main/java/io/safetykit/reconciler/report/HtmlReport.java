package io.safetykit.reconciler.report;

import java.io.IOException;
import java.io.Writer;
import java.sql.DatabaseMetaData;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.support.JdbcUtils;
import org.springframework.jdbc.support.MetaDataAccessException;
import org.springframework.stereotype.Component;

/** {@code report html}: reads the aggregates, makes the page and writes it. */
@Component
class HtmlReport {

	// the host list of a jdbc:postgresql: URL; user and password only ever come after it, as parameters
	private static final Pattern HOSTS = Pattern.compile("^jdbc:postgresql://(?:[^/?@]*@)?([^/?]*)");

	private final HtmlReportQuery query;

	private final DataSource dataSource;

	private final HtmlPageRenderer renderer;

	HtmlReport(HtmlReportQuery query, DataSource dataSource, JsonMapper jsonMapper) {
		this.query = query;
		this.dataSource = dataSource;
		this.renderer = new HtmlPageRenderer(jsonMapper, ChartAssets.load());
	}

	void write(HtmlReportOptions options, Writer out) throws IOException {
		ReportPage page = ReportPage.of(this.query.read(options), options, Instant.now(), host());
		this.renderer.render(page, out);
	}

	private String host() {
		try {
			String url = JdbcUtils.extractDatabaseMetaData(this.dataSource, DatabaseMetaData::getURL);
			Matcher hosts = HOSTS.matcher((url != null) ? url : "");
			return (hosts.find() && !hosts.group(1).isEmpty()) ? hosts.group(1) : "localhost";
		}
		catch (MetaDataAccessException ex) {
			return "unknown host";
		}
	}

}
