-- Model step 22: values_at(as_of) — the figures a query reads: the materialised current values when
-- as_of is null (fast), else the values as they stood at as_of (values_as_of). One place for the
-- choice every "as of" query makes. Grain: one row per province code, year, period and indicator.
create or replace macro values_at(as_of) as table
select * from indicator_values where as_of is null
union all
select * from values_as_of(as_of) where as_of is not null
