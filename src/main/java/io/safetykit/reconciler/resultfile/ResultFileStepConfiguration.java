package io.safetykit.reconciler.resultfile;

import java.net.http.HttpClient;

import io.safetykit.reconciler.run.ReconcilerProperties;
import io.safetykit.reconciler.run.RunMetrics;
import io.safetykit.reconciler.run.RunStates;
import io.safetykit.reconciler.safetykit.SafetyKitClient;
import io.safetykit.reconciler.safetykit.StatusResponseParser;
import io.safetykit.reconciler.store.ResultFileStore;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

/** The {@code resultFileStep} of the reconcile job: Import result files into items and labels. */
@Configuration(proxyBeanMethods = false)
class ResultFileStepConfiguration {

	@Bean
	Step resultFileStep(JobRepository jobRepository, PlatformTransactionManager transactionManager,
			ResultFileTasklet resultFileTasklet) {
		return new StepBuilder("resultFileStep", jobRepository).tasklet(resultFileTasklet, transactionManager)
			.listener(resultFileTasklet)
			.build();
	}

	@Bean
	ResultFileTasklet resultFileTasklet(ResultFileProperties properties, ReconcilerProperties reconciler,
			SafetyKitClient safetyKitClient, NamedParameterJdbcTemplate jdbc, RunStates runStates,
			RunMetrics runMetrics, JsonMapper jsonMapper) {
		// the file host is not SafetyKit: a client of its own, which has no key to send
		HttpClient http = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.followRedirects(HttpClient.Redirect.NEVER)
			.connectTimeout(reconciler.connectTimeout())
			.build();
		ResultFileStore store = new ResultFileStore(jdbc);
		FileHostClient fileHost = new FileHostClient(http, reconciler.readTimeout(), properties.maxFileSize().toBytes());
		LinkRenewer renewer = new LinkRenewer(safetyKitClient, store);
		ResultFileLoader loader = new ResultFileLoader(renewer, fileHost, new StatusResponseParser(jsonMapper), store,
				properties, reconciler.retryPolicy());
		return new ResultFileTasklet(properties, store, loader, renewer, runStates, runMetrics, reconciler.rateLimit(),
				reconciler.retryPolicy());
	}

}
