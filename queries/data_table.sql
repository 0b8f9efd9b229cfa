-- data_table: the chosen indicators for the chosen members over a range of years, counted the
-- chosen way ($units), as a plain table for reading and download: the figure, whether it is
-- partial (which predecessors are missing) or preliminary, and the snapshot behind it, by its
-- source's name and submission time (one snapshot for a figure as reported; a re-aggregated one
-- names none: data_sources lists them).
-- A missing figure keeps its row with a null value.
-- $as_of null: the current figures; a timestamp (UTC): the figures as they stood then.
-- params: $bloc (text), $units (text), $provinces (text[]), $indicators (text[]), $first_year,
-- $last_year (int), $as_of (timestamp or null).
-- Grain: one row per chosen member unit, indicator and year in which the unit is a member.
with members as (
    select *
    from bloc_units($bloc, $units, $first_year, $last_year)
    where list_contains($provinces, code)
),
range_values as (
    select *
    from unit_values_at($units, $as_of)
    where year between $first_year and $last_year and list_contains($indicators, indicator_code)
),
final as (
    select
        m.unit_id,
        m.code as province_code,
        case when m.is_former and $last_year > m.last_year then m.former_vi else m.name_vi end
            as name_vi,
        case when m.is_former and $last_year > m.last_year then m.former_en else m.name_en end
            as name_en,
        m.year,
        i.code as indicator_code,
        i.name_vi as indicator_vi,
        i.name_en as indicator_en,
        i.unit_vi,
        i.unit_en,
        i.kind,
        i.decimals,
        i.year_basis,
        v.value,
        coalesce(v.reporting < v.expected, false) as partial,
        v.expected,
        v.reporting,
        v.missing_vi,
        v.missing_en,
        coalesce(v.preliminary, false) as preliminary,
        v.cut_date,
        v.data_date,
        s.snapshot_id,
        s.source_name as snapshot_source,
        s.submitted_at as snapshot_submitted_at,
        v.illustrative,
        m.display_order,
        i.display_order as indicator_order
    from members as m
    cross join indicators as i
    left join range_values as v
        on v.unit_id = m.unit_id and v.year = m.year and v.indicator_code = i.code
    left join snapshots as s on s.snapshot_key = v.snapshot_key
    where list_contains($indicators, i.code)
)
select * exclude (display_order, indicator_order)
from final
order by indicator_order, year, display_order
