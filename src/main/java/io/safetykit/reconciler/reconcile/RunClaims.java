package io.safetykit.reconciler.reconcile;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import io.safetykit.reconciler.run.ReconcilerProperties;
import io.safetykit.reconciler.run.RunCounters;
import io.safetykit.reconciler.run.RunParameters;
import io.safetykit.reconciler.run.RunParametersParser;
import io.safetykit.reconciler.store.RequestSelection;
import io.safetykit.reconciler.store.RequestSelection.HeldElsewhere;
import io.safetykit.reconciler.store.RunLeases;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;
import org.springframework.stereotype.Component;

/**
 * Holds a job execution's claim lease for as long as the execution runs — its claims count only
 * while the lease is live — renewing it every third of {@code reconciler.claim-lease} in short
 * transactions of their own. When the execution ends, however it ends, it says which requests of
 * its selection other executions still held and drops whatever claims it has left. The lease itself
 * is given up only once the job repository has recorded the end ({@link #finished}): until then
 * the execution is still STARTED there, and another run must not take it for dead.
 */
@Component
class RunClaims implements JobExecutionListener, DisposableBean {

	private static final Logger logger = LoggerFactory.getLogger(RunClaims.class);

	private final RunLeases leases;

	private final RequestSelection selection;

	private final ObjectProvider<RunCounters> counters;

	private final Duration duration;

	private final HolderProcess holder = HolderProcess.current();

	private final ScheduledExecutorService renewer = Executors.newSingleThreadScheduledExecutor(renewalThreads());

	private final Map<Long, Held> held = new ConcurrentHashMap<>();

	RunClaims(RunLeases leases, RequestSelection selection, ObjectProvider<RunCounters> counters,
			ReconcilerProperties properties) {
		this.leases = leases;
		this.selection = selection;
		this.counters = counters;
		this.duration = properties.claimLease();
	}

	@Override
	public void beforeJob(JobExecution jobExecution) {
		long executionId = jobExecution.getId();
		long sent = System.nanoTime();
		this.leases.take(executionId, this.holder.description(), this.holder.key(), this.duration);
		ClaimLease lease = new ClaimLease(executionId, this.duration, sent);
		long every = Math.max(1, this.duration.toMillis() / 3);
		ScheduledFuture<?> renewal = this.renewer.scheduleWithFixedDelay(() -> renew(lease), every, every,
				TimeUnit.MILLISECONDS);
		this.held.put(executionId, new Held(lease, renewal));
	}

	/** The lease of a job execution running in this process. */
	ClaimLease lease(long executionId) {
		Held run = this.held.get(executionId);
		if (run == null) {
			throw new IllegalStateException("job execution " + executionId + " holds no claim lease here");
		}
		return run.lease();
	}

	@Override
	public void afterJob(JobExecution jobExecution) {
		Held run = this.held.remove(jobExecution.getId());
		if (run == null) {
			return;
		}
		run.renewal().cancel(false);
		try {
			reportHeldElsewhere(jobExecution);
		}
		catch (RuntimeException ex) {
			logger.warn("Could not count the requests that other runs hold: {}", ex.getMessage());
		}
		try {
			int released = this.selection.release(jobExecution.getId());
			if (released > 0) {
				logger.info("Released {} requests taken but not finished; the next run takes them", released);
			}
		}
		catch (RuntimeException ex) {
			// the claims lapse with the lease anyway
			logger.warn("Could not release claims: {}; they are free once the claim lease runs out", ex.getMessage());
		}
	}

	/**
	 * Gives the lease of an execution up, once the job repository has recorded how it ended. If the
	 * process dies before this, the lease runs out by itself (renewals stopped in afterJob).
	 */
	void finished(JobExecution jobExecution) {
		try {
			this.leases.end(jobExecution.getId());
		}
		catch (RuntimeException ex) {
			logger.warn("Could not give the claim lease of job execution {} up: {}; it runs out by itself",
					jobExecution.getId(), ex.getMessage());
		}
	}

	@Override
	public void destroy() {
		this.renewer.shutdownNow();
	}

	/** Never silent about what the run could not take: how many, to whom, and until when. */
	private void reportHeldElsewhere(JobExecution jobExecution) {
		RunParameters parameters = RunParametersParser.fromJobParameters(jobExecution.getJobParameters());
		List<HeldElsewhere> elsewhere = this.selection.heldElsewhere(parameters, jobExecution.getId());
		for (HeldElsewhere other : elsewhere) {
			if (other.live()) {
				logger.warn("{} requests left to job execution {}, whose claim lease is live until {}: that run "
						+ "polls them, or if it died, the next run after that time", other.requests(),
						other.executionId(), other.leaseExpiresAt());
			}
			else {
				logger.warn("{} requests left claimed by job execution {}, whose claim lease ran out {}: the next "
						+ "run takes them", other.requests(), other.executionId(),
						(other.leaseExpiresAt() != null) ? "at " + other.leaseExpiresAt() + " during this run"
								: "during this run");
			}
			this.counters.getObject().leftToOtherRuns.add(other.requests());
		}
	}

	private void renew(ClaimLease lease) {
		if (!lease.isHeld()) {
			return;
		}
		long sent = System.nanoTime();
		try {
			if (this.leases.renew(lease.executionId(), this.duration).isPresent()) {
				lease.renewed(sent);
			}
			else if (this.held.containsKey(lease.executionId())) {
				// (not if the run ended meanwhile and gave its lease up)
				lease.lose("it had run out when it was to be renewed");
				logger.error("The claim lease of job execution {} had run out when it was to be renewed; the run "
						+ "stops without writing more", lease.executionId());
			}
		}
		catch (RuntimeException ex) {
			logger.warn("Could not renew the claim lease of job execution {} ({}); trying again", lease.executionId(),
					ex.getMessage());
		}
	}

	private static CustomizableThreadFactory renewalThreads() {
		CustomizableThreadFactory threads = new CustomizableThreadFactory("claim-lease-");
		threads.setDaemon(true);
		return threads;
	}

	private record Held(ClaimLease lease, ScheduledFuture<?> renewal) {
	}

}
