package io.safetykit.reconciler.run;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.job.parameters.JobParameters;

import static org.assertj.core.api.Assertions.assertThat;

class RunSummaryTests {

	@Test
	void isReadBackFromTheJobExecutionItWasPutInto() {
		RunCounters counters = new RunCounters();
		counters.polled.add(7);
		counters.succeeded.add(3);
		counters.skipped.increment();
		counters.items.add(11);
		counters.calls.add(9);
		counters.error("malformed");
		counters.error("malformed");
		counters.error("transient");
		RunSummary summary = RunSummary.of(counters, Duration.ofMillis(1500), true);
		JobExecution execution = new JobExecution(1L, new JobInstance(1L, "reconcileJob"), new JobParameters());
		summary.putInto(execution.getExecutionContext());
		assertThat(RunSummary.of(execution)).isEqualTo(summary);
	}

	@Test
	void isNullForARunThatEndedBeforeItHadOne() {
		JobExecution execution = new JobExecution(1L, new JobInstance(1L, "reconcileJob"), new JobParameters());
		assertThat(RunSummary.of(execution)).isNull();
	}

}
