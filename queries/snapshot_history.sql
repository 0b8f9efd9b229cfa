-- snapshot_history: every snapshot of one province code and year, newest first, with its
-- provenance, the status it gives each agency's figures (final or preliminary, and the cut date),
-- and for which agencies it is the state in use (`current_for`; `is_current` when any): the latest
-- final snapshot of the agency, else its latest preliminary one.
-- params: $province (text), $year (int). Grain: one row per snapshot.
with history as (
    select s.*
    from snapshots as s
    where s.province_code = $province and s.year = $year
),
chosen as (
    select a.snapshot_key, a.agency
    from history as s
    join snapshot_statuses as a using (snapshot_key)
    qualify row_number() over (
        partition by a.agency
        order by a.status = 'final' desc, s.submitted_at desc, s.snapshot_id desc
    ) = 1
),
statuses as (
    select
        a.snapshot_key,
        list({'agency': a.agency, 'status': a.status, 'cut_date': a.cut_date} order by a.agency)
            as statuses
    from snapshot_statuses as a
    join history as h using (snapshot_key)
    group by a.snapshot_key
),
in_use as (
    select snapshot_key, list(agency order by agency) as current_for
    from chosen
    group by snapshot_key
)
select
    h.snapshot_id,
    h.submitted_at,
    h.submitted_by,
    h.source_name,
    h.source_sha256,
    h.illustrative,
    h.note,
    t.statuses,
    coalesce(c.current_for, []) as current_for,
    c.current_for is not null as is_current,
    h.file_name
from history as h
left join statuses as t using (snapshot_key)
left join in_use as c using (snapshot_key)
order by h.submitted_at desc, h.snapshot_id desc
