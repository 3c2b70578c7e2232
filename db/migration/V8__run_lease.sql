-- A claim (request.claimed_by) counts only while its job execution holds a live lease here. The
-- lease lives in a table and is judged by the database clock alone (expires_at > now()), so it
-- holds through a transaction-pooling pooler, where session state (an advisory lock) would be
-- shared with, or dropped by, whoever gets the server connection next. A running job execution
-- renews its lease every third of its duration and deletes it when it ends; the lease of a process
-- that died simply runs out, and with it that process's claims. This replaces the advisory lock
-- that the comment on request.claimed_by in V2 speaks of.
CREATE TABLE safetykit.run_lease (
  job_execution_id bigint PRIMARY KEY,
  holder text NOT NULL,
  acquired_at timestamptz NOT NULL,
  renewed_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL
);

COMMENT ON TABLE safetykit.run_lease IS
  'claim leases of running job executions: a request claimed by an execution without a live lease is free';
COMMENT ON COLUMN safetykit.run_lease.holder IS 'the process holding the lease (pid and host), for operators';
