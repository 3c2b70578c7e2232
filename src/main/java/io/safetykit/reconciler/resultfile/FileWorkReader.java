package io.safetykit.reconciler.resultfile;

import java.util.Optional;

import io.safetykit.reconciler.resultfile.FileWork.Load;
import io.safetykit.reconciler.resultfile.FileWork.Renewal;
import io.safetykit.reconciler.run.RunParameters;
import io.safetykit.reconciler.store.ResultFileStore;
import io.safetykit.reconciler.store.ResultFileStore.FileToLoad;

import org.springframework.batch.infrastructure.item.ItemReader;

/**
 * The result-file step's reader, one per step execution, in two passes over the run's selection
 * in key order: first, when the run asks with {@code refreshLinksWithin}, the links about to
 * expire; then the result files to load, unless {@code reconciler.result-files.enabled=false}.
 * Nothing in dry runs. Each read locks its request's rows in the chunk's transaction, so that a
 * concurrent run skips them.
 */
class FileWorkReader implements ItemReader<FileWork> {

	private final ResultFileProperties properties;

	private final ResultFileStore store;

	private final RunParameters parameters;

	private boolean refreshing;

	private String afterNamespace = "";

	private String afterRequestId = "";

	FileWorkReader(ResultFileProperties properties, ResultFileStore store, RunParameters parameters) {
		this.properties = properties;
		this.store = store;
		this.parameters = parameters;
		this.refreshing = parameters.refreshLinksWithin() != null;
	}

	@Override
	public FileWork read() {
		if (this.parameters.dryRun()) {
			return null;
		}
		if (this.refreshing) {
			Optional<FileToLoad> expiring = this.store.lockNextExpiring(this.parameters,
					this.parameters.refreshLinksWithin(), this.afterNamespace, this.afterRequestId);
			if (expiring.isPresent()) {
				return new Renewal(passed(expiring.get()));
			}
			this.refreshing = false;
			this.afterNamespace = "";
			this.afterRequestId = "";
		}
		if (!this.properties.enabled()) {
			return null;
		}
		return this.store.lockNext(this.parameters, this.parameters.reloadFiles(), this.afterNamespace,
				this.afterRequestId)
			.map((file) -> (FileWork) new Load(passed(file)))
			.orElse(null);
	}

	private FileToLoad passed(FileToLoad file) {
		this.afterNamespace = file.namespace();
		this.afterRequestId = file.requestId();
		return file;
	}

}
