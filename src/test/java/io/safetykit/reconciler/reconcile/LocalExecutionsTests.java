package io.safetykit.reconciler.reconcile;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.Test;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.step.StepExecution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

/** How a stop request and a failed slice reach the slices of a run, and only that run's. */
class LocalExecutionsTests {

	private final JobOperator jobOperator = mock(JobOperator.class);

	private final LocalExecutions executions = new LocalExecutions(this.jobOperator);

	private final JobExecution run = new JobExecution(7, new JobInstance(1, "reconcileJob"), new JobParameters());

	@Test
	void aStopDrainsEverySliceStillReadingAndLeavesSpringBatchOutOfIt() throws Exception {
		this.executions.beforeJob(this.run);
		Slice first = slice(1, true);
		Slice second = slice(2, true);
		this.executions.stopAll();
		assertThat(first.stops.get()).isOne();
		assertThat(second.stops.get()).isOne();
		verify(this.jobOperator, never()).stop(any(JobExecution.class));
	}

	@Test
	void aStopWhenNoSliceIsReadingAsksSpringBatch() throws Exception {
		this.executions.beforeJob(this.run);
		Slice ended = slice(1, false);
		this.executions.noStopRequest(ended.execution);
		this.executions.stopAll();
		assertThat(ended.stops.get()).isZero();
		verify(this.jobOperator).stop(this.run);
	}

	@Test
	void aSliceThatStartsAfterTheStopIsStoppedAtOnce() {
		this.executions.beforeJob(this.run);
		this.executions.stopAll();
		Slice late = slice(2, true);
		assertThat(late.stops.get()).isOne();
	}

	@Test
	void aFailedSliceStopsTheOthersButNotItselfNorOtherRuns() {
		JobExecution other = new JobExecution(8, new JobInstance(2, "reconcileJob"), new JobParameters());
		this.executions.beforeJob(this.run);
		this.executions.beforeJob(other);
		Slice failed = slice(1, true);
		Slice sibling = slice(2, true);
		Slice elsewhere = new Slice(new StepExecution(3, "reconcileSlice:slice0", other), true);
		this.executions.onStopRequest(elsewhere.execution, elsewhere);
		failed.execution.setStatus(BatchStatus.FAILED);
		this.executions.afterStep(failed.execution);
		assertThat(failed.stops.get()).isZero();
		assertThat(sibling.stops.get()).isOne();
		assertThat(elsewhere.stops.get()).isZero();
	}

	@Test
	void aSliceThatCompletedStopsNobody() {
		this.executions.beforeJob(this.run);
		Slice completed = slice(1, true);
		Slice sibling = slice(2, true);
		completed.execution.setStatus(BatchStatus.COMPLETED);
		this.executions.afterStep(completed.execution);
		assertThat(sibling.stops.get()).isZero();
	}

	@Test
	void forgetsARunWhenItEnds() throws Exception {
		this.executions.beforeJob(this.run);
		this.executions.stopAll();
		this.executions.afterJob(this.run);
		Slice ofTheNextRunWithThatId = slice(1, true);
		assertThat(ofTheNextRunWithThatId.stops.get()).isZero();
	}

	private Slice slice(long stepExecutionId, boolean reading) {
		Slice slice = new Slice(new StepExecution(stepExecutionId, "reconcileSlice:slice" + stepExecutionId, this.run),
				reading);
		this.executions.onStopRequest(slice.execution, slice);
		return slice;
	}

	private static final class Slice implements BooleanSupplier {

		private final StepExecution execution;

		private final boolean reading;

		private final AtomicInteger stops = new AtomicInteger();

		Slice(StepExecution execution, boolean reading) {
			this.execution = execution;
			this.reading = reading;
		}

		@Override
		public boolean getAsBoolean() {
			if (this.reading) {
				this.stops.incrementAndGet();
			}
			return this.reading;
		}

	}

}
