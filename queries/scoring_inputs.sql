-- scoring_inputs: what a scoring table scores, for every member of the bloc in one year counted the
-- chosen way ($units): each indicator's value (a rate as a fraction), whether it is partial (a
-- predecessor missing: it scores nothing) or preliminary, the national target of that year and the
-- unit's own assigned target where one exists (it replaces the national one for that unit).
-- A member without a figure keeps its row with a null value (it scores 0, and says so).
-- $as_of null: the current figures; a timestamp (UTC): the figures as they stood then.
-- params: $bloc (text), $units (text), $year (int), $as_of (timestamp or null).
-- Grain: one row per member unit and indicator.
with members as (
    select * from bloc_units($bloc, $units, $year, $year)
),
year_values as (
    select *
    from unit_values_at($units, $as_of)
    where year = $year
),
final as (
    select
        m.unit_id,
        m.code as province_code,
        m.name_vi,
        m.name_en,
        m.short_vi,
        m.short_en,
        m.colour,
        m.display_order as province_order,
        m.year,
        i.code as indicator_code,
        i.agency,
        i.kind,
        v.value,
        coalesce(v.reporting < v.expected, false) as partial,
        v.missing_vi,
        v.missing_en,
        v.data_date,
        coalesce(v.illustrative, false) as illustrative,
        coalesce(v.preliminary, false) as preliminary,
        v.cut_date,
        n.target as national_target,
        n.comparison as national_comparison,
        n.source as national_source,
        o.target as unit_target,
        o.comparison as unit_comparison,
        o.source as unit_target_source,
        coalesce(o.illustrative, false) as unit_target_illustrative
    from members as m
    cross join indicators as i
    left join year_values as v on v.unit_id = m.unit_id and v.indicator_code = i.code
    left join targets as n on n.year = m.year and n.indicator_code = i.code
    left join unit_targets as o
        on o.unit_id = m.unit_id and o.year = m.year and o.indicator_code = i.code
)
select * from final order by province_order, indicator_code
