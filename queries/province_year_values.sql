-- province_year_values: the current figures (stored and derived rates) of one province in the given
-- years, with the snapshot each comes from; the intake preview compares a new file with them.
-- params: $province (text), $years (int[]). Grain: one row per year and indicator (whole year only).
with current_values as (
    select v.year::integer as year, v.indicator_code, v.value, v.snapshot_key
    from indicator_values as v
    where v.province_code = $province and list_contains($years, v.year::integer) and v.period = 0
),
final as (
    select c.year, c.indicator_code, c.value, s.snapshot_id, s.source_sha256, s.illustrative
    from current_values as c
    join snapshots as s using (snapshot_key)
)
select * from final order by year, indicator_code
