-- Model step 24: the current figures in both views, materialised once per data version
-- (unit_values), and the macros a query reads them through: all_unit_values_at(as_of) both views,
-- unit_values_at(units, as_of) one of them. As of a date they are computed from the values as they
-- stood then (unit_values_as_of). Grain: one row per view, unit, year and indicator with a figure.
create or replace table unit_values as
select * from unit_values_as_of(null)
order by units, indicator_code, year, unit_id;
create or replace macro all_unit_values_at(as_of) as table
select * from unit_values where as_of is null
union all
select * from unit_values_as_of(as_of) where as_of is not null;
create or replace macro unit_values_at(units_view, as_of) as table
select * from all_unit_values_at(as_of) where units = units_view
