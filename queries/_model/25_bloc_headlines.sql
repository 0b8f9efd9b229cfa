-- Model step 25: the overview's headline cards for every bloc and year, from the current values,
-- computed once per data version (a card is read far more often than the data changes).
-- value / previous_value: the bloc's total that year and the year before (bloc_values: ratio of
-- sums for a rate); data_date / illustrative: the snapshots behind that year's values of the members.
-- Grain: one row per bloc, year and headline indicator.
create or replace table bloc_headlines as
with headline as (
    select code, display_order from indicators where headline
),
bloc_years as (
    select b.code as bloc_code, y.year
    from blocs as b
    cross join (select distinct year from indicator_values) as y
),
behind as (
    select
        m.bloc_code,
        s.year,
        max(s.submitted_at) as data_date,
        bool_or(s.illustrative) as illustrative
    from snapshots as s
    join bloc_members as m
        on m.province_code = s.province_code
        and s.year >= m.first_year
        and (m.last_year is null or s.year <= m.last_year)
    where s.snapshot_key in (select distinct snapshot_key from indicator_values)
    group by all
)
select
    y.bloc_code,
    y.year,
    h.code as indicator_code,
    t.value,
    l.value as previous_value,
    t.provinces_reporting,
    p.value as published_value,
    b.data_date,
    coalesce(b.illustrative, false) as illustrative,
    h.display_order
from bloc_years as y
cross join headline as h
left join bloc_values as t
    on t.bloc_code = y.bloc_code and t.year = y.year and t.period = 0 and t.indicator_code = h.code
left join bloc_values as l
    on l.bloc_code = y.bloc_code
    and l.year = y.year - 1
    and l.period = 0
    and l.indicator_code = h.code
left join published_figures as p
    on p.bloc_code = y.bloc_code and p.year = y.year and p.indicator_code = h.code
left join behind as b on b.bloc_code = y.bloc_code and b.year = y.year
order by y.bloc_code, y.year, h.display_order
