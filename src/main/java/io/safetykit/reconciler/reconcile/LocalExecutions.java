package io.safetykit.reconciler.reconcile;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.launch.JobExecutionNotRunningException;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.stereotype.Component;

/**
 * The job executions running in this process, so that a signal stops ours and nobody else's. Each
 * slice of a reconcile step that is reading registers how it stops: it writes the answers it has
 * fetched before it ends STOPPED, which Spring Batch's own stop (the step ends after the chunk in
 * hand) would leave unwritten. A slice that fails stops its siblings the same way, so that a run
 * that is going to fail claims no more.
 */
@Component
class LocalExecutions implements JobExecutionListener, StepExecutionListener {

	private static final Logger logger = LoggerFactory.getLogger(LocalExecutions.class);

	private final Set<JobExecution> running = ConcurrentHashMap.newKeySet();

	// per job execution: how each of its reading slices (by step execution id) stops
	private final Map<Long, Map<Long, BooleanSupplier>> readers = new ConcurrentHashMap<>();

	// job executions asked to stop: a slice that starts reading after that stops at once
	private final Set<Long> stopping = ConcurrentHashMap.newKeySet();

	private final JobOperator jobOperator;

	LocalExecutions(JobOperator jobOperator) {
		this.jobOperator = jobOperator;
	}

	@Override
	public void beforeJob(JobExecution jobExecution) {
		this.running.add(jobExecution);
	}

	@Override
	public void afterJob(JobExecution jobExecution) {
		this.running.remove(jobExecution);
		this.readers.remove(jobExecution.getId());
		this.stopping.remove(jobExecution.getId());
	}

	/**
	 * How a reading slice stops: true when it takes care of it, false when it has ended. A slice of
	 * a run that was asked to stop before it started is stopped at once.
	 */
	synchronized void onStopRequest(StepExecution slice, BooleanSupplier stop) {
		long jobExecutionId = slice.getJobExecutionId();
		this.readers.computeIfAbsent(jobExecutionId, (id) -> new ConcurrentHashMap<>()).put(slice.getId(), stop);
		if (this.stopping.contains(jobExecutionId)) {
			stop.getAsBoolean();
		}
	}

	void noStopRequest(StepExecution slice) {
		Map<Long, BooleanSupplier> slices = this.readers.get(slice.getJobExecutionId());
		if (slices != null) {
			slices.remove(slice.getId());
		}
	}

	void stopAll() {
		for (JobExecution execution : this.running) {
			if (stopReaders(execution.getId(), null)) {
				logger.info("Job execution {}: claiming no more; writing the answers fetched so far, then stopping",
						execution.getId());
				continue;
			}
			try {
				this.jobOperator.stop(execution);
			}
			catch (JobExecutionNotRunningException ex) {
				// finished meanwhile
			}
			catch (RuntimeException ex) {
				logger.warn("Could not ask job execution {} to stop: {}", execution.getId(), ex.getMessage());
			}
		}
	}

	/** A slice that failed: the others claim no more, write what they fetched, and stop. */
	@Override
	public ExitStatus afterStep(StepExecution slice) {
		if (slice.getStatus().isUnsuccessful() && stopReaders(slice.getJobExecutionId(), slice.getId())) {
			logger.warn("Job execution {}: {} failed; the other slices claim no more, write the answers they "
					+ "fetched, and stop", slice.getJobExecutionId(), slice.getStepName());
		}
		return null;
	}

	// true when a slice (other than the one given) is still reading and stops as asked
	private synchronized boolean stopReaders(long jobExecutionId, Long except) {
		this.stopping.add(jobExecutionId);
		boolean reading = false;
		for (Map.Entry<Long, BooleanSupplier> slice : this.readers.getOrDefault(jobExecutionId, Map.of()).entrySet()) {
			if (!slice.getKey().equals(except)) {
				reading |= slice.getValue().getAsBoolean();
			}
		}
		return reading;
	}

}
