-- The grants of docs/operations.md, "Database roles". Role names differ per environment, so they are
-- psql variables and this file is not a migration. Run it as the schema owner (the role that runs
-- `migrate`) once the schema exists, and again after an upgrade; it is idempotent:
--
--   psql -v owner_role=safetykit_owner -v job_role=safetykit_job -v writer_role=safetykit_writer \
--        -v reader_role=safetykit_reader -f db/roles.sql
--
-- The roles themselves (LOGIN, passwords) are created by whoever manages them. CONNECT and
-- TEMPORARY on the database (the job stages result files in temporary tables) and USAGE on schema
-- public are PUBLIC's by default; grant them to the job role too where they are not.
\set ON_ERROR_STOP on
BEGIN;

GRANT USAGE ON SCHEMA safetykit TO :"job_role", :"writer_role", :"reader_role";

-- job: everything in its tables but DDL and TRUNCATE (run_lease included: a run takes, renews and
-- deletes its claim lease there); the event log and the decision history (past versions of items
-- and labels) stay append-only
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA safetykit TO :"job_role";
REVOKE UPDATE, DELETE ON safetykit.request_event, safetykit.item_version, safetykit.item_label_version
    FROM :"job_role";
GRANT USAGE ON ALL SEQUENCES IN SCHEMA safetykit TO :"job_role";

-- job: Spring Batch's metadata (schema public); the job never deletes its history
GRANT SELECT, INSERT, UPDATE ON
    public.batch_job_instance, public.batch_job_execution, public.batch_job_execution_params,
    public.batch_job_execution_context, public.batch_step_execution, public.batch_step_execution_context
    TO :"job_role";
GRANT USAGE ON SEQUENCE
    public.batch_job_instance_seq, public.batch_job_execution_seq, public.batch_step_execution_seq
    TO :"job_role";

-- upstream writers: one INSERT ... ON CONFLICT DO NOTHING, nothing else (not even reading back)
GRANT INSERT ON safetykit.request TO :"writer_role";

-- reports: every table and view, but not the result links: data_url is a pre-signed credential
GRANT SELECT ON ALL TABLES IN SCHEMA safetykit TO :"reader_role";
REVOKE SELECT ON safetykit.import_result FROM :"reader_role";
-- every other column, as the table is now: run this file again after a migration adds columns
SELECT format('GRANT SELECT (%s) ON safetykit.import_result TO %I',
              string_agg(quote_ident(column_name), ', ' ORDER BY ordinal_position), :'reader_role')
FROM information_schema.columns
WHERE table_schema = 'safetykit' AND table_name = 'import_result' AND column_name <> 'data_url'
\gexec

-- tables and views that later migrations create (as the owner) get the same grants
ALTER DEFAULT PRIVILEGES FOR ROLE :"owner_role" IN SCHEMA safetykit
    GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO :"job_role";
ALTER DEFAULT PRIVILEGES FOR ROLE :"owner_role" IN SCHEMA safetykit
    GRANT USAGE ON SEQUENCES TO :"job_role";
ALTER DEFAULT PRIVILEGES FOR ROLE :"owner_role" IN SCHEMA safetykit
    GRANT SELECT ON TABLES TO :"reader_role";

COMMIT;
