-- Model step 25: bloc_units(bloc, units_view, first_year, last_year) — the bloc's members in each
-- year of a range, in the chosen view: 'reported', the units that were members that year;
-- 'current', today's members (the spells that have not ended) for every year, whose history is
-- re-aggregated onto them. `is_former`: the unit no longer exists (after `last_year`, the last year
-- it reported, it is named by its former name).
-- Grain: one row per member unit and year.
create or replace macro bloc_units(bloc, units_view, first_year, last_year) as table
select
    u.unit_id,
    u.code,
    u.name_vi,
    u.name_en,
    u.short_vi,
    u.short_en,
    u.former_vi,
    u.former_en,
    u.colour,
    u.display_order,
    u.last_year is not null as is_former,
    u.last_year,
    y.year
from (select unnest(range(first_year, last_year + 1))::integer as year) as y
join bloc_members as m
    on m.bloc_code = bloc
    and (
        (units_view = 'reported' and y.year >= m.first_year
            and (m.last_year is null or y.year <= m.last_year))
        or (units_view = 'current' and m.last_year is null)
    )
join units as u on u.unit_id = m.unit_id
