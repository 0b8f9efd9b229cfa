-- ranking_inputs: every indicator for every member of the bloc over a range of years, with what a
-- ranking needs (agency, group, direction, kind) and a rate's parts (for a bloc ratio of sums). A
-- missing figure keeps its row with a null value.
-- $as_of null: the current figures; a timestamp (UTC): the figures as they stood then.
-- params: $bloc (text), $first_year, $last_year (int), $as_of (timestamp or null).
-- Grain: one row per member province, indicator and year.
with members as (
    select code, name_vi, name_en, short_vi, short_en, colour, display_order, year
    from bloc_member_years($bloc, $first_year, $last_year)
),
range_values as (
    select province_code, year, indicator_code, value, snapshot_key
    from values_at($as_of)
    where period = 0 and year between $first_year and $last_year
),
final as (
    select
        m.code as province_code,
        m.name_vi,
        m.name_en,
        m.short_vi,
        m.short_en,
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
        n.value as numerator,
        d.value as denominator,
        s.submitted_at as data_date,
        s.illustrative
    from members as m
    cross join indicators as i
    left join range_values as v
        on v.province_code = m.code and v.year = m.year and v.indicator_code = i.code
    left join range_values as n
        on n.province_code = m.code and n.year = m.year and n.indicator_code = i.numerator
    left join range_values as d
        on d.province_code = m.code and d.year = m.year and d.indicator_code = i.denominator
    left join snapshots as s on s.snapshot_key = v.snapshot_key
)
select * from final order by year, indicator_order, province_order
