-- bloc_headline: the bloc's headline indicators for a year and the year before, with the published
-- figure where a citable source gives one, and the snapshots behind the figures.
-- params: $bloc (text), $year (int). Grain: one row per headline indicator.
with headline as (
    select code, display_order from indicators where headline
),
this_year as (
    select indicator_code, value, provinces_reporting
    from bloc_values
    where bloc_code = $bloc and year = $year and period = 0
),
last_year as (
    select indicator_code, value
    from bloc_values
    where bloc_code = $bloc and year = $year - 1 and period = 0
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
    where s.snapshot_key in (select distinct snapshot_key from indicator_values where year = $year)
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
