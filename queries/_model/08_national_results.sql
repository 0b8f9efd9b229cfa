-- Model step 8: national results as published, each kept with its source and when it was reported
-- (a result quoted twice is two rows, never averaged).
-- params: $national_results_csv (path). Grain: one row per year, indicator and publication.
create or replace table national_results as
select
    year::integer as year,
    indicator_code,
    value::double as value,
    source,
    nullif(reported, '') as reported,
    nullif(note, '') as note,
    row_number() over () as publication_order
from read_csv($national_results_csv, header = true, all_varchar = true)
