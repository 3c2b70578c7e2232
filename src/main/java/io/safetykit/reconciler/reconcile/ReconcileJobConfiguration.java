package io.safetykit.reconciler.reconcile;

import io.safetykit.reconciler.run.PipelineProperties;
import io.safetykit.reconciler.run.ReconcilerProperties;
import io.safetykit.reconciler.run.RunCounters;
import io.safetykit.reconciler.run.RunMetrics;
import io.safetykit.reconciler.run.RunParameters;
import io.safetykit.reconciler.run.RunParametersValidator;
import io.safetykit.reconciler.run.RunSummaryListener;
import io.safetykit.reconciler.safetykit.SafetyKitClient;
import io.safetykit.reconciler.safetykit.SafetyKitProperties;
import io.safetykit.reconciler.safetykit.StatusResponseParser;
import io.safetykit.reconciler.store.ChunkWriter;
import io.safetykit.reconciler.store.RequestSelection;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The {@code reconcileJob}: a step that polls the selected requests and writes their results, then
 * a step that loads the Import result files that are new.
 */
@Configuration(proxyBeanMethods = false)
class ReconcileJobConfiguration {

	static final String JOB_NAME = "reconcileJob";

	@Bean
	Job reconcileJob(JobRepository jobRepository, Step reconcileStep, Step resultFileStep, RunClaims runClaims,
			RunSummaryListener runSummaryListener, LocalExecutions localExecutions) {
		return new JobBuilder(JOB_NAME, jobRepository).validator(new RunParametersValidator())
			.listener(runClaims)
			.listener(runSummaryListener)
			.listener(localExecutions)
			.start(reconcileStep)
			.next(resultFileStep)
			.build();
	}

	@Bean
	Step reconcileStep(JobRepository jobRepository, PlatformTransactionManager transactionManager,
			ReconcileTasklet reconcileTasklet, PipelineProperties pipeline) {
		// two chunks written at once, each in its own transaction: PostgreSQL works on one while the
		// other is sent, and a COPY that shares its cores with the fetchers gets two of the turns
		SimpleAsyncTaskExecutor writers = new SimpleAsyncTaskExecutor("chunk-writer-");
		writers.setConcurrencyLimit(pipeline.chunkWriters());
		return new StepBuilder("reconcileStep", jobRepository).tasklet(reconcileTasklet, transactionManager)
			.taskExecutor(writers)
			.listener(reconcileTasklet)
			.build();
	}

	@Bean
	@StepScope
	ReconcileTasklet reconcileTasklet(ReconcilerProperties properties, PipelineProperties pipeline,
			SafetyKitClient safetyKitClient, RequestSelection requestSelection, ChunkWriter chunkWriter,
			RunParameters runParameters, RunCounters runCounters, RunMetrics runMetrics) {
		return new ReconcileTasklet(properties, pipeline, safetyKitClient, requestSelection, chunkWriter,
				runParameters, runCounters, runMetrics);
	}

	@Bean
	SafetyKitClient safetyKitClient(SafetyKitProperties safetyKit, ReconcilerProperties properties,
			PipelineProperties pipeline, JsonMapper jsonMapper) {
		return new SafetyKitClient(safetyKit, properties.connectTimeout(), properties.readTimeout(),
				properties.maxResponseSize().toBytes(), new StatusResponseParser(jsonMapper), pipeline.parsesAtOnce());
	}

	@Bean
	RequestSelection requestSelection(NamedParameterJdbcTemplate jdbc) {
		return new RequestSelection(jdbc);
	}

	@Bean
	ChunkWriter chunkWriter(JdbcTemplate jdbc) {
		return new ChunkWriter(jdbc);
	}

}
