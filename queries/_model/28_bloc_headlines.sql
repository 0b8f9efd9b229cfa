-- Model step 28: bloc_headlines_at(as_of) — the overview's headline cards for every bloc, view,
-- year and headline indicator: the bloc's total that year and the year before (bloc_values: ratio
-- of sums for a rate; the year before only when the members are the same units), how many members it has that year and how many gave the figure (in part or
-- whole), the published figure where a citable source gives one (it counts the members as they
-- reported: 'reported' view only), and the snapshots behind. The table bloc_headlines holds the
-- current figures. Grain: one row per bloc, view, year and headline indicator.
create or replace macro bloc_headlines_at(as_of) as table
with headline as (
    select code, display_order from indicators where headline
),
bloc_years as (
    select
        bloc_code,
        units,
        year,
        count(distinct unit_id) as members,
        list(distinct unit_id order by unit_id) as member_ids
    from bloc_unit_values_at(as_of)
    group by bloc_code, units, year
),
totals as (
    select * from bloc_values_at(as_of)
)
select
    y.bloc_code,
    y.units,
    y.year,
    h.code as indicator_code,
    t.value,
    l.value as previous_value,
    y.members,
    coalesce(t.units_with_figure, 0) as units_with_figure,
    coalesce(t.units_partial, 0) as units_partial,
    case when y.units = 'reported' then p.value end as published_value,
    coalesce(before.member_ids = y.member_ids, false) as same_members_as_before,
    t.data_date,
    coalesce(t.illustrative, false) as illustrative,
    coalesce(t.preliminary, false) as preliminary,
    t.cut_date,
    h.display_order
from bloc_years as y
cross join headline as h
left join totals as t
    on t.bloc_code = y.bloc_code and t.units = y.units and t.year = y.year
    and t.indicator_code = h.code
left join bloc_years as before
    on before.bloc_code = y.bloc_code and before.units = y.units and before.year = y.year - 1
left join totals as l
    -- the year before only where the members are the same units: across the 2025 merger the
    -- reported bloc is other units, so its change would compare unlike with unlike
    on l.bloc_code = y.bloc_code and l.units = y.units and l.year = y.year - 1
    and l.indicator_code = h.code and before.member_ids = y.member_ids
left join published_figures as p
    on p.bloc_code = y.bloc_code and p.year = y.year and p.indicator_code = h.code;
create or replace table bloc_headlines as
select * from bloc_headlines_at(null)
order by bloc_code, units, year, display_order
