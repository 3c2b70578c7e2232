package io.safetykit.reconciler.resultfile;

import io.safetykit.reconciler.run.ReconcilerProperties;
import io.safetykit.reconciler.run.RunCounters;
import io.safetykit.reconciler.run.RunParameters;
import io.safetykit.reconciler.safetykit.RetryingCaller;
import io.safetykit.reconciler.safetykit.SafetyKitClient;
import io.safetykit.reconciler.safetykit.StatusResponseParser;
import io.safetykit.reconciler.store.ResultFileStore;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

/** The {@code resultFileStep} of the reconcile job: Import result files into items and labels. */
@Configuration(proxyBeanMethods = false)
class ResultFileStepConfiguration {

	/** One link or file per chunk: its rows stay locked by the chunk's transaction while it is loaded. */
	@Bean
	Step resultFileStep(JobRepository jobRepository, PlatformTransactionManager transactionManager,
			FileWorkReader fileWorkReader, FileWorkWriter fileWorkWriter) {
		return new StepBuilder("resultFileStep", jobRepository).<FileWork, FileWork>chunk(1)
			.transactionManager(transactionManager)
			.reader(fileWorkReader)
			.writer(fileWorkWriter)
			.build();
	}

	@Bean
	@StepScope
	FileWorkReader fileWorkReader(ResultFileProperties properties, ResultFileStore resultFileStore,
			RunParameters runParameters) {
		return new FileWorkReader(properties, resultFileStore, runParameters);
	}

	@Bean
	@StepScope
	FileWorkWriter fileWorkWriter(ResultFileLoader resultFileLoader, LinkRenewer linkRenewer,
			RunParameters runParameters, RunCounters runCounters, RetryingCaller runCaller,
			@Value("#{stepExecution.jobExecutionId}") long jobExecutionId) {
		return new FileWorkWriter(resultFileLoader, linkRenewer, runParameters, runCounters, runCaller, jobExecutionId);
	}

	@Bean
	ResultFileStore resultFileStore(NamedParameterJdbcTemplate jdbc) {
		return new ResultFileStore(jdbc);
	}

	@Bean
	LinkRenewer linkRenewer(SafetyKitClient safetyKitClient, ResultFileStore resultFileStore) {
		return new LinkRenewer(safetyKitClient, resultFileStore);
	}

	@Bean
	ResultFileLoader resultFileLoader(ResultFileProperties properties, ReconcilerProperties reconciler,
			LinkRenewer linkRenewer, ResultFileStore resultFileStore, JsonMapper jsonMapper) {
		// the file host is not SafetyKit: a client of its own, which has no key to send
		FileHostClient fileHost = new FileHostClient(reconciler.connectTimeout(), reconciler.readTimeout(),
				properties.maxFileSize().toBytes());
		return new ResultFileLoader(linkRenewer, fileHost, new StatusResponseParser(jsonMapper), resultFileStore,
				properties);
	}

}
