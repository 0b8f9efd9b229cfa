-- Model step 4: approximate population, for per-capita views.
-- params: $population_csv (path). Grain: one row per province and year.
create or replace table population as
select
    province_code,
    year::integer as year,
    population::double as population,
    approximate::boolean as approximate
from read_csv($population_csv, header = true, all_varchar = true)
