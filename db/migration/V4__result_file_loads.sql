-- Import result files are loaded into item/item_label; import_result records how that went.
ALTER TABLE safetykit.import_result
    ADD COLUMN file_loaded_at     timestamptz,
    ADD COLUMN file_lines         bigint,
    ADD COLUMN file_skipped_lines bigint,
    -- why the last load was refused for good (a malformed line, a file over the size cap); a
    -- transient failure leaves it null so that the next run tries again
    ADD COLUMN file_error         text;

-- the file step's selection: links still to be loaded
CREATE INDEX import_result_unloaded_idx ON safetykit.import_result (namespace, request_id)
    WHERE file_loaded_at IS NULL AND file_error IS NULL;
