-- Each run's summary counts, written by the job in one statement as the run ends (README,
-- "Reporting"), and the run history view that joins them with Spring Batch's own records of
-- every job execution. A run killed before its end has no summary row: its counts show as null.
CREATE TABLE safetykit.run_summary (
    job_execution_id bigint PRIMARY KEY,
    dry_run boolean NOT NULL,
    polled bigint NOT NULL,
    succeeded bigint NOT NULL,
    failed bigint NOT NULL,
    still_pending bigint NOT NULL,
    errors bigint NOT NULL,
    skipped bigint NOT NULL,
    errors_by_kind jsonb NOT NULL,
    items bigint NOT NULL,
    labels bigint NOT NULL,
    import_results bigint NOT NULL,
    files_loaded bigint NOT NULL,
    file_lines bigint NOT NULL,
    calls bigint NOT NULL,
    retries bigint NOT NULL,
    -- the run's own start and end as instants: Spring Batch keeps its times without a zone
    started_at timestamptz NOT NULL,
    ended_at timestamptz NOT NULL
);

-- one row per job execution. Spring Batch writes its times in the job's local time without a zone;
-- a run that ended has its exact instants in run_summary, one killed before its end is read as UTC.
-- exit_code is the process's: 0 completed, 1 anything else once ended, null while running.
CREATE VIEW safetykit.run_history AS
SELECT e.job_execution_id AS id,
       e.status,
       CASE WHEN e.status = 'COMPLETED' THEN 0 WHEN e.end_time IS NOT NULL THEN 1 END AS exit_code,
       e.exit_code AS exit_status,
       coalesce(s.started_at, e.start_time AT TIME ZONE 'UTC') AS started_at,
       coalesce(s.ended_at, e.end_time AT TIME ZONE 'UTC') AS ended_at,
       coalesce(s.ended_at - s.started_at, e.end_time - e.start_time) AS duration,
       (SELECT jsonb_object_agg(p.parameter_name, p.parameter_value ORDER BY p.parameter_name)
        FROM public.batch_job_execution_params p
        WHERE p.job_execution_id = e.job_execution_id) AS parameters,
       s.dry_run,
       s.polled,
       s.succeeded,
       s.failed,
       s.still_pending,
       s.errors,
       s.skipped,
       s.errors_by_kind,
       s.items,
       s.labels,
       s.import_results,
       s.files_loaded,
       s.file_lines,
       s.calls,
       s.retries
FROM public.batch_job_execution e
JOIN public.batch_job_instance i ON i.job_instance_id = e.job_instance_id
LEFT JOIN safetykit.run_summary s ON s.job_execution_id = e.job_execution_id
WHERE i.job_name = 'reconcileJob';
