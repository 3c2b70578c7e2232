-- Decision history (README, "Tables" and "Reporting"). item and item_label keep meaning "now":
-- their rows are the open versions, valid since valid_from and observed by job_execution_id.
-- When a re-fetch or a result-file reload changes or drops a row, the row moves, as it was, into
-- item_version or item_label_version with the instant it stopped being valid (valid_to) and the
-- job execution that saw it go (closed_by). Those two tables are append-only: nothing updates or
-- deletes their rows. A fetch that returns what is held adds nothing anywhere.

-- The job sets safetykit.job_execution_id for its transaction (set_config(..., true)), so that the
-- rows it COPYs carry their execution without the value being written into every encoded row.
ALTER TABLE safetykit.item
    ADD COLUMN valid_from       timestamptz,
    ADD COLUMN job_execution_id bigint;
ALTER TABLE safetykit.item_label
    ADD COLUMN valid_from       timestamptz,
    ADD COLUMN job_execution_id bigint;

-- Rows written before this migration become the first versions, valid from their request's
-- completion; which execution observed them was not recorded, so job_execution_id stays null.
UPDATE safetykit.item i
SET valid_from = coalesce((SELECT r.completed_at FROM safetykit.request r
                           WHERE r.namespace = i.namespace AND r.request_id = i.request_id), now());
UPDATE safetykit.item_label l
SET valid_from = coalesce((SELECT r.completed_at FROM safetykit.request r
                           WHERE r.namespace = l.namespace AND r.request_id = l.request_id), now());

ALTER TABLE safetykit.item
    ALTER COLUMN valid_from SET NOT NULL,
    ALTER COLUMN valid_from SET DEFAULT now(),
    ALTER COLUMN job_execution_id SET DEFAULT nullif(current_setting('safetykit.job_execution_id', true), '')::bigint;
ALTER TABLE safetykit.item_label
    ALTER COLUMN valid_from SET NOT NULL,
    ALTER COLUMN valid_from SET DEFAULT now(),
    ALTER COLUMN job_execution_id SET DEFAULT nullif(current_setting('safetykit.job_execution_id', true), '')::bigint;

CREATE TABLE safetykit.item_version (
    namespace         text        NOT NULL,
    request_id        text        NOT NULL,
    item_id           text        NOT NULL,
    url               text,
    metadata          jsonb,
    fields            jsonb,
    actions           jsonb,
    valid_from        timestamptz NOT NULL,
    valid_to          timestamptz NOT NULL,
    job_execution_id  bigint,
    closed_by         bigint,
    CHECK (valid_from <= valid_to)
);
CREATE INDEX item_version_item_idx ON safetykit.item_version (namespace, item_id, request_id, valid_from);

CREATE TABLE safetykit.item_label_version (
    namespace         text              NOT NULL,
    request_id        text              NOT NULL,
    item_id           text              NOT NULL,
    label             text              NOT NULL,
    confidence        double precision,
    explanation       text,
    attributes        jsonb             NOT NULL,
    valid_from        timestamptz       NOT NULL,
    valid_to          timestamptz       NOT NULL,
    job_execution_id  bigint,
    closed_by         bigint,
    CHECK (valid_from <= valid_to)
);
CREATE INDEX item_label_version_item_idx
    ON safetykit.item_label_version (namespace, item_id, request_id, label, valid_from);

-- append-only for every role, the owner included; db/roles.sql also withholds UPDATE and DELETE
CREATE FUNCTION safetykit.refuse_history_rewrite() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only: past versions are never updated or deleted', TG_TABLE_NAME;
END
$$;
CREATE TRIGGER item_version_append_only BEFORE UPDATE OR DELETE ON safetykit.item_version
    FOR EACH ROW EXECUTE FUNCTION safetykit.refuse_history_rewrite();
CREATE TRIGGER item_label_version_append_only BEFORE UPDATE OR DELETE ON safetykit.item_label_version
    FOR EACH ROW EXECUTE FUNCTION safetykit.refuse_history_rewrite();

-- One row per label added to or removed from an item. A version that opens where another of the
-- same label closes (the same instant) is a revision of confidence, explanation or attributes:
-- neither an addition nor a removal. A label's first appearance is an 'added' row.
CREATE VIEW safetykit.label_change AS
SELECT v.namespace, v.item_id, v.request_id, v.label, 'added' AS change, v.valid_from AS observed_at,
       v.job_execution_id
FROM (SELECT namespace, request_id, item_id, label, valid_from, job_execution_id FROM safetykit.item_label
      UNION ALL
      SELECT namespace, request_id, item_id, label, valid_from, job_execution_id FROM safetykit.item_label_version) v
WHERE NOT EXISTS (
    SELECT 1 FROM safetykit.item_label_version p
    WHERE p.namespace = v.namespace AND p.item_id = v.item_id AND p.request_id = v.request_id
      AND p.label = v.label AND p.valid_to = v.valid_from)
UNION ALL
SELECT c.namespace, c.item_id, c.request_id, c.label, 'removed', c.valid_to, c.closed_by
FROM safetykit.item_label_version c
WHERE NOT EXISTS (
    SELECT 1 FROM safetykit.item_label n
    WHERE n.namespace = c.namespace AND n.request_id = c.request_id AND n.item_id = c.item_id
      AND n.label = c.label AND n.valid_from = c.valid_to)
  AND NOT EXISTS (
    SELECT 1 FROM safetykit.item_label_version n
    WHERE n.namespace = c.namespace AND n.item_id = c.item_id AND n.request_id = c.request_id
      AND n.label = c.label AND n.valid_from = c.valid_to);

-- item_latest_label as it stood at an instant: the same columns, from the versions valid then
-- (valid_from <= as_of < valid_to). A plain SQL function, so that PostgreSQL inlines it and a
-- caller's filters (namespace, item_id, label) reach the indexes.
CREATE FUNCTION safetykit.item_label_as_of(as_of timestamptz)
RETURNS TABLE (namespace text, item_id text, request_id text, completed_at timestamptz, category text,
               verdict text, label text, confidence double precision, explanation text, attributes jsonb,
               url text, metadata jsonb)
LANGUAGE sql STABLE
AS $$
  WITH item_then AS NOT MATERIALIZED (
    SELECT c.namespace, c.request_id, c.item_id, c.url, c.metadata FROM safetykit.item c
    WHERE c.valid_from <= as_of
    UNION ALL
    SELECT h.namespace, h.request_id, h.item_id, h.url, h.metadata FROM safetykit.item_version h
    WHERE h.valid_from <= as_of AND h.valid_to > as_of
  ), label_then AS NOT MATERIALIZED (
    SELECT c.namespace, c.request_id, c.item_id, c.label, c.confidence, c.explanation, c.attributes
    FROM safetykit.item_label c
    WHERE c.valid_from <= as_of
    UNION ALL
    SELECT h.namespace, h.request_id, h.item_id, h.label, h.confidence, h.explanation, h.attributes
    FROM safetykit.item_label_version h
    WHERE h.valid_from <= as_of AND h.valid_to > as_of
  )
  SELECT i.namespace,
         i.item_id,
         i.request_id,
         r.completed_at,
         split_part(l.label, '.', 1),
         CASE WHEN strpos(l.label, '.') > 0 THEN substr(l.label, strpos(l.label, '.') + 1) END,
         l.label,
         l.confidence,
         l.explanation,
         l.attributes,
         i.url,
         i.metadata
  FROM item_then i
  JOIN safetykit.request r ON r.namespace = i.namespace AND r.request_id = i.request_id
  JOIN label_then l ON l.namespace = i.namespace AND l.request_id = i.request_id AND l.item_id = i.item_id
  WHERE r.completed_at IS NOT NULL
    AND NOT EXISTS (
        SELECT 1
        FROM item_then newer_item
        JOIN safetykit.request newer ON newer.namespace = newer_item.namespace AND newer.request_id = newer_item.request_id
        WHERE newer_item.namespace = i.namespace
          AND newer_item.item_id = i.item_id
          AND newer.completed_at IS NOT NULL
          AND (newer.completed_at, newer.request_id) > (r.completed_at, r.request_id))
$$;

COMMENT ON COLUMN safetykit.item.valid_from IS 'since when this version of the item is held';
COMMENT ON COLUMN safetykit.item.job_execution_id IS 'the job execution that observed this version (null: before V6, or written by hand)';
COMMENT ON COLUMN safetykit.item_label.valid_from IS 'since when this version of the label is held';
COMMENT ON COLUMN safetykit.item_label.job_execution_id IS 'the job execution that observed this version (null: before V6, or written by hand)';
COMMENT ON TABLE safetykit.item_version IS 'append-only: earlier versions of item rows, valid from valid_from until valid_to (exclusive)';
COMMENT ON TABLE safetykit.item_label_version IS 'append-only: earlier versions of item_label rows, valid from valid_from until valid_to (exclusive)';
COMMENT ON VIEW safetykit.label_change IS 'one row per label added to or removed from an item, with when and by which job execution';
COMMENT ON FUNCTION safetykit.item_label_as_of(timestamptz) IS 'item_latest_label as it stood at an instant';
