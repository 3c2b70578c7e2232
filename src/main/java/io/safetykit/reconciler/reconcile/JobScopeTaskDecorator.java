package io.safetykit.reconciler.reconcile;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.scope.context.JobContext;
import org.springframework.batch.core.scope.context.JobSynchronizationManager;
import org.springframework.core.task.TaskDecorator;

/**
 * Carries the job scope to the threads that run the reconcile step's slices: Spring Batch binds it
 * to the job's own thread only, and the slices share the run's job-scoped parameters, counters,
 * fetcher and circuit breaker.
 */
final class JobScopeTaskDecorator implements TaskDecorator {

	@Override
	public Runnable decorate(Runnable runnable) {
		JobContext context = JobSynchronizationManager.getContext();
		if (context == null) {
			return runnable;
		}
		JobExecution jobExecution = context.getJobExecution();
		return () -> {
			JobSynchronizationManager.register(jobExecution);
			try {
				runnable.run();
			}
			finally {
				JobSynchronizationManager.release();
			}
		};
	}

}
