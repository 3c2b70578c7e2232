package io.safetykit.reconciler.resultfile;

import java.util.Optional;

import io.safetykit.reconciler.run.RunCounters;
import io.safetykit.reconciler.run.RunParameters;
import io.safetykit.reconciler.safetykit.RetryingCaller;
import io.safetykit.reconciler.store.ResultFileStore;
import io.safetykit.reconciler.store.ResultFileStore.FileToLoad;

import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

/**
 * The result-file step of one run, a step-scoped bean, in two passes over the run's selection in
 * key order, one link or file per call and transaction (its rows locked for it, so a concurrent run
 * skips them): first, when the run asks with {@code refreshLinksWithin}, links about to expire are
 * renewed; then new result files are loaded, unless {@code reconciler.result-files.enabled=false}.
 * Nothing in dry runs.
 */
class ResultFileTasklet implements Tasklet {

	private final ResultFileProperties properties;

	private final ResultFileStore store;

	private final ResultFileLoader loader;

	private final LinkRenewer renewer;

	private final RunParameters parameters;

	private final RunCounters counters;

	private final RetryingCaller caller;

	private boolean refreshing;

	private String afterNamespace = "";

	private String afterRequestId = "";

	ResultFileTasklet(ResultFileProperties properties, ResultFileStore store, ResultFileLoader loader,
			LinkRenewer renewer, RunParameters parameters, RunCounters counters, RetryingCaller caller) {
		this.properties = properties;
		this.store = store;
		this.loader = loader;
		this.renewer = renewer;
		this.parameters = parameters;
		this.counters = counters;
		this.caller = caller;
		this.refreshing = parameters.refreshLinksWithin() != null;
	}

	@Override
	public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) throws Exception {
		if (this.parameters.dryRun()) {
			return RepeatStatus.FINISHED;
		}
		long executionId = chunkContext.getStepContext().getStepExecution().getJobExecutionId();
		if (this.refreshing) {
			Optional<FileToLoad> expiring = this.store.lockNextExpiring(this.parameters,
					this.parameters.refreshLinksWithin(), this.afterNamespace, this.afterRequestId);
			if (expiring.isPresent()) {
				passed(expiring.get());
				this.renewer.renew(expiring.get(), this.caller, executionId, "expiring within "
						+ this.parameters.refreshLinksWithin().toMinutes() + " minutes");
				contribution.incrementWriteCount(1);
				return RepeatStatus.CONTINUABLE;
			}
			startLoading();
		}
		if (!this.properties.enabled()) {
			return RepeatStatus.FINISHED;
		}
		Optional<FileToLoad> next = this.store.lockNext(this.parameters, this.parameters.reloadFiles(),
				this.afterNamespace, this.afterRequestId);
		if (next.isEmpty()) {
			return RepeatStatus.FINISHED;
		}
		passed(next.get());
		this.loader.load(next.get(), this.caller, this.counters, executionId);
		contribution.incrementReadCount();
		contribution.incrementWriteCount(1);
		return RepeatStatus.CONTINUABLE;
	}

	private void passed(FileToLoad file) {
		this.afterNamespace = file.namespace();
		this.afterRequestId = file.requestId();
	}

	private void startLoading() {
		this.refreshing = false;
		this.afterNamespace = "";
		this.afterRequestId = "";
	}

}
