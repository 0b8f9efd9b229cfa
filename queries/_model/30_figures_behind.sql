-- Model step 30: figures_behind(bloc, units_view, codes, first_year, last_year, as_of) — the
-- values behind the figures a page shows for the chosen members (codes) and years, as snapshots
-- hold them: 'reported', the members' own; 'current', those of every unit re-aggregated into the
-- chosen current members (their predecessors included). Which snapshots a page's figures come
-- from, and whether any is illustrative. Grain: one row per province code, year and indicator.
create or replace macro figures_behind(bloc, units_view, codes, first_year, last_year, as_of)
as table
with members as (
    select unit_id, year
    from bloc_units(bloc, units_view, first_year, last_year)
    where list_contains(codes, code)
)
select v.*
from values_at(as_of) as v
join unit_lineage as l on l.unit_id = v.unit_id
join members as m
    on m.year = v.year
    and m.unit_id = case when units_view = 'current' then l.current_id else v.unit_id end
where v.period = 0
