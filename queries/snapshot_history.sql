-- snapshot_history: every snapshot of one province and year, newest first, with its provenance and
-- whether it is the current state. params: $province (text), $year (int). Grain: one row per snapshot.
with history as (
    select
        s.*,
        row_number() over (order by s.submitted_at desc, s.snapshot_id desc) = 1 as is_current
    from snapshots as s
    where s.province_code = $province and s.year = $year
)
select
    snapshot_id,
    submitted_at,
    submitted_by,
    source_name,
    source_sha256,
    illustrative,
    note,
    is_current,
    file_name
from history
order by submitted_at desc, snapshot_id desc
