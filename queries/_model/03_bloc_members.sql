-- Model step 3: bloc membership by unit and year (a unit may join or leave a bloc; after the 2025
-- merger the successors are the members).
-- params: $bloc_members_csv (path). Grain: one row per bloc, unit and membership spell.
create or replace table bloc_members as
select
    bloc_code,
    unit_id,
    first_year::integer as first_year,
    nullif(last_year, '')::integer as last_year,
    coalesce(nullif(confirmed, '')::boolean, false) as confirmed
from read_csv($bloc_members_csv, header = true, all_varchar = true)
