-- The order a run with a submission range (submittedFrom/submittedTo) pages in: keyset on
-- (submitted_at, namespace, request_id). With these indexes a page of a one-day backfill reads
-- that day's rows and stops, however many requests of other days the table holds; paging such a
-- run by primary key read through the rows of every other day, page after page (README, "Design").
-- request_submitted_idx serves backfills (includeTerminal=true); request_unfinished_submitted_idx,
-- small, serves runs with a submission range that leave finished requests out. The first makes
-- V2's request_submitted_at_idx (submitted_at alone) redundant: every use of that one is a range
-- on submitted_at, which the new one serves as well, and each index costs every write.
--
-- CONCURRENTLY, because the request table may be large and in use: a plain CREATE INDEX would
-- block every write to it (enqueueing, a running job) for the whole build, minutes on tens of
-- millions of rows; CONCURRENTLY lets writes go on and only waits for transactions already open.
-- It cannot run in a transaction, so Flyway runs this migration without one, statement by
-- statement: it holds nothing but such statements (spring.flyway.mixed stays off). Flyway's own
-- lock must then be a session lock (spring.flyway.postgresql.transactional-lock=false in
-- application.properties): under a transactional lock the build waits forever for Flyway's own
-- open transaction.
--
-- A build that fails or is cancelled halfway leaves an INVALID index and a failed row for version
-- 9 in flyway_schema_history. Each CREATE is preceded by a DROP ... IF EXISTS, so after deleting
-- that row (or `flyway repair`) running migrate again builds the indexes afresh.
DROP INDEX CONCURRENTLY IF EXISTS safetykit.request_submitted_idx;
CREATE INDEX CONCURRENTLY request_submitted_idx
    ON safetykit.request (submitted_at, namespace, request_id);

DROP INDEX CONCURRENTLY IF EXISTS safetykit.request_unfinished_submitted_idx;
CREATE INDEX CONCURRENTLY request_unfinished_submitted_idx
    ON safetykit.request (submitted_at, namespace, request_id)
    WHERE status NOT IN ('succeeded', 'failed');

DROP INDEX CONCURRENTLY IF EXISTS safetykit.request_submitted_at_idx;
