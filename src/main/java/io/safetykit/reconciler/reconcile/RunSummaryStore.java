package io.safetykit.reconciler.reconcile;

import java.sql.Types;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;

import io.safetykit.reconciler.run.RunSummary;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Keeps each run's summary counts in {@code safetykit.run_summary}, one row written as the run
 * ends, so that the view {@code run_history} can show them next to Spring Batch's own record.
 */
@Component
class RunSummaryStore implements JobExecutionListener {

	private static final Logger logger = LoggerFactory.getLogger(RunSummaryStore.class);

	private static final String INSERT = """
			INSERT INTO safetykit.run_summary (job_execution_id, dry_run, polled, succeeded, failed, still_pending,
			    errors, skipped, errors_by_kind, items, labels, import_results, files_loaded, file_lines, calls,
			    retries, started_at, ended_at)
			VALUES (:id, :dryRun, :polled, :succeeded, :failed, :stillPending, :errors, :skipped,
			    CAST(:errorsByKind AS jsonb), :items, :labels, :importResults, :filesLoaded, :fileLines, :calls,
			    :retries, :startedAt, :endedAt)
			ON CONFLICT (job_execution_id) DO NOTHING
			""";

	private final NamedParameterJdbcTemplate jdbc;

	private final JsonMapper jsonMapper;

	RunSummaryStore(NamedParameterJdbcTemplate jdbc, JsonMapper jsonMapper) {
		this.jdbc = jdbc;
		this.jsonMapper = jsonMapper;
	}

	@Override
	public void afterJob(JobExecution execution) {
		RunSummary summary = RunSummary.of(execution);
		if (summary != null) {
			save(execution, summary);
		}
	}

	/** Records the summary of an execution that has just ended; a failure to do so is logged, not thrown. */
	private void save(JobExecution execution, RunSummary summary) {
		MapSqlParameterSource row = new MapSqlParameterSource().addValue("id", execution.getId())
			.addValue("dryRun", summary.dryRun())
			.addValue("polled", summary.polled())
			.addValue("succeeded", summary.succeeded())
			.addValue("failed", summary.failed())
			.addValue("stillPending", summary.stillPending())
			.addValue("errors", summary.errors())
			.addValue("skipped", summary.skipped())
			.addValue("errorsByKind", this.jsonMapper.writeValueAsString(summary.errorsByKind()))
			.addValue("items", summary.itemsWritten())
			.addValue("labels", summary.labelsWritten())
			.addValue("importResults", summary.importResults())
			.addValue("filesLoaded", summary.filesLoaded())
			.addValue("fileLines", summary.fileLines())
			.addValue("calls", summary.calls())
			.addValue("retries", summary.retries())
			.addValue("startedAt", instant(execution.getStartTime()), Types.TIMESTAMP_WITH_TIMEZONE)
			.addValue("endedAt", instant(execution.getEndTime()), Types.TIMESTAMP_WITH_TIMEZONE);
		try {
			this.jdbc.update(INSERT, row);
		}
		catch (DataAccessException ex) {
			// the summary is still in the log line, the execution context and the summary file
			logger.warn("Could not record the summary of run {} in safetykit.run_summary: {}", execution.getId(),
					ex.getMostSpecificCause().getMessage());
		}
	}

	// Spring Batch keeps its times as local date-times of this JVM's zone; both are set before afterJob
	private static OffsetDateTime instant(LocalDateTime time) {
		return time.atZone(ZoneId.systemDefault()).toOffsetDateTime();
	}

}
