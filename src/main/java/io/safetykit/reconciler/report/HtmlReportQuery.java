package io.safetykit.reconciler.report;

import java.sql.Types;
import java.time.LocalDate;

import javax.sql.DataSource;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.stereotype.Component;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The aggregate queries behind {@code report html}, over the same views and with the same filters
 * as {@code report <view>}, read from one snapshot (a repeatable-read transaction) so that the
 * charts agree with each other.
 */
@Component
class HtmlReportQuery {

	static final int LAST_RUNS = 30;

	private static final String LABELS = """
			SELECT day, category, verdict, sum(items) AS labels
			FROM safetykit.label_daily
			WHERE (CAST(:namespace AS text) IS NULL OR namespace = :namespace)
			  AND (CAST(:from AS date) IS NULL OR day >= :from)
			  AND (CAST(:to AS date) IS NULL OR day <= :to)
			GROUP BY day, category, verdict
			ORDER BY day, category, verdict NULLS FIRST
			""";

	private static final String OUTSTANDING = """
			SELECT CASE WHEN age < interval '1 hour' THEN 0 WHEN age < interval '1 day' THEN 1
			            WHEN age < interval '7 days' THEN 2 ELSE 3 END AS bucket,
			       status, count(*) AS requests
			FROM safetykit.outstanding_request
			WHERE (CAST(:namespace AS text) IS NULL OR namespace = :namespace)
			  AND (CAST(:from AS date) IS NULL OR submitted_at >= CAST(:from AS date)::timestamp AT TIME ZONE 'UTC')
			  AND (CAST(:to AS date) IS NULL OR submitted_at < (CAST(:to AS date) + 1)::timestamp AT TIME ZONE 'UTC')
			GROUP BY bucket, status
			ORDER BY bucket, status
			""";

	private static final String EXPIRING = """
			SELECT CASE WHEN expired THEN 0 WHEN expires_in < interval '1 hour' THEN 1
			            WHEN expires_in < interval '6 hours' THEN 2 ELSE 3 END AS bucket,
			       namespace, count(*) AS links
			FROM safetykit.import_expiring
			WHERE (CAST(:namespace AS text) IS NULL OR namespace = :namespace)
			  AND (CAST(:from AS date) IS NULL OR data_expires_at >= CAST(:from AS date)::timestamp AT TIME ZONE 'UTC')
			  AND (CAST(:to AS date) IS NULL OR data_expires_at < (CAST(:to AS date) + 1)::timestamp AT TIME ZONE 'UTC')
			GROUP BY bucket, namespace
			ORDER BY bucket, namespace
			""";

	// the filters of report run_history; the newest runs, shown oldest first
	private static final String RUNS = """
			SELECT id, status, round(extract(epoch FROM duration), 1)::float8 AS seconds, polled, succeeded, errors
			FROM (SELECT id, status, duration, polled, succeeded, errors
			      FROM safetykit.run_history
			      WHERE (CAST(:namespace AS text) IS NULL OR parameters ->> 'namespace' IS NULL
			             OR parameters ->> 'namespace' = :namespace)
			        AND (CAST(:from AS date) IS NULL OR started_at >= CAST(:from AS date)::timestamp AT TIME ZONE 'UTC')
			        AND (CAST(:to AS date) IS NULL OR started_at < (CAST(:to AS date) + 1)::timestamp AT TIME ZONE 'UTC')
			      ORDER BY id DESC
			      LIMIT :runs) newest
			ORDER BY id
			""";

	private final NamedParameterJdbcTemplate jdbc;

	private final TransactionTemplate transaction;

	HtmlReportQuery(DataSource dataSource) {
		this.jdbc = new NamedParameterJdbcTemplate(new JdbcTemplate(dataSource));
		this.transaction = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
		this.transaction.setReadOnly(true);
		this.transaction.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
	}

	ReportAggregates read(HtmlReportOptions options) {
		MapSqlParameterSource parameters = new MapSqlParameterSource()
			.addValue("namespace", options.namespace(), Types.VARCHAR)
			.addValue("from", options.from(), Types.DATE)
			.addValue("to", options.to(), Types.DATE)
			.addValue("runs", LAST_RUNS);
		return this.transaction.execute((status) -> new ReportAggregates(
				this.jdbc.getJdbcTemplate().queryForObject("SELECT current_database()", String.class),
				this.jdbc.query(LABELS, parameters, (rs, n) -> new ReportAggregates.LabelCount(
						rs.getObject("day", LocalDate.class), rs.getString("category"), rs.getString("verdict"),
						rs.getLong("labels"))),
				this.jdbc.query(OUTSTANDING, parameters, (rs, n) -> new ReportAggregates.OutstandingCount(
						rs.getInt("bucket"), rs.getString("status"), rs.getLong("requests"))),
				this.jdbc.query(EXPIRING, parameters, (rs, n) -> new ReportAggregates.ExpiringCount(
						rs.getInt("bucket"), rs.getString("namespace"), rs.getLong("links"))),
				this.jdbc.query(RUNS, parameters, (rs, n) -> new ReportAggregates.Run(rs.getLong("id"),
						rs.getString("status"), rs.getObject("seconds", Double.class),
						rs.getObject("polled", Long.class), rs.getObject("succeeded", Long.class),
						rs.getObject("errors", Long.class)))));
	}

}
