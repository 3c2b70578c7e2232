-- The stable hash behind the job parameter partition=i/n: slice of (namespace, request_id) among n.
-- md5 rather than hashtext, whose values PostgreSQL does not promise to keep across major versions.
CREATE FUNCTION safetykit.request_slice(namespace text, request_id text, slices integer)
RETURNS integer
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$
  SELECT mod(('x' || left(md5(namespace || E'\n' || request_id), 8))::bit(32)::bigint, slices)::integer
$$;
