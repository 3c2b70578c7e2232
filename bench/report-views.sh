#!/usr/bin/env bash
# Times a typical query of each reporting view over a million labels (README, Reporting, "Speed").
#
#   bench/report-views.sh            # uses PostgreSQL on 127.0.0.1:5432 as postgres
#   PGHOST=db PGUSER=me BENCH_DB=scratch bench/report-views.sh
#
# Creates (and, unless KEEP=1, drops) a scratch database, applies db/migration in order, fills it
# with generate_series, ANALYZEs and prints each query's EXPLAIN (ANALYZE, BUFFERS) execution time.
set -euo pipefail

cd "$(dirname "$0")/.."
requests="${BENCH_REQUESTS:-10200}"          # completed Add requests, 33 items of 3 labels each

source bench/scratch-db.sh safetykit_bench_reports

echo "Generating data ($requests Add requests) ..."
psql_db <<SQL
SET synchronous_commit = off;
-- three namespaces, completions spread over the last 30 days
INSERT INTO safetykit.request (namespace, request_id, kind, status, submitted_at, completed_at, poll_count)
SELECT (ARRAY['products', 'listings', 'messages'])[1 + r % 3], 'add-' || r, 'add', 'succeeded',
       now() - (r % 30) * interval '1 day' - interval '2 hours' - (r % 997) * interval '1 minute',
       now() - (r % 30) * interval '1 day' - (r % 997) * interval '1 minute', 3
FROM generate_series(1, $requests) r;

-- 33 items a request; about one item in ten is re-submitted in a later request
INSERT INTO safetykit.item (namespace, request_id, item_id, url, metadata)
SELECT (ARRAY['products', 'listings', 'messages'])[1 + r % 3], 'add-' || r,
       'item-' || ((r / 3 * 33 + k) % ($requests / 3 * 30)),
       'https://shop.example/p/' || r || '/' || k,
       jsonb_build_object('seller', 'seller-' || (r * 7 + k) % 5000, 'title', 'Item ' || k)
FROM generate_series(1, $requests) r, generate_series(1, 33) k
ON CONFLICT DO NOTHING;

INSERT INTO safetykit.item_label (namespace, request_id, item_id, label, confidence, explanation, attributes)
SELECT i.namespace, i.request_id, i.item_id, l.label, 0.5 + (n % 50) / 100.0, 'generated',
       jsonb_build_object('label', l.label, 'confidence', 0.5 + (n % 50) / 100.0)
FROM (SELECT *, row_number() OVER () AS n FROM safetykit.item) i,
     LATERAL (SELECT (ARRAY['illegal_drugs.violation', 'illegal_drugs.safe', 'weapons.violation',
                            'weapons.safe', 'adult.violation', 'adult.safe', 'counterfeit.violation',
                            'counterfeit.safe', 'hate.violation', 'hate.safe', 'spam', 'pii.review'])
                     [1 + (i.n * 7 + j * 5) % 12] AS label
              FROM generate_series(0, 2) j) l
ON CONFLICT DO NOTHING;

-- unfinished requests, some stuck for days, some erroring
INSERT INTO safetykit.request (namespace, request_id, kind, status, submitted_at, last_polled_at, next_poll_at,
                               poll_count, error_count, last_error)
SELECT (ARRAY['products', 'listings', 'messages'])[1 + r % 3], 'pending-' || r, 'add',
       (ARRAY['queued', 'ingesting', 'uploading'])[1 + r % 3],
       now() - (r % 4320) * interval '1 minute', now() - interval '10 minutes', now() + interval '5 minutes',
       r % 20, CASE WHEN r % 10 = 0 THEN 2 ELSE 0 END,
       CASE WHEN r % 10 = 0 THEN 'HTTP 503 after 5 attempts' END
FROM generate_series(1, 20000) r;

-- succeeded imports whose links expire from five days ago to seven days ahead
INSERT INTO safetykit.request (namespace, request_id, kind, status, submitted_at, completed_at)
SELECT 'products', 'import-' || r, 'import', 'succeeded', now() - interval '6 days', now() - interval '5 days'
FROM generate_series(1, 5000) r;
INSERT INTO safetykit.import_result (namespace, request_id, data_count, data_url, data_expires_at, fetched_at)
SELECT 'products', 'import-' || r, 1000, 'https://files.example/results/' || r || '.jsonl?sig=secret',
       now() - interval '5 days' + (r % 288) * interval '1 hour', now() - interval '5 days'
FROM generate_series(1, 5000) r;

-- four events a request
INSERT INTO safetykit.request_event (namespace, request_id, status, event_type, observed_at, job_execution_id)
SELECT r.namespace, r.request_id, s.status, 'status', r.submitted_at + s.n * interval '10 minutes', s.n
FROM safetykit.request r,
     (VALUES (1, 'queued'), (2, 'ingesting'), (3, 'ingesting'), (4, 'succeeded')) AS s(n, status);
SQL
psql_db -c "VACUUM ANALYZE"
psql_db -At -c "SELECT 'item_label rows: ' || count(*) FROM safetykit.item_label" \
	-c "SELECT 'item rows: ' || count(*) FROM safetykit.item" \
	-c "SELECT 'request rows: ' || count(*) FROM safetykit.request" \
	-c "SELECT 'request_event rows: ' || count(*) FROM safetykit.request_event"

explain() {
	local name="$1" query="$2" line
	# run once to warm the cache the way a second report would see it, then measure
	psql_db -c "$query" >/dev/null
	line=$(psql_db -At -c "EXPLAIN (ANALYZE, BUFFERS) $query" | grep 'Execution Time')
	printf '%-40s %s\n' "$name" "${line#Execution Time: }"
	if [[ "${VERBOSE:-0}" == 1 ]]; then psql_db -At -c "EXPLAIN (ANALYZE, BUFFERS) $query"; fi
}

echo
echo "Typical queries (EXPLAIN ANALYZE execution time):"
explain "label_daily, one namespace, one week" \
	"SELECT * FROM safetykit.label_daily WHERE namespace = 'listings'
	 AND day >= current_date - 7 AND day < current_date ORDER BY day, label"
explain "item_latest_label, one item" \
	"SELECT * FROM safetykit.item_latest_label WHERE namespace = 'products' AND item_id = 'item-12345'"
explain "item_latest_label, one label, one week" \
	"SELECT namespace, item_id, completed_at FROM safetykit.item_latest_label WHERE namespace = 'listings'
	 AND label = 'illegal_drugs.violation' AND completed_at >= now() - interval '7 days'"
explain "outstanding_request, overdue" \
	"SELECT * FROM safetykit.outstanding_request WHERE overdue ORDER BY submitted_at"
explain "import_expiring, all" \
	"SELECT * FROM safetykit.import_expiring ORDER BY data_expires_at"
explain "request_history, one request" \
	"SELECT * FROM safetykit.request_history WHERE namespace = 'products' AND request_id = 'add-3' ORDER BY event_id"

echo
echo "Whole views, as 'report <view>' without filters reads them:"
explain "label_daily, all" "SELECT * FROM safetykit.label_daily ORDER BY namespace, day, label"
explain "item_latest_label, all" "SELECT * FROM safetykit.item_latest_label ORDER BY namespace, item_id, label"
