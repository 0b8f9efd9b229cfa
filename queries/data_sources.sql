-- data_sources: the snapshots behind the figures of the chosen members and years, counted the
-- chosen way ($units: under 'current' the predecessors' snapshots too): snapshot, unit, year,
-- submission date, sender, source file and its sha256, status by agency, whether illustrative.
-- $as_of null: the current snapshots; a timestamp (UTC): the snapshots that were current then.
-- params: $bloc (text), $units (text), $provinces (text[]), $first_year, $last_year (int),
-- $as_of (timestamp or null). Grain: one row per snapshot.
with behind as (
    select distinct snapshot_key, unit_id
    from figures_behind($bloc, $units, $provinces, $first_year, $last_year, $as_of)
),
statuses as (
    select snapshot_key, list({'agency': agency, 'status': status, 'cut_date': cut_date}
        order by agency) as statuses
    from snapshot_statuses
    group by snapshot_key
),
final as (
    select
        s.snapshot_id,
        s.province_code,
        case when u.last_year is null then u.name_vi else u.former_vi end as name_vi,
        case when u.last_year is null then u.name_en else u.former_en end as name_en,
        s.year,
        s.submitted_at,
        s.submitted_by,
        s.source_name,
        s.source_sha256,
        s.illustrative,
        t.statuses,
        u.display_order
    from snapshots as s
    join behind as b using (snapshot_key)
    join units as u on u.unit_id = b.unit_id
    left join statuses as t using (snapshot_key)
)
select * exclude (display_order) from final order by year, display_order
