-- The tables of the public contract (README, "Tables"). Upstream systems only ever
-- INSERT INTO safetykit.request (namespace, request_id[, kind, submitted_at]); the job owns the rest.
CREATE SCHEMA IF NOT EXISTS safetykit;

CREATE TABLE safetykit.request (
    namespace        text        NOT NULL,
    request_id       text        NOT NULL,
    kind             text        CHECK (kind IN ('add', 'import')),
    status           text        NOT NULL DEFAULT 'queued'
                                 CHECK (status IN ('queued', 'uploading', 'ingesting', 'succeeded', 'failed')),
    submitted_at     timestamptz NOT NULL DEFAULT now(),
    last_polled_at   timestamptz,
    next_poll_at     timestamptz,
    poll_count       integer     NOT NULL DEFAULT 0,
    error_count      integer     NOT NULL DEFAULT 0,
    not_found_count  integer     NOT NULL DEFAULT 0,
    last_error       text,
    error_summary    text,
    completed_at     timestamptz,
    -- job execution that is fetching this request right now; void once that execution's
    -- advisory lock is gone (see RunLock), so a killed run never strands a claim
    claimed_by       bigint,
    PRIMARY KEY (namespace, request_id),
    -- both are path segments of the API: neither can be empty
    CHECK (namespace <> '' AND request_id <> '')
);

-- the job's selection: unfinished requests in key order (keyset paging), due or not
CREATE INDEX request_unfinished_idx ON safetykit.request (namespace, request_id)
    WHERE status NOT IN ('succeeded', 'failed');
CREATE INDEX request_submitted_at_idx ON safetykit.request (submitted_at);
CREATE INDEX request_claimed_by_idx ON safetykit.request (claimed_by) WHERE claimed_by IS NOT NULL;

CREATE TABLE safetykit.item (
    namespace   text  NOT NULL,
    request_id  text  NOT NULL,
    item_id     text  NOT NULL,
    url         text,
    metadata    jsonb,
    fields      jsonb,
    actions     jsonb,
    PRIMARY KEY (namespace, request_id, item_id)
);
CREATE INDEX item_item_id_idx ON safetykit.item (namespace, item_id);

CREATE TABLE safetykit.item_label (
    namespace    text              NOT NULL,
    request_id   text              NOT NULL,
    item_id      text              NOT NULL,
    label        text              NOT NULL,
    confidence   double precision,
    explanation  text,
    attributes   jsonb             NOT NULL,
    PRIMARY KEY (namespace, request_id, item_id, label)
);
CREATE INDEX item_label_label_idx ON safetykit.item_label (label);

CREATE TABLE safetykit.import_result (
    namespace        text        NOT NULL,
    request_id       text        NOT NULL,
    data_count       bigint,
    data_url         text,
    data_expires_at  timestamptz,
    fetched_at       timestamptz NOT NULL,
    PRIMARY KEY (namespace, request_id)
);

CREATE TABLE safetykit.request_event (
    id                bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    namespace         text        NOT NULL,
    request_id        text        NOT NULL,
    status            text        NOT NULL,
    event_type        text        NOT NULL,
    observed_at       timestamptz NOT NULL DEFAULT now(),
    job_execution_id  bigint,
    detail            text
);
CREATE INDEX request_event_request_idx ON safetykit.request_event (namespace, request_id, id);
