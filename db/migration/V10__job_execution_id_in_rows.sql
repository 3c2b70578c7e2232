-- The job now writes job_execution_id into every item and label row it writes (README, "Decision
-- history"), so the column default of V6, which read the execution from a setting of the
-- transaction (set_config('safetykit.job_execution_id', ..., true)), has no writer left. It cost
-- a function call and a cast on every row COPYed: several per cent of a first completion's COPY.
-- Rows written by hand still carry null, as before. Only the catalog changes: no row is rewritten.
ALTER TABLE safetykit.item ALTER COLUMN job_execution_id DROP DEFAULT;
ALTER TABLE safetykit.item_label ALTER COLUMN job_execution_id DROP DEFAULT;
