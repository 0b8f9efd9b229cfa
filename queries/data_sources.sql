-- data_sources: the snapshots behind the figures of the chosen provinces and years: file, submission
-- date, sender, source file and its sha256, and whether the figures are illustrative.
-- $as_of null: the current snapshots; a timestamp (UTC): the snapshots that were current then.
-- params: $provinces (text[]), $first_year, $last_year (int), $as_of (timestamp or null).
-- Grain: one row per snapshot.
with behind as (
    select distinct snapshot_key
    from values_at($as_of)
    where year between $first_year and $last_year
        and list_contains($provinces, province_code)
),
final as (
    select
        s.province_code,
        p.name_vi,
        p.name_en,
        s.year,
        s.file_name,
        s.submitted_at,
        s.submitted_by,
        s.source_name,
        s.source_sha256,
        s.illustrative,
        p.display_order
    from snapshots as s
    join behind as b using (snapshot_key)
    join provinces as p on p.code = s.province_code
)
select * exclude (display_order) from final order by year, display_order
