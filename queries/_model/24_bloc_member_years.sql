-- Model step 24: bloc_member_years(bloc, first_year, last_year) — each province with the years of a
-- range in which it belongs to the bloc (membership is data, by year).
-- Grain: one row per member province and year.
create or replace macro bloc_member_years(bloc, first_year, last_year) as table
select p.code, p.name_vi, p.name_en, p.short_vi, p.short_en, p.colour, p.display_order, y.year
from provinces as p
cross join (select unnest(range(first_year, last_year + 1))::integer as year) as y
join bloc_members as m
    on m.province_code = p.code
    and m.bloc_code = bloc
    and y.year >= m.first_year
    and (m.last_year is null or y.year <= m.last_year)
