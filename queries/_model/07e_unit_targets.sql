-- Model step 7e: unit_targets — each unit's own assigned targets. Of a unit and year, the latest
-- file brought in (7d) is the state and replaces the catalog's rows of that unit and year (7b); a
-- unit and year without a file keeps the catalog's. A unit, year and indicator without a row uses
-- the national target (targets), never a guessed one.
-- Grain: one row per unit, year and indicator with an own target.
create or replace table unit_targets as
with latest_files as (
    select unit_id, year, max(file_name) as file_name
    from imported_unit_targets
    group by unit_id, year
),
imported as (
    select i.unit_id, i.year, i.indicator_code, i.target, i.comparison, i.source,
        false as illustrative
    from imported_unit_targets as i
    join latest_files as l using (unit_id, year, file_name)
    where i.target is not null
),
from_catalog as (
    select r.unit_id, r.year, r.indicator_code, r.target, r.comparison, r.source, r.illustrative
    from reference_unit_targets as r
    anti join latest_files as l using (unit_id, year)
)
select * from from_catalog
union all
select * from imported
