-- bloc_headline_as_of: bloc_headline as the figures stood at $as_of (a timestamp, UTC): the bloc's
-- totals are the sums over the members of their latest snapshots by then; a rate is the ratio of the
-- sums of its parts, over the members reporting both.
-- params: $bloc (text), $year (int), $as_of (timestamp). Grain: one row per headline indicator.
with headline as (
    select code, display_order from indicators where headline
),
values_then as (
    select v.*
    from values_as_of($as_of) as v
    join bloc_members as m
        on m.province_code = v.province_code
        and m.bloc_code = $bloc
        and v.year >= m.first_year
        and (m.last_year is null or v.year <= m.last_year)
    where v.period = 0 and v.year in ($year, $year - 1)
),
sums_then as (
    select v.year, v.indicator_code, sum(v.value) as value, count(*) as provinces_reporting
    from values_then as v
    join indicators as i on i.code = v.indicator_code and i.kind <> 'rate'
    group by all
),
rates_then as (
    select
        n.year,
        i.code as indicator_code,
        sum(n.value) / nullif(sum(d.value), 0) as value,
        count(*) as provinces_reporting
    from indicators as i
    join values_then as n on n.indicator_code = i.numerator
    join values_then as d
        on d.indicator_code = i.denominator
        and d.province_code = n.province_code
        and d.year = n.year
    where i.kind = 'rate'
    group by all
),
bloc_year_values as (
    select * from sums_then
    union all
    select * from rates_then
),
this_year as (
    select indicator_code, value, provinces_reporting
    from bloc_year_values
    where year = $year
),
last_year as (
    select indicator_code, value
    from bloc_year_values
    where year = $year - 1
),
behind as (
    select
        max(s.submitted_at) as data_date,
        bool_or(s.illustrative) as illustrative
    from snapshots as s
    join bloc_members as m
        on m.province_code = s.province_code
        and m.bloc_code = $bloc
        and s.year >= m.first_year
        and (m.last_year is null or s.year <= m.last_year)
    where s.snapshot_key in (select snapshot_key from values_then where year = $year)
),
final as (
    select
        h.code as indicator_code,
        t.value,
        l.value as previous_value,
        t.provinces_reporting,
        p.value as published_value,
        b.data_date,
        coalesce(b.illustrative, false) as illustrative,
        h.display_order
    from headline as h
    left join this_year as t on t.indicator_code = h.code
    left join last_year as l on l.indicator_code = h.code
    left join published_figures as p
        on p.bloc_code = $bloc and p.year = $year and p.indicator_code = h.code
    cross join behind as b
)
select * exclude (display_order) from final order by display_order
