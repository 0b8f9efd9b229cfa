-- province_values_as_of: province_values as the figures stood at $as_of (a timestamp, UTC): each
-- member's latest snapshot by then; a province without a figure keeps its row with a null value.
-- params: $bloc (text), $indicator (text), $year (int), $as_of (timestamp).
-- Grain: one row per member province.
with members as (
    select p.*
    from provinces as p
    join bloc_members as m
        on m.province_code = p.code
        and m.bloc_code = $bloc
        and $year >= m.first_year
        and (m.last_year is null or $year <= m.last_year)
),
year_values as (
    select province_code, value, snapshot_key
    from values_as_of($as_of)
    where indicator_code = $indicator and year = $year and period = 0
),
final as (
    select
        m.code as province_code,
        m.name_vi,
        m.name_en,
        m.short_vi,
        m.short_en,
        m.colour,
        m.display_order,
        v.value,
        s.submitted_at as data_date,
        s.illustrative
    from members as m
    left join year_values as v on v.province_code = m.code
    left join snapshots as s on s.snapshot_key = v.snapshot_key
)
select * from final order by display_order
