-- Model step 3: bloc membership by year (a province may join or leave a bloc).
-- params: $bloc_members_csv (path). Grain: one row per bloc, province and membership spell.
create or replace table bloc_members as
select
    bloc_code,
    province_code,
    first_year::integer as first_year,
    nullif(last_year, '')::integer as last_year
from read_csv($bloc_members_csv, header = true, all_varchar = true)
