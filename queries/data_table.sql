-- data_table: the chosen indicators for the chosen provinces over a range of years, as a plain table
-- for reading and download, with the snapshot behind each figure. A missing figure keeps its row with
-- a null value. $as_of null: the current figures; a timestamp (UTC): the figures as they stood then.
-- params: $bloc (text), $provinces (text[]), $indicators (text[]), $first_year, $last_year (int),
-- $as_of (timestamp or null).
-- Grain: one row per chosen province, indicator and year in which the province is a member.
with members as (
    select code, name_vi, name_en, display_order, year
    from bloc_member_years($bloc, $first_year, $last_year)
    where list_contains($provinces, code)
),
range_values as (
    select province_code, year, indicator_code, value, snapshot_key
    from values_at($as_of)
    where period = 0 and year between $first_year and $last_year
        and list_contains($indicators, indicator_code)
),
final as (
    select
        m.code as province_code,
        m.name_vi,
        m.name_en,
        m.year,
        i.code as indicator_code,
        i.name_vi as indicator_vi,
        i.name_en as indicator_en,
        i.unit_vi,
        i.unit_en,
        i.kind,
        i.year_basis,
        v.value,
        s.submitted_at as data_date,
        s.file_name,
        s.illustrative,
        m.display_order,
        i.display_order as indicator_order
    from members as m
    cross join indicators as i
    left join range_values as v
        on v.province_code = m.code and v.year = m.year and v.indicator_code = i.code
    left join snapshots as s on s.snapshot_key = v.snapshot_key
    where list_contains($indicators, i.code)
)
select * exclude (display_order, indicator_order)
from final
order by indicator_order, year, display_order
