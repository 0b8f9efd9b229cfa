-- ranking_inputs: every indicator for every member of the bloc over a range of years, counted the
-- chosen way ($units), with what a ranking needs (agency, group, direction, kind), a rate's parts
-- (for a bloc ratio of sums) and whether the figure is complete: a partial re-aggregated figure
-- (a predecessor missing) takes no rank. A missing figure keeps its row with a null value.
-- $as_of null: the current figures; a timestamp (UTC): the figures as they stood then.
-- params: $bloc (text), $units (text), $first_year, $last_year (int), $as_of (timestamp or null).
-- Grain: one row per member unit, indicator and year.
with members as (
    select * from bloc_units($bloc, $units, $first_year, $last_year)
),
range_values as (
    select *
    from unit_values_at($units, $as_of)
    where year between $first_year and $last_year
),
final as (
    select
        m.unit_id,
        m.code as province_code,
        m.name_vi,
        m.name_en,
        m.short_vi,
        m.short_en,
        case when m.is_former and $last_year > m.last_year then m.former_vi else m.name_vi end
            as label_vi,
        case when m.is_former and $last_year > m.last_year then m.former_en else m.name_en end
            as label_en,
        m.is_former,
        m.colour,
        m.display_order as province_order,
        m.year,
        i.code as indicator_code,
        i.name_vi as indicator_vi,
        i.name_en as indicator_en,
        i.agency,
        i.group_code,
        i.kind,
        i.direction,
        i.display_order as indicator_order,
        v.value,
        v.numerator,
        v.denominator,
        coalesce(v.reporting < v.expected, false) as partial,
        v.missing_vi,
        v.missing_en,
        v.data_date,
        v.illustrative,
        coalesce(v.preliminary, false) as preliminary,
        v.cut_date
    from members as m
    cross join indicators as i
    left join range_values as v
        on v.unit_id = m.unit_id and v.year = m.year and v.indicator_code = i.code
)
select * from final order by year, indicator_order, province_order
