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
    select
        n.bloc_code,
        n.year,
        n.period,
        i.code as indicator_code,
        sum(n.value) / nullif(sum(d.value), 0) as value,
        count(*) as provinces_reporting
    from indicators as i
    join member_values as n on n.indicator_code = i.numerator
    join member_values as d
        on d.indicator_code = i.denominator
        and d.bloc_code = n.bloc_code
        and d.province_code = n.province_code
        and d.year = n.year
        and d.period = n.period
    where i.kind = 'rate'
    group by all
)
select * from sums
union all
select * from rate_parts
