package io.safetykit.reconciler.reconcile;

import io.safetykit.reconciler.run.PipelineProperties;
import io.safetykit.reconciler.run.ReconcilerProperties;
import io.safetykit.reconciler.run.RunCounters;
import io.safetykit.reconciler.run.RunParameters;
import io.safetykit.reconciler.run.RunParametersValidator;
import io.safetykit.reconciler.run.RunSummaryListener;
import io.safetykit.reconciler.safetykit.RetryingCaller;
import io.safetykit.reconciler.safetykit.SafetyKitClient;
import io.safetykit.reconciler.safetykit.SafetyKitProperties;
import io.safetykit.reconciler.safetykit.StatusResponseParser;
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
import org.springframework.context.annotation.Scope;
import org.springframework.context.annotation.ScopedProxyMode;
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
	 * The run's selection split into {@code reconciler.pipeline.writers} slices by
	 * {@code request_slice} (local partitioning), each a worker step of its own on a thread of its
	 * own, so that as many chunks are written at once. One writer kept the database at a fraction
	 * of a core while the fetchers waited for it (see the README's Benchmarks and Design). Spring
	 * Batch sums the slices' counts into this step's.
	 */
	@Bean
	Step reconcileStep(JobRepository jobRepository, Step reconcileSlice, RequestSlicePartitioner requestSlicePartitioner,
			SelectionProgress selectionProgress, ReconcilerProperties properties, PipelineProperties pipeline) {
		SimpleAsyncTaskExecutor sliceThreads = new SimpleAsyncTaskExecutor("reconcile-slice-");
		sliceThreads.setTaskDecorator(new JobScopeTaskDecorator());
		return new StepBuilder("reconcileStep", jobRepository).listener(selectionProgress)
			.partitioner("reconcileSlice", requestSlicePartitioner)
			.step(reconcileSlice)
			.gridSize(pipeline.slices(properties.concurrency()))
			.taskExecutor(sliceThreads)
			.build();
	}

	/**
	 * One slice: one batch of finished fetches is one chunk. The reader hands over what came within
	 * the linger time, the processor turns it into rows, the writer writes them in the chunk's
	 * transaction, while the slice's fetchers run ahead of it by the window.
	 */
	@Bean
	Step reconcileSlice(JobRepository jobRepository, PlatformTransactionManager transactionManager,
			FetchReader fetchReader, OutcomeProcessor outcomeProcessor, ChunkItemWriter chunkItemWriter,
			LocalExecutions localExecutions) {
		return new StepBuilder("reconcileSlice", jobRepository).<OutcomeBatch, CountedChunk>chunk(1)
			.transactionManager(transactionManager)
			.reader(fetchReader)
			.processor(outcomeProcessor)
			.writer(chunkItemWriter)
			.listener(localExecutions)
			.build();
	}

	@Bean
	@StepScope
	RequestSlicePartitioner requestSlicePartitioner(RunParameters runParameters) {
		return new RequestSlicePartitioner(runParameters);
	}

	@Bean
	@StepScope
	SelectionProgress selectionProgress(ReconcilerProperties properties, PipelineProperties pipeline,
			RequestSelection requestSelection, RunParameters runParameters, RunCounters runCounters) {
		return new SelectionProgress(properties, requestSelection, runParameters, runCounters,
				pipeline.slices(properties.concurrency()));
	}

	@Bean
	@StepScope
	FetchReader fetchReader(ReconcilerProperties properties, PipelineProperties pipeline,
			StatusFetcher statusFetcher, CircuitBreaker circuitBreaker, RequestSelection requestSelection,
			RunParameters runParameters, @Value("#{stepExecution}") StepExecution stepExecution,
			LocalExecutions localExecutions, RunClaims runClaims,
			@Value("#{stepExecutionContext['" + RequestSlicePartitioner.SLICE + "']}") int slice,
			@Value("#{stepExecutionContext['" + RequestSlicePartitioner.SLICES + "']}") int slices) {
		return new FetchReader(properties, pipeline, statusFetcher, circuitBreaker, requestSelection, runParameters,
				stepExecution, localExecutions, runClaims, slice, slices);
	}

	/** The run's status polls, shared by its slices over the run's one {@code runCaller}. */
	@Bean
	@Scope(value = "job", proxyMode = ScopedProxyMode.NO)
	StatusFetcher statusFetcher(SafetyKitClient safetyKitClient, RetryingCaller runCaller,
			@Value("#{jobExecution.id}") long jobExecutionId) {
		return new StatusFetcher(safetyKitClient, runCaller, jobExecutionId);
	}

	/** The run's circuit breaker, shared by its slices: failures in a row count across all of them. */
	@Bean
	@Scope(value = "job", proxyMode = ScopedProxyMode.NO)
	CircuitBreaker circuitBreaker(ReconcilerProperties properties) {
		return new CircuitBreaker(properties.circuitBreakerThreshold());
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
