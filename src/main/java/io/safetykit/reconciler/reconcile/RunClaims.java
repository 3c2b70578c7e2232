package io.safetykit.reconciler.reconcile;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import javax.sql.DataSource;

import io.safetykit.reconciler.store.RequestSelection;
import io.safetykit.reconciler.store.RunLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.stereotype.Component;

/**
 * Holds a job execution's {@link RunLock} for as long as the execution runs — its claims count
 * only while it does — and drops whatever claims are left when it ends, however it ends.
 */
@Component
class RunClaims implements JobExecutionListener {

	private static final Logger logger = LoggerFactory.getLogger(RunClaims.class);

	private final DataSource dataSource;

	private final RequestSelection selection;

	private final Map<Long, RunLock> locks = new ConcurrentHashMap<>();

	RunClaims(DataSource dataSource, RequestSelection selection) {
		this.dataSource = dataSource;
		this.selection = selection;
	}

	@Override
	public void beforeJob(JobExecution jobExecution) {
		this.locks.put(jobExecution.getId(), RunLock.acquire(this.dataSource, jobExecution.getId()));
	}

	@Override
	public void afterJob(JobExecution jobExecution) {
		RunLock lock = this.locks.remove(jobExecution.getId());
		if (lock == null) {
			return;
		}
		try {
			int released = this.selection.release(jobExecution.getId());
			if (released > 0) {
				logger.info("Released {} requests taken but not finished; the next run takes them", released);
			}
		}
		catch (RuntimeException ex) {
			// the claims die with the lock anyway
			logger.warn("Could not release claims: {}", ex.getMessage());
		}
		finally {
			lock.close();
		}
	}

}
