package io.safetykit.reconciler.run;

import java.time.Duration;

import io.safetykit.reconciler.exit.UsageException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class PipelinePropertiesTests {

	@Test
	void derivesEachWritersWindowAndClaimBatchFromItsShare() {
		PipelineProperties pipeline = pipeline(0, 0, 2);
		assertThat(pipeline.window(250, 32)).isEqualTo(314);
		assertThat(pipeline.claimBatch(314)).isEqualTo(157);
		assertThat(pipeline.claimBatch(5000)).isEqualTo(1000);
	}

	@Test
	void neverHasMoreWritersThanCallsInFlight() {
		assertThat(pipeline(0, 0, 2).slices(64)).isEqualTo(2);
		assertThat(pipeline(0, 0, 4).slices(3)).isEqualTo(3);
		assertThat(pipeline(0, 0, 2).slices(1)).isEqualTo(1);
	}

	@Test
	void leavesACoreOutOfParsingUnlessTold() {
		assertThat(pipeline(0, 0, 2).parsesAtOnce(1)).isEqualTo(1);
		assertThat(pipeline(0, 0, 2).parsesAtOnce(2)).isEqualTo(1);
		assertThat(pipeline(0, 0, 2).parsesAtOnce(8)).isEqualTo(7);
		assertThat(new PipelineProperties(Duration.ofMillis(200), 5000, 0, 0, 4, 2).parsesAtOnce(2)).isEqualTo(4);
	}

	@Test
	void refusesAWriterCountOutsideItsRangeInOneLine() {
		assertThatExceptionOfType(UsageException.class).isThrownBy(() -> pipeline(0, 0, 0))
			.withMessage("reconciler.pipeline.writers must be between 1 and 16, was 0");
		assertThatExceptionOfType(UsageException.class).isThrownBy(() -> pipeline(0, 0, 17));
	}

	@Test
	void refusesAClaimBatchLargerThanTheWindow() {
		assertThatExceptionOfType(UsageException.class).isThrownBy(() -> pipeline(10, 20, 2))
			.withMessageContaining("must not be larger than reconciler.pipeline.window");
	}

	private static PipelineProperties pipeline(int window, int claimBatch, int writers) {
		return new PipelineProperties(Duration.ofMillis(200), 5000, window, claimBatch, 0, writers);
	}

}
