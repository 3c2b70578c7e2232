package io.safetykit.reconciler.resultfile;

import io.safetykit.reconciler.resultfile.FileWork.Load;
import io.safetykit.reconciler.resultfile.FileWork.Renewal;
import io.safetykit.reconciler.run.RunCounters;
import io.safetykit.reconciler.run.RunParameters;
import io.safetykit.reconciler.safetykit.RetryingCaller;

import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ItemWriter;

/** The result-file step's writer: renews a link, or streams a result file into items and labels. */
class FileWorkWriter implements ItemWriter<FileWork> {

	private final ResultFileLoader loader;

	private final LinkRenewer renewer;

	private final RunParameters parameters;

	private final RunCounters counters;

	private final RetryingCaller caller;

	private final long jobExecutionId;

	FileWorkWriter(ResultFileLoader loader, LinkRenewer renewer, RunParameters parameters, RunCounters counters,
			RetryingCaller caller, long jobExecutionId) {
		this.loader = loader;
		this.renewer = renewer;
		this.parameters = parameters;
		this.counters = counters;
		this.caller = caller;
		this.jobExecutionId = jobExecutionId;
	}

	@Override
	public void write(Chunk<? extends FileWork> chunk) throws InterruptedException {
		for (FileWork work : chunk) {
			if (work instanceof Renewal renewal) {
				this.renewer.renew(renewal.file(), this.caller, this.jobExecutionId,
						"expiring within " + this.parameters.refreshLinksWithin().toMinutes() + " minutes");
			}
			else if (work instanceof Load load) {
				this.loader.load(load.file(), this.caller, this.counters, this.jobExecutionId);
			}
		}
	}

}
