#!/usr/bin/env bash
# Size and generation time of report html over a year of a million labels (README, Reporting).
#
#   ./mvnw -B -q -DskipTests package && bench/report-html.sh
#   PGHOST=db PGUSER=me BENCH_DB=scratch bench/report-html.sh
#
# Creates (and, unless KEEP=1, drops) a scratch database, applies db/migration in order, fills it
# with generate_series (10,200 Add requests of 33 items with 3 labels completed over 365 days, 20,000
# unfinished requests, 5,000 import results, a year of nightly runs), then times report html.
set -euo pipefail

cd "$(dirname "$0")/.."
requests="${BENCH_REQUESTS:-10200}"
jar=$(ls target/safetykit-reconciler-*.jar | grep -v original | head -1)

source bench/scratch-db.sh safetykit_bench_html

echo "Generating a year of data ($requests Add requests) ..."
psql_db <<SQL
SET synchronous_commit = off;
INSERT INTO safetykit.request (namespace, request_id, kind, status, submitted_at, completed_at, poll_count)
SELECT (ARRAY['products', 'listings', 'messages'])[1 + r % 3], 'add-' || r, 'add', 'succeeded',
       now() - (r % 365) * interval '1 day' - interval '2 hours', now() - (r % 365) * interval '1 day', 3
FROM generate_series(1, $requests) r;

INSERT INTO safetykit.item (namespace, request_id, item_id)
SELECT (ARRAY['products', 'listings', 'messages'])[1 + r % 3], 'add-' || r, 'item-' || (r * 33 + k)
FROM generate_series(1, $requests) r, generate_series(1, 33) k;

INSERT INTO safetykit.item_label (namespace, request_id, item_id, label, attributes)
SELECT i.namespace, i.request_id, i.item_id, l.label, jsonb_build_object('label', l.label)
FROM (SELECT *, row_number() OVER () AS n FROM safetykit.item) i,
     LATERAL (SELECT (ARRAY['illegal_drugs.violation', 'illegal_drugs.safe', 'weapons.violation',
                            'weapons.safe', 'adult.violation', 'adult.safe', 'counterfeit.violation',
                            'counterfeit.safe', 'hate.violation', 'hate.safe', 'spam', 'pii.review'])
                     [1 + (i.n * 7 + j * 5) % 12] AS label
              FROM generate_series(0, 2) j) l
ON CONFLICT DO NOTHING;

INSERT INTO safetykit.request (namespace, request_id, kind, status, submitted_at, poll_count)
SELECT (ARRAY['products', 'listings', 'messages'])[1 + r % 3], 'pending-' || r, 'add',
       (ARRAY['queued', 'ingesting', 'uploading'])[1 + r % 3], now() - (r % 14400) * interval '1 minute', r % 20
FROM generate_series(1, 20000) r;

INSERT INTO safetykit.request (namespace, request_id, kind, status, submitted_at, completed_at)
SELECT 'products', 'import-' || r, 'import', 'succeeded', now() - interval '6 days', now() - interval '5 days'
FROM generate_series(1, 5000) r;
INSERT INTO safetykit.import_result (namespace, request_id, data_count, data_url, data_expires_at, fetched_at)
SELECT 'products', 'import-' || r, 1000, 'https://files.example/results/' || r || '.jsonl?sig=secret',
       now() - interval '5 days' + (r % 288) * interval '1 hour', now() - interval '5 days'
FROM generate_series(1, 5000) r;

-- a year of nightly runs, each with its summary
INSERT INTO batch_job_instance (job_instance_id, version, job_name, job_key)
SELECT d, 0, 'reconcileJob', md5(d::text) FROM generate_series(1, 365) d;
INSERT INTO batch_job_execution (job_execution_id, version, job_instance_id, create_time, start_time, end_time,
                                 status, exit_code, last_updated)
SELECT d, 2, d, t, t, t + (60 + d % 120) * interval '1 second', CASE WHEN d % 50 = 0 THEN 'FAILED' ELSE 'COMPLETED' END,
       CASE WHEN d % 50 = 0 THEN 'FAILED' ELSE 'COMPLETED' END, t
FROM generate_series(1, 365) d, LATERAL (SELECT (now() AT TIME ZONE 'UTC') - (365 - d) * interval '1 day' AS t) s;
INSERT INTO safetykit.run_summary (job_execution_id, dry_run, polled, succeeded, failed, still_pending, errors,
                                   skipped, errors_by_kind, items, labels, import_results, files_loaded,
                                   file_lines, calls, retries, started_at, ended_at)
SELECT job_execution_id, false, 900 + d % 200, 800 + d % 100, 5, 90, d % 7, 0, '{}', 2000, 6000, 10, 10, 900,
       1000 + d % 300, d % 5, start_time AT TIME ZONE 'UTC', end_time AT TIME ZONE 'UTC'
FROM batch_job_execution, LATERAL (SELECT job_execution_id::int AS d) n;
SQL
psql_db -c "VACUUM ANALYZE"
psql_db -At -c "SELECT 'item_label rows: ' || count(*) FROM safetykit.item_label"

out=$(mktemp -d)/report.html
start=$(date +%s%N)
SPRING_DATASOURCE_URL="jdbc:postgresql://$PGHOST:$PGPORT/$db" SPRING_DATASOURCE_USERNAME="$PGUSER" SPRING_FLYWAY_ENABLED=false \
	java -jar "$jar" report html --out "$out"
millis=$((($(date +%s%N) - start) / 1000000))
echo "report html: $(stat -c %s "$out") bytes, ${millis} ms end to end (JVM start included)"
