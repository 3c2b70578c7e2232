package io.safetykit.reconciler.reconcile;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.safetykit.reconciler.run.RunParameters;
import io.safetykit.reconciler.run.RunParameters.Partition;
import org.junit.jupiter.api.Test;

import org.springframework.batch.infrastructure.item.ExecutionContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class RequestSlicePartitionerTests {

	@Test
	void makesOneContextPerSliceWithItsNumber() {
		Map<String, ExecutionContext> contexts = new RequestSlicePartitioner(run(null, Partition.WHOLE)).partition(3);
		assertThat(contexts).containsOnlyKeys("slice0", "slice1", "slice2");
		for (int slice = 0; slice < 3; slice++) {
			ExecutionContext context = contexts.get("slice" + slice);
			assertThat(context.getInt(RequestSlicePartitioner.SLICE)).isEqualTo(slice);
			assertThat(context.getInt(RequestSlicePartitioner.SLICES)).isEqualTo(3);
		}
	}

	@Test
	void keepsARunWithALimitWhole() {
		assertThat(new RequestSlicePartitioner(run(10, Partition.WHOLE)).partition(2)).containsOnlyKeys("slice0");
	}

	@Test
	void keepsAPartitionWhoseSlicesWouldNotFitAnIntWhole() {
		Partition huge = new Partition(5, Integer.MAX_VALUE / 2 + 1);
		assertThat(new RequestSlicePartitioner(run(null, huge)).partition(2)).containsOnlyKeys("slice0");
	}

	@Test
	void splitsTheRunsOwnPartitionIntoSlicesOfIt() {
		// slice 1 of 3 is h mod 3 = 1; its parts of 2 are h mod 6 = 1 and h mod 6 = 4
		assertThat(new Partition(1, 3).split(0, 2)).isEqualTo(new Partition(1, 6));
		assertThat(new Partition(1, 3).split(1, 2)).isEqualTo(new Partition(4, 6));
		assertThat(Partition.WHOLE.split(1, 2)).isEqualTo(new Partition(1, 2));
		assertThat(run(null, new Partition(2, 4)).inSlice(1, 2).partition()).isEqualTo(new Partition(6, 8));
		assertThatIllegalArgumentException().isThrownBy(() -> Partition.WHOLE.split(2, 2));
	}

	@Test
	void sharesTheConcurrencyOutEvenlyWithAtLeastOneFetcherEach() {
		assertThat(List.of(FetchReader.concurrencyShare(64, 0, 2), FetchReader.concurrencyShare(64, 1, 2)))
			.containsExactly(32, 32);
		assertThat(List.of(FetchReader.concurrencyShare(5, 0, 2), FetchReader.concurrencyShare(5, 1, 2)))
			.containsExactly(3, 2);
		// a restart keeps its slices even if the concurrency is lower by then
		assertThat(FetchReader.concurrencyShare(1, 1, 2)).isEqualTo(1);
	}

	private static RunParameters run(Integer limit, Partition partition) {
		return new RunParameters(null, List.of(), null, null, false, false, limit, false, partition, false, null,
				Instant.now());
	}

}
