package io.safetykit.reconciler.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.ZoneOffset;
import java.util.List;

import javax.sql.DataSource;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs a view's query and hands each row to a {@link RowWriter} as it arrives. pgjdbc reads
 * through a cursor, {@value #FETCH_SIZE} rows at a time, only inside a transaction: without one
 * it would load the whole result into memory.
 */
@Component
class ReportQuery {

	private static final int FETCH_SIZE = 1000;

	// intervals as ISO-8601 durations (P1DT2H) and instants in UTC, whatever the server's defaults
	private static final String SESSION_SETTINGS = """
			SET LOCAL IntervalStyle = 'iso_8601'; SET LOCAL TimeZone = 'UTC'
			""";

	private final NamedParameterJdbcTemplate jdbc;

	private final TransactionTemplate transaction;

	ReportQuery(DataSource dataSource) {
		JdbcTemplate template = new JdbcTemplate(dataSource);
		template.setFetchSize(FETCH_SIZE);
		this.jdbc = new NamedParameterJdbcTemplate(template);
		// its own manager on the same pool: the job's transaction managers are none of this one's business
		this.transaction = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
		this.transaction.setReadOnly(true);
	}

	/** Writes the header and every row; returns the number of rows. */
	long stream(ReportOptions options, RowWriter writer) {
		MapSqlParameterSource parameters = new MapSqlParameterSource()
			.addValue("namespace", options.namespace(), Types.VARCHAR)
			.addValue("from", options.from(), Types.DATE)
			.addValue("to", options.to(), Types.DATE)
			.addValue("asOf", (options.asOf() != null) ? options.asOf().atOffset(ZoneOffset.UTC) : null,
					Types.TIMESTAMP_WITH_TIMEZONE);
		String sql = (options.asOf() != null) ? options.view().asOfSql() : options.view().sql();
		Long rows = this.transaction.execute((status) -> {
			this.jdbc.getJdbcTemplate().execute(SESSION_SETTINGS);
			return this.jdbc.query(sql, parameters, (ResultSet rs) -> write(rs, writer));
		});
		return (rows != null) ? rows : 0;
	}

	private static long write(ResultSet rs, RowWriter writer) throws SQLException {
		try {
			List<Column> columns = Column.of(rs.getMetaData());
			writer.header(columns);
			long rows = 0;
			String[] values = new String[columns.size()];
			while (rs.next()) {
				for (int i = 0; i < values.length; i++) {
					values[i] = columns.get(i).read(rs, i + 1);
				}
				writer.row(values);
				rows++;
			}
			writer.finish();
			return rows;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
