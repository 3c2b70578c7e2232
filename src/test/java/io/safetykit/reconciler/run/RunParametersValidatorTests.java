package io.safetykit.reconciler.run;

import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.batch.core.job.parameters.InvalidJobParametersException;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RunParametersValidatorTests {

	private final RunParametersValidator validator = new RunParametersValidator();

	@Test
	void acceptsTheParametersOfARun() {
		assertThatCode(() -> this.validator.validate(RunParametersParser
			.toJobParameters(Map.of("namespace", "listings", "partition", "1/4"), Instant.EPOCH)))
			.doesNotThrowAnyException();
	}

	@Test
	void refusesABadValueWithTheParsersOneLine() {
		assertThatThrownBy(() -> this.validator
			.validate(RunParametersParser.toJobParameters(Map.of("partition", "4/4"), Instant.EPOCH)))
			.isInstanceOf(InvalidJobParametersException.class)
			.hasMessage("partition must be i/n with 0 <= i < n (e.g. 0/4), was '4/4'");
	}

	@Test
	void refusesAnUnknownParameter() {
		assertThatThrownBy(() -> this.validator.validate(new JobParametersBuilder(
				RunParametersParser.toJobParameters(Map.of(), Instant.EPOCH))
			.addString("nameSpace", "x")
			.toJobParameters())).isInstanceOf(InvalidJobParametersException.class)
			.hasMessage("Unknown job parameter 'nameSpace'");
	}

	@Test
	void refusesParametersThatDidNotComeFromARun() {
		assertThatThrownBy(() -> this.validator.validate(new JobParametersBuilder().addString("namespace", "x")
			.toJobParameters())).isInstanceOf(InvalidJobParametersException.class)
			.hasMessageContaining("'run.startedAt' is missing");
	}

}
