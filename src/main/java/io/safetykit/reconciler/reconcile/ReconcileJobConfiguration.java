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
import io.safetykit.reconciler.store.ChunkWrite;
import io.safetykit.reconciler.store.ChunkWriter;
import io.safetykit.reconciler.store.RequestSelection;
import io.safetykit.reconciler.store.RunLeases;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
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
			RunSummaryListener runSummaryListener, RunSummaryStore runSummaryStore, LocalExecutions localExecutions) {
		// after the job in reverse order: the claims' report reaches the summary, which is then stored
		return new JobBuilder(JOB_NAME, jobRepository).validator(new RunParametersValidator())
			.listener(runSummaryStore)
			.listener(runSummaryListener)
			.listener(runClaims)
			.listener(localExecutions)
			.start(reconcileStep)
			.next(resultFileStep)
			.build();
	}

	/**
	 * One batch of finished fetches is one chunk: the reader hands over what came within the
	 * linger time, the processor turns it into rows, the writer writes them in the chunk's
	 * transaction. One writer: the fetchers run ahead of it by the window while it writes.
	 */
	@Bean
	Step reconcileStep(JobRepository jobRepository, PlatformTransactionManager transactionManager,
			FetchReader fetchReader, OutcomeProcessor outcomeProcessor, ChunkItemWriter chunkItemWriter) {
		return new StepBuilder("reconcileStep", jobRepository).<OutcomeBatch, ChunkWrite>chunk(1)
			.transactionManager(transactionManager)
			.reader(fetchReader)
			.processor(outcomeProcessor)
			.writer(chunkItemWriter)
			.build();
	}

	@Bean
	@StepScope
	FetchReader fetchReader(ReconcilerProperties properties, PipelineProperties pipeline,
			SafetyKitClient safetyKitClient, RequestSelection requestSelection, RunParameters runParameters,
			RunCounters runCounters, RunMetrics runMetrics, @Value("#{stepExecution}") StepExecution stepExecution,
			LocalExecutions localExecutions, RunClaims runClaims) {
		return new FetchReader(properties, pipeline, safetyKitClient, requestSelection, runParameters, runCounters,
				runMetrics, stepExecution, localExecutions, runClaims);
	}

	@Bean
	@StepScope
	OutcomeProcessor outcomeProcessor(ReconcilerProperties properties, RunCounters runCounters) {
		return new OutcomeProcessor(RequestTransition.from(properties), runCounters);
	}

	@Bean
	@StepScope
	ChunkItemWriter chunkItemWriter(ChunkWriter chunkWriter, RunParameters runParameters, RunCounters runCounters,
			@Value("#{stepExecution.jobExecutionId}") long jobExecutionId) {
		return new ChunkItemWriter(chunkWriter, runParameters, runCounters, jobExecutionId);
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
	RunLeases runLeases(NamedParameterJdbcTemplate jdbc) {
		return new RunLeases(jdbc);
	}

	@Bean
	ChunkWriter chunkWriter(JdbcTemplate jdbc, RunLeases runLeases) {
		return new ChunkWriter(jdbc, runLeases);
	}

}
