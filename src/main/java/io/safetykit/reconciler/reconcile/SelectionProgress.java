package io.safetykit.reconciler.reconcile;

import io.safetykit.reconciler.run.ReconcilerProperties;
import io.safetykit.reconciler.run.RunCounters;
import io.safetykit.reconciler.run.RunParameters;
import io.safetykit.reconciler.store.RequestSelection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.step.StepExecution;

/**
 * The reconcile step's first log line (how many requests the run selected, and how it polls them)
 * and its progress line over all of its slices, from the step's start to its end. Step-scoped: one
 * per execution of the step.
 */
class SelectionProgress implements StepExecutionListener {

	private static final Logger logger = LoggerFactory.getLogger(SelectionProgress.class);

	private final ReconcilerProperties properties;

	private final RequestSelection selection;

	private final RunParameters parameters;

	private final RunCounters counters;

	private final int writers;

	private ProgressReporter progress;

	SelectionProgress(ReconcilerProperties properties, RequestSelection selection, RunParameters parameters,
			RunCounters counters, int writers) {
		this.properties = properties;
		this.selection = selection;
		this.parameters = parameters;
		this.counters = counters;
		this.writers = writers;
	}

	@Override
	public void beforeStep(StepExecution stepExecution) {
		long total = this.selection.count(this.parameters,
				(this.parameters.limit() != null) ? this.parameters.limit() : Integer.MAX_VALUE);
		int slices = RequestSlicePartitioner.slices(this.writers, this.parameters);
		logger.info("Reconciling {} selected requests (job execution {}, concurrency {}, chunk size {}, {} {}{})",
				total, stepExecution.getJobExecutionId(), this.properties.concurrency(), this.properties.chunkSize(),
				slices, (slices == 1) ? "writer" : "writers", this.parameters.dryRun() ? ", DRY RUN" : "");
		this.progress = new ProgressReporter(this.properties.progressInterval(), total, this.counters.polled::sum);
	}

	@Override
	public ExitStatus afterStep(StepExecution stepExecution) {
		if (this.progress != null) {
			this.progress.close();
		}
		return null;
	}

}
