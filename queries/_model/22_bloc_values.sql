-- Model step 22: each bloc's totals per year. Counts and amounts are sums over the year's members;
-- a rate is the ratio of the sums of its parts over the members reporting both parts.
-- Grain: one row per bloc, year, period and indicator.
create or replace table bloc_values as
with member_values as (
    select m.bloc_code, v.*
    from indicator_values as v
    join bloc_members as m
        on m.province_code = v.province_code
        and v.year >= m.first_year
        and (m.last_year is null or v.year <= m.last_year)
),
sums as (
    select
        bloc_code,
        year,
        period,
        indicator_code,
        sum(value) as value,
        count(*) as provinces_reporting
    from member_values
    join indicators as i on i.code = member_values.indicator_code and i.kind <> 'rate'
    group by all
),
rate_parts as (
    select code as indicator_code, numerator as part_code, true as is_numerator
    from indicators
    where kind = 'rate'
    union all
    select code, denominator, false from indicators where kind = 'rate'
),
province_parts as (
    -- Each member's two parts side by side (an aggregate, not a self-join); only members that
    -- report both parts count towards the bloc's rate.
    select
        v.bloc_code,
        v.province_code,
        v.year,
        v.period,
        p.indicator_code,
        sum(v.value) filter (where p.is_numerator) as numerator,
        sum(v.value) filter (where not p.is_numerator) as denominator
    from member_values as v
    join rate_parts as p on p.part_code = v.indicator_code
    group by all
    having count(*) filter (where p.is_numerator) > 0
        and count(*) filter (where not p.is_numerator) > 0
),
rates as (
    select
        bloc_code,
        year,
        period,
        indicator_code,
        sum(numerator) / nullif(sum(denominator), 0) as value,
        count(*) as provinces_reporting
    from province_parts
    group by all
)
select * from sums
union all
select * from rates
