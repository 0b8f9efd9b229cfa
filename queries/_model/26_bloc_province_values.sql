-- Model step 26: the overview's bars for every bloc, year and indicator, from the current values,
-- computed once per data version: each member of the bloc that year with its figure, or a null
-- value where it has none (shown as "không có số liệu", never as zero), and the snapshot behind it.
-- Grain: one row per bloc, year, indicator and member province.
create or replace table bloc_province_values as
with member_years as (
    select m.bloc_code, p.*, y.year
    from bloc_members as m
    join provinces as p on p.code = m.province_code
    join (select distinct year from indicator_values) as y
        on y.year >= m.first_year and (m.last_year is null or y.year <= m.last_year)
)
select
    m.bloc_code,
    m.year,
    i.code as indicator_code,
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
from member_years as m
cross join indicators as i
left join indicator_values as v
    on v.province_code = m.code
    and v.year = m.year
    and v.period = 0
    and v.indicator_code = i.code
left join snapshots as s on s.snapshot_key = v.snapshot_key
order by i.code, m.year, m.bloc_code, m.display_order
