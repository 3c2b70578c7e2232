-- The process holding a lease, as a key another process on the same machine can check: the
-- kernel's boot id, the pid namespace, the pid and the process's start time in clock ticks since
-- boot. A run that finds a live lease whose process is provably gone (same machine and pid
-- namespace, and no such process, or a later one under its pid) treats it as run out at once: a
-- run killed with -9 no longer holds its requests from the next run on that machine for the rest
-- of its lease. Null where the holder could not tell (no /proc); then only the lease counts.
ALTER TABLE safetykit.run_lease ADD COLUMN process text;

COMMENT ON COLUMN safetykit.run_lease.process IS
  'boot id/pid namespace/pid/start ticks of the holding process, to tell on the same machine that it died';
