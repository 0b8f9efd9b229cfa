-- Model step 23: unit_values_as_of(as_of) — each year's whole-year figures counted two ways:
-- - units = 'reported': each unit as it reported that year (the units that existed then);
-- - units = 'current': history re-aggregated onto today's units. A current unit's figure for a
--   year is the sum over the units that make it up that year (itself once it exists, its
--   predecessors before: unit_lineage); a rate is the ratio of the summed parts, over the
--   contributors reporting both parts (never a mean of rates); the population is summed over the
--   contributors reporting the figure. `expected` / `reporting` say how many contributors there
--   are and how many gave the figure, `missing` which did not: a figure with
--   reporting < expected is partial (drawn differently, and ranked nowhere).
-- `preliminary`: some of it comes from preliminary (sơ bộ) figures, cut at `cut_date`.
-- Grain: one row per view, unit, year and indicator with a figure.
create or replace macro unit_values_as_of(as_of) as table
with year_values as (
    select v.*, s.submitted_at, s.illustrative
    from values_at(as_of) as v
    join snapshots as s using (snapshot_key)
    where v.period = 0 and v.unit_id is not null
),
with_parts as (
    select
        v.unit_id,
        v.province_code as code,
        v.year,
        v.indicator_code,
        v.value,
        n.value as numerator,
        d.value as denominator,
        v.submitted_at as data_date,
        v.illustrative,
        v.status = 'preliminary' as preliminary,
        case when v.status = 'preliminary' then v.cut_date end as cut_date,
        v.snapshot_key
    from year_values as v
    join indicators as i on i.code = v.indicator_code
    left join year_values as n
        on i.kind = 'rate'
        and n.unit_id = v.unit_id
        and n.year = v.year
        and n.indicator_code = i.numerator
    left join year_values as d
        on i.kind = 'rate'
        and d.unit_id = v.unit_id
        and d.year = v.year
        and d.indicator_code = i.denominator
),
reported as (
    select
        'reported' as units,
        w.unit_id,
        w.year,
        w.indicator_code,
        w.value,
        w.numerator,
        w.denominator,
        1 as expected,
        1 as reporting,
        []::varchar[] as missing,
        null::varchar as missing_vi,
        null::varchar as missing_en,
        p.population,
        coalesce(p.approximate, true) as population_approximate,
        w.data_date,
        w.illustrative,
        w.preliminary,
        w.cut_date,
        w.snapshot_key
    from with_parts as w
    left join population as p on p.province_code = w.code and p.year = w.year
),
data_years as (
    select distinct year from year_values
),
contributors as (
    -- every current unit, year and the units that make it up that year
    select
        l.current_id,
        y.year,
        u.unit_id,
        u.display_order,
        case when u.last_year is null then u.name_vi else u.former_vi end as label_vi,
        case when u.last_year is null then u.name_en else u.former_en end as label_en
    from unit_lineage as l
    join units as u on u.unit_id = l.unit_id
    join units as c on c.unit_id = l.current_id and c.last_year is null
    join data_years as y
        on (u.first_year is null or y.year >= u.first_year)
        and (u.last_year is null or y.year <= u.last_year)
),
current_view as (
    select
        'current' as units,
        c.current_id as unit_id,
        c.year,
        i.code as indicator_code,
        case
            when i.kind = 'rate' then sum(r.numerator) / nullif(sum(r.denominator), 0)
            else sum(r.value)
        end as value,
        sum(r.numerator) as numerator,
        sum(r.denominator) as denominator,
        count(*) as expected,
        count(r.value) as reporting,
        coalesce(list(c.unit_id order by c.display_order) filter (where r.value is null), [])
            as missing,
        string_agg(c.label_vi, ', ' order by c.display_order) filter (where r.value is null)
            as missing_vi,
        string_agg(c.label_en, ', ' order by c.display_order) filter (where r.value is null)
            as missing_en,
        sum(r.population) filter (where r.value is not null) as population,
        coalesce(bool_or(r.population_approximate), true) as population_approximate,
        max(r.data_date) as data_date,
        bool_or(r.illustrative) as illustrative,
        coalesce(bool_or(r.preliminary), false) as preliminary,
        max(r.cut_date) as cut_date,
        case when count(*) = 1 then any_value(r.snapshot_key) end as snapshot_key
    from contributors as c
    cross join indicators as i
    left join reported as r
        on r.unit_id = c.unit_id and r.year = c.year and r.indicator_code = i.code
    group by c.current_id, c.year, i.code, i.kind
    having count(r.value) > 0
)
select * from reported
union all
select * from current_view
