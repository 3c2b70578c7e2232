package io.safetykit.reconciler.run;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.stereotype.Component;

/**
 * The counters of each running job execution, shared by its steps, and its summary once it ends:
 * logged as one line, kept in the execution context, and handed to whoever launched the run.
 */
@Component
public class RunStates implements JobExecutionListener {

	static final String SUMMARY_KEY = "summary";

	private static final Logger logger = LoggerFactory.getLogger(RunStates.class);

	private final Map<Long, Running> running = new ConcurrentHashMap<>();

	private final Map<Long, RunSummary> finished = new ConcurrentHashMap<>();

	private final RunMetrics metrics;

	RunStates(RunMetrics metrics) {
		this.metrics = metrics;
	}

	@Override
	public void beforeJob(JobExecution jobExecution) {
		this.running.put(jobExecution.getId(), new Running(new RunCounters(), System.nanoTime()));
	}

	@Override
	public void afterJob(JobExecution jobExecution) {
		Running run = this.running.remove(jobExecution.getId());
		if (run == null) {
			return;
		}
		boolean dryRun = Boolean.parseBoolean(jobExecution.getJobParameters().getString("dryRun", "false"));
		RunSummary summary = RunSummary.of(run.counters(), Duration.ofNanos(System.nanoTime() - run.startNanos()),
				dryRun);
		jobExecution.getExecutionContext().putString(SUMMARY_KEY, summary.toLogLine());
		logger.info("Summary: {}", summary.toLogLine());
		this.metrics.publish(summary);
		this.finished.put(jobExecution.getId(), summary);
	}

	/** The counters of a running job execution. */
	public RunCounters counters(long jobExecutionId) {
		Running run = this.running.get(jobExecutionId);
		if (run == null) {
			throw new IllegalStateException("job execution " + jobExecutionId + " is not running here");
		}
		return run.counters();
	}

	/** Removes and returns the summary of a finished job execution. */
	public Optional<RunSummary> take(long jobExecutionId) {
		return Optional.ofNullable(this.finished.remove(jobExecutionId));
	}

	private record Running(RunCounters counters, long startNanos) {
	}

}
