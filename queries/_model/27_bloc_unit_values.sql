-- Model step 27: bloc_unit_values_at(as_of) — every member of each bloc in each view and year with
-- its figure of each indicator, or a null value where it has none (shown as "không có số liệu",
-- never as zero), with its coverage and where the figure came from; the overview's bars. The
-- table bloc_unit_values holds the current figures.
-- Grain: one row per bloc, view, year, indicator and member unit.
create or replace macro bloc_unit_values_at(as_of) as table
with data_years as (
    -- the years of the current figures (a date before a year's first snapshot still lists that
    -- year's members, each without a figure)
    select distinct year from indicator_values where period = 0
    union
    select distinct year from values_at(as_of) where period = 0
),
member_years as (
    select m.bloc_code, v.units, u.*, y.year
    from bloc_members as m
    join units as u on u.unit_id = m.unit_id
    cross join (values ('reported'), ('current')) as v(units)
    join data_years as y
        on (v.units = 'reported' and y.year >= m.first_year
            and (m.last_year is null or y.year <= m.last_year))
        or (v.units = 'current' and m.last_year is null)
)
select
    m.bloc_code,
    m.units,
    m.year,
    i.code as indicator_code,
    m.unit_id,
    m.code as province_code,
    m.name_vi,
    m.name_en,
    m.short_vi,
    m.short_en,
    m.former_vi,
    m.former_en,
    m.colour,
    m.display_order,
    m.last_year is not null as is_former,
    v.value,
    v.numerator,
    v.denominator,
    coalesce(v.expected, 1) as expected,
    coalesce(v.reporting, 0) as reporting,
    v.missing,
    v.missing_vi,
    v.missing_en,
    v.data_date,
    v.illustrative,
    coalesce(v.preliminary, false) as preliminary,
    v.cut_date
from member_years as m
cross join indicators as i
left join all_unit_values_at(as_of) as v
    on v.units = m.units
    and v.unit_id = m.unit_id
    and v.year = m.year
    and v.indicator_code = i.code;
create or replace table bloc_unit_values as
select * from bloc_unit_values_at(null)
order by units, indicator_code, year, bloc_code, display_order
