package io.safetykit.reconciler.reconcile;

import io.safetykit.reconciler.run.RunCounters;
import io.safetykit.reconciler.run.RunParameters;
import io.safetykit.reconciler.store.ChunkWrite;
import io.safetykit.reconciler.store.ChunkWriter;
import io.safetykit.reconciler.store.ChunkWriter.WrittenRows;

import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ItemWriter;

/**
 * The reconcile step's writer: a chunk's rows in a handful of set-based statements and two COPYs
 * ({@link ChunkWriter}), in the chunk's transaction. Writes nothing in a dry run.
 */
class ChunkItemWriter implements ItemWriter<ChunkWrite> {

	private final ChunkWriter writer;

	private final RunParameters parameters;

	private final RunCounters counters;

	private final long jobExecutionId;

	ChunkItemWriter(ChunkWriter writer, RunParameters parameters, RunCounters counters, long jobExecutionId) {
		this.writer = writer;
		this.parameters = parameters;
		this.counters = counters;
		this.jobExecutionId = jobExecutionId;
	}

	@Override
	public void write(Chunk<? extends ChunkWrite> chunk) {
		if (this.parameters.dryRun()) {
			return;
		}
		for (ChunkWrite rows : chunk) {
			WrittenRows written = this.writer.write(rows, this.jobExecutionId);
			this.counters.items.add(written.items());
			this.counters.labels.add(written.labels());
		}
	}

}
