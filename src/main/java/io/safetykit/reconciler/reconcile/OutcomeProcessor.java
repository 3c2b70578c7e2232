package io.safetykit.reconciler.reconcile;

import io.safetykit.reconciler.run.RunCounters;
import io.safetykit.reconciler.store.ChunkWrite;

import org.springframework.batch.infrastructure.item.ItemProcessor;

/**
 * The reconcile step's processor: turns a batch of fetch outcomes into the rows of one chunk by the
 * rules of {@link RequestTransition}, and counts each request's result for the run's summary.
 */
class OutcomeProcessor implements ItemProcessor<OutcomeBatch, ChunkWrite> {

	private final RequestTransition transition;

	private final RunCounters counters;

	OutcomeProcessor(RequestTransition transition, RunCounters counters) {
		this.transition = transition;
		this.counters = counters;
	}

	@Override
	public ChunkWrite process(OutcomeBatch batch) {
		ChunkWrite chunk = ChunkWrite.empty();
		for (FetchOutcome outcome : batch.outcomes()) {
			this.transition.apply(outcome, chunk, this.counters);
		}
		return chunk;
	}

}
