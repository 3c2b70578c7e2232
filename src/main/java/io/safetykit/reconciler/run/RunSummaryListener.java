package io.safetykit.reconciler.run;

import java.time.Duration;
import java.time.LocalDateTime;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Ends each run with its summary, made from the run's job-scoped {@link RunCounters}: logged as
 * one line, published as metrics, and kept in the job execution's context, where whoever
 * launched the run reads it ({@link RunSummary#of(JobExecution)}).
 */
@Component
public class RunSummaryListener implements JobExecutionListener {

	private static final Logger logger = LoggerFactory.getLogger(RunSummaryListener.class);

	private final ObjectProvider<RunCounters> counters;

	private final RunMetrics metrics;

	RunSummaryListener(ObjectProvider<RunCounters> counters, RunMetrics metrics) {
		this.counters = counters;
		this.metrics = metrics;
	}

	@Override
	public void afterJob(JobExecution jobExecution) {
		boolean dryRun = Boolean.parseBoolean(jobExecution.getJobParameters().getString("dryRun", "false"));
		LocalDateTime start = jobExecution.getStartTime();
		Duration duration = (start != null) ? Duration.between(start, LocalDateTime.now()) : Duration.ZERO;
		RunSummary summary = RunSummary.of(this.counters.getObject(), duration, dryRun);
		summary.putInto(jobExecution.getExecutionContext());
		logger.info("Summary: {}", summary.toLogLine());
		this.metrics.publish(summary);
	}

}
