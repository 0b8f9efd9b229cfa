-- Model step 13: every agency (STP, THA) each snapshot holds figures of, with the status it gives
-- them: "final" unless its provenance says "preliminary" (justice.status.<agency>, with the date
-- the figures were cut at). A file written before statuses existed holds final figures.
-- params: $snapshot_files (text[]). Skipped when there are no files.
-- Grain: one row per snapshot and agency.
insert into snapshot_statuses
with metadata as (
    select s.snapshot_key, decode(m.key) as meta_key, decode(m.value) as meta_value
    from parquet_kv_metadata($snapshot_files) as m
    join snapshots as s on s.file_name = m.file_name
    where decode(m.key) like 'justice.status.%' or decode(m.key) like 'justice.cut_date.%'
),
held as (
    select distinct v.snapshot_key, i.agency
    from snapshot_values as v
    join indicators as i on i.code = v.indicator_code
)
select
    h.snapshot_key,
    h.agency,
    coalesce(max(m.meta_value) filter (where m.meta_key = 'justice.status.' || h.agency), 'final'),
    max(m.meta_value) filter (where m.meta_key = 'justice.cut_date.' || h.agency)::date
from held as h
left join metadata as m on m.snapshot_key = h.snapshot_key
group by h.snapshot_key, h.agency
