package io.safetykit.reconciler.reconcile;

import java.util.LinkedHashMap;
import java.util.Map;

import io.safetykit.reconciler.run.RunParameters;
import io.safetykit.reconciler.run.RunParameters.Partition;

import org.springframework.batch.core.partition.Partitioner;
import org.springframework.batch.infrastructure.item.ExecutionContext;

/**
 * Splits the reconcile step into slices of the run's selection by {@code request_slice}, one worker
 * step execution each: slice {@code k} of {@code n} takes part {@code k} of the run's own
 * {@code partition} ({@link Partition#split}). The slices are kept in the step's execution context,
 * so a restart runs the unfinished ones over the same requests whatever the settings are by then.
 * <p>
 * A run with a {@code limit} is one slice: the limit is on the whole selection, and a slice that
 * reached the end of its part could not hand what it did not use to the other.
 */
class RequestSlicePartitioner implements Partitioner {

	static final String SLICE = "slice";

	static final String SLICES = "slices";

	private final RunParameters run;

	RequestSlicePartitioner(RunParameters run) {
		this.run = run;
	}

	@Override
	public Map<String, ExecutionContext> partition(int gridSize) {
		int slices = slices(gridSize, this.run);
		Map<String, ExecutionContext> contexts = new LinkedHashMap<>();
		for (int slice = 0; slice < slices; slice++) {
			ExecutionContext context = new ExecutionContext();
			context.putInt(SLICE, slice);
			context.putInt(SLICES, slices);
			contexts.put(SLICE + slice, context);
		}
		return contexts;
	}

	/** The slices a run is split into, given {@code writers} of them at most. */
	static int slices(int writers, RunParameters run) {
		// nor is a partition whose count is so large that its parts would not fit an int
		boolean whole = run.limit() != null || run.partition().count() > Integer.MAX_VALUE / writers;
		return whole ? 1 : writers;
	}

}
