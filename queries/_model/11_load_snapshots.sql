-- Model step 11: one row per snapshot file, from the provenance in its Parquet metadata.
-- params: $snapshot_files (text[]). Skipped when there are no files.
insert into snapshots
with metadata as (
    select file_name, decode(key) as meta_key, decode(value) as meta_value
    from parquet_kv_metadata($snapshot_files)
    where decode(key) like 'justice.%'
),
by_file as (
    select
        file_name,
        max(meta_value) filter (where meta_key = 'justice.snapshot_id') as snapshot_id,
        max(meta_value) filter (where meta_key = 'justice.province_code') as province_code,
        max(meta_value) filter (where meta_key = 'justice.year') as year,
        max(meta_value) filter (where meta_key = 'justice.submitted_at') as submitted_at,
        max(meta_value) filter (where meta_key = 'justice.submitted_by') as submitted_by,
        max(meta_value) filter (where meta_key = 'justice.source_name') as source_name,
        max(meta_value) filter (where meta_key = 'justice.source_sha256') as source_sha256,
        max(meta_value) filter (where meta_key = 'justice.illustrative') as illustrative,
        max(meta_value) filter (where meta_key = 'justice.note') as note
    from metadata
    group by file_name
)
select
    row_number() over (order by province_code, year, submitted_at, snapshot_id)::integer,
    snapshot_id,
    province_code,
    year::integer,
    file_name,
    strptime(submitted_at, '%Y-%m-%dT%H:%M:%S.%fZ'),
    submitted_by,
    source_name,
    source_sha256,
    illustrative = 'true',
    note
from by_file
