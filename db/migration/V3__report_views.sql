-- Reporting views for compliance teams (README, "Reporting"), and the indexes their typical
-- queries need to answer in under a second over millions of labels (docs/reporting.md, "Speed").

-- A label's category is the text before its first '.', its verdict the text after it; a label
-- without a '.' is all category, with a null verdict.

-- per namespace, UTC day of the request's completion and label: how many items got that label
CREATE VIEW safetykit.label_daily AS
SELECT l.namespace,
       (r.completed_at AT TIME ZONE 'UTC')::date AS day,
       split_part(l.label, '.', 1) AS category,
       CASE WHEN strpos(l.label, '.') > 0 THEN substr(l.label, strpos(l.label, '.') + 1) END AS verdict,
       l.label,
       count(DISTINCT l.item_id) AS items
FROM safetykit.item_label l
JOIN safetykit.request r ON r.namespace = l.namespace AND r.request_id = l.request_id
WHERE r.completed_at IS NOT NULL
GROUP BY l.namespace, day, l.label;

-- label_daily filters on the UTC day: without this, every request would be read
CREATE INDEX request_completed_day_idx ON safetykit.request (namespace, ((completed_at AT TIME ZONE 'UTC')::date))
    WHERE completed_at IS NOT NULL;
CREATE INDEX request_completed_at_idx ON safetykit.request (completed_at) WHERE completed_at IS NOT NULL;

-- the labels of each item's most recently completed request: a re-submitted item is re-evaluated,
-- so a newer request that carries the item without labels leaves it with none here. Written as an
-- anti-join on item rather than DISTINCT ON so that filters on item_id and completed_at reach the
-- indexes, and the newer-request test runs once per item rather than once per label.
CREATE VIEW safetykit.item_latest_label AS
SELECT i.namespace,
       i.item_id,
       i.request_id,
       r.completed_at,
       split_part(l.label, '.', 1) AS category,
       CASE WHEN strpos(l.label, '.') > 0 THEN substr(l.label, strpos(l.label, '.') + 1) END AS verdict,
       l.label,
       l.confidence,
       l.explanation,
       l.attributes,
       i.url,
       i.metadata
FROM safetykit.item i
JOIN safetykit.request r ON r.namespace = i.namespace AND r.request_id = i.request_id
JOIN safetykit.item_label l ON l.namespace = i.namespace AND l.request_id = i.request_id AND l.item_id = i.item_id
WHERE r.completed_at IS NOT NULL
  AND NOT EXISTS (
      SELECT 1
      FROM safetykit.item newer_item
      JOIN safetykit.request newer ON newer.namespace = newer_item.namespace AND newer.request_id = newer_item.request_id
      WHERE newer_item.namespace = i.namespace
        AND newer_item.item_id = i.item_id
        AND newer.completed_at IS NOT NULL
        -- the request id breaks ties between requests completed at the same instant
        AND (newer.completed_at, newer.request_id) > (r.completed_at, r.request_id));

-- unfinished requests; overdue after 24 hours, and age for any other threshold
CREATE VIEW safetykit.outstanding_request AS
SELECT namespace,
       request_id,
       kind,
       status,
       submitted_at,
       now() - submitted_at AS age,
       -- written against submitted_at so that 'WHERE overdue' can use an index
       submitted_at < now() - interval '24 hours' AS overdue,
       poll_count,
       error_count,
       last_error,
       error_summary,
       last_polled_at,
       next_poll_at
FROM safetykit.request
WHERE status NOT IN ('succeeded', 'failed');

CREATE INDEX request_outstanding_submitted_idx ON safetykit.request (submitted_at)
    WHERE status NOT IN ('succeeded', 'failed');

-- import result files whose link dies within 24 hours or has died. data_url is a pre-signed
-- link, a credential: it is here because fetching the file is the point of this view.
CREATE VIEW safetykit.import_expiring AS
SELECT namespace,
       request_id,
       data_count,
       data_url,
       data_expires_at,
       data_expires_at - now() AS expires_in,
       data_expires_at <= now() AS expired,
       fetched_at
FROM safetykit.import_result
WHERE data_url IS NOT NULL
  AND data_expires_at < now() + interval '24 hours';

CREATE INDEX import_result_expires_idx ON safetykit.import_result (data_expires_at) WHERE data_url IS NOT NULL;

-- each request's events; order by event_id for their sequence
CREATE VIEW safetykit.request_history AS
SELECT namespace,
       request_id,
       id AS event_id,
       observed_at,
       status,
       event_type,
       detail,
       job_execution_id
FROM safetykit.request_event;

CREATE INDEX request_event_observed_at_idx ON safetykit.request_event (observed_at);
