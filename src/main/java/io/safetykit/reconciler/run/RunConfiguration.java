package io.safetykit.reconciler.run;

import io.safetykit.reconciler.safetykit.RateLimiter;
import io.safetykit.reconciler.safetykit.RetryingCaller;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Scope;
import org.springframework.context.annotation.ScopedProxyMode;

/**
 * What a run's steps share, in Spring Batch's job scope: one instance per job execution, made
 * when a step first asks for it. Not proxied: only step-scoped beans take them, and those are
 * made inside the job.
 */
@Configuration(proxyBeanMethods = false)
class RunConfiguration {

	@Bean
	@Scope(value = "job", proxyMode = ScopedProxyMode.NO)
	RunParameters runParameters(@Value("#{jobExecution}") JobExecution jobExecution) {
		return RunParametersParser.fromJobParameters(jobExecution.getJobParameters());
	}

	@Bean
	@Scope(value = "job", proxyMode = ScopedProxyMode.NO)
	RunCounters runCounters() {
		return new RunCounters();
	}

	/**
	 * The run's calls to SafetyKit, status polls and link renewals alike, from every slice and both
	 * steps: one rate limit, one retry policy, one count of calls and retries.
	 */
	@Bean
	@Scope(value = "job", proxyMode = ScopedProxyMode.NO)
	RetryingCaller runCaller(ReconcilerProperties properties, RunCounters runCounters, RunMetrics runMetrics) {
		return new RetryingCaller(new RateLimiter(properties.rateLimit()), properties.retryPolicy(), runCounters.calls,
				runCounters.retries, runMetrics.callRecorder());
	}

}
